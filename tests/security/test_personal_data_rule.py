"""A rule instead of a list: every admin view set, snippet and chooser that
Wagtail has registered is walked, and each model in the personal-data
registry (quartier.personal_data.REGISTRY) must be refused to every demo
role not named there, be granted to exactly the roles named there, and carry
a label (`str()`) without its personal fields. A model with personal-looking
fields that is not in the registry fails too, so a new one cannot forget it."""

import re

import pytest

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import models

from wagtail.admin.viewsets import viewsets

from blog.models import Registration
from directory.models import BusinessClaim, BusinessOwnership
from freshness.models import ProfileReport
from jobs.models import JobInterest
from outreach.models import Subscription
from quartier import roles
from quartier.personal_data import PUBLIC_CONTACTS, REGISTRY

from ..blog.factories import EventIndexPageFactory, WorkshopPageFactory
from ..directory.factories import BusinessPageFactory, UserFactory, make_directory, shopkeeper
from ..jobs.factories import BusinessJobFactory
from .test_roles import member_of

# What people type, so that a label or page showing any part of it is caught.
PERSON = {
    "name": "Şükriye Ağaoğlu-Müller",
    "first_name": "Şükriye",
    "last_name": "Ağaoğlu-Müller",
    "email": "sukriye.ozz@privat.example",
    "phone": "0203 4477-1199",
    "note": "Bitte nur nachmittags — لا تتصل صباحا",
    "coach_notes": "Termin: Вторник",
    "message": "Das ist mein Laden, ich heiße Şükriye 🥐",
}
OUR_APPS = {"blog", "directory", "freshness", "jobs", "outreach", "quartier", "reports", "search"}
OUR_APPS |= {"users"}
PERSONAL_LOOKING = {"email", "phone", "first_name", "last_name", "ip_address"}


def values_of(fields):
    return [PERSON[field] for field in fields if field in PERSON]


@pytest.fixture
def accounts(home_page):
    business = BusinessPageFactory(parent=make_directory(home_page), title="Bäckerei Işık")
    return business, {
        roles.COORDINATION_GROUP: member_of("koordination", roles.COORDINATION_GROUP),
        roles.EDITORS_GROUP: member_of("redaktion", roles.EDITORS_GROUP),
        roles.SHOPKEEPERS_GROUP: shopkeeper(business),
        roles.JOB_COACHES_GROUP: member_of("jobcoach", roles.JOB_COACHES_GROUP),
    }


@pytest.fixture
def objects(home_page, accounts):
    """One object of every registered model, filled with PERSON."""
    business, _accounts = accounts
    workshop = WorkshopPageFactory(parent=EventIndexPageFactory(parent=home_page))
    job = BusinessJobFactory(page=business, title="Näherin in Teilzeit")
    person = {key: PERSON[key] for key in ("name", "email", "phone")}
    account = UserFactory(
        username="sukriye", first_name=PERSON["first_name"], last_name=PERSON["last_name"]
    )
    account.email, account.phone = PERSON["email"], PERSON["phone"]
    account.save()
    made = [
        Registration.objects.create(workshop=workshop, places=1, note=PERSON["note"], **person),
        BusinessClaim.objects.create(business=business, message=PERSON["message"], **person),
        BusinessOwnership.objects.create(business=business, user=account),
        ProfileReport.objects.create(business=business, kind="other", note=PERSON["note"]),
        JobInterest.objects.create(
            job=job,
            business=business,
            job_title=job.title,
            job_kind=job.kind,
            note=PERSON["note"],
            coach_notes=PERSON["coach_notes"],
            **person,
        ),
        Subscription.objects.create(email=PERSON["email"], language="tr"),
        account,
    ]
    return {instance._meta.label_lower: instance for instance in made}


def registered_views():
    """(model label, URL pattern) of every registered view set's views."""
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model is None or not viewset.name:
            continue  # no model, or one registered by its own URLs (the page explorer)
        if isinstance(model, str):
            model = apps.get_model(model)
        for pattern in viewset.get_urlpatterns():
            yield model._meta.label_lower, f"/admin/{viewset.url_prefix}/{pattern.pattern}"


def concrete(url, instance):
    url = re.sub(r"<(?:\w+:)?pk>", str(instance.pk), url)
    url = re.sub(r"<(?:\w+:)?\w+>", "1", url)  # revision ids and the like
    if "chosen-multiple" in url:
        url += f"?id={instance.pk}"
    elif "results" in url or url.endswith("/choose/") or "/choose/" in url:
        url += "?q=" + PERSON["email"][:8]
    return url


@pytest.mark.django_db
def test_the_registry_names_every_model_with_personal_looking_fields():
    unlisted = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        label = model._meta.label_lower
        names = {field.name for field in model._meta.get_fields()}
        emails = any(isinstance(f, models.EmailField) for f in model._meta.get_fields())
        if (emails or names & PERSONAL_LOOKING) and label not in REGISTRY:
            unlisted.append(label)
    assert sorted(unlisted) == sorted(PUBLIC_CONTACTS)


@pytest.mark.django_db
def test_personal_data_is_reachable_only_by_its_roles(client, accounts, objects):
    _business, users = accounts
    assert set(objects) == set(REGISTRY)  # a new registry line needs an object above
    client.raise_request_exception = False  # a crashing view shows nothing, and is reported
    views = sorted(set(registered_views()))
    covered = {label for label, _url in views if label in REGISTRY}
    assert covered == set(REGISTRY)  # each one has an admin view set that is walked
    found = {}
    for label, route in views:
        if label not in REGISTRY:
            continue
        entry = REGISTRY[label]
        instance = objects[label]
        url = concrete(route, instance)
        for group, user in users.items():
            if group in entry.roles:
                continue
            client.force_login(user)
            response = client.get(url)
            text = "" if response.streaming else response.content.decode(errors="replace")
            refused = (response.status_code, response.get("Location")) in (
                (302, "/admin/"),
                (403, None),
            )
            leaked = [value for value in values_of(entry.fields) if value in text]
            if not refused or leaked:
                found[url, group] = (response.status_code, response.get("Location"), leaked)
    assert found == {}


@pytest.mark.django_db
def test_the_role_groups_hold_permissions_on_personal_data_as_registered():
    found, expected = {}, {}
    for label, entry in REGISTRY.items():
        model = apps.get_model(label)
        permissions = Permission.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        )
        found[label] = set(
            Group.objects.filter(permissions__in=permissions).values_list("name", flat=True)
        )
        expected[label] = set(entry.roles)
    assert found == expected


@pytest.mark.django_db
def test_no_label_shows_personal_data(objects):
    found = {}
    for label, entry in REGISTRY.items():
        if entry.label_names_an_account:
            continue
        text = str(objects[label])
        found[label] = [value for value in values_of(entry.fields) if value in text]
        found[label] += [v for v in values_of(entry.fields) if v.split()[0] in text]
    assert found == {label: [] for label in found}
