"""Digital-skills workshops, their dates and target groups."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Min, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from directory.geocoding import geocode_address
from directory.models import ListEntry
from quartier.address import VenueAddress
from quartier.cache_invalidation import collect_urls, home_page_urls, live_pages_urls
from quartier.chrome import chrome_for
from quartier.forms import RateLimit
from quartier.fragments import lazy
from quartier.models import BasePage, optional_image
from quartier.restrictions import PublicPageQuerySet

from ..emails import send_registration_email
from ..forms import RATE_LIMIT_ATTEMPTS, RATE_LIMIT_WINDOW_SECONDS, RegistrationForm
from ..registration import RegistrationError, register
from ..schema import json_ld_script, workshop_events
from .common import EventMixin, event_status_field
from .registrations import Registration

REGISTRATION_LIMIT = RateLimit(
    "registration",
    RATE_LIMIT_ATTEMPTS,
    RATE_LIMIT_WINDOW_SECONDS,
    _("Zu viele Anmeldeversuche in kurzer Zeit. Bitte warten Sie einige Minuten."),
)


class TargetGroup(ListEntry):
    """Who a workshop is meant for (women, newcomers, seniors, …). Data, so
    that every deployment keeps its own list."""

    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)

    class Meta(ListEntry.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")

    def cache_dependent_urls(self):
        return workshops_urls(self.workshops.all())


def workshops_urls(workshops):
    """The workshops' pages and what lists them (their index, the home page)."""
    urls = live_pages_urls(workshops.filter(alias_of__isnull=True))
    indexes = Page.objects.type(*WorkshopPage.allowed_parent_page_models()).filter(
        alias_of__isnull=True
    )
    return collect_urls(urls, live_pages_urls(indexes), home_page_urls() if urls else ())


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


class WorkshopPage(EventMixin, VenueAddress, BasePage):
    """A digital-skills workshop for residents, with registration."""

    template = "pages/workshop_page.html"
    kind = "workshop"
    address_country = "Deutschland"

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
    event_status = event_status_field()
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
        FieldPanel("event_status"),
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
        return self.address_line

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
        return self.registrations.places_taken()

    def places_left(self):
        return max(self.capacity - self.places_taken(), 0)

    def clean(self):
        super().clean()
        self.geocode_changed_address(geocode_address)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        original = lazy(self.canonical)
        # Dates, venue, languages and capacity are facts of the German original.
        # Lazy: a cached main content (quartier/fragments.py) does not query.
        context["facts"] = original
        context["registration_form"] = RegistrationForm()
        context["registration_closed_reason"] = lazy(lambda: original.registration_closed_reason())
        context["places_left"] = lazy(lambda: original.places_left())
        context["event_json_ld"] = lazy(
            lambda: json_ld_script(
                workshop_events(self, original(), request, original.places_left())
            )
        )
        context["privacy_url"] = chrome_for(request)["privacy_url"]
        return context

    def serve(self, request, *args, **kwargs):
        """The workshop page; a POST is a registration, which leads to its own
        page (or, when refused, shows the form again with status 200)."""
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = RegistrationForm(request.POST)

        def show(status):
            context = self.get_context(request, *args, **kwargs)
            context["registration_form"] = form
            return TemplateResponse(request, self.get_template(request), context, status=status)

        def register_places(data):
            try:
                registration = register(
                    self.canonical(),
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    places=data["places"],
                    note=data["note"],
                )
            except RegistrationError as error:
                field = error.field or NON_FIELD_ERRORS
                raise ValidationError({field: str(error.message)}) from error
            kind = (
                "confirmed"
                if registration.status == Registration.Status.CONFIRMED
                else "waitlisted"
            )
            send_registration_email(registration, kind, request)
            return redirect("blog_registration", token=registration.token)

        return form.submit(
            request,
            REGISTRATION_LIMIT,
            act=register_places,
            show=show,
            # A person sees their registration's page; a bot (the spam trap) is only thanked.
            thanks=_("Vielen Dank für Ihre Anmeldung."),
            done_url=self.url,
            invalid_status=200,
        )

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


def workshops_in_language(language):
    return workshops_urls(language.workshops.all())
