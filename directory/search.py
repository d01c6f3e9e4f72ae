"""What search knows about businesses: their text (category words, tags,
district, languages and the texts in every language), their Elasticsearch
fields, their result rows, the listing filters and the reference tables that
name the facets. Registered in DirectoryConfig.ready() (search.registry)."""

from collections import Counter

from django.core.cache import cache
from django.db.models import Count
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from quartier.cache import CHANGES
from quartier.clock import local_now
from quartier.geo import distance_m
from quartier.i18n import base_language, default_content_language, visitor_language
from quartier.page_urls import site_root_paths, url_parts
from search.registry import Filters, registry
from search.service import SearchHit, facet_objects
from search.types import PageType, value_text

from .filters import BusinessFilters, parse_business_filters
from .hours import is_open_at, next_opening_text, state_at
from .models import BusinessPage, BusinessPageTranslation, Category, District, Language


def business_text(page):
    """(vocabulary, body): category words and tags; district, languages and
    the texts in other languages (a Turkish word finds the business too)."""
    vocabulary = []
    if page.category_id:
        category = page.category
        vocabulary += [category.name, *category.name_translations.values(), category.keywords]
    vocabulary += [tag.name for tag in page.tags.all()]
    body = []
    if page.district_id:
        body += [page.district.name, *page.district.name_translations.values()]
    body += [language.german_name for language in page.languages.all()]
    for text in page.text_translations.all():
        body += [text.tagline, value_text(text.description)]
    return " ".join(vocabulary), " ".join(body)


def business_document(page):
    """The Elasticsearch fields the filters and facets of a business use."""
    doc = {
        "category": page.category.slug if page.category_id else None,
        # Every language's name: suggestions complete "kua" (Kuaför) and "حل" (حلاق).
        "category_name": (
            [page.category.name, *page.category.name_translations.values()]
            if page.category_id
            else None
        ),
        "district": page.district.slug if page.district_id else None,
        "languages": [language.code for language in page.languages.all()],
        "campaigns": [campaign.slug for campaign in page.campaigns.all()],
        "wheelchair": page.wheelchair or None,
        "opening_hours": page.opening_hours or None,
    }
    if page.latitude is not None and page.longitude is not None:
        doc["location"] = {"lat": float(page.latitude), "lon": float(page.longitude)}
    return doc


def business_hit(hit, page, search_request):
    """A result row's category, district, coordinates, distance and "open
    now" from a page object (while businesses are translated as pages, see
    business_hits)."""
    _fill_hit(
        hit,
        page.category if page.category_id else None,
        page.district if page.district_id else None,
        (page.latitude, page.longitude, page.opening_hours),
        search_request,
    )


def _fill_hit(hit, category, district, place, search_request):
    """Category and district (objects or None) named in the interface
    language; coordinates and the distance to the searched place; whether
    the business is open at the search's time. `place`: (latitude,
    longitude, opening hours)."""
    for field, named in (("category", category), ("district", district)):
        if named is not None:
            setattr(hit, field, named.display_name)
            setattr(hit, f"{field}_slug", named.slug)
    latitude, longitude, hours = place
    if latitude is not None and longitude is not None:
        hit.latitude, hit.longitude = float(latitude), float(longitude)
        near = search_request.filters.near
        if near:
            hit.distance_m = distance_m(*near, latitude, longitude)
    hit.open_now = is_open_at(hours, search_request.when) if hours else None


def business_hits(ids, private, search_request):
    """{pk: SearchHit} of the visible businesses among `ids`, without page
    objects: one query for what a result row shows, one for the texts in the
    visitor's language (none in German), and the names of category and
    district from the cached reference tables. Twenty page objects with their
    category, district and texts cost 3-5 ms, most of Django's share of a
    search on Elasticsearch. The same row as a page object gives: the tagline
    in the visitor's language, else the German one, else the description for
    search engines; `text_language` where that text is not in the interface
    language."""
    language = visitor_language()
    source = default_content_language()
    rows = (
        BUSINESS_TYPE.base(private)
        .prefetch_related(None)  # the texts are read below, as rows
        .filter(pk__in=ids)
        .order_by()
        .values_list(*HIT_FIELDS)
    )
    taglines = {}
    if language != source:
        texts = BusinessPageTranslation.objects.filter(page_id__in=ids, language=language)
        for page_id, tagline, description in texts.values_list("page_id", "tagline", "description"):
            if tagline or description:  # as BusinessTextsMixin.text_in
                taglines[page_id] = tagline
    interface = base_language(translation.get_language())
    references = facet_objects()
    roots = site_root_paths()
    hits = {}
    for pk, title, url_path, tagline, description, category, district, *place in rows:
        content = language if pk in taglines else source
        parts = url_parts(url_path, source, language, roots)
        hit = SearchHit(
            type=BUSINESS_TYPE.kind,
            type_label=BUSINESS_TYPE.label,
            title=title,
            url=parts[2] if parts else "",
            summary=strip_tags(str(taglines.get(pk) or tagline or description))[:200],
            text_language="" if base_language(content) == interface else content,
            page_id=pk,
        )
        _fill_hit(
            hit,
            references["category"].get(category) if category else None,
            references["district"].get(district) if district else None,
            place,
            search_request,
        )
        hits[pk] = hit
    return hits


