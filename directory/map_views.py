"""The public map: GET /api/businesses.geojson and the map page's context.

The expensive part (one query over all listed, geocoded businesses) is cached
until a business is published, unpublished or deleted; the open-now state is
computed per request from the cached opening hours, one evaluation per
distinct opening-hours text, and the finished body is kept for a minute."""

import dataclasses
import gzip
import hashlib
import json
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Site

from quartier.cache import SharedGeneration
from quartier.clock import local_now, local_today
from quartier.fragments import lazy_context

from .filters import MAX_PARAM_LENGTH, parse_business_filters
from .models import BusinessPage, Category, District, Language
from .opening_hours import state_at

# Shared by all workers, also with the local-memory cache (quartier.cache).
MAP_GENERATION = SharedGeneration("map")
BASE_TIMEOUT = 60 * 60  # a safety net; publishing invalidates at once
BODY_TIMEOUT = 60  # open-now changes with the clock
LIST_LIMIT = 300
ACCEPTS_GZIP = re.compile(r"\bgzip\b")

DATA_LICENSE = {
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}
DATA_ATTRIBUTION = (
    "Geschäftsdaten: Quartier-Plattform und die eingetragenen Betriebe; "
    "Koordinaten teilweise © OpenStreetMap-Mitwirkende (ODbL), ermittelt mit Nominatim."
)


def invalidate_geojson():
    MAP_GENERATION.bump()


def _translated(name, translations, language):
    return (translations or {}).get(language) or name


def _url_builder(locale_code):
    """Turns a url_path into the page's URL in `locale_code` without a query
    per page (the same result as Page.get_url for the request's site with
    that language active: German pages under that language's prefix)."""
    from quartier.i18n import default_content_language

    root_paths = Site.get_site_root_paths()
    several_sites = len({entry.site_id for entry in root_paths}) > 1
    prefixes = {}
    for entry in root_paths:
        if (entry.root_path, entry.language_code) in prefixes:
            continue
        in_language = entry.language_code
        if in_language == default_content_language():
            in_language = locale_code
        with translation.override(in_language):
            prefix = reverse("wagtail_serve", args=("",))
        if several_sites:
            prefix = entry.root_url.rstrip("/") + prefix
        prefixes[(entry.root_path, entry.language_code)] = prefix
    ordered = sorted(
        prefixes.items(), key=lambda item: (item[0][1] != locale_code, -len(item[0][0]))
    )

    def build(url_path):
        for (root_path, _language), prefix in ordered:
            if url_path.startswith(root_path):
                return iri_to_uri(prefix + url_path[len(root_path) :])
        return None

    return build


def _locale_for(language):
    return (
        Locale.objects.filter(language_code=language).first() or Locale.get_default()
        if language
        else Locale.get_default()
    )


def _base_features(filters, query, language):
    """Features without the open-now state, and each one's opening hours."""
    # A business exists once, in the German tree; its URL carries `language`.
    locale = _locale_for(language)
    queryset = BusinessPage.objects.live().public().listed().geocoded().select_related(None)
    queryset = dataclasses.replace(filters, open_now=False).apply(queryset)
    if query:
        queryset = _text_filter(queryset, query)
    if filters.language or filters.campaign:
        queryset = queryset.distinct()
    rows = list(
        queryset.annotate(
            lat=Cast("latitude", FloatField()), lon=Cast("longitude", FloatField())
        ).values_list(
            "pk", "title", "url_path", "lat", "lon", "opening_hours", "category_id", "district_id"
        )
    )
    # Categories and districts are few: each is encoded once, not once per business.
    categories = {
        category.pk: _dumps(
            {
                "category": category.slug,
                "category_name": _translated(category.name, category.name_translations, language),
                "colour": category.colour,
            }
        )[1:-1]
        for category in Category.objects.filter(pk__in={row[6] for row in rows})
    }
    districts = {
        district.pk: _dumps(
            {
                "district": district.slug,
                "district_name": _translated(district.name, district.name_translations, language),
            }
        )[1:-1]
        for district in District.objects.filter(pk__in={row[7] for row in rows})
    }
    build_url = _url_builder(locale.language_code)
    features = []
    for pk, title, url_path, latitude, longitude, hours, category_id, district_id in rows:
        # The same JSON as _dumps() of the feature dict, up to the open-now value,
        # which is appended per request; only the free texts need encoding here.
        head = (
            f'{{"type":"Feature","id":{pk},"geometry":{{"type":"Point","coordinates":'
            f"[{round(longitude, 6)!r},{round(latitude, 6)!r}]}},"
            f'"properties":{{"id":{pk},"kind":"business","name":{_dumps(title)},'
            f'"url":{_dumps(build_url(url_path))},'
            f"{categories.get(category_id, _NO_CATEGORY)},"
            f'{districts.get(district_id, _NO_DISTRICT)},"open_now":'
        )
        features.append((hours, head))
    return features


