"""Admin wiring: the synonym groups ("Suchbegriffe") the coordination team
keeps. Only accounts with a permission on the model see them (granted to the
coordination team by migration 0006; superusers have all)."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from quartier.admin_privacy import PermissionCheckedSnippetChooserViewSet

from .models import SearchTermGroup


class SearchTermGroupViewSet(SnippetViewSet):
    model = SearchTermGroup
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    icon = "search"
    menu_label = _("Suchbegriffe")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["__str__", "one_way", "updated_at"]
    search_fields = ["terms"]
    form_fields = ["terms", "one_way"]
    copy_view_enabled = False


register_snippet(SearchTermGroupViewSet)
