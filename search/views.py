"""The search page and the JSON API; both call search.service."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quartier.filters import filter_chips, query_string
from quartier.fragments import lazy_context
from quartier.ratelimit import too_many

from .cache import cached_answer, results_generation
from .empty import described, search_reasons
from .params import parse_search_params
from .registry import registry
from .service import MAX_QUERY_LENGTH, search_all, suggest

RATE_WINDOW_SECONDS = 60
CHIP_KEYS = ("category", "district", "language", "campaign", "open_now", "wheelchair")


SEARCH_CONTEXT_KEYS = (
    "result",
    "chips",
    "facets",
    "districts",
    "categories",
    "did_you_mean_url",
    "empty",
    "previous_url",
    "next_url",
)


@require_GET
def search_page(request):
    """The search page. Its main content is cached like a page's
    (quartier.fragments), under the generation of the search results
    (search.cache.results_generation): everything it shows is computed on
    first use, so a cached answer runs no search at all."""
    params = parse_search_params(request.GET)
    request.content_generation = results_generation(params.filters.open_now)
    searched = bool(params.query or params.filters.active or params.filters.near)
    context = {
        "page_title": _("Suche"),
        "query": params.query,
        "params": params,
        "errors": params.errors,
        "searched": searched,
        "max_query_length": MAX_QUERY_LENGTH,
        "category_urls": {},
        **lazy_context(SEARCH_CONTEXT_KEYS, lambda: _results_context(request, params, searched)),
    }
    return render(request, "pages/search.html", context)


def _results_context(request, params, searched):
    current = {key: request.GET.get(key, "") for key in request.GET}
    result = None
    if searched:
        result = search_all(
            params.query,
            params.filters,
            params.page,
            kinds=params.kinds,
            sort=params.sort,
            request=request,
        )
    chips = filter_chips(params.filters.active, current)
    if params.filters.near:
        chips.append(
            {
                "label": _("in der Nähe von %(place)s")
                % {
                    "place": params.near_district.display_name
                    if params.near_district
                    else _("Ihrem Standort")
                },
                "url": query_string(current, near=None, near_district=None, sort=None),
            }
        )
    empty = None
    if result is not None and not result.count:
        # Nothing found: which filter emptied it, or whether the words did (search.empty).
        empty = empty_answer(params, lambda key, value: _changed(current, key, value))
    facets = []
    if result:
        for key, heading in (
            ("type", _("Art")),
            ("category", _("Kategorie")),
            ("district", _("Stadtteil")),
            ("language", _("Sprache")),
        ):
            rows = [
                {
                    **row,
                    "url": query_string(current, **{key: row["slug"]}),
                    "active": current.get(key) == row["slug"],
                }
                for row in result.facets.get(key, [])
            ]
            if rows:
                facets.append({"key": key, "heading": heading, "rows": rows})
    return {
        "result": result,
        "chips": chips,
        "facets": facets,
        "districts": registry.facet_models["district"].model.objects.all(),
        "categories": registry.facet_models["category"].model.objects.all()
        if result is not None and not result.count
        else [],
        "did_you_mean_url": query_string(current, q=result.did_you_mean)
        if result is not None and result.did_you_mean
        else "",
        "empty": empty,
        "previous_url": query_string(current, page=str(params.page - 1))
        if result is not None and result.has_previous
        else "",
        "next_url": query_string(current, page=str(params.page + 1))
        if result is not None and result.has_next
        else "",
    }


def _changed(current, key, value):
    """The current query string with the filter `key` set to `value` (None
    removes it; "all" removes every filter)."""
    if key == "all":
        return query_string({"q": current.get("q", "")})
    if key == "near":
        return query_string(current, near=None, near_district=None, sort=None)
    return query_string(current, **{key: value})


def empty_answer(params, link):
    """{"filters": [described reasons], "words": [...], "spelling": bool}."""
    reasons = search_reasons(params.query, params.filters, params.kinds)
    return {**reasons, "filters": described(reasons["filters"], link)}


def _error_response(errors):
    return JsonResponse(
        {
            "error": _("Ungültige Suchanfrage."),
            "errors": {key: str(message) for key, message in errors.items()},
        },
        status=400,
    )


def _too_many_requests(request, scope):
    """429 with Retry-After when this client exceeded SEARCH_API_RATE_LIMIT
    requests per minute to this API; None otherwise."""
    # A GET: counted in batches, so a search writes nothing itself.
    limit = settings.SEARCH_API_RATE_LIMIT
    if not too_many(request, scope, limit, RATE_WINDOW_SECONDS, batched=True):
        return None
    response = JsonResponse(
        {"error": _("Zu viele Anfragen in kurzer Zeit. Bitte warten Sie eine Minute.")},
        status=429,
    )
    response["Retry-After"] = str(RATE_WINDOW_SECONDS)
    return response


@require_GET
def search_api(request):
    limited = _too_many_requests(request, "search-api")
    if limited:
        return limited
    params = parse_search_params(request.GET)
    if params.errors:
        return _error_response(params.errors)

    def answer():
        with translation.override(requested_language(request)):
            result = search_all(
                params.query, params.filters, params.page, kinds=params.kinds, sort=params.sort
            )
            rows = [hit.as_dict() for hit in result.results]
            extra = {}
            if not result.count and (params.query or params.filters.active):
                empty = empty_answer(
                    params, lambda key, value: _changed(request.GET.dict(), key, value)
                )
                extra["empty_because"] = {
                    # Each reason with its sentence and links ("?…" on this API's path).
                    "filters": empty["filters"],
                    "words_without_match": empty["words"],
                    "check_spelling": empty["spelling"],
                }
            if result.street:
                extra["street"] = result.street
            return json.dumps(
                {
                    "query": result.query,
                    "count": result.count,
                    "page": result.page,
                    "page_size": result.per_page,
                    "num_pages": result.num_pages,
                    "backend": result.backend,
                    "results": rows,
                    "facets": result.facets,
                    "did_you_mean": result.did_you_mean,
                    "left_out": result.left_out,
                    **extra,
                },
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
            )

    body = cached_answer(request, params.filters.open_now, answer)
    return HttpResponse(body, content_type="application/json")


def requested_language(request):
    """`?lang=tr` chooses the language of an API answer (result URLs under
    /tr/, category names in Turkish); else the request's (German under /api/)."""
    language = request.GET.get("lang", "")
    if language in dict(settings.LANGUAGES):
        return language
    return translation.get_language()


@require_GET
def suggest_api(request):
    limited = _too_many_requests(request, "suggest-api")
    if limited:
        return limited
    prefix = request.GET.get("q", "")
    if len(prefix) > MAX_QUERY_LENGTH:
        return _error_response(
            {
                "q": _("Der Suchbegriff ist zu lang (höchstens %(max)d Zeichen).")
                % {"max": MAX_QUERY_LENGTH}
            }
        )
    with translation.override(requested_language(request)):
        suggestions = suggest(prefix.strip())
    return JsonResponse(
        {"query": prefix, "suggestions": suggestions},
        json_dumps_params={"ensure_ascii": False},
    )
