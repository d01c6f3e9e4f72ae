"""What residents experience, run against every available backend (the
database always; Elasticsearch when ELASTICSEARCH_URL is set)."""

import pytest

from directory.filters import BusinessFilters

from .conftest import HIDDEN, titles

pytestmark = pytest.mark.django_db


FOLDING_CASES = [
    ("kuafor", "Kuaför Yıldız"),  # ö typed as o
    ("KUAFÖR", "Kuaför Yıldız"),
    ("yildiz", "Kuaför Yıldız"),  # Turkish ı typed as i
    ("backerei", "Bäckerei Müller"),  # ä typed as a
    ("baeckerei", "Bäckerei Müller"),  # ä typed as ae
    ("mueller", "Bäckerei Müller"),  # ü typed as ue
    ("muller", "Bäckerei Müller"),
    ("ayse", "Terzi Ayşe"),  # ş typed as s
]


def test_folding_finds_umlauts_and_turkish_letters(run_search):
    # One test for all spellings: the fixture data is built once.
    for typed, expected in FOLDING_CASES:
        assert expected in titles(run_search(typed)), typed


SYNONYM_CASES = [
    ("hairdresser", {"Kuaför Yıldız", "Salon Haarscharf"}),
    ("berber", {"Kuaför Yıldız", "Salon Haarscharf"}),
    ("fırın", {"Bäckerei Müller"}),
    ("firin", {"Bäckerei Müller"}),
    ("bakery", {"Bäckerei Müller"}),
    ("tailor", {"Terzi Ayşe"}),
    ("croitorie", {"Terzi Ayşe"}),  # Romanian
    ("фризьор", {"Kuaför Yıldız", "Salon Haarscharf"}),  # Bulgarian
    ("حلاق", {"Kuaför Yıldız", "Salon Haarscharf"}),  # Arabic
]


def test_synonyms_from_the_data_file(run_search):
    for typed, expected in SYNONYM_CASES:
        assert set(titles(run_search(typed))) == expected, typed


def test_part_of_a_compound_finds_the_compound(run_search):
    assert titles(run_search("reparatur")) == ["Handyreparatur Express"]
    assert titles(run_search("handy reparatur")) == ["Handyreparatur Express"]


def test_plural_finds_singular(run_search):
    assert "Bäckerei Müller" in titles(run_search("Bäckereien"))


def test_all_words_must_match(run_search):
    assert titles(run_search("friseur marxloh")) == ["Kuaför Yıldız"]


def test_name_match_ranks_before_category_match(run_search):
    result = run_search("kuaför")
    assert titles(result)[0] == "Kuaför Yıldız"
    assert "Salon Haarscharf" in titles(result)  # a Friseur, found by synonym


def test_hidden_businesses_never_show(run_search, businesses):
    hidden = {businesses[key].title for key in HIDDEN}
    for query in ("kuaför", "friseur", "hairdresser"):
        found = set(titles(run_search(query)))
        assert found and not found & hidden
    everything = run_search("", filters=BusinessFilters(district=businesses["kuafor"].district))
    assert not set(titles(everything)) & hidden


def test_unpublished_business_disappears(run_search, businesses):
    assert "Kuaför Yıldız" in titles(run_search("yildiz"))
    businesses["kuafor"].unpublish()
    assert titles(run_search("yildiz")) == []


def test_results_carry_type_category_and_district(run_search):
    hit = run_search("yildiz").results[0]
    assert (hit.type, hit.category_slug, hit.district_slug) == ("business", "friseur", "marxloh")
    assert str(hit.type_label) == "Geschäft"
    assert hit.url.endswith("/")
    assert hit.open_now is True  # "24/7"


def test_facets_count_the_matches(run_search):
    result = run_search("friseur")
    categories = {row["slug"]: row["count"] for row in result.facets["category"]}
    districts = {row["slug"]: row["count"] for row in result.facets["district"]}
    languages = {row["slug"]: row["count"] for row in result.facets["language"]}
    assert categories == {"friseur": 2}
    assert districts == {"marxloh": 1, "hochfeld": 1}
    assert languages == {"tr": 1}


def test_filters_narrow_the_results(run_search, places):
    assert titles(run_search("friseur", filters=BusinessFilters(district=places["hochfeld"]))) == [
        "Salon Haarscharf"
    ]
    assert titles(run_search("friseur", filters=BusinessFilters(language=places["tr"]))) == [
        "Kuaför Yıldız"
    ]
    assert titles(run_search("friseur", filters=BusinessFilters(open_now=True))) == [
        "Kuaför Yıldız"
    ]
    by_category = run_search("", filters=BusinessFilters(category=places["baeckerei"]))
    assert titles(by_category) == ["Bäckerei Müller"]


def test_distance_sort(run_search, places):
    # Standing at the Hochfeld centre: the bakery (10 m) before the phone shop and the salon.
    near = (51.4206, 6.7578)
    result = run_search(
        "", filters=BusinessFilters(district=places["hochfeld"], near=near), sort="distance"
    )
    assert titles(result) == ["Bäckerei Müller", "Handyreparatur Express", "Salon Haarscharf"]
    distances = [hit.distance_m for hit in result.results]
    assert distances == sorted(distances) and distances[0] < 50


def test_pages_of_twenty(run_search, directory, places):
    from .conftest import make_business

    for number in range(23):
        make_business(
            directory,
            f"Friseur Nummer {number:02d}",
            places["friseur"],
            places["hochfeld"],
            51.42,
            6.75,
        )
    first = run_search("friseur nummer")
    assert first.count == 23 and len(first.results) == 20 and first.num_pages == 2
    second = run_search("friseur nummer", page=2)
    assert len(second.results) == 3
    assert not {hit.title for hit in first.results} & {hit.title for hit in second.results}


def test_a_typo_finds_what_it_means_on_both_backends(run_search):
    # "frisuer" is two letters swapped in a 7-letter word: one edit of two allowed.
    result = run_search("frisuer")
    assert {hit.title for hit in result.results} == {"Kuaför Yıldız", "Salon Haarscharf"}
    assert result.did_you_mean == ""


def test_facet_labels_cost_no_query_and_follow_a_rename(
    run_search, places, django_assert_num_queries
):
    from django.utils import translation

    from search.service import facet_rows

    facets = {"category": {"friseur": 2}, "district": {"marxloh": 1}, "language": {"tr": 1}}
    facet_rows(facets)  # fills the cache
    with django_assert_num_queries(0):
        rows = facet_rows(facets)
    assert [row["name"] for row in rows["district"]] == ["Marxloh"]
    district = places["marxloh"]
    district.name_translations = {**district.name_translations, "tr": "Marxloh (kuzey)"}
    district.save()
    with translation.override("tr"):
        assert [row["name"] for row in facet_rows(facets)["district"]] == ["Marxloh (kuzey)"]
    with translation.override("tr"):
        result = run_search("friseur")
    assert {row["slug"]: row["name"] for row in result.facets["district"]}["marxloh"] == (
        "Marxloh (kuzey)"
    )
