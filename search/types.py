"""How a searchable page type or a position turns into search text and a
result row. The types themselves come from the apps (search.registry):
directory/search.py registers businesses, blog/search.py workshops,
campaigns and news, jobs/search.py open positions."""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.utils.html import strip_tags

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.search import index

from quartier.restrictions import PublicPageQuerySet

from .folding import tokenize
from .registry import registry


def default_language_code():
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
    # The listing filters (category, district, campaign, open now, wheelchair,
    # near, distance sort) apply to this type; searches with them return only it.
    filterable: bool = False
    # Relations read by extra_text (text table) and document_fields (Elasticsearch)
    # when whole indexes are rebuilt: a query per page otherwise.
    text_prefetch_related: tuple = ()
    document_prefetch_related: tuple = ()
    # callable(page) -> dict: the Elasticsearch document's facet and filter fields
    # (default: the page's languages, if it has any)
    document_fields: object = None
    # callable(hit, page, search_request): fills a result row's category,
    # district, coordinates, distance and "open now" from a page object
    hit_fields: object = None
    # callable(ids, private, search_request) -> {pk: service.SearchHit}: the
    # result rows of the visible pages among `ids` without page objects (used
    # while no page of the type is translated as a page, i18n.types_with_translations)
    hits: object = None
    # callable(page_ids) -> {language code: count}: the language facet
    language_facet: object = None
    # callable() -> texts whose words ask for this kind ("Kurs", "Workshop"), in
    # every interface language: such a query lists this kind first (search.intent)
    intent_words: object = None
    options: dict = field(default_factory=dict)

    @property
    def model(self):
        return apps.get_model(self.model_label)

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


@dataclass(frozen=True)
class PositionType:
    """Open positions as results of their own (registered by jobs/search.py):
    the position's title, business, district and URL on the jobs board. Which
    positions are open is decided when the search runs (`visible(today)`:
    not filled, still valid today, business live and listed), so a position
    past its end date or marked filled drops out of both backends at once,
    without waiting for a publish or a rebuild."""

    model_label: str
    label: str
    text: object  # callable(position) -> (title, vocabulary, body)
    boards: object  # callable() -> the live, public board pages (position_url)
    kind: str = "job"
    intent_words: object = None  # as PageType.intent_words ("Ausbildung", "iş", "وظيفة")

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def business_model(self):
        """The page type a position belongs to (its `page`)."""
        return self.model._meta.get_field("page").related_model

    def source_positions(self):
        """Positions of the source-language tree, visible or not (the text table)."""
        return self.model.objects.filter(
            page__locale__language_code=default_language_code()
        ).select_related("page", "page__district", "page__category")

    def visible(self, today=None):
        return self.model.objects.published(today).select_related(
            "page", "page__district", "page__category"
        )


def position_type():
    """The registered PositionType (jobs/search.py)."""
    return registry.position_type


def private_q():
    """Pages in private sections, for PageType.base(private=...): from the
    restrictions cached per content generation (quartier.restrictions), so a
    search spends no query on them."""
    return PublicPageQuerySet(Page).private_q()


def available_types():
    """The registered page types, in the order the apps registered them."""
    return list(registry.page_types)


def type_for_model(model):
    for page_type in available_types():
        if issubclass(model, page_type.model):
            return page_type
    return None


def result_kinds():
    """Every kind a search may return: the page types, then positions."""
    return (*(page_type.kind for page_type in available_types()), position_type().kind)


def type_by_kind(kind):
    """The PageType of `kind`, or the PositionType for "job"."""
    if kind == position_type().kind:
        return position_type()
    for page_type in available_types():
        if page_type.kind == kind:
            return page_type
    return None


def value_text(value):
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
            body.append(value_text(value() if callable(value) else value))
    vocabulary = ""
    if page_type.extra_text:
        vocabulary, extra_body = page_type.extra_text(page)
        body.append(extra_body)
    return page.title, vocabulary, " ".join(part for part in body if part)
