"""The public map's data: the features of the GeoJSON API and the map page's
context.

The expensive part (one query over all listed, geocoded businesses) is cached
until a business is published, unpublished or deleted; the open-now state is
computed per request from the cached opening hours, one evaluation per
distinct opening-hours text, and the finished body is kept for a minute."""

import dataclasses
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from quartier import page_urls
from quartier.cache import SharedGeneration
from quartier.clock import local_now, local_today
from quartier.i18n import default_content_language, default_locale, site_locales
from search.service import matching_business_keys

from .filters import MAX_PARAM_LENGTH, parse_business_filters
from .hours import state_at
from .models.business import BusinessPage
from .models.taxonomy import Category, District, Language

# Shared by all workers, also with the local-memory cache (quartier.cache).
MAP_GENERATION = SharedGeneration("map")
BASE_TIMEOUT = 60 * 60  # a safety net; publishing invalidates at once
LIST_LIMIT = 300

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


def _url_builder(language):
    """Turns a business's url_path (German tree) into its URL for a visitor
    of `language` (quartier.page_urls), with the site root paths read once
    for all the map's businesses."""
    roots = page_urls.site_root_paths()
    several_sites = page_urls.several_sites(roots)
    source = default_content_language()

    def build(url_path):
        parts = page_urls.url_parts(url_path, source, language, roots)
        if parts is None:
            return None
        return parts[1] + parts[2] if several_sites else parts[2]

    return build


def _locale_for(language):
    return (site_locales().get(language) if language else None) or default_locale()


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
    return queryset.filter(translation_key__in=list(matching_business_keys(query)))


def parse_map_params(params):
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


def request_signature(filters, query, language):
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
    return _encoded(_base(filters, query, language), filters, when)


def _key(part, filters, query, language):
    """The cache key of `part` ("base", "head") under the map's generation."""
    return (
        f"map:geojson:{part}:{MAP_GENERATION.current()}:"
        f"{request_signature(filters, query, language)}"
    )


def _base(filters, query, language):
    """[(opening hours, the feature's JSON up to its open state)] of every
    match, from the cache under the map's generation."""
    base_key = _key("base", filters, query, language)
    base = cache.get(base_key)
    if base is None:
        with translation.override(language):
            base = _base_features(filters, query, language)
        cache.set(base_key, base, BASE_TIMEOUT)
    return base


def _head(filters, query, language, limit):
    """(the first `limit` of `_base`, how many there are), kept beside it: the
    map page lists 300 of 10,000, and the whole list is megabytes to fetch
    from Redis or unpickle."""
    head_key = f"{_key('head', filters, query, language)}:{limit}"
    found = cache.get(head_key)
    if found is None:
        base = _base(filters, query, language)
        found = (base[:limit], len(base))
        cache.set(head_key, found, BASE_TIMEOUT)
    return found


def _encoded(base, filters, when=None):
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
    if limit is not None and not filters.open_now:
        # Without the open-now filter the first `limit` matches are the first
        # `limit` features, and the count is the matches': no need for all.
        head, count = _head(filters, query, language, limit)
        return [json.loads(item) for item in _encoded(head, filters, when)], count
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


# Points that apps above the directory show on the map page, by context name
# (the blog: "map_workshops", its upcoming workshop venues); each app adds its
# own in AppConfig.ready() with `show_on_map`.
_MAP_LAYERS = {}


def show_on_map(name, points):
    """Adds a layer to the map page: `points(request)` returns a list of
    JSON-ready dicts, shown as the context variable `name`."""
    _MAP_LAYERS[name] = points


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
)


def map_context_keys():
    """The names `map_page_context` returns: its own and the other apps' layers."""
    return (*MAP_CONTEXT_KEYS, *_MAP_LAYERS)


def map_page_context(request):
    """The map page's filters and options, the first list of businesses (so the
    list works without JavaScript), the map data and the other apps' layers."""
    filters, query, language = parse_map_params(request.GET)
    features, count = (
        ([], 0) if filters.errors else map_features(filters, query, language, limit=LIST_LIMIT)
    )
    context = {
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
    }
    for name, points in _MAP_LAYERS.items():
        context[name] = points(request)
    return context
