"""The admin's "forgot password" form sends a bounded number of emails: per
address (nobody's inbox is flooded, whoever asks) and per client (nobody
mails the whole staff list). Every request gets the same answer, so the
limit tells nothing about which addresses have an account."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from quartier.users.forms import ADDRESS_LIMIT, CLIENT_LIMIT

URL = "/admin/password_reset/"
DONE = reverse("wagtailadmin_password_reset_done")


@pytest.fixture
def staff(db):
    user_model = get_user_model()
    return [
        user_model.objects.create_user(f"person{n}", f"person{n}@quartier.example", "pw-alt-123")
        for n in range(CLIENT_LIMIT + 3)
    ]


def ask(client, email, address="192.0.2.1"):
    response = client.post(URL, {"email": email}, REMOTE_ADDR=address)
    assert response.status_code == 302
    assert response["Location"] == DONE
    return response


@pytest.mark.django_db
def test_one_address_gets_a_bounded_number_of_mails(client, staff):
    for n in range(8):
        ask(client, "person0@quartier.example", address=f"192.0.2.{n + 1}")
    assert len(mail.outbox) == ADDRESS_LIMIT
    assert {message.to[0] for message in mail.outbox} == {"person0@quartier.example"}


@pytest.mark.django_db
def test_one_client_gets_a_bounded_number_of_mails(client, staff):
    for user in staff:
        ask(client, user.email)
    assert len(mail.outbox) == CLIENT_LIMIT
    # Unknown addresses count too: probing first does not buy more mails.
    mail.outbox.clear()
    ask(client, "niemand@quartier.example", address="198.51.100.7")
    for _ in range(CLIENT_LIMIT):
        ask(client, "niemand@quartier.example", address="198.51.100.8")
    ask(client, staff[-1].email, address="198.51.100.8")
    assert mail.outbox == []


@pytest.mark.django_db
def test_other_people_still_get_their_mail(client, staff):
    for _ in range(8):
        ask(client, "person0@quartier.example")
    ask(client, "person1@quartier.example", address="203.0.113.9")
    assert [message.to[0] for message in mail.outbox][-1] == "person1@quartier.example"
