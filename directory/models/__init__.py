"""Business directory: districts, categories, languages and business profiles.

Districts, categories, languages and payment methods are data (snippets), so
another city deploys with its own lists and no code change. One module per
family; every public name is importable from `directory.models`."""

from ..panels import MANAGE_LISTING
from .business import (
    BUSINESS_TITLE_MAX_LENGTH,
    HOME_PAGE_BUSINESSES,
    VIEW_COUNT_HEADER,
    BusinessPage,
    BusinessTag,
    validate_business_title,
)
from .claims import BusinessClaim
from .jobs import BusinessJob, BusinessJobQuerySet, GermanLevel
from .location import GeocodeCache, GeocodeStatus, LocationSource
from .overviews import directory_overview_urls
from .ownership import BusinessOwnerGroup, BusinessOwnership
from .profile import (
    BusinessGalleryImage,
    BusinessPageTranslation,
    BusinessSocialLink,
    BusinessTextsMixin,
    translation_languages,
)
from .queries import BusinessPageManager, BusinessPageQuerySet
from .taxonomy import (
    LATITUDE_VALIDATORS,
    LONGITUDE_VALIDATORS,
    Category,
    Cuisine,
    District,
    Language,
    ListEntry,
    PaymentMethod,
    ShownWithBusinessesMixin,
    TagTranslation,
    TranslatedNameMixin,
    Wheelchair,
    tag_translations,
)

# isort: split
# Last: the listing and the map that these pages show read the models above.
from .pages import DirectoryIndexPage, MapPage

__all__ = [
    "tag_translations",
    "BUSINESS_TITLE_MAX_LENGTH",
    "HOME_PAGE_BUSINESSES",
    "LATITUDE_VALIDATORS",
    "LONGITUDE_VALIDATORS",
    "MANAGE_LISTING",
    "VIEW_COUNT_HEADER",
    "BusinessClaim",
    "BusinessGalleryImage",
    "BusinessJob",
    "BusinessJobQuerySet",
    "BusinessOwnerGroup",
    "BusinessOwnership",
    "BusinessPage",
    "BusinessPageManager",
    "BusinessPageQuerySet",
    "BusinessPageTranslation",
    "BusinessSocialLink",
    "BusinessTag",
    "BusinessTextsMixin",
    "Category",
    "Cuisine",
    "DirectoryIndexPage",
    "District",
    "GeocodeCache",
    "GeocodeStatus",
    "GermanLevel",
    "Language",
    "ListEntry",
    "LocationSource",
    "MapPage",
    "PaymentMethod",
    "ShownWithBusinessesMixin",
    "TagTranslation",
    "TranslatedNameMixin",
    "Wheelchair",
    "directory_overview_urls",
    "translation_languages",
    "validate_business_title",
]
