"""The programme's report: its figures against a known data set (months in
Berlin time, closing, confirmation, owners' own edits, positions, interest,
campaigns, workshops after the purge), constant queries, the German-spreadsheet
CSV and the XLSX, and who may see it."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Registration
from blog.retention import anonymise
from directory.models import BusinessJob, BusinessPage
from jobs.models import JobInterest
from quartier import roles
from reports.figures import COLUMNS, Month, programme_figures

from ..blog.factories import CampaignPageFactory, EventIndexPageFactory, WorkshopPageFactory
from ..clock import berlin
from ..directory.factories import (
    BusinessPageFactory,
    DistrictFactory,
    UserFactory,
    coordinator,
    german,  # noqa: F401  (fixture)
    make_directory,
    shopkeeper,
)
from ..jobs.factories import BusinessJobFactory

pytestmark = pytest.mark.usefixtures("german")

SEPTEMBER, OCTOBER, NOVEMBER = Month(2026, 9), Month(2026, 10), Month(2026, 11)


def interest(job, district, created):
    item = JobInterest.objects.create(
        job=job, business=job.page, district=district, job_title=job.title, job_kind=job.kind
    )
    JobInterest.objects.filter(pk=item.pk).update(created_at=created)


def publish(page, **changes):
    """Publishes a change the way the editor does: a revision of the latest
    revision's content (its positions as that revision stored them)."""
    draft = BusinessPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    return draft


@pytest.fixture
def known_data(home_page, clock_at):
    """Three months of a small programme, made by what really happens (pages
    created and published, revisions saved, positions filled and deleted) at
    Berlin times around the months' edges, with later changes that must not
    alter the figures of earlier months."""
    clock_at(berlin(2026, 8, 20, 12))
    directory = make_directory(home_page)
    hochfeld = DistrictFactory(slug="hochfeld", name="Hochfeld", postcodes="47053, 47057")
    marxloh = DistrictFactory(slug="marxloh", name="Marxloh", postcodes="47169")
    m0 = BusinessPageFactory(parent=directory, district=marxloh)
    # 00:30 on 1 September in Berlin is still August in UTC.
    clock_at(berlin(2026, 9, 1, 0, 30))
    h3 = BusinessPageFactory(parent=directory, district=hochfeld)
    j3 = BusinessJobFactory(page=m0)
    clock_at(berlin(2026, 9, 10, 12))
    h1 = BusinessPageFactory(
        parent=directory, district=hochfeld, last_checked=datetime.date(2026, 6, 1)
    )
    owner_h1 = shopkeeper(h1)
    clock_at(berlin(2026, 9, 20, 12))
    h1.save_revision(user=owner_h1)  # counts for September, though they leave in November
    clock_at(berlin(2026, 10, 3, 12))
    m0.unpublish()
    clock_at(berlin(2026, 10, 5, 12))
    h2 = BusinessPageFactory(parent=directory, district=hochfeld)
    owner_h2 = shopkeeper(h2)
    clock_at(berlin(2026, 10, 10, 12))
    j1 = BusinessJobFactory(page=h1)
    # Owners' own edits: H2's owner in October counts once; the coordination
    # team's edit and H1's owner saving a revision of H2 (not theirs) do not.
    clock_at(berlin(2026, 10, 15, 9))
    h2.save_revision(user=owner_h2)
    h2.save_revision(user=owner_h2)
    h1.save_revision(user=coordinator())
    h2.save_revision(user=owner_h1)
    clock_at(berlin(2026, 10, 20, 12))
    publish(h3, status=BusinessPage.Status.CLOSED)
    # 00:30 on 1 November in Berlin is still October in UTC.
    clock_at(berlin(2026, 11, 1, 0, 30))
    m1 = BusinessPageFactory(
        parent=directory, district=marxloh, last_checked=datetime.date(2026, 11, 20)
    )
    clock_at(berlin(2026, 11, 2, 12))
    j2 = BusinessJobFactory(page=m1)
    clock_at(berlin(2026, 10, 28, 12))
    draft = BusinessPage.objects.get(pk=h1.pk).get_latest_revision_as_object()
    positions = list(draft.jobs.all())
    positions[0].filled = True
    draft.jobs = positions
    draft.save_revision().publish()  # filled on 28 October
    clock_at(berlin(2026, 11, 10, 12))
    publish(h2, status=BusinessPage.Status.TEMPORARILY_CLOSED)
    BusinessJob.objects.get(pk=j3.pk).delete()  # still posted in September
    owner_h1.groups.clear()  # still edited their profile in September
    clock_at(berlin(2026, 11, 15, 12))
    publish(h3, tagline="Geschlossen seit Oktober")  # still closed in October
    clock_at(berlin(2026, 11, 20, 12))
    # Confirmed again: October still counts the June confirmation. The revision
    # holds the position filled but without the moment; it stays 28 October.
    publish(h1, last_checked=datetime.date(2026, 11, 20))
    clock_at(berlin(2026, 11, 26, 10, 0))
    interest(j2, marxloh, berlin(2026, 11, 10, 12))
    interest(j2, marxloh, berlin(2026, 11, 11, 12))
    interest(j1, hochfeld, berlin(2026, 10, 12, 12))

    events = EventIndexPageFactory(parent=home_page)
    c1 = CampaignPageFactory(
        parent=events, start_date=datetime.date(2026, 10, 25), end_date=datetime.date(2026, 11, 3)
    )
    c1.participating_businesses = [h1, m1]
    c1.save()
    c2 = CampaignPageFactory(
        parent=events, start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2026, 9, 30)
    )
    c2.participating_businesses = [h1, h2]
    c2.save()

    w1 = WorkshopPageFactory(
        parent=events,
        venue_postcode="47169",
        dates=[(berlin(2026, 10, 20, 17), berlin(2026, 10, 20, 19))],
    )
    w2 = WorkshopPageFactory(
        parent=events,
        venue_postcode="47057",
        dates=[(berlin(2026, 11, 3, 17), berlin(2026, 11, 3, 19))],
    )
    Status = Registration.Status
    for workshop, places, status, attended, email in (
        (w1, 2, Status.CONFIRMED, True, "a@example.org"),
        (w1, 1, Status.CONFIRMED, False, "b@example.org"),
        (w1, 1, Status.WAITLISTED, False, "c@example.org"),
        (w1, 1, Status.CANCELLED, False, "d@example.org"),
        (w2, 1, Status.CONFIRMED, True, "e@example.org"),
    ):
        Registration.objects.create(
            workshop=workshop,
            name="Person",
            email=email,
            places=places,
            status=status,
            attended=attended,
        )
    anonymise(Registration.objects.filter(workshop=w1))  # the counts survive the purge
    return {"hochfeld": hochfeld, "marxloh": marxloh}


