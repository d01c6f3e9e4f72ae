"""The database backend's folded text table: one row per searchable page with
its text folded ("Kuaför" → "kuafor"), so plain substring matching finds
umlaut-free spellings, Turkish letters typed as ASCII and parts of compounds
on SQLite and PostgreSQL alike. Kept up to date by search.signals and rebuilt
by `rebuild_search_index`; visibility is always checked on the page itself."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .folding import tokenize


class SearchText(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="search_text"
    )
    kind = models.CharField(max_length=20, db_index=True)
    # Each field is " word word … " (folded, single spaces, padded) so short
    # terms can be matched as whole words with " term ".
    title = models.TextField(blank=True)
    vocabulary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "search text"

    def __str__(self):
        return f"{self.kind} {self.page_id}"


class PositionText(models.Model):
    """The folded text of an open position (directory.BusinessJob of the
    source-language tree), a search result of its own; same layout as
    SearchText. Whether the position is still open is checked when the
    search runs, never here."""

    job = models.OneToOneField(
        "directory.BusinessJob",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_text",
    )
    title = models.TextField(blank=True)
    vocabulary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "position search text"

    def __str__(self):
        return f"job {self.job_id}"


# Characters with a meaning in the Solr synonym syntax Elasticsearch reads
# ("a, b", "a => b", "\" escapes, "#" starts a comment): never part of a term.
RULE_SEPARATORS = (",", "=", ">", "\\", "#")
MAX_TERM_LENGTH = 80


def clean_terms(text):
    """The terms of a group as the team typed them, one per line: trimmed,
    inner spaces collapsed, empty lines and repeats (also in another spelling
    that search treats as the same word, "Kuaför"/"kuafor") left out."""
    terms, seen = [], set()
    for line in (text or "").splitlines():
        term = " ".join(line.split())
        key = " ".join(tokenize(term))
        if term and key not in seen:
            seen.add(key)
            terms.append(term)
    return terms


class SearchTermGroup(models.Model):
    """Words the coordination team says mean the same thing, in any language
    ("Handyreparatur", "telefon tamiri", "تصليح موبايل"): a search for one of
    them also finds the others, on both backends, within a minute of saving
    (search.synonyms)."""

    terms = models.TextField(
        _("Wörter"),
        help_text=_(
            "Ein Wort oder eine Wortgruppe je Zeile, in jeder Sprache und Schreibweise, "
            "z. B. „Handyreparatur“, „telefon tamiri“, „تصليح موبايل“."
        ),
    )
    one_way = models.BooleanField(
        _("Nur in eine Richtung"),
        default=False,
        help_text=_(
            "Das erste Wort findet auch die übrigen Wörter, die übrigen aber nicht das erste."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Suchbegriff-Gruppe")
        verbose_name_plural = _("Suchbegriffe")
        ordering = ["pk"]

    def __str__(self):
        return " = ".join(self.term_list())

    def term_list(self):
        return clean_terms(self.terms)

    def valid(self):
        """Whether the stored group makes a rule (rows written past clean())."""
        terms = self.term_list()
        return len(terms) >= 2 and not any(
            char in term for term in terms for char in RULE_SEPARATORS
        )

    def rule(self):
        """The group as a Solr synonym rule, the format both backends read."""
        first, *rest = self.term_list()
        if self.one_way:
            return f"{first} => {', '.join(rest)}"
        return ", ".join([first, *rest])

    def clean(self):
        super().clean()
        terms = clean_terms(self.terms)
        errors = []
        for term in terms:
            found = [char for char in RULE_SEPARATORS if char in term]
            if found:
                errors.append(
                    _(
                        "„%(term)s“ enthält %(chars)s. Bitte jedes Wort in eine eigene Zeile "
                        "schreiben, ohne Komma, Gleichheitszeichen, „>“, „\\“ oder „#“."
                    )
                    % {"term": term, "chars": " ".join(f"„{char}“" for char in found)}
                )
            elif not tokenize(term):
                errors.append(
                    _("„%(term)s“ enthält keinen Buchstaben und keine Ziffer.") % {"term": term}
                )
            elif len(term) > MAX_TERM_LENGTH:
                errors.append(
                    _("„%(term)s“ ist zu lang (höchstens %(max)d Zeichen).")
                    % {"term": term, "max": MAX_TERM_LENGTH}
                )
        if len(terms) < 2:
            errors.append(
                _("Eine Gruppe braucht mindestens zwei verschiedene Wörter, je eines pro Zeile.")
            )
        if errors:
            raise ValidationError({"terms": errors})
        self.terms = "\n".join(terms)
