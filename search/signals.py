"""Keeps the search indexes in step with the page tree: save, publish,
unpublish, delete and move of a registered page type each enqueue an index
task; so do saving and deleting a position. A change to a facet model drops
the cached facet names. Connected by SearchConfig.ready() for what the apps
registered (search.registry), each receiver with its sender."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from quartier.cache import note_change, note_reference_change

from .indexing import (
    enqueue_publish_synonyms,
    enqueue_refresh,
    enqueue_refresh_position,
    enqueue_refresh_subtree,
    enqueue_remove,
    enqueue_remove_position,
)
from .models import SearchTermGroup
from .synonyms import forget_synonym_rules
from .types import type_for_model
from .vocabulary import VOCABULARY_KEY


def _searchable(sender):
    return type_for_model(sender) is not None


def on_save(sender, instance, raw=False, **kwargs):
    # Aliases (synced translation trees) are never searched themselves.
    if not raw and getattr(instance, "alias_of_id", None) is None and _searchable(sender):
        enqueue_refresh(instance.pk)


def on_publish_or_unpublish(sender, instance, **kwargs):
    if _searchable(type(instance)):
        enqueue_refresh(instance.pk)


def on_move(sender, instance, **kwargs):
    if _searchable(instance.specific_class or type(instance)):
        enqueue_refresh(instance.pk)


def on_delete(sender, instance, **kwargs):
    if _searchable(sender):
        enqueue_remove(instance.pk)


def on_view_restriction_change(sender, instance, raw=False, **kwargs):
    # A private page leaves the index; a lifted restriction brings it back.
    if not raw:
        enqueue_refresh_subtree(instance.page_id)


def on_reference_change(sender, **kwargs):
    # Facet labels name districts, categories and languages (service.facet_objects),
    # in every process: a generation, not a deletion in this process's cache.
    note_reference_change()
    note_change()  # and category words are search words


def on_synonyms_change(sender, raw=False, **kwargs):
    # This process at once, the others when the shared cache is dropped (or
    # after RULES_SECONDS with a cache per process); Elasticsearch by the task.
    if not raw:
        forget_synonym_rules()
        cache.delete(VOCABULARY_KEY)
        enqueue_publish_synonyms()


def on_position_save(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue_refresh_position(instance.pk)


def on_position_delete(sender, instance, **kwargs):
    enqueue_remove_position(instance.pk)


def connect(registry):
    for facet in registry.facet_models.values():
        model = facet.model
        for signal in (post_save, post_delete):
            signal.connect(
                on_reference_change,
                sender=model,
                dispatch_uid=f"search_facets_{signal is post_save}_{model.__name__}",
            )
    for page_type in registry.page_types:
        model, name = page_type.model, page_type.kind
        post_save.connect(on_save, sender=model, dispatch_uid=f"search_text_on_save_{name}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"search_text_on_delete_{name}")
        page_published.connect(
            on_publish_or_unpublish, sender=model, dispatch_uid=f"search_on_publish_{name}"
        )
        page_unpublished.connect(
            on_publish_or_unpublish, sender=model, dispatch_uid=f"search_on_unpublish_{name}"
        )
        post_page_move.connect(on_move, sender=model, dispatch_uid=f"search_on_move_{name}")
    positions = registry.position_type.model
    post_save.connect(on_position_save, sender=positions, dispatch_uid="search_on_position_save")
    post_delete.connect(
        on_position_delete, sender=positions, dispatch_uid="search_on_position_delete"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            on_synonyms_change,
            sender=SearchTermGroup,
            dispatch_uid=f"search_synonyms_{signal is post_save}",
        )
    post_save.connect(
        on_view_restriction_change,
        sender=PageViewRestriction,
        dispatch_uid="search_on_view_restriction_save",
    )
    post_delete.connect(
        on_view_restriction_change,
        sender=PageViewRestriction,
        dispatch_uid="search_on_view_restriction_delete",
    )
