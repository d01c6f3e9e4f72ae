"""The window sticker as a button on the owner's dashboard line and edit
screen (directory.owner_actions)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.owner_actions import OwnerAction


def window_sticker_action(page):
    """Only for a published profile: the sticker's QR code leads to it."""
    if not page.live:
        return None
    return OwnerAction(
        _("Fensteraufkleber (PDF)"), reverse("outreach_sticker", args=[page.pk]), "doc-full"
    )
