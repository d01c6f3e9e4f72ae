"""Capacity under concurrent registrations, against a real PostgreSQL.

CI runs the suite with DATABASE_URL pointing at PostgreSQL; on SQLite (which
serialises all writes and has no row locks) the test is skipped."""

import threading

import pytest

from django.conf import settings
from django.db import connection, connections
from django.test import Client

from blog.models import Registration

from .factories import EventIndexPageFactory, WorkshopPageFactory

THREADS = 16


# Decided at collection, so that on SQLite no transactional database (and its
# flush afterwards) is set up at all.
needs_postgres = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL row locks: run with "
    "DATABASE_URL=postgres://postgres:quartier-dev@127.0.0.1:5432/<db> (scripts/services.sh)",
)


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_never_exceed_capacity(home_page):
    assert connection.vendor == "postgresql"
    events = EventIndexPageFactory(parent=home_page)
    workshop = WorkshopPageFactory(parent=events, capacity=5)
    url = workshop.url
    barrier = threading.Barrier(THREADS)
    statuses = []
    errors = []

    def register(number):
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post(
                url,
                {
                    "name": f"Person {number}",
                    "email": f"person{number}@example.org",
                    "places": "2" if number % 2 else "1",
                    "consent": "on",
                },
                # A different address each, so the rate limit does not interfere.
                REMOTE_ADDR=f"10.1.0.{number + 1}",
            )
            statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert statuses == [302] * THREADS
    registrations = Registration.objects.filter(workshop=workshop)
    assert registrations.count() == THREADS
    confirmed = sum(r.places for r in registrations if r.status == Registration.Status.CONFIRMED)
    assert confirmed <= workshop.capacity
    # Someone got in and the rest wait: the lock serialised, it did not just refuse.
    assert confirmed >= workshop.capacity - 1
    assert registrations.filter(status=Registration.Status.WAITLISTED).exists()


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_duplicates_register_once(home_page):
    assert connection.vendor == "postgresql"
    events = EventIndexPageFactory(parent=home_page)
    workshop = WorkshopPageFactory(parent=events, capacity=50)
    barrier = threading.Barrier(8)
    statuses = []

    def register(number):
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post(
                workshop.url,
                {"name": "Doppelt", "email": "same@example.org", "places": "1", "consent": "on"},
                REMOTE_ADDR=f"10.2.0.{number + 1}",
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200] * 7 + [302]
    assert Registration.objects.filter(workshop=workshop).count() == 1
