"""What the home page shows from the directory (quartier.models.show_on_home_page)."""

from quartier.fragments import lazy
from quartier.i18n import localized_home_child

from .models import HOME_PAGE_BUSINESSES, BusinessPage, District, MapPage


def home_page_section(request):
    """The districts, the map page and the featured businesses; lazy, so that a
    cached main content (quartier/fragments.py) runs none of the queries."""

    def featured_businesses():
        # The six ids first, then their rows for display: sorting all listed
        # businesses with their joins takes twice as long at 10,000 businesses.
        ids = list(
            BusinessPage.objects.home_page_selection().values_list("pk", flat=True)[
                :HOME_PAGE_BUSINESSES
            ]
        )
        rows = BusinessPage.objects.filter(pk__in=ids).for_listing().in_bulk()
        return [rows[pk] for pk in ids if pk in rows]

    return {
        "districts": District.objects.all(),
        "map_page": lazy(lambda: localized_home_child("map", MapPage.objects.live())),
        "featured_businesses": lazy(featured_businesses),
    }
