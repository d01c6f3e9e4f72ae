"""Inviting an owner: command and admin view."""

import io
import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from directory.owners import owned_businesses

from ..admin_access import assert_refused
from .factories import (
    BusinessPageFactory,
    UserFactory,
    coordinator,
    german,  # noqa: F401  (fixture)
    make_directory,
)

pytestmark = pytest.mark.usefixtures("german")


@pytest.fixture
def business(home_page):
    return BusinessPageFactory(
        parent=make_directory(home_page), title="Salon Lale", slug="salon-lale"
    )


@pytest.mark.django_db
def test_invite_owner_command_creates_account_and_sends_working_link(client, business):
    out = io.StringIO()
    call_command("invite_owner", "salon-lale", "Lale@Example.org", stdout=out)
    user = get_user_model().objects.get(email__iexact="lale@example.org")
    assert not user.has_usable_password()
    assert owned_businesses(user) == [business]
    assert "neu angelegt" in out.getvalue()

    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Salon Lale" in message.subject
    link = re.search(r"http://testserver(/admin/password_reset/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert b"new_password1" in response.content  # the set-password form, token accepted

    # the account can edit its page, and only that one
    client.force_login(user)
    assert client.get(f"/admin/pages/{business.pk}/edit/").status_code == 200
    other = BusinessPageFactory(parent=business.get_parent())
    assert_refused(client.get(f"/admin/pages/{other.pk}/edit/"))


@pytest.mark.django_db
def test_invite_reuses_existing_account(business):
    existing = UserFactory(email="kemal@example.org")
    call_command("invite_owner", "salon-lale", "kemal@example.org", stdout=io.StringIO())
    assert get_user_model().objects.filter(email="kemal@example.org").count() == 1
    assert owned_businesses(existing) == [business]
    existing.refresh_from_db()
    assert existing.check_password("a-safe-test-password")  # not reset by the invitation


@pytest.mark.django_db
def test_invite_command_rejects_bad_input(business):
    with pytest.raises(CommandError, match="Kein Geschäft"):
        call_command("invite_owner", "gibt-es-nicht", "a@example.org")
    with pytest.raises(CommandError, match="E-Mail"):
        call_command("invite_owner", "salon-lale", "keine-adresse")
    assert not mail.outbox


@pytest.mark.django_db
def test_admin_invite_view_for_coordination_team(client, business):
    client.force_login(coordinator())
    form = client.get("/admin/verzeichnis/einladen/")
    assert form.status_code == 200
    response = client.post(
        "/admin/verzeichnis/einladen/", {"business": business.pk, "email": "neu@example.org"}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="neu@example.org")
    assert owned_businesses(user) == [business]
    assert len(mail.outbox) == 1
    response = client.post("/admin/verzeichnis/einladen/", {"business": business.pk, "email": "x"})
    assert response.status_code == 200 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_invite_button_on_business_edit_page(client, business):
    client.force_login(coordinator())
    text = client.get(f"/admin/pages/{business.pk}/edit/").text
    assert f"/admin/verzeichnis/einladen/?business={business.pk}" in text
    form = client.get(f"/admin/verzeichnis/einladen/?business={business.pk}").text
    assert f'<option value="{business.pk}" selected>' in form


@pytest.mark.django_db
def test_invite_by_slug_works_with_every_language_tree_present(business):
    """A business has one page, whatever trees the other languages have."""
    from quartier.translation_sync import create_translation

    create_translation(business.get_parent(), "tr", title="Rehber")
    assert BusinessPageFactory._meta.model.objects.filter(slug="salon-lale").count() == 1
    out = io.StringIO()
    call_command("invite_owner", "salon-lale", "lale@example.org", stdout=out)
    assert "für „Salon Lale“" in out.getvalue()
    user = get_user_model().objects.get(email="lale@example.org")
    assert business in owned_businesses(user)


@pytest.mark.django_db
def test_invitation_is_in_the_owners_language(business):
    from wagtail.users.models import UserProfile

    call_command(
        "invite_owner", "salon-lale", "lale@example.org", "--language", "tr", stdout=io.StringIO()
    )
    user = get_user_model().objects.get(email="lale@example.org")
    assert UserProfile.get_for_user(user).get_preferred_language() == "tr"
    body = mail.outbox[0].body
    assert body.startswith("Merhaba,") and "Viele Grüße" not in body
    # An existing account keeps its language for the next invitation.
    call_command("invite_owner", "salon-lale", "lale@example.org", stdout=io.StringIO())
    assert mail.outbox[1].body.startswith("Merhaba,")
    # Without a language, a new owner is written to in German.
    call_command("invite_owner", "salon-lale", "kemal@example.org", stdout=io.StringIO())
    assert mail.outbox[2].body.startswith("Guten Tag,")


@pytest.mark.django_db
def test_invitation_links_the_owners_guide_in_her_language(client, business):
    call_command(
        "invite_owner", "salon-lale", "lale@example.org", "--language", "tr", stdout=io.StringIO()
    )
    body = mail.outbox[0].body
    link = re.search(r"http://testserver(/admin/anleitung/(\w+)/)", body)
    assert link.group(2) == "tr"
    client.force_login(get_user_model().objects.get(email="lale@example.org"))
    response = client.get(link.group(1))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="anleitung-tr.pdf"'
