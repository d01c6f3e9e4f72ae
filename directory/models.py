"""Business directory: districts, categories, languages and business profiles.

Districts, categories, languages and payment methods are data (snippets), so
another city deploys with its own lists and no code change."""

import math

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from quartier.admin_forms import CollectionRestrictedImagesPageForm
from quartier.cache_invalidation import (
    collect_urls,
    home_page_urls,
    live_pages_urls,
    page_urls,
)
from quartier.clock import local_today
from quartier.models import BasePage
from quartier.restrictions import PublicPageQuerySet

from .hours_widget import OpeningHoursField
from .opening_hours import validate_opening_hours
from .opening_state import open_at_filter, refresh_opening_states
from .panels import (
    BUSINESS_CONTENT_PANELS,
    BUSINESS_PROMOTE_PANELS,
    BUSINESS_SETTINGS_PANELS,
    MANAGE_LISTING,  # noqa: F401  (re-exported)
)

# A business's name is one line, short enough for a mail subject, a map popup
# and the owner group's label.
BUSINESS_TITLE_MAX_LENGTH = 120


def validate_business_title(value):
    if value.splitlines() not in ([], [value]):  # any line break Python knows
        raise ValidationError(_("Der Name muss in eine Zeile passen (ohne Zeilenumbruch)."))
    if len(value) > BUSINESS_TITLE_MAX_LENGTH:
        raise ValidationError(
            _("Der Name ist zu lang (höchstens %(limit)d Zeichen).")
            % {"limit": BUSINESS_TITLE_MAX_LENGTH}
        )


# Businesses on the home page: featured first, then the newest.
HOME_PAGE_BUSINESSES = 6


LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]
# A business page's response names the page here, for the view counter
# (freshness.middleware), which reads and removes it, also on cached pages.
VIEW_COUNT_HEADER = "X-Quartier-Business"


class TranslatedNameMixin(models.Model):
    """A German name plus optional names per interface language, e.g.
    {"tr": "Kuaför", "en": "Hairdresser"}. Data, not catalogue strings,
    because every city brings its own lists."""

    name = models.CharField(_("Name (Deutsch)"), max_length=100)
    name_translations = models.JSONField(
        _("Übersetzungen des Namens"),
        default=dict,
        blank=True,
        help_text=_('Zum Beispiel {"tr": "Kuaför", "en": "Hairdresser"}'),
    )

    @property
    def display_name(self):
        language = (translation.get_language() or "de").split("-")[0]
        return self.name_translations.get(language) or self.name

    def __str__(self):
        return self.display_name

    class Meta:
        abstract = True


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


class ShownWithBusinessesMixin:
    """For the snippets that business cards and profiles show (districts,
    categories, languages, payment methods): a change drops the overviews and
    the profiles of the businesses that have it."""

    def cache_dependent_urls(self):
        businesses = self.businesses.filter(alias_of__isnull=True)
        return collect_urls(
            directory_overview_urls(), live_pages_urls(businesses, translations=False)
        )


