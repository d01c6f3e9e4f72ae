from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from quartier.admin_privacy import PermissionCheckedSnippetChooserViewSet
from quartier.spreadsheets import escape_formula

from .models import Registration, TargetGroup, WorkshopPage


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "group"
    menu_label = _("Zielgruppen")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class RegistrationIndexView(IndexView):
    def preprocess_field_value(self, field, value, export_format):
        """Names and notes come from the public: no cell may start like a formula."""
        value = super().preprocess_field_value(field, value, export_format)
        # Wagtail's XLSX export already writes formula-like values as string cells.
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return escape_formula(value)
        return value


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    index_view_class = RegistrationIndexView
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    icon = "form"
    menu_label = _("Anmeldungen")
    list_display = [
        "name",
        "workshop",
        "status",
        "places",
        "attended",
        "email",
        "phone",
        "created_at",
    ]
    list_filter = ["workshop", "status", "attended"]
    search_fields = ["name", "email", "phone"]
    list_export = [
        "workshop",
        "name",
        "email",
        "phone",
        "places",
        "status",
        "attended",
        "note",
        "created_at",
        "cancelled_at",
    ]
    export_filename = "anmeldungen"
    ordering = ["workshop", "created_at"]
    copy_view_enabled = False


class BlogViewSetGroup(SnippetViewSetGroup):
    items = (RegistrationViewSet, TargetGroupViewSet)
    menu_icon = "date"
    menu_label = _("Workshops")
    menu_name = "workshops"


register_snippet(BlogViewSetGroup)


@hooks.register("register_page_listing_buttons")
def registrations_button(page, user, next_url=None):
    """Link from a workshop in the page explorer to its registrations."""
    if isinstance(page.specific_deferred, WorkshopPage) and user.has_perm("blog.view_registration"):
        url = reverse("wagtailsnippets_blog_registration:list") + f"?workshop={page.pk}"
        yield ListingButton(_("Anmeldungen"), url, priority=60)
