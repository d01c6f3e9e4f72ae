"""The core's signal receivers, connected in QuartierConfig.ready() with
explicit senders: the page cache (what to drop comes from the models that
declare `cache_dependent_urls()`), the mirroring of permissions and
workflows onto translations, and the site's address."""

from django.apps import apps
from django.conf import settings
from django.core.signals import request_finished, request_started, setting_changed
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import translation

from wagtail.contrib.redirects.signal_handlers import (
    autocreate_redirects_on_page_move,
    autocreate_redirects_on_slug_change,
)
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    PageViewRestriction,
    Site,
    WorkflowPage,
)
from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

from . import cache as page_cache
from . import page_urls as url_module
from . import site_address
from .cache_invalidation import (
    EVERY_PAGE,
    collect_urls,
    dependent_urls,
    drop_dependents,
    drop_urls,
    page_urls,
    version_paths,
)
from .i18n import locale_code
from .translation_sync import (
    mirror_permissions_to,
    mirror_workflow_to,
    mirroring,
    pages_being_deleted,
    translations_of,
)

# --- page cache (quartier/cache_invalidation.py) -------------------------------

# Saves that change nothing a visitor sees (Wagtail's draft bookkeeping).
DRAFT_ONLY_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "numchild",
    "locked",
    "locked_at",
    "locked_by",
}


def drop_on_save(sender, instance, update_fields=None, raw=False, **_kwargs):
    if raw:
        return
    if isinstance(instance, Page):
        if not instance.live or instance.alias_of_id is not None:
            return  # a draft, or an alias: its source's list names every language
        if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
            return
    drop_dependents(instance)


def drop_on_delete(sender, instance, **_kwargs):
    if isinstance(instance, Page) and (not instance.live or instance.alias_of_id is not None):
        return
    drop_dependents(instance)


def drop_on_unpublish(sender, instance, **_kwargs):
    drop_dependents(instance)


def drop_on_move(
    sender, instance, url_path_before=None, url_path_after=None, parent_page_before=None, **_kwargs
):
    if url_path_before == url_path_after:
        return
    if instance.numchild:
        drop_urls(EVERY_PAGE)  # a whole branch has new addresses
        return
    instance = instance.specific
    old_paths = version_paths(url_path_before, locale_code(instance))
    old_parent = page_urls(parent_page_before) if parent_page_before is not None else set()
    drop_urls(collect_urls(old_paths, old_parent, dependent_urls(instance)))


def drop_on_slug_change(sender, instance, instance_before=None, **_kwargs):
    """A new slug: the old URLs, under every prefix that served them, still
    answer from the caches until dropped (the new ones go with the publication)."""
    if instance_before is None or not (instance.live or instance_before.live):
        return
    if instance.numchild:
        drop_urls(EVERY_PAGE)  # every page below has a new address too
        return
    old_paths = version_paths(instance_before.url_path, locale_code(instance_before))
    drop_urls(collect_urls(old_paths, dependent_urls(instance.specific)))


# --- permanent redirects from old URLs under every prefix ------------------------


def redirect_old_slug_in_every_language(sender, instance, instance_before=None, **kwargs):
    """Wagtail's redirects app makes a 301 from a page's old URL in the language
    that happens to be active; a page is served under six prefixes, so every
    prefix gets one (conflicts with Wagtail's own are ignored). The redirect
    names the page, so it leads to the new URL in the language of the request."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            autocreate_redirects_on_slug_change(
                instance_before=instance_before, instance=instance, **kwargs
            )


def redirect_old_place_in_every_language(sender, instance, **kwargs):
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            autocreate_redirects_on_page_move(instance=instance, **kwargs)


def drop_every_page(**_kwargs):
    drop_urls(EVERY_PAGE)


def cached_models():
    """Every installed model that declares what shows it (cache_dependent_urls)."""
    return [
        model
        for model in apps.get_models()
        if callable(getattr(model, "cache_dependent_urls", None))
    ]


def page_models():
    """Every installed page type, Wagtail's Page included (its row is deleted
    last when a page is deleted)."""
    return [model for model in apps.get_models() if issubclass(model, Page)]


# --- translations share permissions and workflows (quartier/translation_sync.py) -


def on_page_saved(sender, instance, created, raw=False, **kwargs):
    # A saved site root (or a new translation of one) changes Wagtail's site
    # root paths; this request reads them again (quartier.page_urls).
    url_module.forget()
    if raw or not created or instance.depth == 1:
        return
    mirror_permissions_to(instance)
    mirror_workflow_to(instance)


def on_group_page_permission_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created or mirroring.active():
        return
    with mirroring:
        for translation in translations_of(instance.page):
            GroupPagePermission.objects.get_or_create(
                group_id=instance.group_id, page=translation, permission_id=instance.permission_id
            )


def on_page_pre_delete(sender, instance, **kwargs):
    pages_being_deleted().add(instance.pk)


def on_page_post_delete(sender, instance, **kwargs):
    # The specific class's row goes first; the base Page row is deleted last.
    if type(instance) is Page:
        pages_being_deleted().discard(instance.pk)


def on_group_page_permission_deleted(sender, instance, **kwargs):
    """Revoking a permission on one translation revokes it on all of them; a
    permission deleted because its page is deleted leaves the others alone."""
    if mirroring.active() or instance.page_id in pages_being_deleted():
        return
    with mirroring:
        GroupPagePermission.objects.filter(
            group_id=instance.group_id,
            permission_id=instance.permission_id,
            page__translation_key=instance.page.translation_key,
        ).exclude(pk=instance.pk).delete()


def on_workflow_page_saved(sender, instance, created, raw=False, **kwargs):
    if raw or mirroring.active():
        return
    with mirroring:
        for translation in translations_of(instance.page):
            WorkflowPage.objects.update_or_create(
                page=translation, defaults={"workflow_id": instance.workflow_id}
            )


def register_signal_handlers():
    uid = "quartier.cache_invalidation."
    for model in cached_models():
        label = model._meta.label_lower
        post_save.connect(drop_on_save, sender=model, dispatch_uid=f"{uid}saved.{label}")
        post_delete.connect(drop_on_delete, sender=model, dispatch_uid=f"{uid}deleted.{label}")
        if issubclass(model, Page):
            page_unpublished.connect(
                drop_on_unpublish, sender=model, dispatch_uid=f"{uid}unpublished.{label}"
            )
            post_page_move.connect(drop_on_move, sender=model, dispatch_uid=f"{uid}moved.{label}")
            page_slug_changed.connect(
                drop_on_slug_change, sender=model, dispatch_uid=f"{uid}slug-changed.{label}"
            )
            page_slug_changed.connect(
                redirect_old_slug_in_every_language,
                sender=model,
                dispatch_uid=f"quartier.redirects.slug-changed.{label}",
            )
            post_page_move.connect(
                redirect_old_place_in_every_language,
                sender=model,
                dispatch_uid=f"quartier.redirects.moved.{label}",
            )
    # Every page shows the site, its languages and the private sections.
    for model in (Site, Locale, PageViewRestriction):
        label = model._meta.label_lower
        post_save.connect(drop_every_page, sender=model, dispatch_uid=f"{uid}saved.{label}")
        post_delete.connect(drop_every_page, sender=model, dispatch_uid=f"{uid}deleted.{label}")

    uid = "quartier.translation_sync."
    for model in page_models():
        label = model._meta.label_lower
        post_save.connect(on_page_saved, sender=model, dispatch_uid=f"{uid}page.{label}")
        pre_delete.connect(
            on_page_pre_delete, sender=model, dispatch_uid=f"{uid}page-deleting.{label}"
        )
        post_delete.connect(
            on_page_post_delete, sender=model, dispatch_uid=f"{uid}page-deleted.{label}"
        )
    post_save.connect(
        on_group_page_permission_saved,
        sender=GroupPagePermission,
        dispatch_uid=uid + "permission",
    )
    post_delete.connect(
        on_group_page_permission_deleted,
        sender=GroupPagePermission,
        dispatch_uid=uid + "permission-deleted",
    )
    post_save.connect(on_workflow_page_saved, sender=WorkflowPage, dispatch_uid=uid + "workflow")

    uid = "quartier.cache."
    request_started.connect(page_cache.begin_request, dispatch_uid=uid + "begin")
    request_finished.connect(page_cache.end_request, dispatch_uid=uid + "end")

    uid = "quartier.site_address."
    post_save.connect(site_address.forget, sender=Site, dispatch_uid=uid + "saved")
    post_delete.connect(site_address.forget, sender=Site, dispatch_uid=uid + "deleted")
    uid = "quartier.page_urls."
    setting_changed.connect(url_module.forget_served_paths, dispatch_uid=uid + "served-paths")
    post_save.connect(url_module.forget, sender=Site, dispatch_uid=uid + "saved")
    post_delete.connect(url_module.forget, sender=Site, dispatch_uid=uid + "deleted")
