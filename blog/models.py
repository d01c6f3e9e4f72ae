"""Campaigns, workshops and news.

Listing logic lives in the querysets and in `blog.events`; registrations and
their capacity rules live in `blog.registration`."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from directory.models import (
    LATITUDE_VALIDATORS,
    LONGITUDE_VALIDATORS,
    MapPage,
    TranslatedNameMixin,
)
from quartier.blocks import BodyStreamBlock
from quartier.cache_invalidation import collect_urls, home_page_urls, live_pages_urls, page_urls
from quartier.chrome import chrome_for
from quartier.clock import end_of_day, local_today, start_of_day
from quartier.fragments import lazy, lazy_context
from quartier.i18n import localized_list, source_page
from quartier.models import BasePage
from quartier.restrictions import PublicPageQuerySet


def optional_image():
    return models.ForeignKey(
        "quartier.CustomImage",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class TargetGroup(TranslatedNameMixin):
    """Who a workshop is meant for (women, newcomers, seniors, …). Data, so
    that every deployment keeps its own list."""

    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_translations"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")

    def cache_dependent_urls(self):
        return workshops_urls(self.workshops.all())


def workshops_urls(workshops):
    """The workshops' pages and what lists them (their index, the home page)."""
    urls = live_pages_urls(workshops.filter(alias_of__isnull=True))
    indexes = EventIndexPage.objects.filter(alias_of__isnull=True)
    return collect_urls(urls, live_pages_urls(indexes), home_page_urls() if urls else ())


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

        from .events import EventFilter, events_below

        def build():
            event_filter = EventFilter(request.GET)
            # Each event once: the German originals, shown in the visitor's
            # language where translated.
            upcoming, past = events_below(source_page(self), event_filter)
            past_page = Paginator(past, 12).get_page(request.GET.get("archiv"))
            past_page.object_list = localized_list(past_page.object_list)
            return {
                "event_filter": event_filter,
                "upcoming_events": localized_list(upcoming),
                "past_events": past_page,
            }

        context = super().get_context(request, *args, **kwargs)
        # Lazy: a cached main content (quartier/fragments.py) runs none of it.
        context.update(lazy_context(("event_filter", "upcoming_events", "past_events"), build))
        return context

    class Meta:
        verbose_name = _("Terminübersicht")
        verbose_name_plural = _("Terminübersichten")


class NewsTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsIndexPage(RoutablePageMixin, BasePage):
    template = "pages/news_index_page.html"
    cache_subpaths = ("", "feed/rss/", "feed/atom/")
    introduction = models.TextField(_("Einleitung"), blank=True)

    parent_page_types = ["quartier.HomePage"]
    subpage_types = ["blog.NewsPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    def news(self):
        """Each news item once: the German originals (see `localized_list`)."""
        return (
            NewsPage.objects.child_of(source_page(self))
            .live()
            .public()
            .select_related("image")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )

    @path("")
    def index_view(self, request):
        from django.core.paginator import Paginator

        tag = request.GET.get("tag", "").strip()[:100]

        def news_page():
            news = self.news()
            if tag:
                news = news.filter(tags__slug=tag).distinct()
            found = Paginator(news, 10).get_page(request.GET.get("page"))
            found.object_list = localized_list(found.object_list)
            return found

        return self.render(
            request,
            context_overrides={
                # Lazy: a cached main content (quartier/fragments.py) does not query.
                "news": lazy(news_page),
                "current_tag": tag,
                "rss_url": self.url + self.reverse_subpage("feed_rss"),
                "atom_url": self.url + self.reverse_subpage("feed_atom"),
            },
        )

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)

    class Meta:
        verbose_name = _("Neuigkeiten-Übersicht")
        verbose_name_plural = _("Neuigkeiten-Übersichten")


class NewsPage(BasePage):
    template = "pages/news_page.html"

    date = models.DateField(_("Datum"), default=timezone.localdate)
    author = models.CharField(_("Autorin oder Autor"), max_length=120, blank=True)
    teaser = models.TextField(_("Kurztext"), max_length=400, blank=True)
    image = optional_image()
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Inhalt"))
    tags = ClusterTaggableManager(through=NewsTag, blank=True, verbose_name=_("Stichwörter"))

    parent_page_types = ["blog.NewsIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")


# --- Campaigns -----------------------------------------------------------------


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
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Zeitraum")),
        FieldPanel("locations"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("cta_text"), FieldPanel("cta_url")], heading=_("Handlungsaufforderung")
        ),
        FieldPanel("participating_businesses"),
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
        from directory.models import BusinessPage

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
        context["facts"] = lazy(self.canonical)
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


# --- Workshops -----------------------------------------------------------------


