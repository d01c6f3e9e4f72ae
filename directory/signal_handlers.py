"""The directory's signal receivers, connected in DirectoryConfig.ready()
with explicit senders."""

from django.db.models.signals import post_delete, post_save

from .models import BusinessOwnership
from .owners import on_ownership_deleted, on_ownership_saved


def register_signal_handlers():
    post_save.connect(
        on_ownership_saved, sender=BusinessOwnership, dispatch_uid="directory.ownership_saved"
    )
    post_delete.connect(
        on_ownership_deleted,
        sender=BusinessOwnership,
        dispatch_uid="directory.ownership_deleted",
    )
