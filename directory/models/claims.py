"""Requests from the public to take over a business profile."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from quartier.personal_data import object_label


class BusinessClaim(models.Model):
    """ "Ist das Ihr Geschäft?": a request from the public to take over a
    profile, reviewed by the coordination team."""

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        ACCEPTED = "accepted", _("angenommen")
        REJECTED = "rejected", _("abgelehnt")

    business = models.ForeignKey(
        "directory.BusinessPage",
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
        # Choosers, confirmations and the audit log show and keep this label.
        return object_label(self)
