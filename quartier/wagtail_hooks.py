from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .admin_i18n import whats_new_in_language
from .admin_privacy import (
    ChoosableDocumentsAdminAPIViewSet,
    ChoosableImagesAdminAPIViewSet,
    PrivatePageViewSet,
    may_publish_pages,
)


@hooks.register("construct_admin_api", order=100)
def restrict_admin_api(router):
    """Replaces the endpoints that wagtail.images and wagtail.documents register
    (order 100: after theirs), which list every title and file to any account."""
    router.register_endpoint("images", ChoosableImagesAdminAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAdminAPIViewSet)


@hooks.register("construct_page_chooser_queryset")
def hide_drafts_from_shopkeepers(pages, request):
    """The page chooser lists the pages an account may not edit only as the
    public knows them: none with a draft, whose title (the chooser shows
    drafts' titles) may not be public yet. Editors, who publish campaigns,
    see business profiles' drafts no more than shopkeepers do."""
    if request.user.is_superuser:
        return pages
    editable = PagePermissionPolicy().instances_user_has_permission_for(request.user, "change")
    drafts = Page.objects.filter(has_unpublished_changes=True).exclude(pk__in=editable)
    # A list of ids: the chooser's search filters only on indexed fields such as "id".
    return pages.exclude(id__in=list(drafts.values_list("pk", flat=True)))


@hooks.register("before_move_page")
def refuse_moves_one_may_not_make(request, page_to_move, destination):
    """Wagtail's move confirmation answers a GET without checking the move,
    naming both pages' (draft) titles to any admin account."""
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None


@hooks.register("construct_reports_menu")
def hide_reports_from_shopkeepers(request, menu_items):
    """The reports are refused to them (quartier.admin_privacy.reports_gate)."""
    if not may_publish_pages(request.user):
        menu_items[:] = []


@hooks.register("register_admin_viewset")
def register_private_page_viewset():
    return PrivatePageViewSet("quartier_pages")


@hooks.register("construct_help_menu")
def label_whats_new_in_the_users_language(request, menu_items):
    whats_new_in_language(menu_items)
