"""Dates and times in each interface language (quartier.dates, Babel's CLDR
data), shown in the site's zone, isolated for right-to-left pages."""

import datetime

import pytest

from django.template import Context, Template
from django.utils import translation

from quartier import dates

START = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)  # 10:00 in Berlin
END = datetime.datetime(2026, 11, 20, 11, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "range_text", "session_text"),
    # CLDR's own spacing and joints: thin spaces around the English dash, a
    # narrow no-break space before the Bulgarian year's "г.", the Arabic comma.
    [
        ("de", "20. November – 9. Dezember 2026", "Freitag, 20. November 2026, 10:00–12:00 Uhr"),
        (
            "en",
            "November 20 – December 9, 2026",
            "Friday, November 20, 2026, 10:00\u2009–\u200912:00",
        ),
        ("tr", "20 Kasım – 9 Aralık 2026", "20 Kasım 2026 Cuma 10:00–12:00"),
        ("ar", "20 نوفمبر – 9 ديسمبر 2026", "الجمعة، 20 نوفمبر 2026، 10:00–12:00"),
        (
            "bg",
            "20 ноември – 9 декември 2026\u202fг.",
            "петък, 20 ноември 2026\u202fг., 10:00 ч. – 12:00 ч.",
        ),
        ("ro", "20 noiembrie – 9 decembrie 2026", "vineri, 20 noiembrie 2026, 10:00–12:00"),
    ],
)
def test_ranges_and_sessions_per_language(language, range_text, session_text):
    with translation.override(language):
        assert dates.date_range(datetime.date(2026, 11, 20), datetime.date(2026, 12, 9)) == (
            range_text
        )
        assert dates.session(START, END) == session_text


def test_a_range_across_new_year_names_both_years():
    with translation.override("de"):
        text = dates.date_range(datetime.date(2026, 12, 28), datetime.date(2027, 1, 3))
    assert text == "28. Dezember 2026 – 3. Januar 2027"


def test_one_day_is_one_date():
    with translation.override("tr"):
        assert dates.date_range(datetime.date(2026, 11, 20), datetime.date(2026, 11, 20)) == (
            "20 Kasım 2026"
        )


def test_times_are_shown_in_the_site_zone_not_utc():
    late = datetime.datetime(2026, 11, 20, 23, 30, tzinfo=datetime.UTC)  # 00:30 on the 21st
    with translation.override("de"):
        assert dates.weekday_date(late) == "Samstag, 21. November 2026"
        assert dates.clock_time(late) == "00:30"


def test_tags_isolate_each_date_for_right_to_left_pages():
    template = Template("{% load dates %}{% date_span start end %}")
    with translation.override("ar"):
        html = template.render(
            Context({"start": datetime.date(2026, 11, 20), "end": datetime.date(2026, 12, 9)})
        )
    # Each end a valid <time> (a range in one datetime fails the Nu HTML checker).
    assert html == (
        '<span class="date-span" dir="auto"><time datetime="2026-11-20"></time>'
        "20 نوفمبر – 9 ديسمبر 2026"
        '<time datetime="2026-12-09"></time></span>'
    )


def test_session_keeps_the_times_together_on_right_to_left_pages():
    template = Template("{% load dates %}{% session_span start end %}")
    with translation.override("ar"):
        html = template.render(Context({"start": START, "end": END}))
    assert html == (
        '<time datetime="2026-11-20T09:00:00+00:00" dir="auto">'
        "<bdi>الجمعة، 20 نوفمبر 2026</bdi>، "
        '<bdi dir="ltr" class="nowrap">10:00–12:00</bdi></time>'
    )


def test_a_single_time_uses_the_24_hour_clock_in_every_language():
    evening = datetime.datetime(2026, 12, 20, 17, 0, tzinfo=datetime.UTC)  # 18:00 in Berlin
    for language in ("de", "en", "tr", "ar", "bg", "ro"):
        with translation.override(language):
            assert dates.clock_time(evening).startswith("18:00"), language


def test_a_one_day_event_has_one_date():
    template = Template("{% load dates %}{% date_span day day %}")
    with translation.override("de"):
        html = template.render(Context({"day": datetime.date(2026, 12, 26)}))
    assert html == '<time datetime="2026-12-26" dir="auto">26. Dezember 2026</time>'
