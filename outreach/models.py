"""Newsletter subscriptions and the record of sent digests.

A subscription holds only what the digest needs: the address, the language,
the topics and optionally districts. It is deleted on unsubscribe, and an
unconfirmed one is deleted NEWSLETTER_CONFIRM_DAYS after it was requested."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.personal_data import object_label


def new_nonce():
    return secrets.token_urlsafe(16)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def expired(self, now=None):
        """Unconfirmed opt-ins older than NEWSLETTER_CONFIRM_DAYS."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS)
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


class Subscription(models.Model):
    email = models.EmailField(_("E-Mail"), unique=True)
    language = models.CharField(_("Sprache"), max_length=10, choices=settings.LANGUAGES)
    workshops = models.BooleanField(_("Workshops"), default=True)
    campaigns = models.BooleanField(_("Gemeinsame Aktionen"), default=True)
    jobs = models.BooleanField(_("Stellen und Ausbildungsplätze"), default=False)
    news = models.BooleanField(_("Neuigkeiten"), default=False)
    districts = models.ManyToManyField(
        "directory.District",
        verbose_name=_("Stadtteile"),
        blank=True,
        related_name="+",
        help_text=_("Keiner ausgewählt: alle Stadtteile."),
    )
    created_at = models.DateTimeField(_("Angefragt am"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)
    # Changes with every confirmation mail, so each confirmation link works once.
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    TOPICS = ("workshops", "campaigns", "jobs", "news")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Newsletter-Abo")
        verbose_name_plural = _("Newsletter-Abos")

    def __str__(self):
        # Choosers, confirmations and the audit log show and keep this label.
        return object_label(self)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def topics(self):
        return {topic for topic in self.TOPICS if getattr(self, topic)}


class DigestRun(models.Model):
    """One sent weekly digest: the next one covers what was published or
    created after `started_at`."""

    started_at = models.DateTimeField(_("Begonnen am"))
    recipients = models.PositiveIntegerField(_("Empfängerinnen und Empfänger"), default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"
        verbose_name = _("Versand des Newsletters")
        verbose_name_plural = _("Versände des Newsletters")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"
