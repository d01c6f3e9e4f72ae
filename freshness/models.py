"""Keeping profiles current: reminders to owners with one-click answers,
residents' reports of wrong details, and per-month counters of profile views
and clicks for the owners (no cookies, no personal data)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from directory.models import BusinessPage


def new_nonce():
    return secrets.token_urlsafe(16)


class UpdateReminder(models.Model):
    """One "Stimmen Ihre Angaben noch?" mail to one owner about one business.
    Its links name the nonce; the first answer sets `answered_at`, after
    which every link of this mail is spent."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("Ja, alles stimmt")
        CLOSED = "closed", _("Geschäft ist geschlossen")

    business = models.ForeignKey(
        BusinessPage,
        verbose_name=_("Geschäft"),
        on_delete=models.CASCADE,
        related_name="update_reminders",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Inhaber"),
        on_delete=models.CASCADE,
        related_name="update_reminders",
    )
    sent_at = models.DateTimeField(_("Verschickt am"), db_index=True)
    nonce = models.CharField(max_length=32, unique=True, default=new_nonce, editable=False)
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)
    answer = models.CharField(_("Antwort"), max_length=10, choices=Answer.choices, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")

    def __str__(self):
        return f"#{self.pk}"


class ProfileReport(models.Model):
    """ "Angabe falsch? Melden": a resident's hint that a profile is wrong.
    It never changes the profile; the coordination team checks and ticks it off."""

    class Kind(models.TextChoices):
        HOURS = "hours", _("Öffnungszeiten stimmen nicht")
        ADDRESS = "address", _("Adresse stimmt nicht")
        CLOSED = "closed", _("Geschäft ist geschlossen")
        OTHER = "other", _("Etwas anderes")

    business = models.ForeignKey(
        BusinessPage,
        verbose_name=_("Geschäft"),
        on_delete=models.CASCADE,
        related_name="profile_reports",
    )
    kind = models.CharField(_("Was stimmt nicht?"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("Hinweis"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True, db_index=True)
    done = models.BooleanField(_("Erledigt"), default=False, db_index=True)

    panels = [FieldPanel("done")]

    class Meta:
        ordering = ["done", "-created_at"]
        verbose_name = _("Meldung zu einem Profil")
        verbose_name_plural = _("Meldungen zu Profilen")

    def __str__(self):
        # No note here: the audit log keeps labels for good.
        return f"{self.get_kind_display()} #{self.pk}"


class BusinessStatistic(models.Model):
    """How often a profile was viewed, or one of its contact links followed,
    in a calendar month (site's zone). Only counts: no address, no cookie, no
    time of day. Each language's page of a business has its own rows; they
    share the business's translation key."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Aufrufe des Profils")
        PHONE = "phone", _("Telefon")
        WEBSITE = "website", _("Website")
        DIRECTIONS = "directions", _("Wegbeschreibung")
        WHATSAPP = "whatsapp", _("WhatsApp")

    business = models.ForeignKey(BusinessPage, on_delete=models.CASCADE, related_name="statistics")
    month = models.DateField(help_text="First day of the month.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["business", "month", "kind"], name="freshness_statistic_unique"
            )
        ]
        verbose_name = _("Statistik")
        verbose_name_plural = _("Statistiken")

    def __str__(self):
        return f"{self.business_id} {self.month:%Y-%m} {self.kind}: {self.count}"
