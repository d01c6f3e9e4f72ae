"""A translation is edited by the same people as its original and moderated by
the same workflow.

There are no aliases (WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE is off): a page
without a translation is served from the German tree under the visitor's
prefix (quartier.models.BasePage.route). Real translations of editorial pages
live in their language's tree, which Wagtail's tree-based permissions do not
reach from the German tree: so page permissions and workflow assignments are
still mirrored onto every translation of a page (the Turkish home page gets the
editors' permissions of the German one, a translated event index its workflow).
The receivers are in quartier/signal_handlers.py."""

import threading

from django.db.models import Q

from wagtail.models import GroupPagePermission, Locale, Page, WorkflowPage

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


# Set while mirroring, so that the permissions it creates are not mirrored again.
mirroring = _Reentrancy("mirroring")


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
    with mirroring:
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


def pages_being_deleted():
    """Ids of the pages this thread is deleting (between their pre_delete and
    the deletion of their base Page row)."""
    if not hasattr(_state, "deleting"):
        _state.deleting = set()
    return _state.deleting


def create_translation(page, language, **texts):
    """A published real translation of `page` in `language`, its texts set
    from `texts` (field → value). Ancestors without a translation in that
    language get one first, as a published copy of the German page (Wagtail's
    copy_parents would make them aliases, which this site has none of)."""
    locale = Locale.objects.get(language_code=language)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.has_translation(locale):
            ancestor.copy_for_translation(locale).save_revision().publish()
    translated = page.specific.copy_for_translation(locale).specific
    for field, value in texts.items():
        setattr(translated, field, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated
