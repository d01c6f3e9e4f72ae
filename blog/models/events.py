"""What campaigns and workshops share, and the page that lists them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from directory.models import MapPage
from quartier.cache_invalidation import collect_urls, home_page_urls, live_pages_urls, page_urls
from quartier.i18n import localized_list, source_page
from quartier.models import BasePage


def optional_image():
    return models.ForeignKey(
        "quartier.CustomImage",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class EventMixin:
    """Shared by campaigns and workshops."""

    def cache_dependent_urls(self):
        """The event in every language, its index, the home page's upcoming
        events and the map page (workshop venues)."""
        parent = self.get_parent()
        maps = MapPage.objects.filter(alias_of__isnull=True)
        return collect_urls(
            page_urls(self), page_urls(parent), home_page_urls(), live_pages_urls(maps)
        )

    def canonical(self):
        """The page in the default language. Aliases and translations of an
        event share its registrations, capacity and calendar UIDs."""
        from wagtail.models import Locale

        if self.locale_id == Locale.get_default().pk:
            return self
        original = (
            type(self)
            .objects.filter(translation_key=self.translation_key, locale=Locale.get_default())
            .first()
        )
        return original or self


# --- Index pages ---------------------------------------------------------------


class EventIndexPage(BasePage):
    """Campaigns and workshops: upcoming first, past ones in an archive."""

    template = "pages/event_index_page.html"
    introduction = models.TextField(_("Einleitung"), blank=True)

    parent_page_types = ["quartier.HomePage"]
    subpage_types = ["blog.CampaignPage", "blog.WorkshopPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from ..events import EventFilter, events_below

        context = super().get_context(request, *args, **kwargs)
        event_filter = EventFilter(request.GET)
        # Each event once: the German originals, shown in the visitor's
        # language where translated.
        upcoming, past = events_below(source_page(self), event_filter)
        context["event_filter"] = event_filter
        context["upcoming_events"] = localized_list(upcoming)
        past_page = Paginator(past, 12).get_page(request.GET.get("archiv"))
        past_page.object_list = localized_list(past_page.object_list)
        context["past_events"] = past_page
        return context

    class Meta:
        verbose_name = _("Terminübersicht")
        verbose_name_plural = _("Terminübersichten")
