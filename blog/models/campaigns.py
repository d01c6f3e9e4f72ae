"""Joint campaigns of local businesses."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from directory.models import BusinessPage
from directory.widgets import BusinessChooserWidget
from quartier.blocks import BodyStreamBlock
from quartier.cache_invalidation import live_pages_urls
from quartier.clock import end_of_day, local_today, start_of_day
from quartier.fragments import lazy
from quartier.models import BasePage, optional_image
from quartier.restrictions import PublicPageQuerySet

from ..schema import campaign_events, json_ld_script
from .common import EventMixin, event_status_field


class CampaignPageQuerySet(PublicPageQuerySet):
    """`today` is a date in the site's zone (default: today there)."""

    def running(self, today=None):
        today = today or local_today()
        return self.filter(start_date__lte=today, end_date__gte=today)

    def upcoming(self, today=None):
        """Running or still to come."""
        return self.filter(end_date__gte=today or local_today())

    def past(self, today=None):
        return self.filter(end_date__lt=today or local_today())


CampaignPageManager = PageManager.from_queryset(CampaignPageQuerySet)


class CampaignPage(EventMixin, BasePage):
    """A joint campaign of local businesses (gemeinsame Aktion)."""

    template = "pages/campaign_page.html"
    kind = "campaign"

    teaser = models.TextField(_("Kurztext"), max_length=400, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Inhalt"))
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"))
    locations = models.TextField(
        _("Orte"),
        blank=True,
        help_text=_("Wo findet die Aktion statt? Eine Zeile je Ort."),
    )
    image = optional_image()
    event_status = event_status_field()
    cta_text = models.CharField(_("Text der Handlungsaufforderung"), max_length=80, blank=True)
    cta_url = models.URLField(_("Adresse der Handlungsaufforderung"), blank=True)
    participating_businesses = ParentalManyToManyField(
        "directory.BusinessPage",
        verbose_name=_("Teilnehmende Geschäfte"),
        related_name="campaigns",
        blank=True,
    )

    objects = CampaignPageManager()

    parent_page_types = ["blog.EventIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("teaser"),
        FieldPanel("event_status"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Zeitraum")),
        FieldPanel("locations"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("cta_text"), FieldPanel("cta_url")], heading=_("Handlungsaufforderung")
        ),
        FieldPanel("participating_businesses", widget=BusinessChooserWidget),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Ende darf nicht vor dem Beginn liegen.")})

    def get_context(self, request, *args, **kwargs):
        def participants():
            ids = [business.pk for business in self.canonical().participating_businesses.all()]
            return (
                BusinessPage.objects.live()
                .public()
                .filter(pk__in=ids)
                .for_listing()
                .order_by("title")
            )

        context = super().get_context(request, *args, **kwargs)
        # Participants are a fact of the German original; a translation's
        # copy may be out of date. Lazy: a cached main content does not query.
        context["facts"] = facts = lazy(self.canonical)
        context["event_json_ld"] = lazy(
            lambda: json_ld_script(campaign_events(self, facts(), request))
        )
        context["participants"] = lazy(participants)
        return context

    @property
    def is_running(self):
        return self.start_date <= local_today() <= self.end_date

    @property
    def starts_at(self):
        """The instant the campaign begins: 00:00 on its first day, site's zone."""
        return start_of_day(self.start_date)

    @property
    def ends_at(self):
        """The instant the campaign is over: the end of its last day (exclusive)."""
        return end_of_day(self.end_date)

    @property
    def location_list(self):
        return [line.strip() for line in self.locations.splitlines() if line.strip()]

    class Meta:
        verbose_name = _("Gemeinsame Aktion")
        verbose_name_plural = _("Gemeinsame Aktionen")


def campaigns_of_business(business):
    """Campaign pages list their participating businesses."""
    campaigns = CampaignPage.objects.filter(
        participating_businesses__translation_key=business.translation_key
    )
    return live_pages_urls(campaigns.distinct())
