from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.action_menu import (
    PageLockedMenuItem,
    SaveDraftMenuItem,
    SubmitForModerationMenuItem,
)
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from quartier.admin_privacy import PermissionCheckedSnippetChooserViewSet
from quartier.dates import long_date

from . import views
from .geocoding import geocode_warning
from .hours import closure
from .models import (
    BusinessClaim,
    BusinessOwnership,
    BusinessPage,
    Category,
    Cuisine,
    District,
    Language,
    PaymentMethod,
    TagTranslation,
)
from .owner_actions import owner_actions
from .owners import is_coordinator, request_owned_businesses
from .translation_status import can_see_translation_status


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    list_display = ["name", "slug", "city"]
    search_fields = ["name", "slug"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name", "keywords"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["native_name", "german_name", "code"]
    search_fields = ["native_name", "german_name", "code"]


class PaymentMethodViewSet(SnippetViewSet):
    model = PaymentMethod
    icon = "form"
    list_display = ["name", "slug"]


class CuisineViewSet(SnippetViewSet):
    model = Cuisine
    icon = "list-ul"
    list_display = ["name", "slug"]


class TagTranslationCreateView(CreateView):
    """Opened from the Übersetzungsstand with ?tag=<id>: that tag is chosen."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        tag = self.request.GET.get("tag", "")
        if tag.isdigit():
            kwargs["initial"] = {**kwargs.get("initial", {}), "tag": int(tag)}
        return kwargs


class TagTranslationViewSet(SnippetViewSet):
    model = TagTranslation
    add_view_class = TagTranslationCreateView
    icon = "tag"
    list_display = ["tag", "name_translations"]
    search_fields = ["tag__name"]


class BusinessClaimViewSet(SnippetViewSet):
    """Claims from the public: the coordination team reads them and sets a status."""

    model = BusinessClaim
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    icon = "mail"
    list_display = ["business", "name", "email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "message"]
    inspect_view_enabled = True
    inspect_view_fields = ["business", "name", "email", "phone", "message", "created_at"]


class BusinessOwnershipViewSet(SnippetViewSet):
    """Who owns which business. Adding a row lets that account edit the
    business (after moderation, as always); deleting it takes that away."""

    model = BusinessOwnership
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    icon = "user"
    list_display = ["business", "user", "created_at"]
    search_fields = ["business__title", "user__username", "user__email"]
    form_fields = ["business", "user"]


class DirectoryDataGroup(SnippetViewSetGroup):
    menu_label = _("Verzeichnisdaten")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (
        DistrictViewSet,
        CategoryViewSet,
        LanguageViewSet,
        PaymentMethodViewSet,
        CuisineViewSet,
        TagTranslationViewSet,
        BusinessClaimViewSet,
        BusinessOwnershipViewSet,
    )


register_snippet(DirectoryDataGroup)


@hooks.register("register_admin_urls")
def register_directory_admin_urls():
    return [
        path("verzeichnis/einladen/", views.invite_owner_view, name="directory_invite_owner"),
        path("verzeichnis/import/", views.import_view, name="directory_import"),
        path("verzeichnis/export/", views.export_view, name="directory_export"),
        path(
            "verzeichnis/geschaeft/<int:page_id>/voruebergehend-geschlossen/",
            closure.temporary_closure_view,
            name="directory_temporary_closure",
        ),
        path(
            "uebersetzungsstand/",
            views.translation_status_view,
            name="directory_translation_status",
        ),
    ]


class TranslationTeamMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_translation_status(request.user)


@hooks.register("register_admin_menu_item")
def register_translation_status_menu_item():
    return TranslationTeamMenuItem(
        _("Übersetzungsstand"),
        reverse("directory_translation_status"),
        icon_name="globe",
        order=320,
    )


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


class CoordinatorSubmenuMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def register_directory_tools_menu():
    items = [
        CoordinatorMenuItem(
            _("Inhaber einladen"), reverse("directory_invite_owner"), icon_name="user", order=1
        ),
        CoordinatorMenuItem(
            _("Geschäfte importieren"), reverse("directory_import"), icon_name="upload", order=2
        ),
        CoordinatorMenuItem(
            _("Geschäfte exportieren"), reverse("directory_export"), icon_name="download", order=3
        ),
    ]
    return CoordinatorSubmenuMenuItem(
        _("Verzeichnis-Werkzeuge"), Menu(items=items), icon_name="list-ul", order=310
    )


def _invite_button(page, user):
    if isinstance(page.specific_deferred, BusinessPage) and is_coordinator(user):
        url = reverse("directory_invite_owner") + f"?business={page.pk}"
        return Button(_("Inhaber einladen"), url=url, icon_name="user", priority=80)
    return None


def _closure_button(page, user):
    if (
        isinstance(page.specific_deferred, BusinessPage)
        and page.permissions_for_user(user).can_edit()
    ):
        url = reverse("directory_temporary_closure", args=[page.pk])
        return Button(_("Vorübergehend geschlossen?"), url=url, icon_name="time", priority=70)
    return None


@hooks.register("register_page_header_buttons")
def business_header_buttons(page, user, view_name, next_url=None):
    for button in (_closure_button(page, user), _invite_button(page, user)):
        if button:
            yield button


@hooks.register("register_page_listing_more_buttons")
def business_listing_buttons(page, user, next_url=None):
    button = _invite_button(page, user)
    if button:
        yield button


def state_in_words(page, workflow_state):
    """What an owner needs to know about their profile, in a few plain words:
    where their last change stands, then whether the shop counts as closed."""
    if workflow_state is not None:
        words = [_("Wartet auf Prüfung")]
    elif page.live and page.has_unpublished_changes:
        words = [_("Entwurf mit Änderungen")]
    elif page.live:
        words = [_("Veröffentlicht")]
    else:
        words = [_("Noch nicht veröffentlicht")]
    status = page.effective_status()
    if status == BusinessPage.Status.TEMPORARILY_CLOSED:
        if page.reopens_on:
            words.append(
                gettext("Vorübergehend geschlossen, öffnet wieder am %(date)s")
                % {"date": long_date(page.reopens_on)}
            )
        else:
            words.append(_("Vorübergehend geschlossen"))
    elif status == BusinessPage.Status.CLOSED:
        words.append(_("Dauerhaft geschlossen"))
    return words


class OwnedBusinessesPanel(Component):
    """The shopkeeper's businesses, one line each: its state in words and what
    the profile still lacks."""

    name = "owned_businesses"
    template_name = "directory/dashboard_panel.html"
    order = 50

    def __init__(self, businesses):
        self.businesses = businesses

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = []
        for page in self.businesses:
            workflow_state = page.current_workflow_state
            rows.append(
                {
                    "page": page,
                    "state": state_in_words(page, workflow_state),
                    "missing": page.missing_profile_parts(),
                    "actions": owner_actions(page),
                }
            )
        context["rows"] = rows
        return context


class OwnerSubmitMenuItem(SubmitForModerationMenuItem):
    """The owner's one clear action, in plain words."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = _("Zur Prüfung senden")
        return context


class OwnerInReviewMenuItem(PageLockedMenuItem):
    """While the team reviews a submission the page is locked for its owner:
    the big (disabled) button says why, instead of "Seite gesperrt"."""

    template_name = "admin/directory/in_review_menu_item.html"


class OwnerAddToReviewMenuItem(SaveDraftMenuItem):
    """While the team reviews her change, the owner's big button saves an
    addition to it (a photo, a corrected field); nothing is withdrawn."""

    template_name = "admin/directory/add_to_review_menu_item.html"


def _is_owner_editing_business(request, page):
    return isinstance(page, BusinessPage) and not is_coordinator(request.user)


@hooks.register("construct_page_action_menu")
def owners_submit_for_review_first(menu_items, request, context):
    """For owners the big button is "Zur Prüfung senden" (Wagtail's default is
    "Entwurf speichern", with submitting behind an arrow), and withdrawing a
    submission never becomes the big button."""
    if not _is_owner_editing_business(request, context.get("page")):
        return
    for index, item in enumerate(menu_items):
        if item.name == "action-submit":
            menu_items.pop(index)
            menu_items.insert(0, OwnerSubmitMenuItem(order=item.order))
            break
    if menu_items and menu_items[0].name == "action-cancel-workflow":
        menu_items.append(menu_items.pop(0))
    if menu_items and menu_items[0].name == "action-page-locked":
        menu_items[0] = OwnerInReviewMenuItem(order=menu_items[0].order)
    if (
        menu_items
        and menu_items[0].name == "action-save-draft"
        and context["page"].workflow_in_progress
    ):
        menu_items[0] = OwnerAddToReviewMenuItem(order=menu_items[0].order)


@hooks.register("after_edit_page")
def tell_owners_what_happens_next(request, page):
    """After submitting, the owner stays on her business (Wagtail would show the
    directory's page list, empty for her) and reads what happens next; what she
    saves while the change waits joins it."""
    if not _is_owner_editing_business(request, page.specific):
        return None
    # Translated now, in the owner's admin language: a lazy text would be
    # stored after the view, in the request's language.
    if "action-submit" in request.POST:
        messages.info(
            request,
            gettext(
                "Danke! Das Koordinationsteam prüft Ihre Änderung. Bis zur Freigabe sehen "
                "Besucherinnen und Besucher die bisherige Fassung, danach Ihre neue. Sie "
                "können bis dahin weiter Fotos hinzufügen oder Angaben korrigieren."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    if page.workflow_in_progress:
        messages.info(
            request,
            gettext(
                "Gespeichert. Ihre Ergänzung gehört zur Änderung, die auf Prüfung wartet: "
                "das Koordinationsteam sieht alles zusammen."
            ),
        )
    return None


@hooks.register("admin_landing_url")
def owners_land_on_their_business(user):
    """An owner of exactly one business starts on its edit screen (quartier.admin_login);
    owners of several, editors and the coordination team start on the dashboard."""
    if is_coordinator(user):
        return None
    owned = list(
        BusinessPage.objects.filter(ownerships__user=user).values_list("pk", flat=True)[:2]
    )
    if len(owned) == 1:
        return reverse("wagtailadmin_pages:edit", args=[owned[0]])
    return None


@hooks.register("insert_global_admin_css")
def right_to_left_text_fields():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-rtl.css"))


@hooks.register("construct_homepage_panels")
def add_owned_businesses_panel(request, panels):
    businesses = request_owned_businesses(request)
    if businesses:
        panels.append(OwnedBusinessesPanel(businesses))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_when_not_on_map(request, page):
    """Tells the editor when a business is not (yet) on the map."""
    page = page.specific
    if isinstance(page, BusinessPage):
        warning = geocode_warning(page)
        if warning:
            messages.warning(request, warning)
