from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.models import CampaignPage
from directory.models import BusinessPage
from directory.owners import is_coordinator, request_owned_businesses
from quartier.admin_privacy import PermissionCheckedSnippetChooserViewSet

from . import admin_views
from .models import Subscription


class SubscriptionViewSet(SnippetViewSet):
    """Read and delete only: subscriptions come from residents' double opt-in."""

    model = Subscription
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    icon = "mail"
    menu_label = _("Newsletter-Abos")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["email", "language", "confirmed_at", "created_at"]
    list_filter = ["language"]
    search_fields = ["email"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "language",
        "workshops",
        "campaigns",
        "jobs",
        "news",
        "districts",
        "created_at",
        "confirmed_at",
    ]


register_snippet(SubscriptionViewSet)


@hooks.register("register_admin_urls")
def register_outreach_admin_urls():
    return [
        path("aushaenge/", admin_views.materials_view, name="outreach_materials"),
        path(
            "aushaenge/aufkleber/<int:page_id>/",
            admin_views.sticker_view,
            name="outreach_sticker",
        ),
        path("anleitung/", admin_views.owner_guide_view, name="outreach_owner_guide"),
        path(
            "anleitung/<str:language>/",
            admin_views.owner_guide_view,
            name="outreach_owner_guide_language",
        ),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def register_materials_menu_item():
    return CoordinatorMenuItem(
        _("Aushänge drucken"), reverse("outreach_materials"), icon_name="doc-full", order=320
    )


def _print_buttons(page, user):
    specific = page.specific_deferred
    if isinstance(specific, BusinessPage) and page.permissions_for_user(user).can_edit():
        url = reverse("outreach_sticker", args=[page.pk])
        yield Button(_("Fensteraufkleber (PDF)"), url=url, icon_name="doc-full", priority=90)
    elif isinstance(specific, CampaignPage) and is_coordinator(user):
        url = reverse("outreach_materials") + f"?kind=poster&campaign={page.pk}&language=de"
        yield Button(_("Plakat (PDF)"), url=url, icon_name="doc-full", priority=90)


@hooks.register("register_page_header_buttons")
def outreach_header_buttons(page, user, view_name, next_url=None):
    yield from _print_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def outreach_listing_buttons(page, user, next_url=None):
    yield from _print_buttons(page, user)


class StickerPanel(Component):
    """Download links for the shopkeeper's window stickers."""

    name = "window_stickers"
    template_name = "outreach/admin/sticker_panel.html"
    order = 60

    def __init__(self, businesses):
        self.businesses = businesses

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["businesses"] = self.businesses
        return context


class OwnerGuidePanel(Component):
    """A link to the owners' guide (PDF) in the admin's language."""

    name = "owner_guide"
    template_name = "outreach/admin/owner_guide_panel.html"
    order = 55


@hooks.register("construct_homepage_panels")
def add_owner_guide_panel(request, panels):
    if request_owned_businesses(request):
        panels.append(OwnerGuidePanel())


@hooks.register("construct_homepage_panels")
def add_sticker_panel(request, panels):
    businesses = [page for page in request_owned_businesses(request) if page.live]
    if businesses:
        panels.append(StickerPanel(businesses))
