from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Category, District, Language, PaymentMethod


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


class DirectoryDataGroup(SnippetViewSetGroup):
    menu_label = _("Verzeichnisdaten")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (DistrictViewSet, CategoryViewSet, LanguageViewSet, PaymentMethodViewSet)


register_snippet(DirectoryDataGroup)
