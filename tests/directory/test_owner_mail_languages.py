"""Mails to owners in the owner's language: the invitation from the admin's
form (its language field, by default the business's first spoken language
that the site offers) and Wagtail's workflow notice when the coordination
team approves an owner's change."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import translation

from wagtail.users.models import UserProfile

from directory.models import Language

from .factories import BusinessPageFactory, coordinator, make_directory, shopkeeper
from .test_moderation import edit_data

pytestmark = pytest.mark.django_db

GERMAN = ("wurde", "freigegeben", "Seite", "Guten Tag", "Ihr Benutzername", "Workflow „")


@pytest.fixture
def business(home_page):
    page = BusinessPageFactory(parent=make_directory(home_page), title="Salon Lale", tagline="")
    for order, (code, native, german) in enumerate(
        [("ku", "Kurdî", "Kurdisch"), ("tr", "Türkçe", "Türkisch"), ("de", "Deutsch", "Deutsch")]
    ):
        language, _created = Language.objects.get_or_create(
            code=code, defaults={"native_name": native, "german_name": german}
        )
        language.sort_order = order
        language.save()
        page.languages.add(language)
    page.save()
    return page


def test_the_invitation_form_offers_the_business_language_first(client, business):
    client.force_login(coordinator())
    form = client.get(f"/admin/verzeichnis/einladen/?business={business.pk}").text
    # Kurdish is spoken first but the site does not offer it: Turkish.
    assert '<option value="tr" selected>' in form
    assert client.get("/admin/verzeichnis/einladen/?business=x%C3%BC").status_code == 200


@pytest.mark.parametrize("language", ["tr", "ar"])
def test_an_invitation_from_the_admin_in_the_chosen_language(client, business, language):
    client.force_login(coordinator())
    response = client.post(
        "/admin/verzeichnis/einladen/",
        {"business": business.pk, "email": "lale@example.org", "language": language},
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    with translation.override(language):
        greeting = translation.gettext("Guten Tag,")
        subject_start = translation.gettext("Bitte legen Sie zuerst Ihr Passwort fest:")
    assert message.body.startswith(greeting)
    assert subject_start in message.body
    assert not [word for word in GERMAN if word in message.subject + message.body]
    owner = get_user_model().objects.get(email="lale@example.org")
    assert UserProfile.get_for_user(owner).get_preferred_language() == language


def test_an_invitation_without_a_chosen_language_takes_the_business_language(client, business):
    client.force_login(coordinator())
    client.post("/admin/verzeichnis/einladen/", {"business": business.pk, "email": "a@ex.org"})
    with translation.override("tr"):
        assert mail.outbox[0].body.startswith(translation.gettext("Guten Tag,"))


@pytest.mark.parametrize("language", ["tr", "ar", "bg", "ro"])
def test_the_approval_notice_to_an_owner_is_in_her_language(client, business, language):
    owner = shopkeeper(business)
    owner.email = "lale@example.org"
    owner.save()
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = language
    profile.save()
    client.force_login(owner)
    response = client.post(
        f"/admin/pages/{business.pk}/edit/",
        edit_data(business, tagline="Yeni", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    client.force_login(coordinator())
    task_state = business.current_workflow_state.current_task_state
    mail.outbox.clear()
    client.post(
        f"/admin/pages/workflow/action/{business.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    notices = [message for message in mail.outbox if message.to == ["lale@example.org"]]
    assert len(notices) == 1
    notice = notices[0]
    workflow = task_state.workflow_state.workflow.name
    with translation.override(language):
        subject = translation.gettext('The page "%(title)s" has been approved in "%(workflow)s".')
    assert notice.subject == subject % {"title": "Salon Lale", "workflow": workflow}
    assert not [word for word in GERMAN if word in notice.subject + notice.body]
