"""One business, one page: carries a site over from the six-trees shape.

- Real translations of business pages are folded into the German page's
  per-language texts (BusinessPageTranslation) and removed.
- Aliases (WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE copies) are removed, except
  those above a kept real translation (e.g. the Turkish home page above a
  translated campaign): those become ordinary pages, as Wagtail's "convert
  alias" does.
- Real translations of editorial pages are kept.

Historical models have no treebeard methods, so pages are deleted with
querysets and each remaining parent's `numchild` is recounted. Reverse: a
no-op (aliases are not re-created; the site works without them)."""

from django.db import migrations

BUSINESS_MODEL = ("directory", "businesspage")


def remove_aliases(apps, schema_editor):
    from django.conf import settings

    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    BusinessPage = apps.get_model("directory", "BusinessPage")
    BusinessPageTranslation = apps.get_model("directory", "BusinessPageTranslation")

    default = settings.LANGUAGE_CODE
    doomed = set(Page.objects.filter(alias_of__isnull=False).values_list("pk", flat=True))

    # Real translations of businesses: their texts move onto the German page.
    translations = BusinessPage.objects.filter(alias_of__isnull=True).exclude(
        locale__language_code=default
    )
    for translated in translations.select_related("locale"):
        source = BusinessPage.objects.filter(
            translation_key=translated.translation_key, locale__language_code=default
        ).first()
        doomed.add(translated.pk)
        if source is None:
            continue
        language = translated.locale.language_code
        tagline = translated.tagline if translated.tagline != source.tagline else ""
        description = (
            translated.description if translated.description != source.description else ""
        )
        if (tagline or description) and not BusinessPageTranslation.objects.filter(
            page_id=source.pk, language=language
        ).exists():
            BusinessPageTranslation.objects.create(
                page_id=source.pk, language=language, tagline=tagline, description=description
            )
    if not doomed:
        return

    # Aliases above a kept page stay, as ordinary pages.
    kept_paths = Page.objects.filter(depth__gt=1).exclude(pk__in=doomed).values_list(
        "path", flat=True
    )
    step = 4
    ancestor_paths = set()
    for path in kept_paths:
        ancestor_paths.update(path[:end] for end in range(step, len(path), step))
    converted = Page.objects.filter(pk__in=doomed, path__in=ancestor_paths)
    converted_ids = set(converted.values_list("pk", flat=True))
    converted.update(alias_of=None)
    doomed -= converted_ids

    doomed_pages = Page.objects.filter(pk__in=doomed)
    parent_paths = {path[:-step] for path in doomed_pages.values_list("path", flat=True)}
    page_types = ContentType.objects.filter(
        pk__in=doomed_pages.values_list("content_type_id", flat=True)
    )
    Revision.objects.filter(
        base_content_type__in=page_types, object_id__in=[str(pk) for pk in doomed]
    ).delete()
    # Deepest first, so a page is never deleted before its descendants.
    for depth in sorted(set(doomed_pages.values_list("depth", flat=True)), reverse=True):
        Page.objects.filter(pk__in=doomed, depth=depth).delete()

    for parent in Page.objects.filter(path__in=parent_paths):
        parent.numchild = Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1
        ).count()
        parent.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_business_text_translations"),
        # Pinned, not "__latest__": a later migration of these apps would otherwise
        # become a dependency of this one after it was applied (Django then refuses
        # to migrate: InconsistentMigrationHistory). Their page tables are what the
        # deletion of aliases needs.
        ("blog", "0001_initial"),
        ("jobs", "0001_initial"),
        ("quartier", "0005_rate_limit_counter"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(remove_aliases, migrations.RunPython.noop)]
