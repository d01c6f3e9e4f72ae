"""What search knows about workshops, campaigns and news: their labels and,
for workshops, the languages and target groups as vocabulary. Registered in
BlogConfig.ready() (search.registry)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from search.registry import registry
from search.types import PageType


def workshop_text(page):
    """(vocabulary, body): languages of the workshop and its target groups."""
    vocabulary = [language.german_name for language in page.languages.all()]
    for group in page.target_groups.all():
        vocabulary += [group.name, *group.name_translations.values()]
    return " ".join(vocabulary), ""


CONTEXT = "search words that ask for this kind of result"
WORKSHOP_WORDS = pgettext_lazy(CONTEXT, "Kurs Kurse Workshop Seminar Veranstaltung Schulung")
NEWS_WORDS = pgettext_lazy(CONTEXT, "Neuigkeiten Nachrichten News Meldung")


def in_every_language(text):
    """callable() -> the text in every interface language (PageType.intent_words)."""

    def words():
        texts = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                texts.append(str(text))
        return texts

    return words


PAGE_TYPES = (
    PageType(
        kind="workshop",
        model_label="blog.WorkshopPage",
        label=_("Workshop"),
        extra_text=workshop_text,
        intent_words=in_every_language(WORKSHOP_WORDS),
    ),
    PageType(kind="campaign", model_label="blog.CampaignPage", label=_("Aktion")),
    PageType(
        kind="news",
        model_label="blog.NewsPage",
        label=_("Neuigkeit"),
        intent_words=in_every_language(NEWS_WORDS),
    ),
)


def register_search():
    for page_type in PAGE_TYPES:
        registry.register_page_type(page_type)
