""" "Open now" as a database query over the stored opening state: the same
businesses as evaluating every text in Python, at the clock tests' instants and
hour by hour through a week with a holiday, in a constant number of queries."""

import datetime

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.hours import is_open_at
from directory.models import BusinessPage

from ..clock import INSTANTS, berlin
from .factories import BusinessPageFactory, make_directory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

HOURS = [
    "Mo-Su 22:00-02:00",
    "Mo-Su 00:00-01:00",
    "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off",
    "Mo-Fr 09:00-13:00,14:00-18:00; PH off; 2026 Dec 24-2027 Jan 02 off",
    "Tu-Sa 10:00-19:00",
    "24/7",
    "",
    "not opening hours",
]


@pytest.fixture
def businesses(home_page):
    directory = make_directory(home_page)
    pages = []
    for number, hours in enumerate(HOURS * 3):
        page = BusinessPageFactory(parent=directory, title=f"Laden {number}")
        # Written directly, without save(): an old, invalid value must not break
        # the query either, nor may the factory's hours' stored state answer.
        BusinessPage.objects.filter(pk=page.pk).update(opening_hours=hours)
        page.opening_hours = hours
        pages.append(page)
    return pages


def expected(pages, when):
    return {page.pk for page in pages if is_open_at(page.opening_hours, when)}


def open_pks(when):
    return set(BusinessPage.objects.open_at(when).values_list("pk", flat=True))


@pytest.mark.parametrize("name", list(INSTANTS))
def test_same_answer_as_parsing_at_the_clock_instants(businesses, name):
    when = INSTANTS[name]
    assert open_pks(when) == expected(businesses, when)


def test_same_answer_hour_by_hour_through_christmas_and_corpus_christi(businesses):
    for start in (berlin(2026, 12, 20), berlin(2027, 5, 24)):
        for hour in range(0, 24 * 9, 1):
            when = start + datetime.timedelta(hours=hour, minutes=7)
            assert open_pks(when) == expected(businesses, when), when


def test_a_warm_query_parses_nothing_and_costs_two_queries(businesses):
    when = berlin(2026, 11, 30, 10)
    open_pks(when)  # fills the stored state
    later = when + datetime.timedelta(minutes=30)  # no business changes in between
    with CaptureQueriesContext(connection) as queries:
        result = open_pks(later)
    assert len(queries) == 2  # the stale texts (none), the filter
    assert result == expected(businesses, later)


def test_a_cold_query_updates_once_per_distinct_text(businesses):
    BusinessPage.objects.update(hours_checked_at=None)
    with CaptureQueriesContext(connection) as queries:
        open_pks(berlin(2026, 11, 30, 10))
    # stale texts + one update per distinct text (8, the empty one included) + the filter
    assert len(queries) == 1 + len(HOURS) + 1


def test_saving_new_hours_stores_their_state(businesses):
    page = businesses[0]
    page.opening_hours = "24/7"
    page.save()
    page.refresh_from_db()
    assert page.hours_open is True
    assert page.hours_next_change is None


def test_refresh_command(businesses, capsys):
    call_command("refresh_opening_hours")
    assert capsys.readouterr().out == f"{len(businesses)} businesses refreshed.\n"
    assert not BusinessPage.objects.filter(hours_checked_at=None).exists()


@pytest.mark.parametrize("written", ["", "off", "kaputt"])
def test_hours_written_without_save_do_not_keep_the_old_state(home_page, written):
    """A queryset update() (an import, a migration, an admin bulk action) skips
    save() and its signal: the state stored for the old text must not answer
    for the new one, whatever the clock shows (here: later than the state was
    stored, inside its window)."""
    page = BusinessPageFactory(parent=make_directory(home_page), title="Bäckerei Çelik")
    page.opening_hours = "24/7"
    page.save()
    BusinessPage.objects.filter(pk=page.pk).update(opening_hours=written)
    when = timezone.now() + datetime.timedelta(hours=1)
    assert page.pk not in open_pks(when)
    page.refresh_from_db()
    assert page.hours_state_text == written
    assert page.hours_open is is_open_at(written, when)
