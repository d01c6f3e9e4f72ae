"""Reads and validates the search parameters of the page and the API."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from quartier.filters import valid_sort

from .registry import registry
from .service import MAX_QUERY_LENGTH, SORTS
from .types import result_kinds

FILTER_KEYS = ("category", "district", "language", "campaign", "open_now", "wheelchair", "near")
MAX_PAGE = 500


@dataclass
class SearchParams:
    query: str = ""
    filters: object = field(default_factory=registry.empty_filters)
    kinds: tuple = ()
    sort: str = "relevance"
    page: int = 1
    near_district: object = None  # the district whose centre is `near`
    errors: dict = field(default_factory=dict)


def parse_search_params(params):
    """Never raises: problems are collected in `errors` with a readable message."""
    result = SearchParams()
    errors = result.errors
    query = params.get("q", "") or ""
    if len(query) > MAX_QUERY_LENGTH:
        errors["q"] = _("Der Suchbegriff ist zu lang (höchstens %(max)d Zeichen).") % {
            "max": MAX_QUERY_LENGTH
        }
        query = query[:MAX_QUERY_LENGTH]
    result.query = query.strip()

    filter_params = {key: params.get(key, "") for key in FILTER_KEYS}
    near_district = (params.get("near_district") or "").strip()[:100]
    if near_district and not filter_params["near"]:
        place = registry.filters.near_place(near_district)
        if place is None:
            errors["near_district"] = _("Unbekannter Stadtteil.")
        else:
            result.near_district, (latitude, longitude) = place
            filter_params["near"] = f"{latitude},{longitude}"
    result.filters = registry.filters.parse(filter_params)
    errors.update(result.filters.errors)

    known = set(result_kinds())
    getlist = getattr(params, "getlist", None)
    kinds = getlist("type") if getlist else [params.get("type")] if params.get("type") else []
    kinds = [kind for kind in kinds if kind]
    unknown = [kind for kind in kinds if kind not in known]
    if unknown:
        errors["type"] = _("Unbekannte Art: %(types)s. Erlaubt: %(known)s.") % {
            "types": ", ".join(unknown)[:100],
            "known": ", ".join(sorted(known)),
        }
    result.kinds = tuple(kind for kind in kinds if kind in known)

    sort = (params.get("sort") or "").strip()
    if not sort:
        sort = "distance" if result.filters.near and not result.query else "relevance"
    unknown = _("Unbekannte Sortierung. Erlaubt: relevance, distance.")
    result.sort = valid_sort(
        sort, SORTS, "relevance", errors, near=result.filters.near, unknown=unknown
    )

    page = (params.get("page") or "1").strip()
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        errors["page"] = _("Die Seite muss eine Zahl zwischen 1 und %(max)d sein.") % {
            "max": MAX_PAGE
        }
        page = "1"
    result.page = int(page)
    return result
