"""The directory's signal receivers, connected in DirectoryConfig.ready()
with explicit senders."""

from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext as _

from wagtail.signals import copy_for_translation_done

from .models import BusinessOwnership, BusinessPage
from .opening_state import set_opening_state
from .owners import on_ownership_deleted, on_ownership_saved


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


def register_signal_handlers():
    copy_for_translation_done.connect(
        refuse_business_page_translations, dispatch_uid="directory.refuse_business_translation"
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
