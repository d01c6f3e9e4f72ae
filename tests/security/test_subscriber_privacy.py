"""Newsletter subscribers' addresses reach only the coordination team: no
other role finds them through the snippet chooser (list, search, chosen,
chosen-multiple), and the audit log does not keep them after a deletion."""

import importlib

import pytest

from django.apps import apps as django_apps

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from outreach.models import Subscription
from quartier import roles

from ..directory.factories import BusinessPageFactory, make_directory, shopkeeper
from ..outreach.factories import SubscriptionFactory
from .test_roles import member_of

ADDRESSES = ["zzsub0@example.org", "şükrü.öztürk@example.org"]


@pytest.fixture
def subscribers(db):
    return [SubscriptionFactory(email=address) for address in ADDRESSES]


@pytest.fixture
def accounts(home_page):
    business = BusinessPageFactory(parent=make_directory(home_page), title="Bäckerei Işık")
    return {
        "owner": shopkeeper(business),
        "editor": member_of("redaktion", roles.EDITORS_GROUP),
        "job_coach": member_of("jobcoach", roles.JOB_COACHES_GROUP),
        "coordination": member_of("koordination", roles.COORDINATION_GROUP),
    }


def chooser_urls(subscribers):
    base = "/admin/snippets/choose/outreach/subscription/"
    ids = "&".join(f"id={subscription.pk}" for subscription in subscribers)
    return [
        base,
        base + "?q=zzsub",
        base + "results/?q=zzsub",
        base + f"chosen/{subscribers[0].pk}/",
        base + f"chosen-multiple/?{ids}",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["owner", "editor", "job_coach"])
def test_the_subscription_chooser_is_refused_to_other_roles(client, subscribers, accounts, role):
    client.force_login(accounts[role])
    found = {}
    for url in chooser_urls(subscribers):
        response = client.get(url)
        text = response.content.decode()
        leaked = [address for address in ADDRESSES if address in text]
        found[url] = (response.status_code, response.get("Location"), leaked)
    # Wagtail's answer to a missing permission: back to the dashboard.
    assert found == {url: (302, "/admin/", []) for url in chooser_urls(subscribers)}


@pytest.mark.django_db
def test_the_coordination_team_keeps_the_subscription_chooser(client, subscribers, accounts):
    client.force_login(accounts["coordination"])
    response = client.get(
        f"/admin/snippets/choose/outreach/subscription/chosen/{subscribers[1].pk}/"
    )
    assert response.status_code == 200
    assert response.json()["result"]["id"] == str(subscribers[1].pk)


@pytest.mark.django_db
def test_a_subscription_names_no_address(subscribers):
    for subscription in subscribers:
        assert subscription.email not in str(subscription)
        assert subscription.email.split("@")[0] not in str(subscription)


@pytest.mark.django_db
def test_deleting_a_subscription_in_the_admin_leaves_no_address_in_the_log(
    client, subscribers, accounts
):
    client.force_login(accounts["coordination"])
    subscription = subscribers[1]
    response = client.post(f"/admin/snippets/outreach/subscription/delete/{subscription.pk}/")
    assert response.status_code == 302
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels  # the deletion is logged, only without the address
    assert [label for label in labels if "@" in label or "öztürk" in label] == []


@pytest.mark.django_db
def test_the_migration_scrubs_addresses_from_old_log_labels(subscribers):
    for subscription in subscribers:
        entry = log(subscription, "wagtail.delete")
        ModelLogEntry.objects.filter(pk=entry.pk).update(label=subscription.email)
    migration = importlib.import_module("outreach.migrations.0004_forget_addresses_in_audit_log")
    migration.forget_addresses(django_apps, None)
    labels = set(ModelLogEntry.objects.values_list("label", flat=True))
    assert [label for label in labels if "@" in label] == []
    assert labels == {f"Newsletter-Abo #{s.pk}" for s in subscribers}
