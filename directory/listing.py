"""The directory page's listing: filtered, sorted, paginated businesses."""

from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.filters import filter_chips, query_string
from quartier.geo import distance_m
from quartier.i18n import source_page
from quartier.pagination import IdsFirstPaginator
from search.empty import described, filter_reasons
from search.service import facet_objects

from .filters import parse_business_filters
from .models.business import BusinessPage

PAGE_SIZE = 20
FILTER_PARAMS = (
    "category",
    "district",
    "language",
    "campaign",
    "open_now",
    "wheelchair",
    "hiring",
)


def _campaign_exists(slug):
    # The campaigns relation is declared by the blog's CampaignPage, a layer above.
    campaign_model = BusinessPage._meta.get_field("campaigns").related_model
    return campaign_model.objects.filter(slug=slug).exists()


def _load_for_listing(ids):
    return BusinessPage.objects.filter(pk__in=ids).for_listing()


LISTING_CONTEXT_KEYS = (
    "businesses",
    "page_obj",
    "filters",
    "filter_errors",
    "filter_chips",
    "filter_options",
    "selected",
    "show_distance",
    "empty_filters",
)


def directory_listing_context(directory, request):
    """Filtered, sorted, paginated businesses for a DirectoryIndexPage, in a
    constant number of queries whatever the number of businesses."""
    # The reference tables, cached until one of them changes (search.service).
    references = facet_objects()
    options = {
        "categories": list(references["category"].values()),
        "districts": list(references["district"].values()),
        "languages": list(references["language"].values()),
    }
    filters = parse_business_filters(request.GET, options)
    if filters.campaign and not _campaign_exists(filters.campaign):
        filters.errors["campaign"] = _("Unbekannte Aktion.")
        filters.campaign = ""
    # Businesses live in the German tree only, whichever language's directory
    # page is shown.
    listed = BusinessPage.objects.child_of(source_page(directory)).live().public().listed()
    when = timezone.now()  # one instant for the listing and its empty answer
    businesses = filters.apply(listed, when)
    page_obj = IdsFirstPaginator(businesses, PAGE_SIZE, _load_for_listing).get_page(
        request.GET.get("page")
    )
    if filters.sort == "distance" and filters.near:
        for business in page_obj.object_list:
            business.distance_m = distance_m(*filters.near, business.latitude, business.longitude)

    return {
        "businesses": page_obj,
        "page_obj": page_obj,
        "filters": filters,
        "filter_errors": list(filters.errors.values()),
        "filter_chips": filter_chips(filters.active, request.GET),
        "filter_options": options,
        "selected": {key: request.GET.get(key, "") for key in (*FILTER_PARAMS, "near", "sort")},
        "show_distance": filters.sort == "distance" and filters.near is not None,
        "empty_filters": _empty_filters(listed, filters, options, request, when)
        if not page_obj.paginator.count and filters.active
        else [],
    }


def _empty_filters(listed, filters, options, request, when):
    """Why the filters leave no business (search.empty): per active filter,
    how many remain without it, the district with most of them, when the first
    of them opens. Only for an empty listing, at the listing's instant `when`
    (whose opening states the listing has just brought up to date): one query
    per active filter (for "open now": its hours texts with their counts)."""
    names = {district.slug: district.display_name for district in options["districts"]}

    def search(unfiltered, per_page):
        queryset = unfiltered.restrict(listed, when, refresh=False).order_by()
        if per_page > 1:
            # "Open now" taken away: how many, and their hours texts for the
            # next opening (directory.search.next_opening), in one query.
            rows = queryset.values("opening_hours").annotate(n=Count("pk"))
            texts = Counter({row["opening_hours"]: row["n"] for row in rows})
            return sum(texts.values()), {"district": []}, texts
        rows = queryset.values("district__slug").annotate(n=Count("pk"))
        districts = sorted(
            (
                {
                    "slug": row["district__slug"],
                    "name": names[row["district__slug"]],
                    "count": row["n"],
                }
                for row in rows
                if row["district__slug"] in names
            ),
            key=lambda row: (-row["count"], row["name"]),
        )
        count = sum(row["n"] for row in rows)
        return count, {"district": districts}, []

    def link(key, value):
        if key == "all":
            return "?"
        return query_string(request.GET.dict(), **{key: value})

    return described(filter_reasons(search, filters, when), link)
