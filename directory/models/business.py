"""The business profile page."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.locks import WorkflowLock
from wagtail.models import Page
from wagtail.search import index

from quartier.address import Address
from quartier.admin_forms import CollectionRestrictedImagesPageForm
from quartier.cache_invalidation import collect_urls, home_page_urls, page_urls
from quartier.clock import local_today
from quartier.forms import RateLimit
from quartier.models import BasePage, optional_image

from ..claim_form import CLAIM_RATE_LIMIT, BusinessClaimForm, notify_coordination_team
from ..geocoding import update_location_on_save
from ..hours import OpeningHoursField, validate_opening_hours
from ..panels import (
    BUSINESS_CONTENT_PANELS,
    BUSINESS_PROMOTE_PANELS,
    BUSINESS_SETTINGS_PANELS,
)
from .location import GeocodeStatus, LocationSource
from .overviews import directory_overview_urls
from .profile import BusinessTextsMixin
from .queries import BusinessPageManager
from .taxonomy import (
    FOOD_ESTABLISHMENT_TYPES,
    Category,
    Cuisine,
    District,
    Language,
    PaymentMethod,
    Wheelchair,
    wheelchair_field,
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


# A business page's response names the page here, for the view counter
# (freshness.middleware), which reads and removes it, also on cached pages.
VIEW_COUNT_HEADER = "X-Quartier-Business"

# "Ist das Ihr Geschäft?": CLAIM_RATE_LIMIT claims per client address and hour.
CLAIM_LIMIT = RateLimit(
    "claim",
    CLAIM_RATE_LIMIT,
    3600,
    _("Sie haben schon mehrere Anfragen geschickt. Bitte versuchen Sie es später noch einmal."),
)


class BusinessTag(TaggedItemBase):
    content_object = ParentalKey(
        "directory.BusinessPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BusinessPage(RoutablePageMixin, BusinessTextsMixin, Address, BasePage):
    template = "pages/business_page.html"
    serve_related = ("category", "district", "logo")

    class Status(models.TextChoices):
        ACTIVE = "active", _("geöffnet")
        TEMPORARILY_CLOSED = "temporarily_closed", _("vorübergehend geschlossen")
        CLOSED = "closed", _("dauerhaft geschlossen")

    Wheelchair = Wheelchair

    LocationSource = LocationSource
    GeocodeStatus = GeocodeStatus

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
    logo = optional_image(_("Logo"))

    opening_hours = OpeningHoursField(
        _("Öffnungszeiten"),
        max_length=500,
        blank=True,
        help_text=_(
            "Für jeden Wochentag: von wann bis wann geöffnet. Feiertage und Urlaub darunter."
        ),
        validators=[validate_opening_hours],
    )
    languages = ParentalManyToManyField(
        Language, verbose_name=_("Gesprochene Sprachen"), blank=True, related_name="businesses"
    )
    wheelchair = wheelchair_field(_("Rollstuhlzugang"))
    payment_methods = ParentalManyToManyField(
        PaymentMethod, verbose_name=_("Zahlungsarten"), blank=True, related_name="businesses"
    )
    cuisines = ParentalManyToManyField(
        Cuisine,
        verbose_name=_("Küche"),
        blank=True,
        related_name="businesses",
        help_text=_("Nur für Restaurants, Imbisse, Cafés und Bäckereien: was Sie kochen."),
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
    # hours_next_change (directory/hours/state.py): "open now" is a query.
    hours_open = models.BooleanField(default=False, editable=False)
    hours_checked_at = models.DateTimeField(null=True, editable=False)
    hours_next_change = models.DateTimeField(null=True, editable=False, db_index=True)
    # The text the stored state was computed for: hours written without save()
    # (update(), migrations, bulk actions) differ from it and count as stale.
    hours_state_text = models.CharField(max_length=500, blank=True, default="", editable=False)
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

    def get_lock(self):
        """While the team reviews a change, the owner may still add to it."""
        lock = super().get_lock()
        if type(lock) is WorkflowLock:
            return OwnerMayAddLock(lock.object, lock.task)
        return lock

    def clean(self):
        super().clean()
        try:
            validate_business_title(self.title or "")
        except ValidationError as error:
            raise ValidationError({"title": error.messages}) from None
        # Geocode a new or changed address unless a manual pin is set; never raises.
        update_location_on_save(self)

    @property
    def is_closed(self):
        return self.effective_status() != self.Status.ACTIVE

    @property
    def is_temporarily_closed(self):
        return self.effective_status() == self.Status.TEMPORARILY_CLOSED

    @property
    def serves_food(self):
        """Whether its category's schema.org type is a FoodEstablishment, the
        only kind of business that has cuisines (`servesCuisine`)."""
        return bool(self.category_id) and self.category.schema_type in FOOD_ESTABLISHMENT_TYPES

    def served_cuisines(self):
        """Its cuisines if it serves food, else none (and no query)."""
        if not self.serves_food or not self.pk:
            return []
        cached = getattr(self, "_served_cuisines", None)
        if cached is None:
            cached = self._served_cuisines = list(self.cuisines.all())
        return cached

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

    @path("")
    def profile(self, request):
        """The profile; a POST of the form "Ist das Ihr Geschäft?" is a claim."""
        request.is_preview = getattr(request, "is_preview", False)
        if request.method == "POST" and request.POST.get("form") == "claim":
            return self.claim(request)
        response = self.render(request)
        response[VIEW_COUNT_HEADER] = str(self.pk)
        return response

    def claim(self, request):
        """Stores a claim and tells the team (POST-redirect-GET), or shows the
        form again with its errors."""
        form = BusinessClaimForm(request.POST)

        def store(_data):
            claim = form.save(commit=False)
            claim.business = self
            claim.save()
            notify_coordination_team(claim)

        def show(status):
            response = self.render(request, context_overrides={"claim_form": form})
            response.status_code = status
            return response

        return form.submit(
            request,
            CLAIM_LIMIT,
            act=store,
            show=show,
            thanks=_("Danke! Das Koordinationsteam meldet sich bei Ihnen."),
            done_url=self.get_url(request) + "#claim",
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("claim_form", BusinessClaimForm())
        return context

    class Meta:
        verbose_name = _("Geschäftsprofil")
        verbose_name_plural = _("Geschäftsprofile")
        # Status, "featured" and the external id are the coordination team's to set.
        permissions = [("manage_listing", "Can set status, featured flag and external id")]


class OwnerMayAddLock(WorkflowLock):
    """A profile waiting for review stays open to its owners: what they save
    joins the waiting change (the team approves the latest revision, so it
    reviews one change), and nobody has to withdraw the submission first."""

    def for_user(self, user):
        if self.object.ownerships.filter(user_id=user.pk).exists():
            return False
        return super().for_user(user)
