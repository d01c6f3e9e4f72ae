"""Where a business is on the map: the states of its position and the stored
geocoder answers (directory.geocoding)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
