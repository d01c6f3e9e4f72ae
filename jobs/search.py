"""What search learns about a business's open positions: their titles and,
per kind offered, its keywords in every interface language, so that
"ausbildung friseur" or "çırak" finds a hairdresser who trains apprentices.
Called by search.types for the business's search text (both backends)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext_lazy

from directory.models import BusinessJob

Kind = BusinessJob.Kind
CONTEXT = "search keywords for a kind of position"
KIND_KEYWORDS = {
    Kind.APPRENTICESHIP: pgettext_lazy(CONTEXT, "Ausbildung Ausbildungsplatz Azubi Lehrstelle"),
    Kind.JOB: pgettext_lazy(CONTEXT, "Stelle Job Arbeit Arbeitsplatz"),
    Kind.INTERNSHIP: pgettext_lazy(CONTEXT, "Praktikum Praktikumsplatz"),
    Kind.MINIJOB: pgettext_lazy(CONTEXT, "Minijob Aushilfe Nebenjob"),
    Kind.TRIAL_WORK: pgettext_lazy(CONTEXT, "Probearbeit Probetag"),
}


def position_vocabulary(business, today=None):
    """Words for the business's open positions (none: ""). A position that
    expires leaves the text at the business's next indexing."""
    jobs = business.current_jobs(today)
    words = [job.title for job in jobs]
    for kind in sorted({job.kind for job in jobs}):
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                words += [str(Kind(kind).label), str(KIND_KEYWORDS[kind])]
    return " ".join(dict.fromkeys(words))
