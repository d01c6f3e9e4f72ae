"""The directory page's listing: filtered, sorted, paginated businesses."""

from django.utils.translation import gettext as _

from quartier.filters import filter_chips
from quartier.geo import distance_m
from quartier.i18n import source_page
from quartier.pagination import IdsFirstPaginator

from .filters import parse_business_filters
from .models.business import BusinessPage
from .models.taxonomy import Category, District, Language

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
)


def directory_listing_context(directory, request):
    """Filtered, sorted, paginated businesses for a DirectoryIndexPage, in a
    constant number of queries whatever the number of businesses."""
    options = {
        "categories": list(Category.objects.all()),
        "districts": list(District.objects.all()),
        "languages": list(Language.objects.all()),
    }
    filters = parse_business_filters(request.GET, options)
    if filters.campaign and not _campaign_exists(filters.campaign):
        filters.errors["campaign"] = _("Unbekannte Aktion.")
        filters.campaign = ""
    # Businesses live in the German tree only, whichever language's directory
    # page is shown.
    businesses = filters.apply(
        BusinessPage.objects.child_of(source_page(directory)).live().public().listed()
    )
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
    }
