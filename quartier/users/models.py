from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Our own user model from the first migration, so that fields such as the
    preferred language can be added without a painful swap later."""

    phone = models.CharField(_("Telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")
