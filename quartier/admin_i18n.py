"""Wagtail's admin in the signed-in user's language where Wagtail itself
translates a label once per process, in the language active at that moment
(the site's, German, at import; the first user's for the help menu)."""

import copy

from django.utils.translation import gettext, gettext_lazy

from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.utils.version import get_main_version

WHATS_NEW = "whats-new-in-wagtail-"
# Wagtail's own msgids, translated by Wagtail's catalogues (and locale_admin/);
# kept in variables so that makemessages does not copy them into ours.
SEARCH = "Search"
WHATS_NEW_LABEL = "What's new in Wagtail %(version)s"


def translate_labels_per_request():
    """Wagtail 8 sets the chooser's "Search" tab label with gettext at import."""
    ChooserViewSet.search_tab_label = gettext_lazy(SEARCH)


def whats_new_in_language(menu_items):
    """Replaces the help menu's "What's new in Wagtail" item by a copy labelled
    in the active language: Wagtail builds the item once and keeps it."""
    for index, item in enumerate(menu_items):
        if item.name.startswith(WHATS_NEW):
            translated = copy.copy(item)
            translated.label = gettext(WHATS_NEW_LABEL) % {
                "version": get_main_version(include_patch=False)
            }
            menu_items[index] = translated
