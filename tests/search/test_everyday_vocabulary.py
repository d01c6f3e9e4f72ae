"""The everyday vocabulary of issue #28 (search/data/synonyms.txt, loaded
into the "Suchbegriffe" by migrations 0006 and 0007): what residents type in
each of the six languages, as they type it, finds the right kind of shop
through the search API on both backends; and migration 0007 brings the new
words to a deployment whose groups 0006 filled, leaving the team's edits alone."""

import importlib

import pytest

from django.apps import apps

from search.folding import read_synonym_rules
from search.models import SearchTermGroup
from tests.directory.factories import (
    CategoryFactory,
    LanguageFactory,
    german,  # noqa: F401  (fixture)
)

from .conftest import make_business

pytestmark = [pytest.mark.usefixtures("german"), pytest.mark.django_db]

vocabulary_migration = importlib.import_module(
    "search.migrations.0007_everyday_vocabulary_of_the_districts"
)


@pytest.fixture
def shops(directory, places, businesses):
    """A jeweller and two grocers speaking Bulgarian and Romanian, with the
    category words of the site's demo data (directory/demo_data/categories.json)."""
    juwelier = CategoryFactory(
        slug="juwelier",
        name="Juwelier",
        name_translations={"tr": "Kuyumcu", "en": "Jeweller", "bg": "Бижутер"},
        keywords="Gold\nSchmuck\nUhren",
    )
    lebensmittel = CategoryFactory(
        slug="lebensmittel",
        name="Lebensmittel",
        name_translations={"tr": "Market", "en": "Groceries", "ro": "Alimente"},
        keywords="Supermarkt\nObst\nGemüse\nMetzgerei",
    )
    bulgarian = LanguageFactory(code="bg", native_name="Български", german_name="Bulgarisch")
    romanian = LanguageFactory(code="ro", native_name="Română", german_name="Rumänisch")
    hochfeld, marxloh = places["hochfeld"], places["marxloh"]
    make_business(
        directory, "Juwelier Diamant", juwelier, hochfeld, 51.4211, 6.7591, tagline="Seit 1985"
    )
    make_business(
        directory, "Market Sofia", lebensmittel, marxloh, 51.5022, 6.7802, languages=[bulgarian]
    )
    make_business(
        directory, "Carpați Import", lebensmittel, hochfeld, 51.4212, 6.7592, languages=[romanian]
    )


HAIRDRESSERS = ["Kuaför Yıldız", "Salon Haarscharf"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # de: a need in everyday words, a shop named by its language
        ("Hose kürzen", ["Terzi Ayşe"]),
        ("rumänischer Laden", ["Carpați Import"]),
        # tr: Turkish letters and their Latin-letter spelling
        ("Saç kesimi", HAIRDRESSERS),
        ("sac kesimi", HAIRDRESSERS),
        ("YÜZÜK", ["Juwelier Diamant"]),
        ("yuzuk", ["Juwelier Diamant"]),
        # ar
        ("قص شعر", HAIRDRESSERS),
        ("خاتم", ["Juwelier Diamant"]),
        # bg
        ("български магазин", ["Market Sofia"]),
        ("Пръстен", ["Juwelier Diamant"]),
        # ro: with and without ș ț ă
        ("magazin românesc", ["Carpați Import"]),
        ("brățară de aur", ["Juwelier Diamant"]),
        ("bratara", ["Juwelier Diamant"]),
        # en
        ("shorten trousers", ["Terzi Ayşe"]),
        ("earrings", ["Juwelier Diamant"]),
    ],
)
def test_everyday_words_find_the_right_shops(backend, run_search, shops, query, expected):
    found = [hit.title for hit in run_search(query).results]
    assert sorted(found) == sorted(expected), query


def shipped_state():
    """The groups as migration 0006 left them before issue #28: one per rule
    of the earlier file (the rules 0007 extends) and of the current file (the
    rest)."""
    SearchTermGroup.objects.all().delete()
    extended = {
        vocabulary_migration.key(*vocabulary_migration.rule_terms(rule))[1:]
        for rule in vocabulary_migration.SHIPPED_BEFORE
    }
    groups = []
    for rule in vocabulary_migration.SHIPPED_BEFORE:
        terms, one_way = vocabulary_migration.rule_terms(rule)
        groups.append(SearchTermGroup(terms="\n".join(terms), one_way=one_way))
    for rule in read_synonym_rules()[:40]:
        terms, one_way = vocabulary_migration.rule_terms(rule)
        if vocabulary_migration.key(terms, one_way)[1:] in extended and not one_way:
            continue
        groups.append(SearchTermGroup(terms="\n".join(terms), one_way=one_way))
    SearchTermGroup.objects.bulk_create(groups)


def rows():
    return sorted(SearchTermGroup.objects.values_list("pk", "terms", "one_way"))


def test_migration_0007_adds_the_new_words_and_leaves_the_teams_groups_alone():
    shipped_state()
    friseur = SearchTermGroup.objects.get(terms__startswith="friseur\n")
    gold = SearchTermGroup.objects.get(terms__startswith="gold\n")
    # The team changed the hairdressers' group and deleted the gold group,
    # and keeps a group of its own.
    friseur.terms += "\nhaarstudio"
    friseur.save()
    gold.delete()
    own = SearchTermGroup.objects.create(terms="Kinderwagen\nbebek arabası")
    edited = (friseur.pk, friseur.terms)

    vocabulary_migration.add_the_new_vocabulary(apps, None)

    rules = {rule.split(",")[0].split("=>")[0].strip(): rule for rule in read_synonym_rules()}
    friseur.refresh_from_db()
    assert (friseur.pk, friseur.terms) == edited
    assert not SearchTermGroup.objects.filter(terms__startswith="gold\n").exists()
    own.refresh_from_db()
    assert own.terms == "Kinderwagen\nbebek arabası"
    # An unchanged shipped group got its new words in place, not a second group.
    schneiderei = SearchTermGroup.objects.filter(terms__startswith="schneiderei\n")
    assert schneiderei.count() == 1
    assert schneiderei.get().term_list() == vocabulary_migration.rule_terms(rules["schneiderei"])[0]
    assert "hose kürzen" in schneiderei.get().term_list()
    # New groups and one-way rules are there, once.
    assert SearchTermGroup.objects.filter(terms__startswith="bulgarisch\n").count() == 1
    yuzuk = SearchTermGroup.objects.get(terms="yüzük\njuwelier")
    assert yuzuk.one_way
    # Every rule of the file is a group now, but the two the team edited or deleted.
    count = SearchTermGroup.objects.count()
    assert count == len(read_synonym_rules()) - 2 + 2  # + the edited friseur group + own

    before = rows()
    vocabulary_migration.add_the_new_vocabulary(apps, None)
    assert rows() == before


def test_migration_0007_changes_nothing_on_a_new_deployment():
    """0006 loaded the whole current file into the empty table."""
    before = rows()
    assert len(before) == len(read_synonym_rules())
    vocabulary_migration.add_the_new_vocabulary(apps, None)
    assert rows() == before