class District(ShownWithBusinessesMixin, TranslatedNameMixin):
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    city = models.CharField(_("Stadt"), max_length=100)
    postcodes = models.CharField(
        _("Postleitzahlen"),
        max_length=200,
        blank=True,
        help_text=_("Durch Kommas getrennt, z. B. 47053, 47057"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    centre_latitude = models.DecimalField(
        _("Mittelpunkt Breite"), max_digits=9, decimal_places=6, validators=LATITUDE_VALIDATORS
    )
    centre_longitude = models.DecimalField(
        _("Mittelpunkt Länge"), max_digits=9, decimal_places=6, validators=LONGITUDE_VALIDATORS
    )
    boundary = models.JSONField(
        _("Grenze (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("Optional: ein GeoJSON-Polygon oder MultiPolygon der Stadtteilgrenze."),
    )
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_translations"),
        FieldPanel("slug"),
        FieldPanel("city"),
        FieldPanel("postcodes"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("centre_latitude"), FieldPanel("centre_longitude")]),
        FieldPanel("boundary"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")


class Category(ShownWithBusinessesMixin, TranslatedNameMixin):
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    colour = models.CharField(
        _("Farbe auf der Karte"),
        max_length=7,
        default="#1f5f8b",
        help_text=_("Hex-Farbwert, z. B. #1f5f8b"),
    )
    icon = models.CharField(_("Symbol"), max_length=40, blank=True)
    keywords = models.TextField(
        _("Suchbegriffe"),
        blank=True,
        help_text=_(
            "Weitere Wörter, unter denen man diese Kategorie findet (eine Zeile je Begriff)."
        ),
    )
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_translations"),
        FieldPanel("slug"),
        FieldPanel("colour"),
        FieldPanel("icon"),
        FieldPanel("keywords"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")


class Language(ShownWithBusinessesMixin, models.Model):
    """A language spoken in a business or taught in a workshop (ISO 639-1)."""

    code = models.CharField(_("ISO-639-1-Code"), max_length=3, unique=True)
    native_name = models.CharField(_("Eigenname"), max_length=60)
    german_name = models.CharField(_("Name auf Deutsch"), max_length=60)
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("native_name"),
        FieldPanel("german_name"),
        FieldPanel("sort_order"),
    ]

    def __str__(self):
        return self.native_name

    @classmethod
    def from_iso_code(cls, code):
        """An unsaved Language for any ISO 639-1 code, named from Babel's CLDR
        data ("vi" → "Tiếng Việt" / "Vietnamesisch"); None for an unknown code."""
        from babel import Locale, UnknownLocaleError

        code = (code or "").strip().lower()
        if len(code) != 2 or not code.isalpha():
            return None
        try:
            native = Locale.parse(code).get_display_name(code)
        except (UnknownLocaleError, ValueError):
            return None
        german = Locale("de").languages.get(code)
        if not native or not german:
            return None
        return cls(code=code, native_name=native[:1].upper() + native[1:], german_name=german)

    class Meta:
        ordering = ["sort_order", "german_name"]
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")


class PaymentMethod(ShownWithBusinessesMixin, TranslatedNameMixin):
    slug = models.SlugField(_("Kurzname"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_translations"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("Zahlungsart")
        verbose_name_plural = _("Zahlungsarten")


class GeocodeCache(models.Model):
    """Address → coordinates, so the same address is never asked twice."""

    query = models.CharField(max_length=300, unique=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    display_name = models.CharField(max_length=500, blank=True)
    found = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Geocoding-Cache-Eintrag")
        verbose_name_plural = _("Geocoding-Cache")

    def __str__(self):
        return self.query


class DirectoryIndexPage(BasePage):
    template = "pages/directory_index_page.html"
    introduction = models.TextField(_("Einleitung"), blank=True)

    parent_page_types = ["quartier.HomePage"]
    subpage_types = ["directory.BusinessPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    def get_context(self, request, *args, **kwargs):
        from .views import directory_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directory_listing_context(self, request))
        return context

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        from .owners import assign_moderation_workflow

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


class BusinessTag(TaggedItemBase):
    content_object = ParentalKey(
        "directory.BusinessPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BusinessPageQuerySet(PublicPageQuerySet):
    def listed(self, today=None):
        """Active businesses, the ones that appear in listings and on the map; a
        temporary closure ends by itself on its reopening date."""
        return self.filter(
            models.Q(status=BusinessPage.Status.ACTIVE)
            | models.Q(
                status=BusinessPage.Status.TEMPORARILY_CLOSED,
                reopens_on__lte=today or local_today(),
            )
        )

    def in_district(self, district):
        return self.filter(district=district)

    def in_category(self, category):
        return self.filter(category=category)

    def speaking(self, language):
        return self.filter(languages=language)

    def wheelchair_accessible(self):
        return self.filter(
            wheelchair__in=[BusinessPage.Wheelchair.YES, BusinessPage.Wheelchair.LIMITED]
        )

    def in_campaign(self, campaign_slug):
        """Participants of the campaign; its translations share the slug and
        copy the participants, so only the German original counts (one join)."""
        from quartier.i18n import default_content_language

        return self.filter(
            campaigns__slug=campaign_slug,
            campaigns__locale__language_code=default_content_language(),
        )

    def geocoded(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def hiring(self, today=None):
        """Businesses with at least one open position (not filled, still valid)."""
        return self.filter(
            models.Exists(BusinessJob.objects.open(today).filter(page=models.OuterRef("pk")))
        )

    def open_at(self, when=None):
        """Businesses open at `when` (default: now): a filter on the stored
        opening state (directory/opening_state.py); the rows whose stored state
        does not cover `when` are recomputed first, once per distinct text."""
        when = when or timezone.now()
        refresh_opening_states(self.model.objects.all(), when)
        return self.filter(open_at_filter(when))

    def open_texts(self, when=None):
        """The distinct opening-hours texts of these businesses that are open at
        `when` (the search index filters on them)."""
        texts = self.open_at(when).order_by().values_list("opening_hours", flat=True)
        return list(texts.distinct())

    def annotate_distance(self, latitude, longitude):
        """Adds `distance_sq`, a squared equirectangular distance in degrees that
        orders correctly at city scale and works on SQLite and PostgreSQL."""
        scale = math.cos(math.radians(latitude))
        delta_lat = models.F("latitude") - latitude
        delta_lng = (models.F("longitude") - longitude) * scale
        return self.geocoded().annotate(
            distance_sq=models.ExpressionWrapper(
                delta_lat * delta_lat + delta_lng * delta_lng, output_field=models.FloatField()
            )
        )

    def for_listing(self):
        return (
            self.select_related("category", "district", "logo")
            .prefetch_related("languages")
            .with_text_translations()
        )

    def with_text_translations(self):
        """Prefetches the texts in the visitor's language (one query), none
        for German: the page's own fields are the German texts."""
        from quartier.i18n import active_content_language, default_content_language

        language = active_content_language()
        if language in (None, default_content_language()):
            return self
        return self.prefetch_related(
            models.Prefetch(
                "text_translations",
                queryset=BusinessPageTranslation.objects.filter(language=language),
            )
        )

    def home_page_selection(self):
        """The businesses on a home page, best first: featured, then the newest."""
        # Never-published rows last on every database (PostgreSQL sorts NULLs
        # first in a descending order, SQLite last).
        return (
            self.live()
            .public()
            .listed()
            .order_by("-featured", models.F("last_published_at").desc(nulls_last=True))
        )


BusinessPageManager = PageManager.from_queryset(BusinessPageQuerySet)


class BusinessPage(BasePage):
    template = "pages/business_page.html"
    serve_related = ("category", "district", "logo")

    class Status(models.TextChoices):
        ACTIVE = "active", _("geöffnet")
        TEMPORARILY_CLOSED = "temporarily_closed", _("vorübergehend geschlossen")
        CLOSED = "closed", _("dauerhaft geschlossen")

    class Wheelchair(models.TextChoices):
        UNKNOWN = "", _("unbekannt")
        YES = "yes", _("rollstuhlgerecht")
        LIMITED = "limited", _("eingeschränkt rollstuhlgerecht")
        NO = "no", _("nicht rollstuhlgerecht")

    class LocationSource(models.TextChoices):
        NONE = "", _("keine")
        GEOCODED = "geocoded", _("aus der Adresse ermittelt")
        MANUAL = "manual", _("von Hand gesetzt")
        IMPORTED = "imported", _("importiert")

    class GeocodeStatus(models.TextChoices):
        PENDING = "pending", _("noch nicht auf der Karte")
        OK = "ok", _("auf der Karte")
        FAILED = "failed", _("Adresse nicht gefunden")
        OUTSIDE = "outside", _("Ergebnis außerhalb des Stadtteils")

    tagline = models.CharField(
        _("Kurzbeschreibung"),
        max_length=160,
        blank=True,
        help_text=_("Ein Satz, z. B. „Frisches Brot seit 1998“."),
    )
    description = RichTextField(
        _("Beschreibung"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("Kategorie"),
        null=True,
        on_delete=models.PROTECT,
        related_name="businesses",
    )
    tags = ClusterTaggableManager(
        through=BusinessTag, blank=True, verbose_name=_("Angebote und Stichwörter")
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("Stadtteil"),
        null=True,
        on_delete=models.PROTECT,
        related_name="businesses",
    )
    street = models.CharField(_("Straße"), max_length=120)
    house_number = models.CharField(_("Hausnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=10)
    city = models.CharField(_("Ort"), max_length=100)

    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
    )
    longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
    )
    location_source = models.CharField(
        _("Herkunft der Position"),
        max_length=10,
        choices=LocationSource.choices,
        blank=True,
        default=LocationSource.NONE,
    )
    geocode_status = models.CharField(
        _("Kartenstatus"),
        max_length=10,
        choices=GeocodeStatus.choices,
        default=GeocodeStatus.PENDING,
    )
    geocoded_address = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        help_text="The address the current coordinates were found for.",
    )

    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    online_shop_url = models.URLField(_("Onlineshop"), blank=True)
    delivery = models.BooleanField(_("Lieferservice"), default=False)
    job_interest_to_business = models.BooleanField(
        _("Interesse an unseren Stellen auch an uns schicken"),
        default=False,
        help_text=_(
            "Sonst gehen Anfragen nur an die Jobcoaches des Programms, die sich persönlich "
            "bei den Interessierten melden."
        ),
    )
    logo = models.ForeignKey(
        "quartier.CustomImage",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    opening_hours = OpeningHoursField(
        _("Öffnungszeiten"),
        max_length=500,
        blank=True,
        help_text=_(
            "Gespeichert im OpenStreetMap-Format, z. B. Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off"
        ),
        validators=[validate_opening_hours],
    )
    languages = ParentalManyToManyField(
        Language, verbose_name=_("Gesprochene Sprachen"), blank=True, related_name="businesses"
    )
    wheelchair = models.CharField(
        _("Rollstuhlzugang"),
        max_length=10,
        choices=Wheelchair.choices,
        blank=True,
        default=Wheelchair.UNKNOWN,
    )
    payment_methods = ParentalManyToManyField(
        PaymentMethod, verbose_name=_("Zahlungsarten"), blank=True, related_name="businesses"
    )

    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    reopens_on = models.DateField(
        _("Öffnet wieder am"),
        null=True,
        blank=True,
        help_text=_(
            "Nur bei „vorübergehend geschlossen“: ab diesem Tag gilt das Geschäft "
            "wieder als geöffnet."
        ),
    )
    last_checked = models.DateField(_("Zuletzt geprüft"), null=True, blank=True)
    # The opening state of `opening_hours` from hours_checked_at until
    # hours_next_change (directory/opening_state.py): "open now" is a query.
    hours_open = models.BooleanField(default=False, editable=False)
    hours_checked_at = models.DateTimeField(null=True, editable=False)
    hours_next_change = models.DateTimeField(null=True, editable=False, db_index=True)
    featured = models.BooleanField(_("Auf der Startseite zeigen"), default=False)
    external_id = models.CharField(
        _("Externe ID"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Kennung aus einer Importdatei; leer lassen, wenn unbekannt."),
    )

    objects = BusinessPageManager()

    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = []
    base_form_class = CollectionRestrictedImagesPageForm

    # Owners see only the fields they own, grouped in plain German (panels.py).
    content_panels = BUSINESS_CONTENT_PANELS
    promote_panels = BUSINESS_PROMOTE_PANELS
    settings_panels = BUSINESS_SETTINGS_PANELS

    search_fields = [
        *Page.search_fields,
        index.SearchField("tagline"),
        index.SearchField("description"),
        index.SearchField("street"),
        index.AutocompleteField("title"),
        index.RelatedFields("category", [index.SearchField("name"), index.SearchField("keywords")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("district_id"),
        index.FilterField("category_id"),
        index.FilterField("wheelchair"),
    ]

    def text_in(self, language=None):
        """This business's texts in `language` (default: the visitor's), or
        None for German or where they are not translated. Uses prefetched
        rows (BusinessPageQuerySet.with_text_translations) when present."""
        from quartier.i18n import active_content_language, default_content_language

        language = language or active_content_language()
        if language in (None, default_content_language()) or not self.pk:
            return None
        for row in self._text_rows():
            if row.language == language and (row.tagline or row.description):
                return row
        return None

    def _text_rows(self):
        """The translation rows, read once per instance (a page render asks
        for them several times) unless prefetched."""
        if "text_translations" in getattr(self, "_prefetched_objects_cache", {}):
            return self.text_translations.all()
        if not hasattr(self, "_text_rows_cache"):
            self._text_rows_cache = list(self.text_translations.all())
        return self._text_rows_cache

    @property
    def visitor_tagline(self):
        """The tagline in the visitor's language, else the German one."""
        text = self.text_in()
        return text.tagline if text and text.tagline else self.tagline

    @property
    def visitor_description(self):
        text = self.text_in()
        return text.description if text and text.description else self.description

    def text_language(self):
        """The language the visitor reads this business's texts in: theirs
        where translated, else German (quartier.i18n.content_language)."""
        from quartier.i18n import active_content_language, default_content_language

        return (
            active_content_language() if self.text_in() is not None else default_content_language()
        )

    def text_languages(self):
        """Languages this business's texts are translated into, besides German:
        its real language versions for hreflang and the sitemap (the sitemap
        loads them for many businesses at once into `_text_languages`)."""
        if hasattr(self, "_text_languages"):
            return self._text_languages
        return sorted({row.language for row in self._text_rows() if row.tagline or row.description})

    @property
    def address_line(self):
        street = " ".join(part for part in (self.street, self.house_number) if part)
        town = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (street, town) if part)

    def effective_status(self, today=None):
        """The status today: a temporary closure ends on its reopening date."""
        if (
            self.status == self.Status.TEMPORARILY_CLOSED
            and self.reopens_on is not None
            and self.reopens_on <= (today or local_today())
        ):
            return self.Status.ACTIVE
        return self.status

    @property
    def is_listed(self):
        return self.effective_status() == self.Status.ACTIVE

    @property
    def is_on_map(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        try:
            validate_business_title(self.title or "")
        except ValidationError as error:
            raise ValidationError({"title": error.messages}) from None
        # Geocode a new or changed address unless a manual pin is set; never raises.
        from .geocoding import update_location_on_save

        update_location_on_save(self)

    @property
    def is_closed(self):
        return self.effective_status() != self.Status.ACTIVE

    @property
    def is_temporarily_closed(self):
        return self.effective_status() == self.Status.TEMPORARILY_CLOSED

    def current_jobs(self, today=None):
        """Job offers still valid today (site's zone) and not filled; expired
        ones disappear by themselves."""
        return [job for job in self.jobs.all() if job.is_open(today)]

    def missing_profile_parts(self):
        """What a complete profile still lacks, for the shopkeeper's dashboard."""
        checks = [
            (self.opening_hours, _("Öffnungszeiten")),
            (self.description, _("Beschreibung")),
            (self.logo_id, _("Logo")),
            (self.gallery_images.exists() if self.pk else False, _("Fotos")),
            (self.languages.exists() if self.pk else False, _("Gesprochene Sprachen")),
            (self.phone or self.email, _("Telefon oder E-Mail")),
            (self.wheelchair, _("Rollstuhlzugang")),
            (self.payment_methods.exists() if self.pk else False, _("Zahlungsarten")),
        ]
        return [label for present, label in checks if not present]

    @classmethod
    def prepare_for_sitemap(cls, pages):
        """Each business's translated text languages in one query."""
        found = {page.pk: set() for page in pages}
        rows = BusinessPageTranslation.objects.filter(page_id__in=found).exclude(
            tagline="", description=""
        )
        for page_id, language in rows.values_list("page_id", "language"):
            found[page_id].add(language)
        for page in pages:
            page._text_languages = sorted(found[page.pk])

    def get_sitemap_urls(self, request=None):
        """The German URL, and one per language the texts are translated into
        (German text under another prefix is no language version)."""
        from django.utils import translation

        from quartier.i18n import default_content_language

        if self.status == self.Status.CLOSED:
            return []
        with translation.override(default_content_language()):
            urls = super().get_sitemap_urls(request)
        languages = self.text_languages()
        if not urls or not languages:
            return urls
        alternates = [{"lang_code": default_content_language(), "location": urls[0]["location"]}]
        for language in languages:
            with translation.override(language):
                alternates.append({"lang_code": language, "location": self.get_full_url(request)})
        return [{**urls[0], "alternates": alternates}] + [
            {**urls[0], "location": alternate["location"], "alternates": alternates}
            for alternate in alternates[1:]
        ]

    def cache_dependent_urls(self):
        """Its profile in every language, the directory and the map (any filter),
        and the home page if it shows this business; the campaigns and the jobs
        board add theirs (blog and jobs apps)."""
        parts = [page_urls(self), directory_overview_urls(home_page=False)]
        if self.could_be_on_home_page():
            parts.append(home_page_urls())
        return collect_urls(*parts)

    def could_be_on_home_page(self):
        """Whether the home page shows this business, or showed it before this
        change: it ranks among the first HOME_PAGE_BUSINESSES when counted as
        listed (so that closing or unpublishing a shown business drops it too)."""
        source = self.alias_of_id or self.pk
        others = BusinessPage.objects.filter(locale_id=self.locale_id).exclude(pk=source)
        published = self.last_published_at or timezone.now()
        above = others.home_page_selection().filter(
            models.Q(featured__gt=self.featured)
            | models.Q(featured=self.featured, last_published_at__gt=published)
        )
        return len(above.values_list("pk", flat=True)[:HOME_PAGE_BUSINESSES]) < HOME_PAGE_BUSINESSES

    def serve(self, request, *args, **kwargs):
        from .views import handle_claim_post

        if request.method == "POST":
            response = handle_claim_post(self, request)
            if response is not None:
                return response
        response = super().serve(request, *args, **kwargs)
        response[VIEW_COUNT_HEADER] = str(self.pk)
        return response

    def get_context(self, request, *args, **kwargs):
        from .forms import BusinessClaimForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("claim_form", BusinessClaimForm())
        return context

    class Meta:
        verbose_name = _("Geschäftsprofil")
        verbose_name_plural = _("Geschäftsprofile")
        # Status, "featured" and the external id are the coordination team's to set.
        permissions = [("manage_listing", "Can set status, featured flag and external id")]


def translation_languages():
    """settings.LANGUAGES without German: the languages a business's texts
    can be translated into."""
    from django.conf import settings

    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class BusinessPageTranslation(Orderable):
    """A business's texts in one more language. Part of the business page, so
    an owner's translation is in the page's revision and goes through the same
    moderation as any other change; facts (address, hours, status, …) exist
    once, on the page."""

    page = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="text_translations")
    language = models.CharField(_("Sprache"), max_length=10, choices=translation_languages)
    tagline = models.CharField(_("Kurzbeschreibung"), max_length=160, blank=True)
    description = RichTextField(
        _("Beschreibung"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    panels = [FieldPanel("language"), FieldPanel("tagline"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="unique_business_text_language"
            )
        ]

    def __str__(self):
        return f"{self.page.title} ({self.language})"


class BusinessGalleryImage(Orderable):
    page = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "quartier.CustomImage", verbose_name=_("Bild"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("Bildunterschrift"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class BusinessSocialLink(Orderable):
    class Platform(models.TextChoices):
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        TIKTOK = "tiktok", "TikTok"
        YOUTUBE = "youtube", "YouTube"
        WHATSAPP = "whatsapp", "WhatsApp"
        OTHER = "other", _("Andere")

    page = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="social_links")
    platform = models.CharField(_("Netzwerk"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("Adresse"))

    panels = [FieldPanel("platform"), FieldPanel("url")]


class GermanLevel(models.TextChoices):
    """German needed at work, from none to the CEFR levels. Ordered: a person
    with B1 can take every position that needs B1 or less."""

    NONE = "", _("keine Deutschkenntnisse nötig")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"

    @classmethod
    def up_to(cls, level):
        """The levels at or below `level` ("" included)."""
        values = list(cls.values)
        return values[: values.index(level) + 1]


class BusinessJobQuerySet(models.QuerySet):
    """Open positions and their filters. Every method is a filter on one
    query; `for_listing` adds what a listing row shows in two more."""

    def open(self, today=None):
        """Not filled and still valid today (site's zone)."""
        today = today or local_today()
        return self.filter(filled=False).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today)
        )

    def of_live_businesses(self):
        """Positions of live, public, active businesses in the source-language
        tree: aliases in the other trees carry copies of each position, which
        would list it six times; the position's URL uses the source's id."""
        from quartier.i18n import default_content_language

        businesses = (
            BusinessPage.objects.live()
            .public()
            .listed()
            .filter(locale__language_code=default_content_language())
        )
        return self.filter(page__in=businesses.values("pk"))

    def published(self, today=None):
        """What the jobs board, its feed, API and sitemap show."""
        return self.of_live_businesses().open(today)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_district(self, district):
        return self.filter(page__district=district)

    def speaking(self, language):
        return self.filter(languages=language)

    def german_at_most(self, level):
        return self.filter(german_level__in=GermanLevel.up_to(level))

    def wheelchair_accessible(self):
        return self.filter(
            wheelchair__in=[BusinessPage.Wheelchair.YES, BusinessPage.Wheelchair.LIMITED]
        )

    def newest_first(self):
        return self.order_by("-posted_at", "-pk")

    def for_listing(self):
        return self.select_related(
            "page", "page__district", "page__category", "page__logo"
        ).prefetch_related("languages")


class BusinessJob(ClusterableModel, Orderable):
    """An open position at a business: part of the business profile, so
    owners edit it on their editing screen under the same moderation."""

    class Kind(models.TextChoices):
        JOB = "job", _("Stelle")
        APPRENTICESHIP = "apprenticeship", _("Ausbildungsplatz")
        INTERNSHIP = "internship", _("Praktikum")
        MINIJOB = "minijob", _("Minijob")
        TRIAL_WORK = "trial_work", _("Probearbeit")

    page = ParentalKey(BusinessPage, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(_("Bezeichnung"), max_length=120)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.JOB)
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
    contact = models.CharField(_("Ansprechperson oder Kontakt"), max_length=200, blank=True)
    valid_until = models.DateField(
        _("Gültig bis"),
        null=True,
        help_text=_("Danach verschwindet die Stelle von selbst von der Website."),
    )
    languages = ParentalManyToManyField(
        Language,
        verbose_name=_("Sprachen bei der Arbeit"),
        blank=True,
        related_name="jobs",
    )
    german_level = models.CharField(
        _("Nötige Deutschkenntnisse"),
        max_length=2,
        choices=GermanLevel.choices,
        blank=True,
        default=GermanLevel.NONE,
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("Stunden pro Woche"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    start_date = models.DateField(
        _("Beginn"), null=True, blank=True, help_text=_("Leer lassen: ab sofort.")
    )
    wheelchair = models.CharField(
        _("Rollstuhlzugang am Arbeitsplatz"),
        max_length=10,
        choices=BusinessPage.Wheelchair.choices,
        blank=True,
        default=BusinessPage.Wheelchair.UNKNOWN,
    )
    filled = models.BooleanField(
        _("Besetzt"),
        default=False,
        help_text=_("Ankreuzen, wenn die Stelle vergeben ist: Sie verschwindet dann."),
    )
    posted_at = models.DateTimeField(_("Veröffentlicht am"), default=timezone.now, editable=False)
    filled_at = models.DateTimeField(_("Besetzt am"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("Angelegt am"), null=True, editable=False, db_index=True)

    objects = BusinessJobQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("contact"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("hours_per_week"), FieldPanel("german_level")]),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("wheelchair"),
        FieldPanel("filled"),
    ]

    def cache_dependent_urls(self):
        """The positions' pages belong to the jobs board (jobs app, also_drop)."""
        return set()

    class Meta(Orderable.Meta):
        verbose_name = _("Stelle")
        verbose_name_plural = _("Stellen")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # When the position was first stored and first marked filled, for the
        # programme's report and the newsletter. They belong to the stored row:
        # a revision being published carries none or stale ones.
        stored = None
        if self.pk is not None:
            stored = (
                BusinessJob.objects.filter(pk=self.pk)
                .values("created_at", "filled", "filled_at")
                .first()
            )
        now = timezone.now()
        if stored is not None and stored["created_at"] is not None:
            self.created_at = stored["created_at"]
        elif self.created_at is None:
            self.created_at = now
        if not self.filled:
            self.filled_at = None
        elif stored is not None and stored["filled"] and stored["filled_at"] is not None:
            self.filled_at = stored["filled_at"]
        elif stored is not None or self.filled_at is None:
            self.filled_at = now
        super().save(*args, **kwargs)

    def is_open(self, today=None):
        today = today or local_today()
        return not self.filled and (self.valid_until is None or self.valid_until >= today)


class BusinessClaim(models.Model):
    """ "Ist das Ihr Geschäft?": a request from the public to take over a
    profile, reviewed by the coordination team."""

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        ACCEPTED = "accepted", _("angenommen")
        REJECTED = "rejected", _("abgelehnt")

    business = models.ForeignKey(
        BusinessPage,
        verbose_name=_("Geschäft"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    name = models.CharField(_("Name"), max_length=120)
    email = models.EmailField(_("E-Mail"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    message = models.TextField(_("Nachricht"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    notes = models.TextField(_("Interne Notiz"), blank=True)

    panels = [FieldPanel("status"), FieldPanel("notes")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Inhaber-Anfrage")
        verbose_name_plural = _("Inhaber-Anfragen")

    def __str__(self):
        return f"{self.business.title}: {self.name}"


class BusinessOwnership(models.Model):
    """Who owns which business: the one record that invitations, accepted
    claims, the owner's page and image permissions and the dashboard read.
    Deleting a row takes the permissions away (directory.owners)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Inhaber/in"),
        on_delete=models.CASCADE,
        related_name="business_ownerships",
    )
    business = models.ForeignKey(
        BusinessPage,
        verbose_name=_("Geschäft"),
        on_delete=models.CASCADE,
        related_name="ownerships",
    )
    created_at = models.DateTimeField(_("Seit"), auto_now_add=True)

    class Meta:
        ordering = ["business__title", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "business"], name="unique_business_owner")
        ]
        verbose_name = _("Inhaberschaft")
        verbose_name_plural = _("Inhaberschaften")

    def __str__(self):
        return f"{self.business.title}: {self.user.get_username()}"


class BusinessOwnerGroup(models.Model):
    """The Wagtail group and image collection that carry one business's
    permissions (Wagtail grants page permissions to groups only), found by
    this link and never by name: a business's title may change or repeat."""

    business = models.OneToOneField(
        BusinessPage, on_delete=models.CASCADE, related_name="owner_group_link"
    )
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="+")
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self):
        return self.group.name
