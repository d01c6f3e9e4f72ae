"""The page that lists campaigns and workshops. Imported last in
`blog.models`: its listing (blog.events) reads the page types beside it."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from quartier.fragments import lazy_context
from quartier.i18n import localized_all, source_page
from quartier.models import BasePage

from ..events import EventFilter, events_below

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
        def build():
            event_filter = EventFilter(request.GET)
            # Each event once: the German originals, shown in the visitor's
            # language where translated.
            upcoming, past = events_below(source_page(self), event_filter)
            past_page = Paginator(past, 12).get_page(request.GET.get("archiv"))
            shown = localized_all([*upcoming, *past_page.object_list])
            past_page.object_list = [shown[page.pk] for page in past_page.object_list]
            return {
                "event_filter": event_filter,
                "upcoming_events": [shown[page.pk] for page in upcoming],
                "past_events": past_page,
            }

        context = super().get_context(request, *args, **kwargs)
        # Lazy: a cached main content (quartier/fragments.py) runs none of it.
        context.update(lazy_context(("event_filter", "upcoming_events", "past_events"), build))
        return context

    class Meta:
        verbose_name = _("Terminübersicht")
        verbose_name_plural = _("Terminübersichten")
