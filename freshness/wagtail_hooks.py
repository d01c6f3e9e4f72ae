"""Admin wiring: residents' reports for the coordination team (read-only but
for "done"), the list of stale profiles, and the owner's statistics."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.owners import owned_businesses
from directory.wagtail_hooks import CoordinatorMenuItem
from quartier.admin_privacy import PermissionCheckedSnippetChooserViewSet
from quartier.clock import local_today

from . import statistics, views
from .models import ProfileReport


class ReportsArriveFromThePublic(ModelPermissionPolicy):
    """Reports come only from the profile's form: nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(ProfileReport, ReportsArriveFromThePublic(ProfileReport))


class ProfileReportViewSet(SnippetViewSet):
    model = ProfileReport
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    icon = "warning"
    menu_label = _("Gemeldete Fehler")
    add_to_admin_menu = True
    menu_order = 305
    list_display = ["business", "kind", "created_at", "done"]
    list_filter = ["done", "kind"]
    search_fields = ["note"]
    inspect_view_enabled = True
    inspect_view_fields = ["business", "kind", "note", "created_at", "done"]
    copy_view_enabled = False


register_snippet(ProfileReportViewSet)


@hooks.register("register_admin_urls")
def register_freshness_admin_urls():
    return [
        path("angaben/veraltet/", views.stale_view, name="freshness_stale"),
        path("angaben/veraltet/drucken/", views.stale_print_view, name="freshness_stale_print"),
    ]


@hooks.register("register_admin_menu_item")
def register_stale_menu_item():
    return CoordinatorMenuItem(
        _("Veraltete Profile"), reverse("freshness_stale"), icon_name="time", order=306
    )


class ProfileStatisticsPanel(Component):
    """Views and contact clicks of the owner's own businesses, this month and last."""

    name = "profile_statistics"
    template_name = "freshness/dashboard_statistics.html"
    order = 55

    def __init__(self, businesses):
        # The owner's group may edit every language's page of a business:
        # one table per business (its numbers cover all its languages).
        first = {}
        for page in sorted(businesses, key=lambda page: page.pk):
            first.setdefault(page.translation_key, page)
        self.businesses = sorted(first.values(), key=lambda page: (page.title, page.pk))

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        this_month = statistics.month_of(local_today())
        months = [this_month, statistics.previous_month(this_month)]
        counts = statistics.monthly_counts(self.businesses, months)
        context["months"] = months
        context["rows"] = [
            {
                "page": page,
                "pairs": [
                    (
                        kind,
                        [
                            counts.get((page.translation_key, month), {}).get(kind.value, 0)
                            for month in months
                        ],
                    )
                    for kind in statistics.Kind
                ],
            }
            for page in self.businesses
        ]
        return context


@hooks.register("construct_homepage_panels")
def add_profile_statistics_panel(request, panels):
    businesses = owned_businesses(request.user)
    if businesses:
        panels.append(ProfileStatisticsPanel(businesses))
