"""The buttons an owner needs often, shown on her dashboard line and at the top
of her edit screen instead of in Wagtail's "…" menu. The directory adds
"temporarily closed"; apps above it add theirs in their AppConfig.ready()
(outreach: the window sticker), so the directory imports none of them."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class OwnerAction:
    label: str
    url: str
    icon: str = ""


_providers = []


def show_owner_action(provider):
    """Registers `provider(page)`, which returns an OwnerAction or None."""
    if provider not in _providers:
        _providers.append(provider)


def owner_actions(page):
    return [action for provider in _providers if (action := provider(page)) is not None]


def temporary_closure_action(page):
    return OwnerAction(
        _("Vorübergehend geschlossen?"),
        reverse("directory_temporary_closure", args=[page.pk]),
        "time",
    )


show_owner_action(temporary_closure_action)
