"""Wagtail hooks for the map: tell the editor when a business is not (yet) on
the map, serve the map page with its filter options, and keep the GeoJSON
cache fresh. Imported from wagtail_hooks.py."""

from django.contrib import messages
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.signals import page_published, page_unpublished

from . import map_views
from .models import BusinessPage, Category, District, MapPage


def geocode_warning(page):
    """The warning for an editor, or None when the business is on the map."""
    Status = BusinessPage.GeocodeStatus
    if page.geocode_status == Status.FAILED:
        return _(
            "Die Adresse von „%(title)s“ wurde nicht gefunden. Das Geschäft ist noch nicht "
            "auf der Karte. Bitte prüfen Sie die Adresse oder setzen Sie den Punkt auf der "
            "Karte von Hand."
        ) % {"title": page.title}
    if page.geocode_status == Status.OUTSIDE:
        district = page.district.display_name if page.district_id else ""
        return _(
            "Die gefundene Position für „%(title)s“ liegt weit außerhalb des Stadtteils "
            "%(district)s und wurde nicht übernommen. Bitte prüfen Sie die Adresse oder "
            "setzen Sie den Punkt auf der Karte von Hand."
        ) % {"title": page.title, "district": district}
    if page.geocode_status == Status.PENDING or not page.is_on_map:
        return _(
            "„%(title)s“ ist gespeichert, aber noch nicht auf der Karte: Die Adresse konnte "
            "gerade nicht gesucht werden. Wir versuchen es später erneut, oder Sie setzen den "
            "Punkt auf der Karte von Hand."
        ) % {"title": page.title}
    return None


def _warn_editor(request, page):
    page = page.specific
    if not isinstance(page, BusinessPage):
        return
    warning = geocode_warning(page)
    if warning:
        messages.warning(request, warning)


@hooks.register("after_create_page")
def warn_after_create(request, page):
    _warn_editor(request, page)


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    _warn_editor(request, page)


@hooks.register("before_serve_page")
def serve_map_page(page, request, serve_args, serve_kwargs):
    """The map page needs the filter options (districts, categories, languages)
    and the workshop venues; served here so that models.py stays thin."""
    if isinstance(page, MapPage):
        return map_views.serve_map_page(page, request, *serve_args, **serve_kwargs)
    return None


def _business_changed(sender, instance, **kwargs):
    if isinstance(instance, BusinessPage):
        map_views.invalidate_geojson()


def _reference_data_changed(sender, **kwargs):
    map_views.invalidate_geojson()


page_published.connect(_business_changed, dispatch_uid="map_business_published")
page_unpublished.connect(_business_changed, dispatch_uid="map_business_unpublished")
post_delete.connect(_business_changed, sender=BusinessPage, dispatch_uid="map_business_deleted")
for _model in (Category, District):
    post_save.connect(_reference_data_changed, sender=_model, dispatch_uid=f"map_{_model.__name__}")
    post_delete.connect(
        _reference_data_changed, sender=_model, dispatch_uid=f"map_{_model.__name__}_del"
    )