EXPECTED = {
    # (month, district): figures in COLUMNS order from businesses_live on
    (SEPTEMBER, "hochfeld"): [2, 2, 0, 1, 1, 0, 0, 0, 1, 2, 0, 0, 0],
    (SEPTEMBER, "marxloh"): [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    (OCTOBER, "hochfeld"): [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0],
    (OCTOBER, "marxloh"): [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 1, 2],
    (NOVEMBER, "hochfeld"): [1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1],
    (NOVEMBER, "marxloh"): [1, 1, 0, 1, 0, 1, 0, 2, 1, 1, 0, 0, 0],
}


@pytest.mark.clock
@pytest.mark.django_db
def test_figures_of_a_known_data_set(known_data):
    rows = programme_figures(SEPTEMBER, NOVEMBER)
    figures = [key for key, _label in COLUMNS[2:]]
    found = {(row["month"], row["district"].slug): [row[key] for key in figures] for row in rows}
    assert found == EXPECTED
    assert [(row["month"], row["district"].slug) for row in rows] == list(EXPECTED)


def add_activity(count, clock_at, district):
    directory = BusinessPage.objects.first().get_parent()
    events = EventIndexPageFactory._meta.model.objects.first()
    for _number in range(count):
        clock_at(berlin(2026, 10, 3, 12))
        business = BusinessPageFactory(parent=directory, district=district)
        business.save_revision(user=shopkeeper(business))
        job = BusinessJobFactory(page=business)
        interest(job, district, berlin(2026, 10, 4, 12))
        workshop = WorkshopPageFactory(
            parent=events, dates=[(berlin(2026, 10, 9, 17), berlin(2026, 10, 9, 19))]
        )
        Registration.objects.create(workshop=workshop, name="P", email="p@example.org")


@pytest.mark.clock
@pytest.mark.django_db
def test_queries_do_not_grow_with_the_data(known_data, clock_at):
    add_activity(10, clock_at, known_data["hochfeld"])
    with CaptureQueriesContext(connection) as at_10:
        programme_figures(SEPTEMBER, NOVEMBER)
    add_activity(190, clock_at, known_data["hochfeld"])
    clock_at(berlin(2026, 11, 26, 10, 0))
    with CaptureQueriesContext(connection) as at_200:
        rows = programme_figures(SEPTEMBER, NOVEMBER)
    assert len(at_200) == len(at_10) == 10
    october = next(
        row for row in rows if row["month"] == OCTOBER and row["district"].slug == "hochfeld"
    )
    assert (october["businesses_new"], october["interests"]) == (201, 201)
    assert (october["owners_editing"], october["positions_posted"]) == (201, 201)


@pytest.mark.clock
@pytest.mark.django_db
def test_csv_opens_in_a_german_spreadsheet(client, known_data):
    client.force_login(coordinator())
    response = client.get("/admin/programmbericht/?von=2026-09&bis=2026-11&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="programmbericht-2026-09-bis-2026-11.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(str(label) for _key, label in COLUMNS)
    assert lines[0].startswith("Monat;Stadtteil;Geschäfte online;Geschäfte neu;")
    assert lines[5] == "2026-11;Hochfeld;1;0;0;1;0;0;0;0;1;1;1;0;1"
    # The sums the screen shows under the table.
    assert lines[7] == "Summe;;7;4;1;4;2;3;1;3;5;6;4;1;3"
    assert lines[8] == ""
    assert len(lines) == 9


@pytest.mark.clock
@pytest.mark.django_db
def test_xlsx_export(client, known_data):
    client.force_login(coordinator())
    response = client.get("/admin/programmbericht/?von=2026-09&bis=2026-11&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [
        tuple(value for value in row if value is not None)
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows[0] == ("Programmbericht 2026-09 bis 2026-11",)
    assert rows[1] == ("26.11.2026 10:00",)  # created, in Berlin time
    assert rows[2][:3] == ("Monat", "Stadtteil", "Geschäfte online")
    assert rows[6] == ("2026-10", "Marxloh", 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 1, 2)
    assert rows[9] == ("Summe", 7, 4, 1, 4, 2, 3, 1, 3, 5, 6, 4, 1, 3)
    assert len(rows) == 10


@pytest.mark.clock
@pytest.mark.django_db
def test_report_page_for_the_coordination_team_only(client, known_data):
    client.force_login(coordinator())
    response = client.get("/admin/programmbericht/?von=2026-09&bis=2026-11")
    assert response.status_code == 200
    assert response.context["totals"] == [7, 4, 1, 4, 2, 3, 1, 3, 5, 6, 4, 1, 3]
    assert "/admin/programmbericht/" in client.get("/admin/").text
    business = BusinessPage.objects.first()
    for user in (
        shopkeeper(business),
        UserFactory(groups=[roles.EDITORS_GROUP]),
        UserFactory(groups=[roles.JOB_COACHES_GROUP]),
    ):
        client.force_login(user)
        for url in ("/admin/programmbericht/", "/admin/programmbericht/?format=csv"):
            response = client.get(url)
            # Wagtail's admin answers a refused view with a redirect to the dashboard.
            assert (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.mark.clock
@pytest.mark.django_db
def test_bad_range_falls_back_to_the_last_twelve_months(client, known_data):
    client.force_login(coordinator())
    response = client.get("/admin/programmbericht/?von=2026-13&bis=2026-11")
    assert response.status_code == 200
    assert (str(response.context["first"]), str(response.context["last"])) == (
        "2025-12",
        "2026-11",
    )
    assert response.context["errors"] == ["Bitte Monate wie 2026-01 angeben."]


@pytest.mark.django_db
def test_team_marks_attendance_in_the_admin(client, home_page):
    events = EventIndexPageFactory(parent=home_page)
    workshop = WorkshopPageFactory(parent=events)
    registration = Registration.objects.create(
        workshop=workshop, name="Person", email="p@example.org"
    )
    client.force_login(coordinator())
    response = client.post(
        f"/admin/snippets/blog/registration/edit/{registration.pk}/",
        {
            "workshop": workshop.pk,
            "name": "Person",
            "email": "p@example.org",
            "phone": "",
            "places": "1",
            "note": "",
            "status": "confirmed",
            "attended": "on",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended is True
    anonymise(Registration.objects.filter(pk=registration.pk))
    registration.refresh_from_db()
    assert (registration.name, registration.attended) == ("", True)
