"""The directory's overview pages: the listing and the map."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from quartier.cache_invalidation import collect_urls, home_page_urls, live_pages_urls
from quartier.models import BasePage


def directory_overview_urls(home_page=True):
    """The pages that list or map businesses: the directory (any filter, any page),
    the map page, the GeoJSON data and (unless `home_page` is False) the home
    page's cards."""
    overviews = Page.objects.type(DirectoryIndexPage, MapPage).filter(alias_of__isnull=True)
    return collect_urls(
        live_pages_urls(overviews),
        home_page_urls() if home_page else (),
        {reverse("businesses_geojson")},
    )


class DirectoryIndexPage(BasePage):
    template = "pages/directory_index_page.html"
    introduction = models.TextField(_("Einleitung"), blank=True)

    parent_page_types = ["quartier.HomePage"]
    subpage_types = ["directory.BusinessPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    def get_context(self, request, *args, **kwargs):
        from ..views import directory_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directory_listing_context(self, request))
        return context

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        from ..owners import assign_moderation_workflow

        assign_moderation_workflow(self)
        return result

    class Meta:
        verbose_name = _("Branchenverzeichnis")


class MapPage(BasePage):
    template = "pages/map_page.html"
    introduction = models.TextField(_("Einleitung"), blank=True)

    parent_page_types = ["quartier.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        verbose_name = _("Kartenseite")