_NO_CATEGORY = '"category":null,"category_name":null,"colour":null'
_NO_DISTRICT = '"district":null,"district_name":null'


def _text_filter(queryset, query):
    """The search box on the map asks the same search service as the search
    page (folding, synonyms, Elasticsearch with database fallback)."""
    from search.service import matching_business_keys

    return queryset.filter(translation_key__in=list(matching_business_keys(query)))


def _parse(params):
    filters = parse_business_filters(params)
    query = " ".join(str(params.get("q", "")).split())
    if len(query) > MAX_PARAM_LENGTH:
        filters.errors["q"] = _("Der Suchbegriff ist zu lang.")
        query = ""
    language = str(params.get("lang", "")).strip()
    if language and language not in dict(settings.LANGUAGES):
        filters.errors["lang"] = _("Unbekannte Sprache der Oberfläche.")
        language = ""
    return filters, query, language or translation.get_language() or settings.LANGUAGE_CODE


def _signature(filters, query, language):
    key = {
        "category": filters.category.slug if filters.category else "",
        "district": filters.district.slug if filters.district else "",
        "language": filters.language.code if filters.language else "",
        "campaign": filters.campaign,
        "wheelchair": filters.wheelchair,
        "open_now": filters.open_now,
        # Positions expire at midnight: a day's "hiring" answer is cached for that day.
        "hiring": local_today().isoformat() if filters.hiring else "",
        "q": query.lower(),
        "lang": language,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_dumps = _ENCODER.encode


STATE_JSON = {True: "true", False: "false", None: "null"}


def encoded_features(filters, query, language, when=None):
    """The matching features as JSON strings, open_now evaluated at `when`
    (once per distinct opening-hours text)."""
    version = MAP_GENERATION.current()
    signature = _signature(filters, query, language)
    base_key = f"map:geojson:base:{version}:{signature}"
    base = cache.get(base_key)
    if base is None:
        with translation.override(language):
            base = _base_features(filters, query, language)
        cache.set(base_key, base, BASE_TIMEOUT)
    when = when or local_now()
    states = {}
    encoded = []
    for hours, head in base:
        if hours not in states:
            state = state_at(hours, when)
            states[hours] = state.is_open if state.is_known else None
        open_now = states[hours]
        if filters.open_now and not open_now:
            continue
        encoded.append(head + STATE_JSON[open_now] + "}}")
    return encoded


def map_features(filters, query, language, when=None, limit=None):
    """GeoJSON features (dicts), at most `limit`, and how many matched."""
    encoded = encoded_features(filters, query, language, when)
    chosen = encoded if limit is None else encoded[:limit]
    return [json.loads(item) for item in chosen], len(encoded)


def feature_collection_json(encoded):
    head = _dumps(
        {
            "type": "FeatureCollection",
            "license": DATA_LICENSE,
            "attribution": DATA_ATTRIBUTION,
            "generated": timezone.now().isoformat(timespec="seconds"),
        }
    )
    return head[:-1] + ',"features":[' + ",".join(encoded) + "]}"


@require_GET
def businesses_geojson(request):
    """RFC 7946 FeatureCollection of the live, listed, geocoded businesses,
    accepting the listing's filters plus `q` (text) and `lang` (names)."""
    filters, query, language = _parse(request.GET)
    if filters.errors:
        return JsonResponse(
            {"errors": {name: str(message) for name, message in filters.errors.items()}},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    now = local_now()
    signature = _signature(filters, query, language)
    body_key = f"map:geojson:body:{MAP_GENERATION.current()}:{signature}:{now:%Y%m%d%H%M}"
    # Compressed once per minute and kept, not per request: the body of 10,000
    # businesses is 3.4 MB of JSON and about 0.2 MB gzipped. The data is public,
    # so compression leaks nothing (no BREACH: no secret in the response).
    gzipped = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) is not None
    key = body_key + (":gzip" if gzipped else "")
    body = cache.get(key)
    if body is None:
        body = feature_collection_json(
            encoded_features(filters, query, language, when=now)
        ).encode()
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        cache.set(key, body, BODY_TIMEOUT)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    if gzipped:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _district_outlines():
    outlines = []
    for district in District.objects.all():
        outlines.append(
            {
                "slug": district.slug,
                "name": district.display_name,
                "centre": [float(district.centre_latitude), float(district.centre_longitude)],
                "boundary": district.boundary if _is_area(district.boundary) else None,
            }
        )
    return outlines


def _is_area(geometry):
    return isinstance(geometry, dict) and geometry.get("type") in {"Polygon", "MultiPolygon"}


def workshop_venues(request):
    """Upcoming workshops with a venue on the map (blog app, read only)."""
    try:
        from blog.models import WorkshopPage
    except ImportError:
        return []
    from quartier.i18n import in_source_locale, localized_all

    venues = []
    # Each workshop once: the German original (its facts), named and linked
    # in the visitor's language where translated.
    workshops = list(
        in_source_locale(WorkshopPage.objects.live().public().upcoming())
        .filter(venue_latitude__isnull=False, venue_longitude__isnull=False)
        .select_related("locale")
        .order_by("next_start")[:100]
    )
    shown = localized_all(workshops)
    for workshop in workshops:
        venues.append(
            {
                "name": shown[workshop.pk].title,
                "url": shown[workshop.pk].get_url(request),
                "venue": workshop.venue_name,
                "address": workshop.venue_address,
                "start": workshop.next_start.isoformat() if workshop.next_start else None,
                "lat": float(workshop.venue_latitude),
                "lng": float(workshop.venue_longitude),
            }
        )
    return venues


MAP_CONTEXT_KEYS = (
    "filters",
    "query",
    "filter_errors",
    "categories",
    "districts",
    "languages",
    "map_features",
    "map_feature_count",
    "map_list_limit",
    "map_districts",
    "map_workshops",
)


def serve_map_page(page, request, *args, **kwargs):
    """Renders the map page with filter options, the first list of businesses
    (so the list works without JavaScript) and the map data."""

    def build():
        filters, query, language = _parse(request.GET)
        features, count = (
            ([], 0) if filters.errors else map_features(filters, query, language, limit=LIST_LIMIT)
        )
        return {
            "filters": filters,
            "query": query,
            "filter_errors": filters.errors,
            "categories": Category.objects.all(),
            "districts": District.objects.all(),
            "languages": Language.objects.all(),
            "map_features": features,
            "map_feature_count": count,
            "map_list_limit": LIST_LIMIT,
            "map_districts": _district_outlines(),
            "map_workshops": workshop_venues(request),
        }

    context = page.get_context(request, *args, **kwargs)
    # Lazy: a cached main content (quartier/fragments.py) runs none of it.
    context.update(lazy_context(MAP_CONTEXT_KEYS, build))
    return TemplateResponse(request, page.get_template(request, *args, **kwargs), context)
