"""Editors and the coordination team create these pages; shopkeepers cannot.
Tested through the Wagtail admin views."""

import csv
import datetime
import io
import zipfile

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone, translation

from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from blog.models import CampaignPage, Registration, WorkshopPage
from quartier.translation_sync import create_translation

from ..admin_access import assert_refused
from ..directory.factories import BusinessPageFactory, DirectoryIndexPageFactory, coordinator
from .factories import EventIndexPageFactory, WorkshopPageFactory


def admin_user(username, group_name, page, permissions):
    group = Group.objects.create(name=group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in permissions:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user = get_user_model().objects.create_user(username=username, password="x")
    user.groups.add(group)
    return user


def workshop_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "handy-kurs",
            "teaser": "",
            "description": rich_text("<p>Für alle</p>"),
            "venue_name": "Stadtteilbüro",
            "venue_street": "Wanheimer Straße",
            "venue_house_number": "100",
            "venue_postcode": "47053",
            "venue_city": "Duisburg",
            "venue_latitude": "51.4189",
            "venue_longitude": "6.7598",
            "level": "beginner",
            "cost": "0",
            "capacity": "10",
            "registration_enabled": "on",
            "event_status": "scheduled",
            "dates": inline_formset(
                [{"start": "2030-03-04 10:00", "end": "2030-03-04 12:00"}], min=1
            ),
            "action-publish": "publish",
        }
    )


@pytest.fixture
def tree(home_page):
    events = EventIndexPageFactory(parent=home_page)
    directory = DirectoryIndexPageFactory(parent=home_page)
    business = BusinessPageFactory(parent=directory)
    return events, business


@pytest.mark.django_db
def test_shopkeeper_cannot_create_campaigns_or_workshops(client, tree):
    events, business = tree
    shopkeeper = admin_user("laden", "Test Ladeninhaber", business, ["change_page"])
    client.force_login(shopkeeper)
    for model in ("campaignpage", "workshoppage"):
        response = client.get(f"/admin/pages/add/blog/{model}/{events.pk}/")
        assert_refused(response)
    response = client.post(
        f"/admin/pages/add/blog/workshoppage/{events.pk}/", workshop_form("Von Laden")
    )
    assert_refused(response)
    assert not WorkshopPage.objects.filter(title="Von Laden").exists()
    # Nor under their own business page.
    response = client.get(f"/admin/pages/add/blog/campaignpage/{business.pk}/")
    assert_refused(response)
    assert CampaignPage.objects.count() == 0


@pytest.mark.django_db
def test_editor_creates_and_publishes_a_workshop(client, tree, home_page):
    events, _business = tree
    editor = admin_user(
        "redaktion", "Test Redaktion", home_page, ["add_page", "change_page", "publish_page"]
    )
    client.force_login(editor)
    assert client.get(f"/admin/pages/add/blog/workshoppage/{events.pk}/").status_code == 200
    response = client.post(
        f"/admin/pages/add/blog/workshoppage/{events.pk}/", workshop_form("Handy-Kurs")
    )
    assert response.status_code == 302, response.content[:2000]
    workshop = WorkshopPage.objects.get(title="Handy-Kurs")
    assert workshop.live
    (date,) = workshop.dates.all()
    # Entered in Europe/Berlin (winter: UTC+1).
    assert timezone.localtime(date.start).hour == 10
    assert date.start.astimezone(datetime.UTC).hour == 9
    # A real translation shares the original's places.
    alias = create_translation(workshop, "en", title="Phone course")
    client.logout()
    response = client.post(
        alias.url,
        {
            "name": "Ayşe",
            "email": "a@example.org",
            "places": "1",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.workshop_id == workshop.pk
    assert alias.canonical() == workshop
    # A request leaves its language active in this thread; the German URL:
    with translation.override("de"):
        assert "Es sind noch 9 Plätze frei." in client.get(workshop.url).text


@pytest.mark.django_db
def test_registrations_admin_list_and_csv_export(client, tree):
    events, _business = tree
    workshop = WorkshopPageFactory(parent=events, title="Handy-Kurs")
    Registration.objects.create(workshop=workshop, name="Ayşe Demir", email="ayse@example.org")
    other = WorkshopPageFactory(parent=events, title="Anderer Kurs")
    Registration.objects.create(workshop=other, name="Bogdan Ionescu", email="b@example.org")
    staff = get_user_model().objects.create_superuser("chefin", "c@example.org", "x")
    client.force_login(staff)
    listing = client.get(f"/admin/snippets/blog/registration/?workshop={workshop.pk}")
    assert listing.status_code == 200
    assert "Ayşe Demir" in listing.text
    assert "Bogdan Ionescu" not in listing.text
    export = client.get(f"/admin/snippets/blog/registration/?workshop={workshop.pk}&export=csv")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    content = b"".join(export.streaming_content).decode("utf-8")
    assert "ayse@example.org" in content
    assert "b@example.org" not in content


HYPERLINK = '=HYPERLINK("http://x")'


@pytest.mark.django_db
def test_registrations_export_neutralises_spreadsheet_formulas(client, tree):
    from openpyxl import load_workbook

    events, _business = tree
    workshop = WorkshopPageFactory(parent=events, title="Handy-Kurs")
    Registration.objects.create(
        workshop=workshop,
        name=HYPERLINK,
        email="ayse@example.org",
        phone="+49 203 1234",
        note="@SUMME(A1:A9)\nzweite Zeile",
    )
    client.force_login(coordinator())
    url = "/admin/snippets/blog/registration/?export="

    export = client.get(url + "csv")
    assert export.status_code == 200
    content = b"".join(export.streaming_content).decode("utf-8")
    [row] = csv.DictReader(io.StringIO(content))
    assert row["Name"] == "'" + HYPERLINK
    assert row["Telefon"] == "'+49 203 1234"
    assert row["Anmerkung"] == "'@SUMME(A1:A9)\nzweite Zeile"
    assert (row["Workshop"], row["E-Mail"]) == ("Handy-Kurs", "ayse@example.org")

    # XLSX: Wagtail writes formula-like values as plain string cells, never as formulas.
    export = client.get(url + "xlsx")
    data = b"".join(export.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="inlineStr"' in sheet
    cells = next(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2))
    assert [(cell.value, cell.data_type) for cell in cells[1:4]] == [
        (HYPERLINK, "s"),
        ("ayse@example.org", "s"),
        ("+49 203 1234", "s"),
    ]


@pytest.mark.django_db
def test_registrations_are_not_visible_to_shopkeepers(client, tree):
    _events, business = tree
    shopkeeper = admin_user("laden", "Test Ladeninhaber", business, ["change_page"])
    client.force_login(shopkeeper)
    response = client.get("/admin/snippets/blog/registration/")
    assert_refused(response)
