"""The public map's API: GET /api/businesses.geojson (directory.map_data
builds the features)."""

import gzip
import re

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from quartier.clock import local_now

from .map_data import (
    MAP_GENERATION,
    encoded_features,
    feature_collection_json,
    parse_map_params,
    request_signature,
)

BODY_TIMEOUT = 60  # open-now changes with the clock
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@require_GET
def businesses_geojson(request):
    """RFC 7946 FeatureCollection of the live, listed, geocoded businesses,
    accepting the listing's filters plus `q` (text) and `lang` (names)."""
    filters, query, language = parse_map_params(request.GET)
    if filters.errors:
        return JsonResponse(
            {"errors": {name: str(message) for name, message in filters.errors.items()}},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    now = local_now()
    signature = request_signature(filters, query, language)
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
