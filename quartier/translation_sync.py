"""Keeps the page trees of all locales in step (wagtail.contrib.simple_translation
with WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE).

simple_translation only creates aliases when a page is created in the admin.
Pages created in code (demo loader, importer) and locales added after content
exists would leave holes: a /tr/ URL of a page without alias would be a 404.
So every publish and every new locale completes the trees here.

A translation is edited by the same people as its original and moderated by the
same workflow: page permissions (shopkeepers' per-business groups included)
and workflow assignments are mirrored onto every translation of a page."""

import logging
import threading

from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef, Q

from wagtail.models import GroupPagePermission, Locale, Page, WorkflowPage

logger = logging.getLogger(__name__)
_state = threading.local()


class _Reentrancy:
    """Mirroring a permission creates permissions; don't mirror those again."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        setattr(_state, self.name, True)

    def __exit__(self, *exc):
        setattr(_state, self.name, False)

    def active(self):
        return getattr(_state, self.name, False)


_syncing = _Reentrancy("syncing")
_mirroring = _Reentrancy("mirroring")


def missing_aliases(locale):
    """Original pages (no aliases, no root) that have no page in `locale` yet,
    parents first."""
    in_locale = Page.objects.filter(locale=locale, translation_key=OuterRef("translation_key"))
    return (
        Page.objects.filter(depth__gt=1, alias_of__isnull=True)
        .exclude(locale=locale)
        .exclude(Exists(in_locale))
        .order_by("depth", "path")
    )


def sync_page_tree(locales=None):
    """Creates an alias in every locale for every page that has none there.
    Returns the number of aliases created. Cheap when nothing is missing:
    one query per locale."""
    if _syncing.active():
        return 0
    created = 0
    with _syncing, transaction.atomic():
        for locale in locales or Locale.objects.all():
            done = set()
            for page in missing_aliases(locale):
                if page.translation_key in done or page.has_translation(locale):
                    continue
                page.specific.copy_for_translation(locale, copy_parents=True, alias=True)
                done.add(page.translation_key)
                created += 1
    return created


def mirror_permissions_to(page):
    """Gives `page` the group page permissions that any of its translations has."""
    existing = set(
        GroupPagePermission.objects.filter(page=page).values_list("group_id", "permission_id")
    )
    wanted = set(
        GroupPagePermission.objects.filter(translation_filter(page))
        .exclude(page=page)
        .values_list("group_id", "permission_id")
    )
    with _mirroring:
        GroupPagePermission.objects.bulk_create(
            [
                GroupPagePermission(group_id=group_id, page=page, permission_id=permission_id)
                for group_id, permission_id in wanted - existing
            ],
            ignore_conflicts=True,
        )


def mirror_workflow_to(page):
    """A translation of a page with a workflow gets the same workflow."""
    if WorkflowPage.objects.filter(page=page).exists():
        return
    source = WorkflowPage.objects.filter(translation_filter(page)).exclude(page=page).first()
    if source is not None:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": source.workflow})


def translation_filter(page):
    return Q(page__translation_key=page.translation_key)


def translations_of(page):
    return Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)


# --- signal receivers (connected in quartier.i18n.QuartierI18nConfig.ready) ----


def on_page_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not isinstance(instance, Page) or instance.depth == 1:
        return
    mirror_permissions_to(instance)
    mirror_workflow_to(instance)


def _run_scheduled_sync():
    sync_page_tree()


def schedule_sync():
    """Completes the trees once the current transaction commits (at once
    outside a transaction): loading 50 pages in one transaction syncs once,
    with the pages' child objects and tags already saved."""
    connection = transaction.get_connection()
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _run_scheduled_sync for entry in pending):
        return
    transaction.on_commit(_run_scheduled_sync)


def on_page_published(sender, instance, alias=False, **kwargs):
    if alias or instance.alias_of_id is not None:
        return
    schedule_sync()


def on_locale_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        schedule_sync()


def on_group_page_permission_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created or _mirroring.active():
        return
    with _mirroring:
        for translation in translations_of(instance.page):
            GroupPagePermission.objects.get_or_create(
                group_id=instance.group_id, page=translation, permission_id=instance.permission_id
            )


def _pages_being_deleted():
    if not hasattr(_state, "deleting"):
        _state.deleting = set()
    return _state.deleting


def on_page_pre_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _pages_being_deleted().add(instance.pk)


def on_page_post_delete(sender, instance, **kwargs):
    # The specific class's row goes first; the base Page row is deleted last.
    if type(instance) is Page:
        _pages_being_deleted().discard(instance.pk)


def on_group_page_permission_deleted(sender, instance, **kwargs):
    """Revoking a permission on one translation revokes it on all of them; a
    permission deleted because its page is deleted leaves the others alone."""
    if _mirroring.active() or instance.page_id in _pages_being_deleted():
        return
    with _mirroring:
        GroupPagePermission.objects.filter(
            group_id=instance.group_id,
            permission_id=instance.permission_id,
            page__translation_key=instance.page.translation_key,
        ).exclude(pk=instance.pk).delete()


def on_workflow_page_saved(sender, instance, created, raw=False, **kwargs):
    if raw or _mirroring.active():
        return
    with _mirroring:
        for translation in translations_of(instance.page):
            WorkflowPage.objects.update_or_create(
                page=translation, defaults={"workflow_id": instance.workflow_id}
            )


def on_post_migrate(sender, app_config=None, using="default", **kwargs):
    """Completes the trees after `migrate` (e.g. a locale added by migration to a
    site that already has content). No-op when only the home page exists."""
    if app_config is None or app_config.label != "quartier_i18n":
        return
    try:
        has_content = Page.objects.filter(depth__gt=2).exists()
    except DatabaseError:  # tables may not exist when migrating backwards
        logger.warning("Page tree not synchronised after migrate", exc_info=True)
        return
    if has_content:
        created = sync_page_tree()
        if created:
            logger.info("Created %d page aliases for translations", created)
