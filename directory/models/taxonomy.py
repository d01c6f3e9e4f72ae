"""Reference data that businesses and workshops point to: districts,
categories, languages and payment methods (snippets, so another city brings
its own lists), and the coordinate validators they share."""

from babel import Locale, UnknownLocaleError

from django.core.cache import cache
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from quartier.address import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS
from quartier.cache import PAGES, per_request
from quartier.cache_invalidation import EVERY_PAGE, collect_urls, live_pages_urls

from .overviews import directory_overview_urls


class Wheelchair(models.TextChoices):
    """Wheelchair access of a business or of a workplace."""

    UNKNOWN = "", _("unbekannt")
    YES = "yes", _("rollstuhlgerecht")
    LIMITED = "limited", _("eingeschränkt rollstuhlgerecht")
    NO = "no", _("nicht rollstuhlgerecht")


def wheelchair_field(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=10,
        choices=Wheelchair.choices,
        blank=True,
        default=Wheelchair.UNKNOWN,
    )


def wheelchair_accessible(queryset):
    """The rows of `queryset` that a wheelchair can reach, if only just."""
    return queryset.filter(wheelchair__in=[Wheelchair.YES, Wheelchair.LIMITED])


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
        help_text=_(
            "Durch Kommas getrennt, z. B. 47053, 47057. Der Import nimmt für diesen "
            "Stadtteil nur diese Postleitzahlen an (leer: jede fünfstellige)."
        ),
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


# schema.org types of local businesses that search engines and maps know
# (https://schema.org/LocalBusiness, "More specific Types"); the names are
# the vocabulary's own and are not translated.
SCHEMA_TYPES = [
    "LocalBusiness",
    "AutoRepair",
    "Bakery",
    "BarOrPub",
    "BeautySalon",
    "BookStore",
    "CafeOrCoffeeShop",
    "ClothingStore",
    "Dentist",
    "DryCleaningOrLaundry",
    "ElectronicsStore",
    "FastFoodRestaurant",
    "Florist",
    "FurnitureStore",
    "GroceryStore",
    "HairSalon",
    "HardwareStore",
    "HomeAndConstructionBusiness",
    "IceCreamShop",
    "InsuranceAgency",
    "JewelryStore",
    "MedicalBusiness",
    "MobilePhoneStore",
    "NailSalon",
    "Optician",
    "Pharmacy",
    "Physician",
    "ProfessionalService",
    "RealEstateAgent",
    "Restaurant",
    "ShoeStore",
    "SportingGoodsStore",
    "Store",
    "TattooParlor",
    "TravelAgency",
]

# The types above that are a FoodEstablishment (https://schema.org/FoodEstablishment),
# the only ones on which schema.org allows `servesCuisine`; the vocabulary
# test (tests/quartier/test_schema_org_vocabulary.py) checks this set.
FOOD_ESTABLISHMENT_TYPES = frozenset(
    {"Bakery", "BarOrPub", "CafeOrCoffeeShop", "FastFoodRestaurant", "IceCreamShop", "Restaurant"}
)


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
    import_names = models.TextField(
        _("Namen in Importdateien"),
        blank=True,
        help_text=_(
            "So heißt diese Kategorie in Dateien, die importiert werden (eine Zeile je Name). "
            "Der Import ergänzt hier jede bestätigte Zuordnung."
        ),
    )
    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    schema_type = models.CharField(
        _("Art für Suchmaschinen"),
        max_length=40,
        choices=[(name, name) for name in SCHEMA_TYPES],
        default="LocalBusiness",
        help_text=_(
            "Der schema.org-Typ, unter dem Suchmaschinen und Karten die Geschäfte "
            "dieser Kategorie einordnen; LocalBusiness, wenn keiner passt."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_translations"),
        FieldPanel("slug"),
        FieldPanel("colour"),
        FieldPanel("icon"),
        FieldPanel("keywords"),
        FieldPanel("import_names"),
        FieldPanel("schema_type"),
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


class ListEntry(TranslatedNameMixin):
    """An entry of a short list that the team keeps in its own order (payment
    methods, the blog's target groups)."""

    sort_order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_translations"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]


class PaymentMethod(ShownWithBusinessesMixin, ListEntry):
    slug = models.SlugField(_("Kurzname"), max_length=50, unique=True)

    class Meta(ListEntry.Meta):
        verbose_name = _("Zahlungsart")
        verbose_name_plural = _("Zahlungsarten")


class Cuisine(ShownWithBusinessesMixin, ListEntry):
    """A cuisine a restaurant, snack bar or bakery serves ("Türkisch"): shown
    on its profile and given to search engines as `servesCuisine`."""

    slug = models.SlugField(_("Kurzname"), max_length=50, unique=True)

    class Meta(ListEntry.Meta):
        verbose_name = _("Küche")
        verbose_name_plural = _("Küchen")


class TagTranslation(models.Model):
    """The names of a tag (a business's offer, a news item's keyword) in the
    other interface languages. Tags are typed freely in German by owners and
    the team; the team adds the translations here, once per tag, for every
    page that carries it."""

    tag = models.OneToOneField(
        "taggit.Tag",
        on_delete=models.CASCADE,
        related_name="translation",
        verbose_name=_("Stichwort"),
    )
    name_translations = models.JSONField(
        _("Übersetzungen des Namens"),
        default=dict,
        blank=True,
        help_text=_('Zum Beispiel {"tr": "Kuaför", "en": "Hairdresser"}'),
    )

    panels = [FieldPanel("tag"), FieldPanel("name_translations")]

    def __str__(self):
        return self.tag.name

    def cache_dependent_urls(self):
        # Profiles, news and listings all show tags; such changes are rare.
        return EVERY_PAGE

    class Meta:
        ordering = ["tag__name"]
        verbose_name = _("Übersetzung eines Stichworts")
        verbose_name_plural = _("Übersetzungen der Stichwörter")


def tag_translations():
    """{tag id: {language: name}} of every translated tag, kept in the cache
    under the site-wide generation (a change of a translation moves it), so a
    page that shows tags spends no query on their names."""
    key = f"quartier:tag-translations:{PAGES.current()}"
    return per_request(key, lambda: _tag_translations(key))


def _tag_translations(key):
    found = cache.get(key)
    if found is None:
        found = dict(TagTranslation.objects.values_list("tag_id", "name_translations"))
        cache.set(key, found, 3600)
    return found
