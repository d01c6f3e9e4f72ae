"""Matching the category names of an import file to the site's categories.

A city's file names its categories its own way ("Handy & Elektronik",
"Bäckereien", "Baeckerei", "Kuaför"). A name is compared with every category's
German name, slug, translations, search words and the names the team mapped to
it before (`Category.import_names`), after folding case, umlauts, "&"/"und",
punctuation and German plural endings. What matches is proposed, never applied
silently: the team confirms or corrects each proposal once, and the confirmed
name is kept on the category for the next import."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer

from django.utils.translation import gettext as _

from quartier.slugs import ascii_slug

from ..models import Category

# Words that say nothing about the kind of shop.
STOP_WORDS = {"und", "and", "ve", "fuer", "for", "von", "der", "die", "das", "im", "in", "mit"}
# Below this similarity a spelling is not proposed; measured on the held-out-style file.
SIMILARITY = 0.84
NEW = "__new__"
_stemmer = snowballstemmer.stemmer("german")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "&": " und ", "+": " und "})
# "Baeckerei" is how "Bäckerei" is typed without umlauts; folded the same way on both sides.
_SPELLED_UMLAUT = re.compile(r"(?<=[a-z])(ae|oe|ue)")


def _tokens(name):
    text = (name or "").casefold().translate(_FOLD)
    text = _SPELLED_UMLAUT.sub(lambda match: match[1][0], text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = [word for word in re.split(r"[\W_]+", text) if word]
    stems = []
    for word in words:
        if word in STOP_WORDS:
            continue
        stem = _stemmer.stemWord(word)
        # Snowball keeps a plural "s" ("Reisebüros"); drop it, but not a double one ("Imbiss").
        if len(stem) > 4 and stem.endswith("s") and not stem.endswith("ss"):
            stem = stem[:-1]
        stems.append(stem)
    return stems


def normalised(name):
    """The comparable form of a category name: "Handy & Elektronik",
    "handy und elektronik" and "Handys/Elektronik" give the same."""
    return " ".join(sorted(_tokens(name)))


def split_names(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass
class Proposal:
    """An unknown name of the file, the rows that use it and what the
    matcher proposes (a category, or None when nothing is alike)."""

    name: str
    lines: list = field(default_factory=list)
    category: Category | None = None
    reason: str = ""

    @property
    def key(self):
        return normalised(self.name)


class CategoryMatcher:
    """The site's categories, indexed once per import by every name they go by."""

    def __init__(self, categories=None):
        categories = list(categories if categories is not None else Category.objects.all())
        self.categories = categories
        self.exact = {}  # name or slug as written (case-folded) → category
        # normalised name → (category, why it matches), category None when two share it
        self.keys = {}
        for category in categories:
            self.exact[category.slug.casefold()] = category
            self.exact[category.name.casefold()] = category
            sources = [
                (
                    _("Name in anderer Schreibweise"),
                    [category.name, category.slug.replace("-", " ")],
                ),
                (_("Übersetzung"), list(category.name_translations.values())),
                (_("Suchbegriff"), split_names(category.keywords)),
                (_("frühere Zuordnung"), split_names(category.import_names)),
            ]
            for reason, names in sources:
                for name in names:
                    key = normalised(str(name))
                    if not key or (key in self.keys and self.keys[key][0] == category):
                        continue
                    if key in self.keys:
                        self.keys[key] = (None, "")
                    else:
                        self.keys[key] = (category, reason)

    def find(self, value):
        """The category this exact name or slug means, or the one it was mapped to
        before (saved as an import name); None otherwise."""
        category = self.exact.get(value.casefold())
        if category is not None:
            return category
        return self.by_alias(value)

    def by_alias(self, value):
        for category in self.categories:
            if value.casefold() in {name.casefold() for name in split_names(category.import_names)}:
                return category
        return None

    def by_name(self, value):
        """A category named like `value` (for a mapping's target): its name, slug
        or any spelling of them."""
        category = self.exact.get(value.strip().casefold())
        return category or self.keys.get(normalised(value), (None, ""))[0]

    def propose(self, name):
        """(category, reason) for an unknown name, or (None, "")."""
        key = normalised(name)
        if not key:
            return None, ""
        category, reason = self.keys.get(key, (None, ""))
        if category is not None:
            return category, reason
        best, best_score = None, 0.0
        for known, (candidate, _reason) in self.keys.items():
            if candidate is None:
                continue
            score = difflib.SequenceMatcher(None, key, known).ratio()
            # One name's words all within the other's ("Döner" ⊂ "Döner Imbiss").
            words, known_words = set(key.split()), set(known.split())
            if words <= known_words or known_words <= words:
                score = max(score, 0.9)
            if score > best_score:
                best, best_score = candidate, score
        if best_score >= SIMILARITY:
            return best, _("ähnlicher Name")
        return None, ""


def parse_mapping(lines):
    """{"file name": "target"} from lines like "Handy & Elektronik=Handy und
    Elektronik" (a target "neu" asks for a new category). Raises ValueError with
    the line that has no "="."""
    mapping = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip().removeprefix("\ufeff")
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            raise ValueError(
                _("Zeile %(line)d der Zuordnung hat kein „=“: %(text)s")
                % {"line": number, "text": line}
            )
        name, target = (part.strip() for part in line.split("=", 1))
        mapping[name] = NEW if target.casefold() in {"neu", "new", "+"} else target
    return mapping


def new_category(name):
    """An unsaved category for a name the team asked to create."""
    base = ascii_slug(name)[:90].strip("-") or "kategorie"
    slug, number = base, 1
    while Category.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return Category(name=name[:100], slug=slug)


def remember(category, name):
    """Keeps a confirmed file name on its category (and on no other), so the
    next import knows it."""
    for other in Category.objects.exclude(pk=category.pk).filter(import_names__icontains=name):
        kept = [
            known
            for known in split_names(other.import_names)
            if known.casefold() != name.casefold()
        ]
        other.import_names = "\n".join(kept)
        other.save(update_fields=["import_names"])
    if name.casefold() in {category.name.casefold(), category.slug.casefold()}:
        return
    names = split_names(category.import_names)
    if name.casefold() not in {known.casefold() for known in names}:
        category.import_names = "\n".join([*names, name])
        category.save(update_fields=["import_names"])
