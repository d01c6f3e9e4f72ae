"""The vocabulary the project shipped in search/data/synonyms.txt becomes
the starting content of the team's "Suchbegriffe" (one group per rule,
"a => b, c" as a one-way group), and the coordination team may keep them.
Owners, editors and job coaches get nothing here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from search.folding import read_synonym_rules

COORDINATION_GROUP = "Koordinationsteam"
PERMISSIONS = [
    "add_searchtermgroup",
    "change_searchtermgroup",
    "delete_searchtermgroup",
    "view_searchtermgroup",
]


def _terms(rule):
    one_way = "=>" in rule
    words = rule.replace("=>", ",").split(",")
    return [" ".join(word.split()) for word in words if word.strip()], one_way


def load(apps, schema_editor):
    SearchTermGroup = apps.get_model("search", "SearchTermGroup")
    if not SearchTermGroup.objects.exists():
        groups = []
        for rule in read_synonym_rules():
            terms, one_way = _terms(rule)
            # Repeats inside a rule ("restaurant" in de and ro) count once.
            unique = list(dict.fromkeys(terms))
            groups.append(SearchTermGroup(terms="\n".join(unique), one_way=one_way))
        SearchTermGroup.objects.bulk_create(groups)
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="search", codename__in=PERMISSIONS)
    )
    for group in Group.objects.filter(name=COORDINATION_GROUP):
        group.permissions.add(*permissions)


def unload(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="search", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name=COORDINATION_GROUP):
        group.permissions.remove(*permissions)
    apps.get_model("search", "SearchTermGroup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_search_term_groups"),
        ("directory", "0004_roles_and_moderation_workflow"),
    ]

    operations = [migrations.RunPython(load, unload)]
