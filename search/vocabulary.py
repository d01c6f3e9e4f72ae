"""The words search knows (synonyms and category words, folded) and typo
tolerance in proportion to a word's length, shared by both backends and by
"Meinten Sie": no tolerance up to 3 letters, one edit up to 5, two above
(Elasticsearch's `AUTO:4,6`). Only a word search does not know is corrected,
and only to a known word: "frisör" is a word of its own (a synonym of
"friseur") and never becomes "früchte", while "Frisuer", "fiseur",
"bakerai" and "zahnartz" become "friseur", "bakery" and "zahnarzt"."""

from functools import lru_cache

from django.core.cache import cache
from django.utils.translation import get_language

from quartier.cache import REFERENCE_SECONDS, REFERENCES

from .folding import Broader, edit_distance, expand_group, tokenize
from .registry import registry
from .synonyms import synonym_table

CATEGORY_VOCABULARY_KEY = "search:category-vocabulary"

VOCABULARY_KEY = "search:vocabulary"
VOCABULARY_SECONDS = 60
MIN_FUZZY_LENGTH = 4  # words of 3 letters or fewer are never corrected
TWO_EDITS_FROM = 6  # one edit for 4-5 letters, two from 6


def known_words():
    """The folded words search knows, as a sorted tuple (cached a minute, so
    a new synonym or category word counts everywhere within a minute; a
    saved synonym group drops it at once, search.signals)."""
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        found = set()
        for term in synonym_table():
            found.update(term.split())
        for category in category_vocabulary():
            found.update(category["words"])
        words = tuple(sorted(word for word in found if len(word) >= 3))
        cache.set(VOCABULARY_KEY, words, VOCABULARY_SECONDS)
    return words


def allowed_edits(word):
    if len(word) < MIN_FUZZY_LENGTH:
        return 0
    return 1 if len(word) < TWO_EDITS_FROM else 2


def corrections(token, known=None):
    """The known words closest to an unknown folded `token` within its allowed
    edits (all of them at the smallest distance), or () for a known word."""
    known = known_words() if known is None else known
    return _corrections(token, known)


@lru_cache(maxsize=2048)
def _corrections(token, known):
    limit = allowed_edits(token)
    if not limit or token in known or not token.isalpha():
        return ()
    best, found = limit + 1, []
    for word in known:
        if abs(len(word) - len(token)) > limit or word[0] != token[0]:
            continue  # prefix length 1, as on Elasticsearch
        distance = edit_distance(token, word, limit)
        if distance < best:
            best, found = distance, [word]
        elif distance == best:
            found.append(word)
    return tuple(found) if best <= limit else ()


class Fuzzy(str):
    """An alternative found by correcting a typo: it scores below the typed
    word, its stem and its synonyms."""


class FuzzyBroader(Fuzzy, Broader):
    """A broader term (search.folding.Broader) of a corrected typo."""


def with_corrections(groups, known=None):
    """The groups of expand_query with, for a typed word search does not
    know, its corrections and their synonyms as Fuzzy alternatives."""
    known = known_words() if known is None else known
    synonyms = synonym_table()
    corrected = []
    for group in groups:
        typed = group[0]
        extra = []
        if isinstance(typed, str) and " " not in typed:
            for word in corrections(typed, known):
                for term in expand_group(word, synonyms):
                    if isinstance(term, str) and term not in group and term not in extra:
                        extra.append(term)
        corrected.append(
            [
                *group,
                *(FuzzyBroader(t) if isinstance(t, Broader) else Fuzzy(t) for t in extra),
            ]
        )
    return corrected


def category_vocabulary():
    """Categories with their folded words (name, translations, keywords) and
    their names in the active language: one query, then cached until a
    category, district or language changes (search.signals), as the facet
    objects are (a suggestion runs this on every keystroke)."""
    key = f"{CATEGORY_VOCABULARY_KEY}:{REFERENCES.current()}:{get_language()}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        vocabulary = _category_vocabulary()
        cache.set(key, vocabulary, REFERENCE_SECONDS)
    return vocabulary


def _category_vocabulary():
    vocabulary = []
    categories = registry.facet_models["category"].model.objects
    for category in categories.only("slug", "name", "name_translations", "keywords"):
        words = set()
        for text in (category.name, *category.name_translations.values(), category.keywords):
            words.update(tokenize(text))
        vocabulary.append(
            {"slug": category.slug, "name": category.display_name, "words": sorted(words)}
        )
    return vocabulary
