"""Folding, stemming, synonym parsing and query expansion."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.folding import (
    Broader,
    as_typed,
    compound_parts,
    edit_distance,
    expand_query,
    fold,
    parse_synonyms,
    read_synonym_rules,
    stem,
)

# The vocabulary the project shipped (the starting content of the Suchbegriffe).
SHIPPED = parse_synonyms(read_synonym_rules())


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kuaför", "kuafor"),
        ("Bäckerei", "backerei"),
        ("Baeckerei", "backerei"),
        ("Müller", "muller"),
        ("Mueller", "muller"),
        ("Straße", "strasse"),
        ("Fırın", "firin"),
        ("İstanbul", "istanbul"),
        ("Çiçekçi Ağa Şükrü", "cicekci aga sukru"),
        ("Quelle", "quelle"),  # "ue" after q is no umlaut
        ("Brutărie", "brutarie"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_stem_keeps_short_words():
    assert stem("backereien") == "backerei"
    assert stem("friseure") == "friseur"
    assert stem("brot") == "brot"


def test_synonym_file_parses_both_rule_forms():
    table = parse_synonyms(["friseur, Kuaför, hairdresser", "döner => imbiss"])
    assert table["kuafor"] == {"friseur", "kuafor", "hairdresser"}
    assert table["doner"] == {"doner", "imbiss"}
    assert "doner" not in table.get("imbiss", set())  # one-way


def test_synonym_file_covers_the_six_languages():
    rules = read_synonym_rules()
    friseur = next(rule for rule in rules if rule.startswith("friseur"))
    for word in ("kuaför", "hairdresser", "حلاق", "фризьор", "frizerie"):
        assert word in friseur


def test_expand_query_groups_words_and_drops_stopwords():
    groups = expand_query("Kuafor in Marxloh", SHIPPED)
    assert len(groups) == 2
    assert groups[0][0] == "kuafor" and "friseur" in groups[0]
    assert groups[1] == ["marxloh"]
    assert expand_query("   ", SHIPPED) == []


def test_multi_word_synonym():
    groups = expand_query("cep telefonu", SHIPPED)
    assert len(groups) == 1 and "handy" in groups[0]


def test_edit_distance():
    # Two swapped neighbours are one edit, as Elasticsearch counts them.
    assert edit_distance("frisuer", "friseur") == 1
    assert edit_distance("zahnartz", "zahnarzt") == 1
    assert edit_distance("bakerai", "bakery") == 2
    assert edit_distance("kuafor", "kuafor") == 0
    assert edit_distance("a", "abcdef", limit=2) == 3


def test_a_compound_is_expanded_with_all_its_known_parts():
    assert compound_parts("hochzeitskleid") == ["hochzeit", "kleid"]
    assert compound_parts("goldschmuck") == ["gold", "schmuck"]
    assert compound_parts("kleid") == []  # a part alone is not split
    assert compound_parts("backerei") == []  # "backer" is inside the part "backerei"
    groups = expand_query("Hochzeitskleid ändern", SHIPPED)
    assert groups[0][0] == "hochzeitskleid" and groups[0][-1] == ("hochzeit", "kleid")
    assert groups[1][0] == "andern"  # a content word, not the stop word "andern"


def _levenshtein(a, b):
    """A plain Levenshtein distance, to check edit_distance against."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def test_edit_distance_counts_missing_and_extra_letters():
    assert edit_distance("frisur", "friseur") == 1  # a letter missing
    assert edit_distance("bäckereii", "bäckerei") == 1  # a letter too many
    assert edit_distance("abc", "a", limit=2) == 2  # length gap exactly the limit
    assert edit_distance("a", "abcd", limit=2) == 3  # one past it
    assert edit_distance("ş", "şğç", limit=2) == 2


@given(
    st.text(alphabet="aeıiİşğçäöüß", max_size=8),
    st.text(alphabet="aeıiİşğçäöüß", max_size=8),
    st.integers(min_value=0, max_value=4),
)
def test_edit_distance_is_levenshtein_up_to_the_limit(a, b, limit):
    assert edit_distance(a, b, limit) == min(_levenshtein(a, b), limit + 1)


def test_one_way_targets_are_broader_unless_also_two_way():
    table = parse_synonyms(
        ["pizza => imbiss, büfe", "döner => imbiss", "büfe, imbiss, snack bar", "Ayran => içecek"]
    )
    assert table["pizza"] == {"pizza", "imbiss", "bufe"}
    assert all(isinstance(term, Broader) for term in table["pizza"] - {"pizza"})
    assert not isinstance(next(iter(table["imbiss"] & {"bufe"})), Broader)  # two-way
    assert [type(term) for term in sorted(table["ayran"])] == [str, Broader]
    groups = expand_query("Pizza Ayran", table)
    assert [[type(term).__name__ for term in group] for group in groups] == [
        ["str", "Broader", "Broader"],
        ["str", "str", "Broader"],  # "ayra": its stem
    ]
    # Both directions given: equal, not broader.
    both = parse_synonyms(["çay => tee", "çay, tee, شاي"])
    assert {term for term in both["cay"] if isinstance(term, Broader)} == set()


def test_the_terms_left_out_are_shown_as_typed():
    assert as_typed("Kuaför UCUZ lütfen", ["ucuz", "lutfen"]) == ["UCUZ", "lütfen"]
    assert as_typed("Hallo Cep Telefonu", ["cep telefonu"]) == ["Cep Telefonu"]
    assert as_typed("İŞÇİ aranıyor", ["isci"]) == ["İŞÇİ"]
    assert as_typed("مرحبا", ["unknown"]) == ["unknown"]
