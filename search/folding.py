"""Text folding and query expansion shared by both search backends.

The database backend applies these at query time and to its folded text
table; the Elasticsearch mapping reproduces the same steps with its own
filters (asciifolding, german_normalization, light_german stemmer, synonym
graph), so both backends find the same things for the same words."""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
SYNONYMS_FILE = DATA_DIR / "synonyms.txt"
COMPOUND_WORDS_FILE = DATA_DIR / "compound_words.txt"

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "ı": "i",
        "İ": "i",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "ł": "l",
        "Ł": "l",
    }
)
# German spelling without umlauts: "mueller" is "müller" (not after q: "quelle").
_UMLAUT_SPELLING = re.compile(r"(?<!q)([aou])e")
_TOKEN = re.compile(r"\w+", re.UNICODE)

STOPWORDS = frozenset(
    {
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "und",
        "oder",
        "in",
        "im",
        "am",
        "an",
        "auf",
        "für",
        "fur",
        "mit",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "bei",
        "ich",
        "suche",
        "wo",
        "gibt",
        "es",
        "the",
        "a",
        "and",
        "or",
        "of",
        "for",
        "near",
        "me",
        "nearby",
        # German "in der Nähe"
        "nahe",
        # Turkish
        "ve",
        "ile",
        "bir",
        "yakin",
        "yakinimda",
        # Bulgarian
        "и",
        "в",
        "на",
        "за",
        "с",
        "близо",
        # Romanian (folded: "și", "lângă")
        "de",
        "si",
        "la",
        "pentru",
        "langa",
        "aproape",
        # Arabic
        "في",
        "من",
        "قرب",
        "بالقرب",
    }
)
# Light German/English plural and inflection endings, longest first.
_SUFFIXES = ("ern", "en", "er", "es", "e", "n", "s")
MIN_STEM_LENGTH = 4
MIN_COMPOUND_LENGTH = 5  # min_word_size of the Elasticsearch decompounder


def fold(text):
    """Lower-case, strip accents and umlauts, German umlaut spellings, Turkish
    letters: "Kuaför" → "kuafor", "Müller"/"Mueller" → "muller", "Fırın" → "firin"."""
    if not text:
        return ""
    text = str(text).translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold().translate(_SPECIAL)
    return _UMLAUT_SPELLING.sub(r"\1", text)


def tokenize(text):
    return _TOKEN.findall(fold(text))


def as_typed(text, terms):
    """The folded `terms` of `text` as it writes them ("Schneiden" for
    "schneiden", "Cep Telefonu" for "cep telefonu")."""
    words = _TOKEN.findall(text)
    typed = {}
    for index, word in enumerate(words):
        typed.setdefault(fold(word), word)
        if index + 1 < len(words):
            pair = f"{fold(word)} {fold(words[index + 1])}"
            typed.setdefault(pair, f"{word} {words[index + 1]}")
    return [typed.get(term, term) for term in terms]


def stem(token):
    """A light stemmer for substring matching: "bäckereien" → "backerei"."""
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= MIN_STEM_LENGTH:
            return token[: -len(suffix)]
    return token


def read_synonym_rules(path=SYNONYMS_FILE):
    """The non-comment lines of a Solr synonym file, as written: the
    vocabulary the project shipped, loaded into the team's "Suchbegriffe"
    by migration search 0005 (search.synonyms reads the table since)."""
    rules = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rules.append(line)
    return rules


class Broader(str):
    """A term a one-way rule adds ("pizza => imbiss"): a wider word than the
    one typed, so it finds more but scores below the word itself and its
    two-way synonyms (a pizzeria before any other snack bar for "pizza")."""


def parse_synonyms(rules):
    """Folded term → set of folded terms it also stands for; the targets of
    one-way rules are Broader, unless a two-way rule makes them equal too."""
    equal, wider = {}, {}
    for rule in rules:
        if "=>" in rule:
            left, right = rule.split("=>", 1)
            sources = [fold(term).strip() for term in left.split(",") if term.strip()]
            targets = [fold(term).strip() for term in right.split(",") if term.strip()]
            for source in sources:
                equal.setdefault(source, {source})
                wider.setdefault(source, set()).update(targets)
            continue
        group = {fold(term).strip() for term in rule.split(",") if term.strip()}
        for term in group:
            equal.setdefault(term, {term}).update(group)
    table = {}
    for term, terms in equal.items():
        broader = wider.get(term, set()) - terms
        table[term] = terms | {Broader(target) for target in broader}
    return table


def read_compound_words(path=COMPOUND_WORDS_FILE):
    return [
        line.strip()
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=4)
def _compound_words(path):
    return tuple(read_compound_words(path))


def compound_parts(token, words=None):
    """The known words a typed compound is made of, left to right, as
    dictionary_decompounder finds them in the indexed text (min_subword_size 3):
    "hochzeitskleid" → ["hochzeit", "kleid"]; [] for a word that is no
    compound of known words. A part inside a longer part ("backer" in
    "backerei") is left out."""
    if len(token) < MIN_COMPOUND_LENGTH:
        return []
    words = _compound_words(str(COMPOUND_WORDS_FILE)) if words is None else words
    found = [word for word in words if len(word) >= 3 and word != token and word in token]
    parts = [word for word in found if not any(word != other and word in other for other in found)]
    return sorted(parts, key=token.index) if len(parts) > 1 else []


def expand_query(query, synonyms):
    """The query as groups of alternatives: every group must match (AND), any
    term of a group may (OR). The first term of a group is what the resident
    typed (folded); the rest are its stem, synonyms and, for a compound, a
    tuple of the known words it is made of, which must all occur
    ("hochzeitskleid" also finds "Hochzeit ... Brautkleid").

    >>> expand_query("Kuaför Marxloh", synonym_table())  # doctest: +SKIP
    [["kuafor", "friseur", ...], ["marxloh"]]
    """
    tokens = [token for token in tokenize(query) if token not in STOPWORDS]
    groups = []
    used = set()
    index = 0
    while index < len(tokens):
        # Multi-word synonyms first ("cep telefonu", "travel agency").
        if index + 1 < len(tokens):
            pair = f"{tokens[index]} {tokens[index + 1]}"
            if pair in synonyms:
                groups.append(_group(pair, synonyms))
                index += 2
                continue
        token = tokens[index]
        index += 1
        if token in used:
            continue
        used.add(token)
        groups.append(_group(token, synonyms))
    return groups


def expand_group(term, synonyms):
    """A folded term with its stem, synonyms (a table of parse_synonyms) and
    compound parts."""
    return _group(term, synonyms)


def _group(term, synonyms):
    alternatives = [term]
    stemmed = stem(term)
    if stemmed != term:
        alternatives.append(stemmed)
    for candidate in (term, stemmed):
        for synonym in sorted(synonyms.get(candidate, ())):
            if synonym not in alternatives:
                alternatives.append(synonym)
    parts = compound_parts(term)
    if len(parts) > 1:
        alternatives.append(tuple(parts))
    return alternatives


def edit_distance(a, b, limit=3):
    """Edit distance with two swapped neighbours as one edit ("zahnartz" is
    one edit from "zahnarzt", as Elasticsearch's fuzzy queries count it),
    giving up (returning limit + 1) beyond `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)
