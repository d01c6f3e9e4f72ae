"""The directory's signal receivers, connected in DirectoryConfig.ready()
with explicit senders."""

from django.db.models.signals import post_delete, post_save, pre_save

from .models import BusinessOwnership, BusinessPage
from .opening_state import set_opening_state
from .owners import on_ownership_deleted, on_ownership_saved


def store_opening_state(sender, instance, raw=False, **kwargs):
    """Saved hours get their opening state at once (a changed text must not keep
    the old text's window)."""
    if not raw:
        set_opening_state(instance)


def register_signal_handlers():
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
