"""Who owns which business, and the group that carries their permissions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .business import BusinessPage


class BusinessOwnership(models.Model):
    """Who owns which business: the one record that invitations, accepted
    claims, the owner's page and image permissions and the dashboard read.
    Deleting a row takes the permissions away (directory.owners)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Inhaber/in"),
        on_delete=models.CASCADE,
        related_name="business_ownerships",
    )
    business = models.ForeignKey(
        BusinessPage,
        verbose_name=_("Geschäft"),
        on_delete=models.CASCADE,
        related_name="ownerships",
    )
    created_at = models.DateTimeField(_("Seit"), auto_now_add=True)

    class Meta:
        ordering = ["business__title", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "business"], name="unique_business_owner")
        ]
        verbose_name = _("Inhaberschaft")
        verbose_name_plural = _("Inhaberschaften")

    def __str__(self):
        return f"{self.business.title}: {self.user.get_username()}"


class BusinessOwnerGroup(models.Model):
    """The Wagtail group and image collection that carry one business's
    permissions (Wagtail grants page permissions to groups only), found by
    this link and never by name: a business's title may change or repeat."""

    business = models.OneToOneField(
        BusinessPage, on_delete=models.CASCADE, related_name="owner_group_link"
    )
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="+")
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self):
        return self.group.name
