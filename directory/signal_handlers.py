"""The directory's signal receivers, connected in DirectoryConfig.ready()
with explicit senders."""

from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext as _

from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.signals import copy_for_translation_done, page_published, page_unpublished

from .hours import set_opening_state
from .map_data import invalidate_geojson
from .models import BusinessOwnership, BusinessPage, Category, DirectoryIndexPage, District
from .owners import assign_moderation_workflow, on_ownership_deleted, on_ownership_saved


def store_opening_state(sender, instance, raw=False, **kwargs):
    """Saved hours get their opening state at once (a changed text must not keep
    the old text's window)."""
    if not raw:
        set_opening_state(instance)


def refuse_business_page_translations(sender, source_obj, target_obj, **kwargs):
    """A business exists once: its texts are translated on the page itself
    (BusinessPageTranslation), never as a copy that would duplicate its facts.
    Raising here rolls back Wagtail's "Translate" action (a 403)."""
    if isinstance(target_obj, BusinessPage) and target_obj.alias_of_id is None:
        raise PermissionDenied(
            _(
                "Geschäfte werden nicht als eigene Seite übersetzt: Übersetzungen ihrer "
                "Texte stehen im Bereich „Übersetzungen“ des Geschäfts."
            )
        )


def moderate_directory(sender, instance, raw=False, **kwargs):
    """A saved directory page (and so every business below it) is under the
    moderation workflow."""
    if not raw:
        assign_moderation_workflow(instance)


def refresh_map(sender, **kwargs):
    """A business published, unpublished or deleted, or a category or district
    changed: the map's cached features are stale (directory.map_views)."""
    invalidate_geojson()


def register_signal_handlers():
    copy_for_translation_done.connect(
        refuse_business_page_translations,
        sender=CopyPageForTranslationAction,
        dispatch_uid="directory.refuse_business_translation",
    )
    pre_save.connect(
        store_opening_state, sender=BusinessPage, dispatch_uid="directory-opening-state"
    )
    post_save.connect(
        on_ownership_saved, sender=BusinessOwnership, dispatch_uid="directory.ownership_saved"
    )
    post_delete.connect(
        on_ownership_deleted,
        sender=BusinessOwnership,
        dispatch_uid="directory.ownership_deleted",
    )
    post_save.connect(
        moderate_directory, sender=DirectoryIndexPage, dispatch_uid="directory.moderation"
    )
    page_published.connect(refresh_map, sender=BusinessPage, dispatch_uid="map_business_published")
    page_unpublished.connect(
        refresh_map, sender=BusinessPage, dispatch_uid="map_business_unpublished"
    )
    post_delete.connect(refresh_map, sender=BusinessPage, dispatch_uid="map_business_deleted")
    for model in (Category, District):
        name = model.__name__
        post_save.connect(refresh_map, sender=model, dispatch_uid=f"map_{name}")
        post_delete.connect(refresh_map, sender=model, dispatch_uid=f"map_{name}_del")
