"""Registrations for workshops."""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from quartier.personal_data import object_label


class RegistrationQuerySet(models.QuerySet):
    def places_taken(self):
        """The places these registrations hold: the confirmed ones'."""
        confirmed = self.filter(status=Registration.Status.CONFIRMED)
        return confirmed.aggregate(total=Sum("places"))["total"] or 0


class Registration(models.Model):
    """One person's registration for a workshop (all of its dates)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("bestätigt")
        WAITLISTED = "waitlisted", _("Warteliste")
        CANCELLED = "cancelled", _("storniert")

    workshop = models.ForeignKey(
        "blog.WorkshopPage",
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

    objects = RegistrationQuerySet.as_manager()

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
        # Choosers, confirmations and the audit log show and keep this label.
        return object_label(self)

    @property
    def contact(self):
        return self.email or self.phone


# --- What the page cache drops for other apps' objects (see BlogConfig.ready) ---
