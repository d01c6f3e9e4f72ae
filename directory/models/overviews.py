"""What a change of a business or its reference data drops from the page
cache on the pages that list or map businesses. Those page types say so
themselves (`lists_businesses = True`), so this module needs none of them."""

from django.apps import apps
from django.urls import reverse

from wagtail.models import Page

from quartier.cache_invalidation import collect_urls, home_page_urls, live_pages_urls


def overview_page_types():
    """The installed page types that list or map businesses."""
    return [model for model in apps.get_models() if getattr(model, "lists_businesses", False)]


def directory_overview_urls(home_page=True):
    """The pages that list or map businesses: the directory (any filter, any page),
    the map page, the GeoJSON data and (unless `home_page` is False) the home
    page's cards."""
    overviews = Page.objects.type(*overview_page_types()).filter(alias_of__isnull=True)
    return collect_urls(
        live_pages_urls(overviews),
        home_page_urls() if home_page else (),
        {reverse("businesses_geojson")},
    )
