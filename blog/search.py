"""What search knows about workshops, campaigns and news: their labels and,
for workshops, the languages and target groups as vocabulary. Registered in
BlogConfig.ready() (search.registry)."""

from django.utils.translation import gettext_lazy as _

from search.registry import registry
from search.types import PageType


def workshop_text(page):
    """(vocabulary, body): languages of the workshop and its target groups."""
    vocabulary = [language.german_name for language in page.languages.all()]
    for group in page.target_groups.all():
        vocabulary += [group.name, *group.name_translations.values()]
    return " ".join(vocabulary), ""


PAGE_TYPES = (
    PageType(
        kind="workshop",
        model_label="blog.WorkshopPage",
        label=_("Workshop"),
        extra_text=workshop_text,
    ),
    PageType(kind="campaign", model_label="blog.CampaignPage", label=_("Aktion")),
    PageType(kind="news", model_label="blog.NewsPage", label=_("Neuigkeit")),
)


def register_search():
    for page_type in PAGE_TYPES:
        registry.register_page_type(page_type)
