"""Owners add, change and close their positions on their own editing screen,
moderated like every other change; the coordination team can do it for them;
nobody reaches another business's positions."""

import datetime

import pytest

from wagtail.test.utils.form_data import inline_formset

from directory.models import BusinessJob, BusinessPage
from quartier.clock import local_today

from ..directory.factories import (
    BusinessPageFactory,
    LanguageFactory,
    coordinator,
    make_directory,
    shopkeeper,
)
from ..directory.test_moderation import edit_data
from .factories import BusinessJobFactory

pytestmark = pytest.mark.usefixtures("german")


def job_form(job=None, **fields):
    values = {
        "id": job.pk if job else "",
        "title": job.title if job else "",
        "kind": job.kind if job else "job",
        "description": job.description if job else "",
        "contact": job.contact if job else "",
        "start_date": "",
        "valid_until": job.valid_until.isoformat() if job and job.valid_until else "",
        "hours_per_week": "",
        "german_level": "",
        "languages": (),  # a tuple: posted as repeated values, not flattened
        "wheelchair": "",
        "ORDER": "1",
        "DELETE": "",
    }
    values.update(fields)
    if values.get("filled") is False:
        values.pop("filled")
    return values


@pytest.fixture
def two_shops(home_page, board):
    directory = make_directory(home_page)
    return (
        BusinessPageFactory(parent=directory, title="Laden A"),
        BusinessPageFactory(parent=directory, title="Laden B"),
    )


def board_titles(client):
    return [job.title for job in client.get("/arbeit/").context["jobs"]]


def approve(client, page):
    client.force_login(coordinator())
    task_state = page.current_workflow_state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_owner_adds_a_position_that_goes_live_after_approval(client, two_shops):
    shop, _other = two_shops
    turkish = LanguageFactory()
    client.force_login(shopkeeper(shop))
    until = local_today() + datetime.timedelta(days=60)
    response = client.post(
        f"/admin/pages/{shop.pk}/edit/",
        edit_data(
            shop,
            jobs=inline_formset(
                [
                    job_form(
                        title="Ausbildung Verkäuferin",
                        kind="apprenticeship",
                        valid_until=until.isoformat(),
                        german_level="A2",
                        hours_per_week="38",
                        languages=(turkish.pk,),
                        wheelchair="yes",
                    )
                ]
            ),
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert BusinessJob.objects.filter(page=shop).count() == 0  # only in the draft
    assert board_titles(client.__class__()) == []

    approve(client, BusinessPage.objects.get(pk=shop.pk))
    job = BusinessJob.objects.get(page=shop)
    assert (job.title, job.kind, job.valid_until, job.german_level, job.hours_per_week) == (
        "Ausbildung Verkäuferin",
        "apprenticeship",
        until,
        "A2",
        38,
    )
    assert list(job.languages.all()) == [turkish]
    assert board_titles(client.__class__()) == ["Ausbildung Verkäuferin"]


@pytest.mark.django_db
def test_a_position_needs_an_end_date(client, two_shops):
    shop, _other = two_shops
    client.force_login(shopkeeper(shop))
    response = client.post(
        f"/admin/pages/{shop.pk}/edit/",
        edit_data(
            shop,
            jobs=inline_formset([job_form(title="Ohne Ende")]),
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 200
    [job_errors] = response.context["form"].formsets["jobs"].errors
    assert job_errors["valid_until"] == ["Dieses Feld muss ausgefüllt werden."]


@pytest.mark.django_db
def test_owner_closes_a_position_by_marking_it_filled(client, two_shops):
    shop, _other = two_shops
    job = BusinessJobFactory(page=shop, title="Aushilfe")
    shop.save_revision().publish()
    anonymous = client.__class__()
    assert board_titles(anonymous) == ["Aushilfe"]

    client.force_login(shopkeeper(shop))
    response = client.post(
        f"/admin/pages/{shop.pk}/edit/",
        edit_data(
            shop,
            jobs=inline_formset([job_form(job, filled="on")], initial=1),
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 302
    assert board_titles(anonymous) == ["Aushilfe"]  # until the team approves
    approve(client, BusinessPage.objects.get(pk=shop.pk))
    job.refresh_from_db()
    assert job.filled is True and job.filled_at is not None
    assert board_titles(anonymous) == []
    assert anonymous.get(f"/arbeit/{job.pk}/").status_code == 404


@pytest.mark.django_db
def test_coordination_team_edits_positions_for_an_owner(client, two_shops):
    shop, _other = two_shops
    job = BusinessJobFactory(page=shop, title="Alt")
    client.force_login(coordinator())
    response = client.post(
        f"/admin/pages/{shop.pk}/edit/",
        edit_data(
            shop,
            jobs=inline_formset([job_form(job, title="Neu formuliert")], initial=1),
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.title == "Neu formuliert"
    assert board_titles(client.__class__()) == ["Neu formuliert"]


@pytest.mark.django_db
def test_owner_cannot_touch_another_business_positions(client, two_shops):
    shop, other = two_shops
    theirs = BusinessJobFactory(page=other, title="Fremde Stelle")
    other.save_revision().publish()
    client.force_login(shopkeeper(shop))
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code == 302
    response = client.post(
        f"/admin/pages/{other.pk}/edit/",
        edit_data(
            other,
            jobs=inline_formset([job_form(theirs, title="Gekapert", filled="on")], initial=1),
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    theirs.refresh_from_db()
    assert (theirs.title, theirs.filled) == ("Fremde Stelle", False)
    latest = BusinessPage.objects.get(pk=other.pk).get_latest_revision_as_object()
    assert [job.title for job in latest.jobs.all()] == ["Fremde Stelle"]

    # Nor by smuggling the other business's position into their own form.
    response = client.post(
        f"/admin/pages/{shop.pk}/edit/",
        edit_data(
            shop,
            jobs=inline_formset([job_form(theirs, title="Gekapert")], initial=1),
            **{"action-submit": "1"},
        ),
    )
    theirs.refresh_from_db()
    assert theirs.title == "Fremde Stelle"
    assert BusinessJob.objects.get(pk=theirs.pk).page_id == other.pk
