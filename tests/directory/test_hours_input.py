"""The tolerant opening-hours input: what owners type → the stored OSM value →
what residents read, in German and Arabic; and the editor's round trip."""

import pytest

from django.core.exceptions import ValidationError
from django.utils import translation

from directory.demo import BAKERY_HOURS, FOOD_HOURS, PRACTICE_HOURS, SHOP_HOURS, WEEKDAY_HOURS
from directory.hours import state_at, validate_opening_hours
from directory.hours.editor import from_osm, same_hours, to_osm
from directory.hours.text import normalise_opening_hours, normalise_range, normalise_time
from directory.templatetags.directory_tags import opening_table
from tests.clock import berlin

# typed → stored → (German, Arabic) intervals on Monday 2026-11-30 and Saturday 2026-12-05.
TABLE = [
    ("Mo-Fr 9-18", "Mo-Fr 09:00-18:00", ["09:00–18:00"], []),
    ("Mo–Fr 09.00 – 18.00;", "Mo-Fr 09:00-18:00", ["09:00–18:00"], []),
    ("Mo—Fr 9.30-18", "Mo-Fr 09:30-18:00", ["09:30–18:00"], []),
    (
        "Mo-Fr 9-13, 14-18; Sa 10-14;",
        "Mo-Fr 09:00-13:00,14:00-18:00; Sa 10:00-14:00",
        ["09:00–13:00", "14:00–18:00"],
        ["10:00–14:00"],
    ),
    ("Di-Sa 9 bis 18 Uhr; Mo geschlossen", "Tu-Sa 09:00-18:00; Mo off", [], ["09:00–18:00"]),
    ("Montag bis Samstag 8-20", "Mo-Sa 08:00-20:00", ["08:00–20:00"], ["08:00–20:00"]),
    (
        "Mo-Sa 9-18; Dez 24 geschlossen",
        "Mo-Sa 09:00-18:00; Dec 24 off",
        ["09:00–18:00"],
        ["09:00–18:00"],
    ),
    ("Mo-Sa 9-18; 24. Dez zu", "Mo-Sa 09:00-18:00; Dec 24 off", ["09:00–18:00"], ["09:00–18:00"]),
    (
        "Mo-Fr 9-18; 2026 Dez 27-2027 Jan 3 off",
        "Mo-Fr 09:00-18:00; 2026 Dec 27-2027 Jan 03 off",
        ["09:00–18:00"],
        [],
    ),
    ("Mo-Fr 9–18; Feiertage geschlossen", "Mo-Fr 09:00-18:00; PH off", ["09:00–18:00"], []),
    # A valid value is stored exactly as given.
    (WEEKDAY_HOURS, WEEKDAY_HOURS, ["09:00–18:00"], ["10:00–14:00"]),
    (
        "Mo-Fr 09:00-13:00, 14:00-18:00",
        "Mo-Fr 09:00-13:00, 14:00-18:00",
        ["09:00–13:00", "14:00–18:00"],
        [],
    ),
]


@pytest.mark.parametrize(("typed", "stored", "monday", "saturday"), TABLE)
def test_typed_hours_are_stored_as_osm_and_read_as_a_table(typed, stored, monday, saturday):
    assert normalise_opening_hours(typed) == stored
    monday_start = berlin(2026, 11, 30, 8)
    for language in ("de", "ar"):
        with translation.override(language):
            rows = opening_table(stored, monday_start)
        assert len(rows) == 7
        assert rows[0]["is_today"] is True
        assert rows[0]["intervals"] == monday
        assert rows[5]["intervals"] == saturday
        if language == "ar":
            assert rows[0]["weekday"] == "الاثنين"
            assert rows[5]["weekday"] == "السبت"
        else:
            assert rows[0]["weekday"] == "Montag"
            assert rows[5]["weekday"] == "Samstag"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Mo-Fr 25-18", "„25-18“ ist keine Uhrzeit. Beispiel: 9 oder 9:30"),
        (
            "Mo-Fr 9-18; Blumenkohl",
            "„Blumenkohl“ verstehen wir nicht. Beispiel: Mo-Fr 9-18; Sa 10-14",
        ),
    ],
)
def test_unreadable_input_names_the_part(typed, message):
    with translation.override("de"), pytest.raises(ValidationError) as error:
        normalise_opening_hours(typed)
    assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("9", "09:00"),
        ("09.00", "09:00"),
        ("9.30", "09:30"),
        ("9:30 Uhr", "09:30"),
        ("24", "24:00"),
        ("", None),
    ],
)
def test_single_times(typed, stored):
    assert normalise_time(typed) == stored


