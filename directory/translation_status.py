"""What lacks a translation, per interface language: the coordination team's
"Übersetzungsstand" (admin view in directory/views.py). Published editorial
pages without a published translation, and categories, districts and tags
without a name in that language. Business profiles are not listed: their
texts are translated on the page itself, by their owners."""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from taggit.models import Tag
from wagtail.models import Page

from quartier import roles
from quartier.i18n import default_content_language

from .models import BusinessPage, Category, District, TagTranslation

TEAM_GROUPS = (roles.COORDINATION_GROUP, roles.EDITORS_GROUP)


def can_see_translation_status(user):
    """The coordination team and the editors: they translate pages and names."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name__in=TEAM_GROUPS).exists()
    )


@dataclass
class Missing:
    """One thing without a translation, with the admin link that adds it."""

    label: str
    url: str
    draft: bool = False


@dataclass
class LanguageStatus:
    code: str
    name: str
    pages: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.pages) + len(self.categories) + len(self.districts) + len(self.tags)


def target_languages():
    source = default_content_language()
    return [(code, name) for code, name in settings.LANGUAGES if code != source]


def _snippet_url(model, action, *args):
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{action}", args=args)


def editorial_pages():
    """The published editorial pages of the source tree (everything but
    business profiles), in tree order."""
    return (
        Page.objects.live()
        .filter(depth__gt=1, locale__language_code=default_content_language())
        .not_type(BusinessPage)
        .order_by("path")
    )


def translation_status():
    """[LanguageStatus] for every language but the source, in settings order;
    a constant number of queries."""
    pages = list(editorial_pages())
    keys = [page.translation_key for page in pages]
    translations = {}  # (translation key, language) → (page id, live)
    for page_id, key, code, live in Page.objects.filter(translation_key__in=keys).values_list(
        "pk", "translation_key", "locale__language_code", "live"
    ):
        if not translations.get((key, code), (None, False))[1]:
            translations[(key, code)] = (page_id, live)
    categories = list(Category.objects.all())
    districts = list(District.objects.all())
    tag_names = dict(TagTranslation.objects.values_list("tag_id", "name_translations"))
    tag_rows = dict(TagTranslation.objects.values_list("tag_id", "pk"))
    tags = list(Tag.objects.order_by("name"))

    statuses = []
    for code, name in target_languages():
        status = LanguageStatus(code=code, name=name)
        for page in pages:
            page_id, live = translations.get((page.translation_key, code), (None, False))
            if live:
                continue
            if page_id is not None:
                # A draft translation: finish and publish it.
                url = reverse("wagtailadmin_pages:edit", args=(page_id,))
                status.pages.append(Missing(page.title, url, draft=True))
            else:
                url = reverse("simple_translation:submit_page_translation", args=(page.pk,))
                status.pages.append(Missing(page.title, url))
        for rows, target in ((categories, status.categories), (districts, status.districts)):
            for row in rows:
                if not (row.name_translations or {}).get(code):
                    target.append(Missing(row.name, _snippet_url(type(row), "edit", row.pk)))
        for tag in tags:
            if (tag_names.get(tag.pk) or {}).get(code):
                continue
            if tag.pk in tag_rows:
                url = _snippet_url(TagTranslation, "edit", tag_rows[tag.pk])
            else:
                url = _snippet_url(TagTranslation, "add") + f"?tag={tag.pk}"
            status.tags.append(Missing(tag.name, url))
        statuses.append(status)
    return statuses
