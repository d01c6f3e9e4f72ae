"""The directory's overview pages: the listing and the map. Imported last in
`directory.models`: the listing and the map read the models of the modules
beside this one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from quartier.fragments import lazy_context
from quartier.models import BasePage

from ..listing import LISTING_CONTEXT_KEYS, directory_listing_context
from ..map_data import map_context_keys, map_page_context


class DirectoryIndexPage(BasePage):
    template = "pages/directory_index_page.html"
    introduction = models.TextField(_("Einleitung"), blank=True)
    lists_businesses = True  # directory.models.overviews

    parent_page_types = ["quartier.HomePage"]
    subpage_types = ["directory.BusinessPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: a cached main content (quartier/fragments.py) runs none of it.
        context.update(
            lazy_context(LISTING_CONTEXT_KEYS, lambda: directory_listing_context(self, request))
        )
        return context

    class Meta:
        verbose_name = _("Branchenverzeichnis")


class MapPage(BasePage):
    """The map with its filters, the first list of businesses (so the list
    works without JavaScript) and what other apps show on it."""

    template = "pages/map_page.html"
    introduction = models.TextField(_("Einleitung"), blank=True)
    lists_businesses = True  # directory.models.overviews

    parent_page_types = ["quartier.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: a cached main content (quartier/fragments.py) runs none of it.
        context.update(lazy_context(map_context_keys(), lambda: map_page_context(request)))
        return context

    class Meta:
        verbose_name = _("Kartenseite")
