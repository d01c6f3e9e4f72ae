"""Shared pytest fixtures: the home page every test site hangs off, a clock
the tests control, and the one Chromium (Debian's package, driven by
Playwright) that all browser tests share."""

import datetime
import os
import shutil
import time
from pathlib import Path

import pytest

from wagtail.models import Site

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _request_language_stays_in_the_request():
    """A test client request activates its URL's language in the test's
    thread and nothing resets it; a page's URL follows the active language
    (quartier.models.SourceTreeRoutingMixin), so after a request to /tr/ a
    test's `page.url` would read /tr/… Reset it when each request finishes."""
    from django.core.signals import request_finished
    from django.utils import translation

    def reset(**kwargs):
        translation.deactivate()

    request_finished.connect(reset, dispatch_uid="tests.reset-language")
    yield
    request_finished.disconnect(dispatch_uid="tests.reset-language")


@pytest.fixture
def home_page(db):
    """The HomePage created by the data migration, as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


SERIALIZED_CONTENTS = {}


@pytest.fixture(scope="session", autouse=True)
def _keep_serialized_contents(django_db_setup, django_db_blocker):
    """A copy of the test database's content right after migrations. Django
    keeps it on the connection object, but once Playwright's sync API runs,
    ORM calls can get a fresh connection object without it."""
    from django.db import connection

    SERIALIZED_CONTENTS["default"] = getattr(connection, "_test_serialized_contents", None)


@pytest.fixture
def migrated_content(transactional_db):
    """For transactional tests: the content the data migrations create (site,
    home page, locales, role groups, workflow), restored from the copy above
    when an earlier transactional test's flush removed it."""
    restore_migrated_content()
    return Site.objects.get(is_default_site=True).root_page.specific


def restore_migrated_content():
    """The migrated content back from the copy above, when a transactional
    test's flush removed it (no default Site); nothing otherwise."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    if Site.objects.filter(is_default_site=True).exists():
        return
    contents = getattr(connection, "_test_serialized_contents", None)
    contents = contents or SERIALIZED_CONTENTS.get("default")
    assert contents, "the test database was not serialized (serialized_rollback missing)"
    # As Django's own serialized rollback: an empty database without the
    # content types and permissions that post_migrate would add, then the copy.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(contents)
    # The copy brings its own primary keys: move PostgreSQL's sequences past them.
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture(scope="session")
def demo_content(django_db_setup, django_db_blocker):
    """The demo content (`load_demo_data --no-users`), loaded once per run for the
    tests that only read it, with the clock at 10:00 Berlin on 20 November 2026
    (its workshops and positions lie ahead), inside a transaction rolled back at
    the end of the run; each test's own transaction (`db`) nests in it as a
    savepoint. The tests that use it run last (pytest_collection_modifyitems
    below), so no other test sees it. The loader builds some 300 pages; eight
    tests that each ran it spent three minutes of a run doing so."""
    import io

    import time_machine

    from django.core.management import call_command
    from django.db import transaction

    from tests.clock import berlin

    with django_db_blocker.unblock():
        # Last in the run, after the transactional tests, whose last flush emptied it.
        restore_migrated_content()
        with transaction.atomic():
            with time_machine.travel(berlin(2026, 11, 20, 10), tick=False):
                call_command("load_demo_data", "--no-users", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The tests that share the demo content last, after pytest-django's own
    order: no transactional test may run inside its open transaction (the
    fixture restores what their flushes removed)."""
    shared = [item for item in items if "demo_content" in getattr(item, "fixturenames", ())]
    if shared:
        keep = set(shared)
        items[:] = [item for item in items if item not in keep] + shared


@pytest.fixture
def clock_at(time_machine):
    """clock_at(instant) stops the clock at an aware `instant` until the test
    ends (time-machine; call it again to move). Function-scoped: the test
    database is created before, at the real time. The instant goes in as UTC
    so that time-machine leaves the process's zone alone."""

    def stop_at(instant):
        assert instant.tzinfo is not None, "give the clock an aware datetime"
        time_machine.move_to(instant.astimezone(datetime.UTC), tick=False)

    return stop_at


@pytest.fixture(autouse=True)
def _machine_time_zone(request):
    """Tests marked `clock` run in the machine's own zone (TZ as the process
    started, or /etc/localtime), which Django otherwise replaces with
    TIME_ZONE at start-up: so `TZ=Pacific/Kiritimati pytest -m clock` finds
    code that uses the machine's date or time (date.today(), naive now())."""
    from django.conf import settings

    if request.node.get_closest_marker("clock") is None or not hasattr(
        settings, "MACHINE_TIME_ZONE"
    ):
        yield
        return
    previous = os.environ.get("TZ")
    _set_process_zone(settings.MACHINE_TIME_ZONE)
    try:
        yield
    finally:
        _set_process_zone(previous)


def _set_process_zone(zone):
    if zone is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = zone
    time.tzset()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run: Playwright's sync API allows a single
    running instance per thread. Never downloads a browser: `make test`
    installs Debian's chromium when it is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # The live server and sync Playwright use the ORM from a thread with an
    # event loop; the calls never overlap. Restored afterwards so that later
    # subprocesses do not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_configure(config):
    """`QUARTIER_TEST_CLOCK=2026-11-26T00:45+01:00 pytest` runs the whole suite
    with the machine's clock moved to that instant and ticking from there
    (time-machine's global travel), as a machine whose clock shows it would:
    CI runs the suite at instants where stored or cached state and "now"
    disagree (docs/entwicklung/validierung.md)."""
    instant = os.environ.get("QUARTIER_TEST_CLOCK")
    if not instant:
        return
    import time_machine

    moment = datetime.datetime.fromisoformat(instant)
    assert moment.tzinfo is not None, "QUARTIER_TEST_CLOCK needs an offset, e.g. +01:00"
    traveller = time_machine.travel(moment.astimezone(datetime.UTC), tick=True)
    traveller.start()
    config._quartier_clock = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_quartier_clock", None)
    if traveller is not None:
        traveller.stop()
