from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from directory.wagtail_hooks import CoordinatorMenuItem

from . import views


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("programmbericht/", views.report_view, name="reports_programme")]


@hooks.register("register_admin_menu_item")
def register_report_menu_item():
    return CoordinatorMenuItem(
        _("Programmbericht"), reverse("reports_programme"), icon_name="table", order=330
    )