# What business_hits reads of each business.
HIT_FIELDS = (
    "pk",
    "title",
    "url_path",
    "tagline",
    "search_description",
    "category__slug",
    "district__slug",
    "latitude",
    "longitude",
    "opening_hours",
)


def language_facet(page_ids):
    """{language code: number of the businesses among `page_ids` speaking it}; one query."""
    through = BusinessPage.languages.through
    rows = (
        through.objects.filter(businesspage_id__in=page_ids)
        .values("language__code")
        .annotate(n=Count("businesspage_id", distinct=True))
        .order_by()
    )
    return {row["language__code"]: row["n"] for row in rows}


OPEN_TEXTS_PREFIX = "directory:open-texts:"


def open_texts(when=None):
    """The opening-hours texts of listed businesses that are open at `when`.
    For the present (no `when`): as at the start of this minute, kept in the
    cache for the minute under the content's generation, so every search for
    open businesses in that minute shares one reading of 10,000 businesses'
    hours (opening hours change on the minute; a publication moves the
    generation)."""
    listed = BusinessPage.objects.live().listed()
    if when is not None:
        return listed.open_texts(when)
    minute = local_now().replace(second=0, microsecond=0)
    key = f"{OPEN_TEXTS_PREFIX}{CHANGES.current()}:{minute.isoformat()}"
    return cache.get_or_set(key, lambda: listed.open_texts(minute), 120)


def next_opening(page_ids, when=None):
    """When the first of these businesses opens (those closed at `when`):
    {"at": aware datetime, "count": how many open that day, "text": "morgen ab
    8 Uhr"}, or None when none opens within the hours' horizon. One query, none
    when `page_ids` is already a Counter {hours text: businesses}; each
    distinct hours text is read once."""
    when = local_now(when)
    if isinstance(page_ids, Counter):
        texts = page_ids
    else:
        texts = Counter(
            BusinessPage.objects.filter(pk__in=page_ids).values_list("opening_hours", flat=True)
        )
    openings = []
    for text, count in texts.items():
        state = state_at(text, when)
        if state.is_known and not state.is_open and state.next_change is not None:
            openings.append((local_now(state.next_change), count))
    if not openings:
        return None
    first = min(moment for moment, _count in openings)
    same_day = sum(count for moment, count in openings if moment.date() == first.date())
    return {"at": first, "count": same_day, "text": next_opening_text(first, when)}


def near_district(slug):
    district = District.objects.filter(slug=slug).first()
    if district is None:
        return None
    return district, (district.centre_latitude, district.centre_longitude)


BUSINESS_TYPE = PageType(
    kind="business",
    model_label="directory.BusinessPage",
    label=_("Geschäft"),
    select_related=("category", "district"),
    extra_text=business_text,
    summary_fields=("visitor_tagline", "search_description"),
    filterable=True,
    text_prefetch_related=("languages", "tags", "text_translations"),
    document_prefetch_related=("languages", "tags", "text_translations", "campaigns"),
    document_fields=business_document,
    hit_fields=business_hit,
    hits=business_hits,
    language_facet=language_facet,
    # The address fields street search reads (search.streets).
    options={"address_fields": ("street", "house_number")},
)


def register_search():
    registry.register_page_type(BUSINESS_TYPE)
    registry.register_facet("category", Category)
    registry.register_facet("district", District)
    registry.register_facet("language", Language, "code", label=lambda obj: obj.native_name)
    registry.register_filters(
        Filters(
            empty=BusinessFilters,
            parse=parse_business_filters,
            open_texts=open_texts,
            near_place=near_district,
            next_opening=next_opening,
        )
    )
