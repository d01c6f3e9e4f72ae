"""What the home page shows from the directory (quartier.models.show_on_home_page)."""

from quartier.i18n import localized_source

from .models import HOME_PAGE_BUSINESSES, BusinessPage, District, MapPage


def home_page_section(request):
    """The districts, the map page and the featured businesses."""
    # The six ids first, then their rows for display: sorting all listed
    # businesses with their joins takes twice as long at 10,000 businesses.
    featured_ids = list(
        BusinessPage.objects.home_page_selection().values_list("pk", flat=True)[
            :HOME_PAGE_BUSINESSES
        ]
    )
    featured = BusinessPage.objects.filter(pk__in=featured_ids).for_listing().in_bulk()
    return {
        "districts": District.objects.all(),
        "map_page": localized_source(MapPage.objects.live()),
        "featured_businesses": [featured[pk] for pk in featured_ids if pk in featured],
    }
