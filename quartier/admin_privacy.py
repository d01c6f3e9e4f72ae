"""Admin views that show an object only to accounts with a permission on its
model: Wagtail's generic snippet choosers and bulk-action confirmations list
every object's name to any signed-in account."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.pages.listing import GenericPageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.contrib.forms.views import FormPageFilterSet, FormPagesListView
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import GroupPagePermission, Page
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser

from .admin_forms import choosable_images
from .users.authority import may_manage

MODEL_ACTIONS = ["add", "change", "delete", "view"]


def has_model_permission(user, model):
    return policy_registry.get_by_type(model).user_has_any_permission(user, MODEL_ACTIONS)


class ModelPermissionRequiredMixin:
    """Refuses the view to an account without any permission on the model."""

    def dispatch(self, request, *args, **kwargs):
        if not has_model_permission(request.user, self.model_class):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChooseView(ModelPermissionRequiredMixin, chooser.ChooseView):
    pass


class ChooseResultsView(ModelPermissionRequiredMixin, chooser.ChooseResultsView):
    pass


class ChosenView(ModelPermissionRequiredMixin, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(ModelPermissionRequiredMixin, chooser.SnippetChosenMultipleView):
    pass


class CreateView(ModelPermissionRequiredMixin, chooser.SnippetCreateView):
    pass


class PermissionCheckedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    """For snippets with personal data: every chooser view checks the permission."""

    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView


@require_admin_access
@never_cache
def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk-action view, but it names no object the account may not
    act on: its confirmation page would list them all ("you have no permission
    for: …"), whatever their model, for ids that anyone can count through."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    bulk = action_class(request, model)
    objects, refused = bulk.get_actionable_objects()
    if refused["items_with_no_access"]:
        raise PermissionDenied
    if model is get_user_model() and not all(may_manage(request.user, user) for user in objects):
        raise PermissionDenied  # nobody acts on an account that holds more than they do
    return bulk.dispatch(request)


class ChoosableImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images: only those the account's image chooser offers."""

    def get_queryset(self):
        choosable = choosable_images(self.request.user).values("pk")
        return super().get_queryset().filter(pk__in=choosable)


class ChoosableDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents: only those the account's chooser offers."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(get_document_model())
        choosable = policy.instances_user_has_any_permission_for(self.request.user, ["choose"])
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


def may_publish_pages(user):
    """Coordination team and editors; shopkeepers, who only edit (never
    publish) their own profile, may not."""
    return (
        user.is_superuser
        or GroupPagePermission.objects.filter(
            group__user=user, permission__codename="publish_page"
        ).exists()
    )


@require_admin_access
def reports_gate(request, route):
    """Wagtail's reports (site history, page types, ageing, locked pages,
    workflows), for accounts that may publish pages: they name every
    account that edited something, and drafts' titles."""
    if not may_publish_pages(request.user):
        raise PermissionDenied
    match = resolve(f"/reports/{route}", urlconf="wagtail.admin.urls")
    if match.url_name is None:
        raise Resolver404
    return match.func(request, *match.args, **match.kwargs)


class OwnSelfOnlyUserFiltersMixin:
    """The "owner" and "edited by" filter menus of page listings name every
    account that owns or edited any page: a shopkeeper's name only themself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None and not may_publish_pages(self.request.user):
            for name in ("owner", "edited_by"):
                if name in self.filters:
                    self.filters[name].queryset = get_user_model().objects.filter(
                        pk=self.request.user.pk
                    )


class PrivatePageFilterSet(OwnSelfOnlyUserFiltersMixin, GenericPageFilterSet):
    pass


class PrivateFormPageFilterSet(OwnSelfOnlyUserFiltersMixin, FormPageFilterSet):
    pass


class PrivatePageViewSet(PageViewSet):
    """The explorer's listing under any parent page, with the filter menus above."""

    model = Page
    parent_models = [Page]
    filterset_class = PrivatePageFilterSet


class PrivateFormPagesListView(FormPagesListView):
    filterset_class = PrivateFormPageFilterSet
