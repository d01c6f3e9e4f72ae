"""A line break in a title (an older page, a CSV import, a crafted admin
POST) never reaches an email header: the claim form answered 500
(BadHeaderError) and Wagtail's moderation notices were silently dropped.
Subjects are one line everywhere, and titles are saved as one line."""

import pytest

from django.core import mail

from wagtail.models import Page

from directory.models import BusinessPage
from directory.owners import invite_owner

from ..blog.factories import EventIndexPageFactory, WorkshopPageFactory
from ..directory.factories import (
    BusinessPageFactory,
    coordinator,
    german,  # noqa: F401  (fixture)
    make_directory,
    shopkeeper,
)
from ..directory.test_moderation import edit_data

pytestmark = pytest.mark.usefixtures("german")

BROKEN_TITLES = ["Salon\nLale", "Salon\r\nLale", "Salon\rLale", "Salon\u2028Lale", "Salon\x85Lale"]


@pytest.fixture
def business(home_page):
    return BusinessPageFactory(
        parent=make_directory(home_page), title="Salon Lale", slug="salon-lale"
    )


def give_title(page, title):
    """A title stored before titles were cleaned (bypasses save())."""
    Page.objects.filter(pk=page.pk).update(title=title, draft_title=title)
    page.refresh_from_db()


def assert_one_line_subjects():
    assert mail.outbox
    for message in mail.outbox:
        assert "Salon Lale" in message.subject, message.subject
        assert message.subject == " ".join(message.subject.split())
        message.message()  # raises BadHeaderError on a line break


@pytest.mark.django_db
@pytest.mark.parametrize("title", BROKEN_TITLES)
def test_claim_for_a_title_with_a_line_break(client, business, title):
    give_title(business, title)
    response = client.post(
        "/verzeichnis/salon-lale/",
        {
            "form": "claim",
            "name": "Ayşe Demir",
            "email": "ayse@example.org",
            "message": "Das ist mein Laden.",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert_one_line_subjects()


@pytest.mark.django_db
def test_invitation_for_a_title_with_a_line_break(business):
    give_title(business, "Salon\r\nLale")
    invite_owner(business, "lale@example.org")
    assert_one_line_subjects()


@pytest.mark.django_db
def test_registration_for_a_title_with_a_line_break(client, home_page):
    workshop = WorkshopPageFactory(
        parent=EventIndexPageFactory(parent=home_page), title="Kurs", capacity=3
    )
    give_title(workshop, "Salon\nLale")
    response = client.post(
        workshop.url,
        {"name": "Ayşe", "email": "ayse@example.org", "places": "1", "consent": "on"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
    assert_one_line_subjects()


@pytest.mark.django_db
@pytest.mark.parametrize("title", BROKEN_TITLES)
def test_titles_are_saved_as_one_line(business, title):
    business.title = title
    business.save_revision().publish()
    assert BusinessPage.objects.get(pk=business.pk).title == "Salon Lale"


@pytest.mark.django_db
def test_moderation_notice_for_a_title_with_a_line_break(client, business):
    coordinator().save()
    client.force_login(shopkeeper(business))
    response = client.post(
        f"/admin/pages/{business.pk}/edit/",
        edit_data(business, title="Salon\r\nLale", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    latest = BusinessPage.objects.get(pk=business.pk).get_latest_revision_as_object()
    assert latest.title == "Salon Lale"
    assert_one_line_subjects()
