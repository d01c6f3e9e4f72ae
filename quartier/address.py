"""A postal address with a point on the map, shared by businesses and workshop
venues: the fields, the address on one line, and "geocode when the address
changed". The geocoder itself is the directory's (directory.geocoding); the
models pass it in, so the core imports no app."""

import logging
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]
COORDINATE_PLACES = Decimal("0.000001")


def same_point(lat1, lng1, lat2, lng2):
    """Whether two positions are the same to the stored precision (both empty
    counts as the same)."""
    if None in (lat1, lng1, lat2, lng2):
        return lat1 is None and lng1 is None and lat2 is None and lng2 is None
    return all(
        Decimal(str(a)).quantize(COORDINATE_PLACES) == Decimal(str(b)).quantize(COORDINATE_PLACES)
        for a, b in ((lat1, lat2), (lng1, lng2))
    )


class AddressMixin:
    """What a model with address fields (see `address_fields`) can do with them."""

    address_prefix = ""
    # Appended to the address when asking the geocoder, e.g. "Deutschland".
    address_country = ""

    def address_part(self, name):
        return getattr(self, self.address_prefix + name)

    @property
    def address_line(self):
        """ "Weseler Straße 60, 47169 Duisburg"."""
        parts = [self.address_part(name) for name in ("street", "house_number")]
        street = " ".join(part for part in parts if part)
        parts = [self.address_part(name) for name in ("postcode", "city")]
        town = " ".join(part for part in parts if part)
        return ", ".join(part for part in (street, town) if part)

    @property
    def point(self):
        return self.address_part("latitude"), self.address_part("longitude")

    def set_point(self, latitude, longitude):
        setattr(self, self.address_prefix + "latitude", latitude)
        setattr(self, self.address_prefix + "longitude", longitude)

    @property
    def is_on_map(self):
        return None not in self.point

    def stored_version(self):
        """This object as it was before the edit being saved: for a page with
        unpublished changes its newest draft, else its database row; None for a
        new object or an unreadable revision."""
        if not self.pk:
            return None
        try:
            if getattr(self, "has_unpublished_changes", False):
                revision = self.get_latest_revision()
                if revision is not None:
                    return revision.as_object()
            return type(self)._default_manager.filter(pk=self.pk).first()
        except Exception:  # noqa: BLE001 - no or unreadable revision: treat as new
            return None

    def moved_since(self, previous):
        """Whether the editor set another point than `previous` had."""
        return previous is not None and not same_point(*previous.point, *self.point)

    def geocode_changed_address(self, geocode):
        """Puts the place on the map when its address is new or changed and the
        editor gave no point of their own. `geocode(query)` returns an object
        with `latitude` and `longitude`, or None. Never raises."""
        if not (self.address_part("street") and self.address_part("city")):
            return
        previous = self.stored_version()
        if self.is_on_map and (
            previous is None
            or previous.address_line == self.address_line
            # Address changed: the old point is stale unless the editor moved it too.
            or self.moved_since(previous)
        ):
            return
        query = ", ".join(part for part in (self.address_line, self.address_country) if part)
        try:
            result = geocode(query)
        except Exception:  # noqa: BLE001 - the geocoder must never block saving
            logger.exception("Unexpected error while geocoding %r", self)
            result = None
        if result is not None:
            self.set_point(result.latitude, result.longitude)


def coordinate_field(verbose_name, validators):
    """Degrees to six places (about 10 cm), or empty while not on the map."""
    return models.DecimalField(
        verbose_name, max_digits=9, decimal_places=6, null=True, blank=True, validators=validators
    )


def address_fields(name, prefix=""):
    """An abstract model `name` with the address and the point, the field
    names starting with `prefix` ("venue_street", …)."""
    attributes = {
        "__module__": __name__,
        "__qualname__": name,
        "address_prefix": prefix,
        f"{prefix}street": models.CharField(_("Straße"), max_length=120),
        f"{prefix}house_number": models.CharField(_("Hausnummer"), max_length=20, blank=True),
        f"{prefix}postcode": models.CharField(_("Postleitzahl"), max_length=10),
        f"{prefix}city": models.CharField(_("Ort"), max_length=100),
        f"{prefix}latitude": coordinate_field(_("Breitengrad"), LATITUDE_VALIDATORS),
        f"{prefix}longitude": coordinate_field(_("Längengrad"), LONGITUDE_VALIDATORS),
        "Meta": type("Meta", (), {"abstract": True}),
    }
    return type(name, (AddressMixin, models.Model), attributes)


# The address of a business, and of a workshop's venue.
Address = address_fields("Address")
VenueAddress = address_fields("VenueAddress", "venue_")
