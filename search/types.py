"""Which page types are searchable and how each one turns into search text
and a result row; open positions are results too (POSITION_TYPE). Pluggable:
a type whose model is not installed is skipped, so blog pages join the search
as soon as their models exist."""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.search import index

from directory.models import BusinessJob
from jobs.search import position_text
from quartier.restrictions import PublicPageQuerySet

from .folding import tokenize


def default_language_code():
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class PageType:
    kind: str
    model_label: str
    label: str
    vocabulary_fields: tuple = ()
    select_related: tuple = ()
    prefetch_related: tuple = ()
    extra_text: object = None  # callable(page) -> (vocabulary, body) strings
    summary_fields: tuple = ("tagline", "teaser", "introduction", "search_description")
    options: dict = field(default_factory=dict)

    @property
    def model(self):
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None

    def source_pages(self):
        """All pages of this type in the default (source-language) tree: the
        only tree search looks in and indexes. Translations synced by
        simple_translation are aliases of these; results link to the
        visitor's language version (see service.hydrate)."""
        return self.model.objects.filter(locale__language_code=default_language_code())

    def base(self, private=None):
        """Live, public source pages, and for businesses only active ones."""
        queryset = self.source_pages().live()
        # `private` (from private_q()) saves one query per type when several are searched.
        queryset = queryset.exclude(private) if private is not None else queryset.public()
        if hasattr(queryset, "listed"):
            queryset = queryset.listed()
        if hasattr(queryset, "with_text_translations"):
            queryset = queryset.with_text_translations()
        return queryset

    def visible(self, private=None):
        """Pages residents may see, with what a result row shows."""
        queryset = self.base(private)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def summary(self, page):
        for name in self.summary_fields:
            value = getattr(page, name, "")
            if value:
                return strip_tags(str(value))[:200]
        return ""


def _business_text(page):
    vocabulary = []
    if page.category_id:
        category = page.category
        vocabulary += [category.name, *category.name_translations.values(), category.keywords]
    vocabulary += [tag.name for tag in page.tags.all()]
    body = []
    if page.district_id:
        body += [page.district.name, *page.district.name_translations.values()]
    body += [language.german_name for language in page.languages.all()]
    # The texts in other languages: a Turkish word finds the business too.
    for text in page.text_translations.all():
        body += [text.tagline, _value_text(text.description)]
    return " ".join(vocabulary), " ".join(body)


def _workshop_text(page):
    vocabulary = [language.german_name for language in page.languages.all()]
    for group in page.target_groups.all():
        vocabulary += [group.name, *group.name_translations.values()]
    return " ".join(vocabulary), ""


PAGE_TYPES = [
    PageType(
        kind="business",
        model_label="directory.BusinessPage",
        label=_("Geschäft"),
        select_related=("category", "district"),
        extra_text=_business_text,
        summary_fields=("visitor_tagline", "search_description"),
    ),
    PageType(
        kind="workshop",
        model_label="blog.WorkshopPage",
        label=_("Workshop"),
        extra_text=_workshop_text,
    ),
    PageType(kind="campaign", model_label="blog.CampaignPage", label=_("Aktion")),
    PageType(kind="news", model_label="blog.NewsPage", label=_("Neuigkeit")),
]


class PositionType:
    """Open positions (directory.BusinessJob) as results of their own: the
    position's title, business, district and URL on the jobs board. Which
    positions are open is decided when the search runs (`visible(today)`:
    not filled, still valid today, business live and listed), so a position
    past its end date or marked filled drops out of both backends at once,
    without waiting for a publish or a rebuild."""

    kind = "job"
    label = _("Stelle")

    model = BusinessJob

    def source_positions(self):
        """Positions of the source-language tree, visible or not (the text table)."""
        return self.model.objects.filter(
            page__locale__language_code=default_language_code()
        ).select_related("page", "page__district", "page__category")

    def visible(self, today=None):
        return self.model.objects.published(today).select_related(
            "page", "page__district", "page__category"
        )

    def text(self, job):
        """(title, vocabulary, body) of a position."""
        return position_text(job)


POSITION_TYPE = PositionType()


def private_q():
    """Pages in private sections, for PageType.base(private=...): from the
    restrictions cached per content generation (quartier.restrictions), so a
    search spends no query on them."""
    return PublicPageQuerySet(Page).private_q()


def available_types():
    return [page_type for page_type in PAGE_TYPES if page_type.model is not None]


def type_for_model(model):
    for page_type in available_types():
        if issubclass(model, page_type.model):
            return page_type
    return None


def result_kinds():
    """Every kind a search may return: the page types, then positions."""
    return (*(page_type.kind for page_type in available_types()), POSITION_TYPE.kind)


def type_by_kind(kind):
    """The PageType of `kind`, or POSITION_TYPE for "job"."""
    if kind == POSITION_TYPE.kind:
        return POSITION_TYPE
    for page_type in available_types():
        if page_type.kind == kind:
            return page_type
    return None


def _value_text(value):
    """Text of a field value: rich text, StreamField, plain values."""
    if value is None:
        return ""
    raw_data = getattr(value, "raw_data", None)
    if raw_data is not None:
        return " ".join(_raw_strings(list(raw_data)))
    return strip_tags(str(value))


def _raw_strings(data):
    if isinstance(data, str):
        yield strip_tags(data)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in {"type", "id"}:
                yield from _raw_strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _raw_strings(item)


def padded(text):
    """Folded words separated by single spaces, padded: " word word "."""
    return " " + " ".join(tokenize(text)) + " "


def document_text(page, page_type):
    """(title, vocabulary, body) of a page as plain text, from its Wagtail
    search fields plus the type's extra text."""
    body = []
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name != "title":
            value = getattr(page, search_field.field_name, "")
            body.append(_value_text(value() if callable(value) else value))
    vocabulary = ""
    if page_type.extra_text:
        vocabulary, extra_body = page_type.extra_text(page)
        body.append(extra_body)
    return page.title, vocabulary, " ".join(part for part in body if part)
