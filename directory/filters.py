"""The business filters shared by the directory listing, the map, the GeoJSON
API and the search service: one parser, one place that validates input."""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from quartier.filters import valid_sort
from quartier.i18n import default_locale

from .models.business import BusinessPage
from .models.taxonomy import Category, District, Language

MAX_PARAM_LENGTH = 100
SORTS = ("name", "newest", "distance")


def parse_point(value):
    """ "51.42,6.75" → (51.42, 6.75); raises ValueError with a readable reason."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2:
        raise ValueError(_("Bitte als „Breite,Länge“ angeben, z. B. 51.42,6.76."))
    try:
        latitude, longitude = (float(part) for part in parts)
    except ValueError:
        raise ValueError(_("Ungültige Koordinaten.")) from None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise ValueError(_("Ungültige Koordinaten."))
    if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
        raise ValueError(_("Die Koordinaten liegen außerhalb des gültigen Bereichs."))
    return latitude, longitude


@dataclass
class BusinessFilters:
    category: Category | None = None
    district: District | None = None
    language: Language | None = None
    campaign: str = ""
    open_now: bool = False
    wheelchair: bool = False
    hiring: bool = False
    near: tuple[float, float] | None = None
    sort: str = "name"
    errors: dict = field(default_factory=dict)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def active(self):
        """The filters in effect, for filter chips and "remove filter" links."""
        chips = {}
        if self.category:
            chips["category"] = self.category.display_name
        if self.district:
            chips["district"] = self.district.display_name
        if self.language:
            chips["language"] = self.language.native_name
        if self.campaign:
            chips["campaign"] = campaign_label(self.campaign)
        if self.open_now:
            chips["open_now"] = _("jetzt geöffnet")
        if self.wheelchair:
            chips["wheelchair"] = _("rollstuhlgerecht")
        if self.hiring:
            chips["hiring"] = _("mit offenen Stellen")
        return chips

    def restrict(self, queryset, when=None, refresh=True):
        """The filters alone, without ordering (the search backends rank themselves).
        `refresh=False`: the stored opening states are already current at `when`."""
        if self.category:
            queryset = queryset.in_category(self.category)
        if self.district:
            queryset = queryset.in_district(self.district)
        if self.language:
            queryset = queryset.speaking(self.language)
        if self.campaign:
            queryset = queryset.in_campaign(self.campaign)
        if self.wheelchair:
            queryset = queryset.wheelchair_accessible()
        if self.hiring:
            queryset = queryset.hiring()
        if self.open_now:
            queryset = queryset.open_at(when, refresh=refresh)
        return queryset

    def apply(self, queryset, when=None):
        queryset = self.restrict(queryset, when)
        if self.sort == "distance" and self.near:
            return queryset.annotate_distance(*self.near).order_by("distance_sq", "title")
        if self.sort == "newest":
            return queryset.order_by("-first_published_at", "title")
        return queryset.order_by("title")


def campaign_label(slug):
    """The title of the campaign `slug` in the visitor's language, for its
    filter chip (never the slug, unless no campaign has it)."""
    # The campaigns relation is declared by the blog's CampaignPage, a layer above.
    campaign_model = BusinessPage._meta.get_field("campaigns").related_model
    campaign = campaign_model.objects.filter(slug=slug, locale=default_locale()).first()
    return campaign.localized.title if campaign is not None else slug


def _lookup(model, value, errors, key, message, field_names=("slug",), choices=None):
    """The `model` row whose `field_names` equal `value`: from `choices` (rows the
    caller has fetched anyway, e.g. for the filter form) or from the database."""
    if not value:
        return None
    for field_name in field_names:
        if choices is not None:
            match = next((row for row in choices if getattr(row, field_name) == value), None)
        else:
            match = model.objects.filter(**{field_name: value}).first()
        if match is not None:
            return match
    errors[key] = message
    return None


def _flag(value):
    return str(value).lower() in {"1", "true", "yes", "on"}


def parse_business_filters(params, options=None):
    """Reads category, district, language (slugs or ISO code), campaign, open_now,
    wheelchair, hiring (has open positions), near ("lat,lng") and sort from a
    QueryDict or dict. Unknown or invalid values are collected in `errors` (the
    caller decides between a 400 and ignoring them); they never raise. `options`:
    the lists of categories, districts and languages if the caller has them."""
    options = options or {}
    filters = BusinessFilters()
    errors = filters.errors

    def get(name):
        value = params.get(name, "")
        value = value if isinstance(value, str) else str(value)
        if len(value) > MAX_PARAM_LENGTH:
            errors[name] = _("Der Wert ist zu lang.")
            return ""
        return value.strip()

    filters.category = _lookup(
        Category,
        get("category"),
        errors,
        "category",
        _("Unbekannte Kategorie."),
        choices=options.get("categories"),
    )
    filters.district = _lookup(
        District,
        get("district"),
        errors,
        "district",
        _("Unbekannter Stadtteil."),
        choices=options.get("districts"),
    )
    filters.language = _lookup(
        Language,
        get("language"),
        errors,
        "language",
        _("Unbekannte Sprache."),
        field_names=("code",),
        choices=options.get("languages"),
    )
    filters.campaign = get("campaign")
    filters.open_now = _flag(get("open_now"))
    filters.wheelchair = _flag(get("wheelchair"))
    filters.hiring = _flag(get("hiring"))
    near = get("near")
    if near:
        try:
            filters.near = parse_point(near)
        except ValueError as exc:
            errors["near"] = exc.args[0]
    sort = get("sort") or ("distance" if filters.near else "name")
    filters.sort = valid_sort(sort, SORTS, "name", errors, near=filters.near)
    return filters


def listed_businesses():
    """Live, public, active businesses with what a listing shows, in two queries.
    A business exists once, in the German tree; its texts carry their own
    translations (BusinessPage.translated)."""
    return BusinessPage.objects.live().public().listed().for_listing()