def test_ranges_accept_one_field_with_a_dash():
    assert normalise_range("9–18", "") == "09:00-18:00"
    assert normalise_range("9", "18.30") == "09:00-18:30"
    assert normalise_range("", "") is None
    with pytest.raises(ValidationError):
        normalise_range("9", "")
    with pytest.raises(ValidationError):
        normalise_time("9:75")


@pytest.mark.parametrize(
    "value",
    [
        WEEKDAY_HOURS,
        SHOP_HOURS,
        FOOD_HOURS,
        BAKERY_HOURS,
        PRACTICE_HOURS,
        "Tu-Sa 10:00-19:00",
        "Mo-Fr 22:00-02:00",
        "24/7",
        "Mo-Fr 09:00-18:00; Dec 24 off; 2026 Dec 27-2027 Jan 03 off",
        "Mo-Fr 09:00-18:00; 2026 Dec 24 10:00-12:00",
    ],
)
def test_the_editor_shows_every_demo_value_with_the_same_meaning(value):
    week = from_osm(value)
    assert week is not None
    assert same_hours(value, to_osm(week))


@pytest.mark.parametrize(
    "value",
    [
        "Mo-Fr 09:00-12:00,13:00-15:00,16:00-18:00",  # three ranges a day
        'Mo-Fr 09:00-18:00 "nach Vereinbarung"',
        "sunrise-sunset",
        'Mo-Fr 09:00-18:00 || "nach Vereinbarung"',
        "PH 10:00-12:00; Mo-Fr 09:00-18:00",
    ],
)
def test_values_the_editor_cannot_show_stay_text(value):
    assert from_osm(value) is None


def test_editor_writes_compact_rules():
    week = from_osm("Mo 09:00-18:00; Tu 09:00-18:00; We 09:00-18:00; Sa 10:00-14:00; PH off")
    assert to_osm(week) == "Mo-We 09:00-18:00; Sa 10:00-14:00; PH off"
    week.days[5] = [("10:00", "16:00")]
    week.exceptions = []
    assert to_osm(week) == "Mo-We 09:00-18:00; Sa 10:00-16:00; PH off"


def test_an_empty_table_stores_nothing_not_closed_every_day():
    week = from_osm("")
    week.holidays_closed = True  # the editor's default for a new profile
    assert to_osm(week) == ""


SH_MESSAGE = (
    "Schulferien (SH) können wir nicht auswerten. Bitte die Ferien als "
    "Zeitraum eintragen, z. B. 2027 Jul 14-2027 Aug 26 off"
)


@pytest.mark.parametrize(
    "value", ["Mo-Fr 09:00-18:00; SH off", "SH Mo-Fr 10:00-14:00", "Mo-Fr 09:00-18:00; PH,SH off"]
)
def test_school_holidays_are_refused_with_a_clear_message(value):
    """The parser accepts `SH` and ignores it; nothing here knows NRW's school
    holidays, so the editor refuses it instead of showing open in the holidays."""
    with translation.override("de"), pytest.raises(ValidationError) as error:
        validate_opening_hours(value)
    assert error.value.messages == [SH_MESSAGE]
    assert state_at(value).is_known is False


def test_sh_inside_a_comment_or_a_word_is_not_school_holidays():
    validate_opening_hours('Mo-Fr 09:00-18:00 "SHISHA ab 18 Uhr"')
    validate_opening_hours('Mo-Fr 09:00-18:00 "SH = Schulferien geöffnet"')
