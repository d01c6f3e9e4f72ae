"""What search knows about an open position, a result of its own (kind
"job", registered in JobsConfig.ready()): its title; the kind's name and keywords
in every interface language, the business and its category as vocabulary, so
that "ausbildung friseur" or "çırak" finds an apprenticeship at a
hairdresser; description, district and languages at work as body text."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import BusinessJob
from search.registry import registry
from search.types import PositionType

from .models import JobsIndexPage

Kind = BusinessJob.Kind
CONTEXT = "search keywords for a kind of position"
KIND_KEYWORDS = {
    Kind.APPRENTICESHIP: pgettext_lazy(CONTEXT, "Ausbildung Ausbildungsplatz Azubi Lehrstelle"),
    Kind.JOB: pgettext_lazy(CONTEXT, "Stelle Job Arbeit Arbeitsplatz"),
    Kind.INTERNSHIP: pgettext_lazy(CONTEXT, "Praktikum Praktikumsplatz"),
    Kind.MINIJOB: pgettext_lazy(CONTEXT, "Minijob Aushilfe Nebenjob"),
    Kind.TRIAL_WORK: pgettext_lazy(CONTEXT, "Probearbeit Probetag"),
}


def kind_words(kind):
    """The kind's name and keywords in every interface language."""
    words = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words += [str(Kind(kind).label), str(KIND_KEYWORDS[kind])]
    return words


def intent_words():
    """Every kind's name and keywords in every language: words that ask for positions."""
    return [word for kind in Kind for word in kind_words(kind)]


def position_text(job):
    """(title, vocabulary, body) of a position; reads job.page with its
    category and district (select them) and the languages at work."""
    business = job.page
    # Every position is a "Stelle", "iş", "وظيفة", "работа": the general words too.
    vocabulary = [*kind_words(job.kind), *kind_words(Kind.JOB), business.title]
    if business.category_id:
        category = business.category
        vocabulary += [category.name, *category.name_translations.values(), category.keywords]
    body = [job.description]
    if business.district_id:
        body += [business.district.name, *business.district.name_translations.values()]
    for language in job.languages.all():
        body += [language.german_name, language.native_name]
    unique = dict.fromkeys(word for word in vocabulary if word)
    return job.title, " ".join(unique), " ".join(part for part in body if part)


def boards():
    """The live, public jobs boards (one per language tree): a position's
    result links to it (JobsIndexPage.position_url)."""
    return JobsIndexPage.objects.live().public()


POSITION_TYPE = PositionType(
    model_label="directory.BusinessJob",
    label=_("Stelle"),
    text=position_text,
    boards=boards,
    intent_words=intent_words,
)


def register_search():
    registry.register_positions(POSITION_TYPE)