class WorkshopPageQuerySet(PublicPageQuerySet):
    def with_schedule(self, now=None):
        """Annotates first_start, last_end and next_start (the next date that
        has not ended yet)."""
        now = now or timezone.now()
        return self.annotate(
            first_start=Min("dates__start"),
            last_end=Max("dates__end"),
            next_start=Min("dates__start", filter=Q(dates__end__gte=now)),
        )

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.with_schedule(now).filter(last_end__gte=now)

    def past(self, now=None):
        now = now or timezone.now()
        return self.with_schedule(now).filter(last_end__lt=now)

    def for_listing(self):
        return self.prefetch_related("dates", "languages", "target_groups")


WorkshopPageManager = PageManager.from_queryset(WorkshopPageQuerySet)


VENUE_FIELDS = (
    "venue_street",
    "venue_house_number",
    "venue_postcode",
    "venue_city",
    "venue_latitude",
    "venue_longitude",
)


class WorkshopPage(EventMixin, BasePage):
    """A digital-skills workshop for residents, with registration."""

    template = "pages/workshop_page.html"
    kind = "workshop"

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Für Einsteigerinnen und Einsteiger")
        ADVANCED = "advanced", _("Für Fortgeschrittene")
        ALL = "all", _("Für alle")

    teaser = models.TextField(_("Kurztext"), max_length=400, blank=True)
    description = RichTextField(
        _("Beschreibung"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    image = optional_image()
    venue_name = models.CharField(_("Veranstaltungsort"), max_length=150)
    venue_street = models.CharField(_("Straße"), max_length=120)
    venue_house_number = models.CharField(_("Hausnummer"), max_length=20, blank=True)
    venue_postcode = models.CharField(_("Postleitzahl"), max_length=10)
    venue_city = models.CharField(_("Ort"), max_length=100)
    venue_latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
    )
    venue_longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
    )
    languages = ParentalManyToManyField(
        "directory.Language",
        verbose_name=_("Kurssprachen"),
        related_name="workshops",
        blank=True,
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), related_name="workshops", blank=True
    )
    level = models.CharField(
        _("Niveau"), max_length=20, choices=Level.choices, default=Level.BEGINNER
    )
    cost = models.DecimalField(
        _("Kosten in Euro"),
        max_digits=7,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("0 heißt kostenlos."),
    )
    capacity = models.PositiveIntegerField(
        _("Plätze"), default=12, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    registration_enabled = models.BooleanField(_("Anmeldung möglich"), default=True)
    registration_deadline = models.DateTimeField(
        _("Anmeldeschluss"),
        null=True,
        blank=True,
        help_text=_("Leer lassen: Anmeldung bis zum Beginn des ersten Termins."),
    )

    objects = WorkshopPageManager()

    parent_page_types = ["blog.EventIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("teaser"),
        FieldPanel("description"),
        FieldPanel("image"),
        InlinePanel("dates", label=_("Termine"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldRowPanel([FieldPanel("venue_street"), FieldPanel("venue_house_number")]),
                FieldRowPanel([FieldPanel("venue_postcode"), FieldPanel("venue_city")]),
                FieldRowPanel([FieldPanel("venue_latitude"), FieldPanel("venue_longitude")]),
            ],
            heading=pgettext_lazy("venue", "Ort"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("languages"),
                FieldPanel("target_groups"),
                FieldPanel("level"),
                FieldPanel("cost"),
            ],
            heading=_("Für wen?"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("registration_enabled"),
                FieldPanel("registration_deadline"),
            ],
            heading=_("Anmeldung"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("description"),
        index.SearchField("venue_name"),
    ]

    @property
    def venue_address(self):
        street = " ".join(part for part in (self.venue_street, self.venue_house_number) if part)
        town = " ".join(part for part in (self.venue_postcode, self.venue_city) if part)
        return ", ".join(part for part in (street, town) if part)

    @property
    def is_on_map(self):
        return self.venue_latitude is not None and self.venue_longitude is not None

    @property
    def is_free(self):
        return not self.cost

    def sorted_dates(self):
        if "_sorted_dates" not in self.__dict__:  # asked several times per page
            self._sorted_dates = sorted(self.dates.all(), key=lambda date: date.start)
        return self._sorted_dates

    @property
    def first_date(self):
        dates = self.sorted_dates()
        return dates[0] if dates else None

    @property
    def last_date(self):
        dates = self.sorted_dates()
        return dates[-1] if dates else None

    @property
    def registration_closes_at(self):
        first = self.first_date
        candidates = [
            moment for moment in (self.registration_deadline, first and first.start) if moment
        ]
        return min(candidates) if candidates else None

    def is_past(self, now=None):
        last = self.last_date
        return last is None or last.end < (now or timezone.now())

    def registration_closed_reason(self, now=None):
        """None when people can register now, else a message saying why not."""
        now = now or timezone.now()
        if self.is_past(now):
            return _("Dieser Workshop hat schon stattgefunden.")
        if not self.registration_enabled:
            return _("Für diesen Workshop ist keine Anmeldung möglich.")
        closes = self.registration_closes_at
        if closes is not None and now > closes:
            return _("Die Anmeldefrist ist abgelaufen.")
        return None

    def places_taken(self):
        from .registration import places_taken

        return places_taken(self)

    def places_left(self):
        return max(self.capacity - self.places_taken(), 0)

    def clean(self):
        super().clean()
        self._geocode_venue()

    def _geocode_venue(self):
        """Put the venue on the map when its address is new or changed and
        the editor gave no coordinates of their own. Never blocks saving."""
        if not (self.venue_street and self.venue_city):
            return
        has_point = self.venue_latitude is not None and self.venue_longitude is not None
        previous = (
            WorkshopPage.objects.filter(pk=self.pk).only(*VENUE_FIELDS).first() if self.pk else None
        )
        if has_point:
            if previous is None or previous.venue_address == self.venue_address:
                return
            # Address changed: the old point is stale unless the editor moved it too.
            if (previous.venue_latitude, previous.venue_longitude) != (
                self.venue_latitude,
                self.venue_longitude,
            ):
                return
        try:
            from directory.geocoding import geocode_address

            result = geocode_address(f"{self.venue_address}, Deutschland")
        except Exception:  # noqa: BLE001 - the geocoder must never block saving
            result = None
        if result is not None:
            self.venue_latitude = result.latitude
            self.venue_longitude = result.longitude

    def get_context(self, request, *args, **kwargs):

        from .forms import RegistrationForm

        context = super().get_context(request, *args, **kwargs)
        original = lazy(self.canonical)
        # Dates, venue, languages and capacity are facts of the German original.
        # Lazy: a cached main content (quartier/fragments.py) does not query.
        context["facts"] = original
        context["registration_form"] = RegistrationForm()
        context["registration_closed_reason"] = lazy(lambda: original.registration_closed_reason())
        context["places_left"] = lazy(lambda: original.places_left())
        context["privacy_url"] = chrome_for(request)["privacy_url"]
        return context

    def serve(self, request, *args, **kwargs):
        from .views import serve_workshop

        return serve_workshop(self, request, *args, **kwargs)

    class Meta:
        verbose_name = _("Workshop")
        verbose_name_plural = _("Workshops")


class WorkshopDate(Orderable):
    """One session of a workshop. Times are entered and shown in Europe/Berlin."""

    page = ParentalKey(WorkshopPage, on_delete=models.CASCADE, related_name="dates")
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})

    def __str__(self):
        return f"{timezone.localtime(self.start):%d.%m.%Y %H:%M}"

    class Meta(Orderable.Meta):
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")


class Registration(models.Model):
    """One person's registration for a workshop (all of its dates)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("bestätigt")
        WAITLISTED = "waitlisted", _("Warteliste")
        CANCELLED = "cancelled", _("storniert")

    workshop = models.ForeignKey(
        WorkshopPage,
        verbose_name=_("Workshop"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("Name"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    places = models.PositiveSmallIntegerField(
        _("Plätze"), default=1, validators=[MinValueValidator(1)]
    )
    note = models.TextField(_("Anmerkung"), blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    attended = models.BooleanField(
        _("Teilgenommen"),
        default=False,
        help_text=_("Das Koordinationsteam trägt ein, wer da war; zählt auch nach der Löschfrist."),
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(_("Angemeldet am"), auto_now_add=True)
    consent_at = models.DateTimeField(_("Einwilligung am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("Storniert am"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("Anonymisiert am"), null=True, blank=True)

    panels = [
        FieldPanel("workshop"),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("places"),
        FieldPanel("note"),
        FieldPanel("status"),
        FieldPanel("attended"),
    ]

    def cache_dependent_urls(self):
        """The workshop's free places."""
        return self.workshop.cache_dependent_urls()

    class Meta:
        ordering = ["workshop", "created_at", "pk"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        constraints = [
            # The same email address registers once per workshop, even when two
            # requests arrive at the same moment.
            models.UniqueConstraint(
                fields=["workshop", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="blog_registration_unique_active_email",
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1), name="blog_registration_places_gte_1"
            ),
        ]

    def __str__(self):
        return f"{self.name or _('anonymisiert')} – {self.workshop_id}"

    @property
    def contact(self):
        return self.email or self.phone


# --- What the page cache drops for other apps' objects (see BlogConfig.ready) ---


def campaigns_of_business(business):
    """Campaign pages list their participating businesses."""
    campaigns = CampaignPage.objects.filter(
        participating_businesses__translation_key=business.translation_key
    )
    return live_pages_urls(campaigns.distinct())


def workshops_in_language(language):
    return workshops_urls(language.workshops.all())
