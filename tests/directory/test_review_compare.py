"""The coordination team's compare view of an owner's change: the hours as the
week residents read, and no rows for fields whose content did not change."""

import re

import pytest

from directory.models import BusinessPageTranslation

from .factories import BusinessPageFactory, coordinator, german, make_directory  # noqa: F401

pytestmark = pytest.mark.usefixtures("german")

HOURS = "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off"


@pytest.fixture
def changed_profile(home_page):
    page = BusinessPageFactory(
        parent=make_directory(home_page),
        title="Kuaför Yıldız",
        opening_hours=HOURS,
        description="<p>Damen und Herren</p><p>Ohne Termin</p>",
    )
    page.text_translations.add(
        BusinessPageTranslation(language="tr", tagline="Kadın ve erkek", sort_order=0)
    )
    first = page.save_revision()
    first.publish()
    # The owner changes Saturday; the editor re-saves the same description with
    # its block keys and the translation with a new position.
    page.opening_hours = "Mo-Fr 09:00-18:00; Sa 10:00-16:00; PH off; 2026 Dec 24-2026 Dec 26 off"
    page.description = (
        '<p data-block-key="x1a2b">Damen und Herren</p>\n<p data-block-key="c3d4e">Ohne Termin</p>'
    )
    translation = page.text_translations.all()[0]
    translation.sort_order = 1
    second = page.save_revision()
    return page, first, second


@pytest.mark.django_db
def test_compare_view_shows_the_week_and_only_real_changes(client, changed_profile):
    page, first, second = changed_profile
    client.force_login(coordinator())
    response = client.get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/")
    assert response.status_code == 200
    comparisons = response.context["comparison"]
    labels = [str(comparison.field_label()) for comparison in comparisons]
    assert labels == ["Öffnungszeiten"]  # no "Beschreibung", no "Übersetzung"
    html = response.text
    table = re.search(r'<table class="listing hours-compare">.*?</table>', html, re.S)[0]
    # "Tag" would read "Schlagwort" in German: Wagtail's catalogue translates its English "Tag".
    assert table.startswith(
        '<table class="listing hours-compare"><thead><tr><th scope="col">Wochentag</th>'
        '<th scope="col">bisher</th><th scope="col">neu</th></tr></thead>'
    )
    saturday = re.search(r'<tr class="hours-changed"><th scope="row">Samstag</th>(.*?)</tr>', table)
    assert saturday[1] == "<td>10:00–14:00</td><td>10:00–16:00</td>"
    assert '<tr><th scope="row">Montag</th><td>09:00–18:00</td><td>09:00–18:00</td></tr>' in table
    assert "24. Dezember 2026 – 26. Dezember 2026: geschlossen" in table
    assert "Sa 10:00-16:00" not in html  # not the raw stored text


@pytest.mark.django_db
def test_a_real_description_change_is_still_shown(client, changed_profile):
    page, first, _second = changed_profile
    page.description = "<p>Damen, Herren und Kinder</p><p>Ohne Termin</p>"
    third = page.save_revision()
    client.force_login(coordinator())
    response = client.get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{third.pk}/")
    labels = [str(comparison.field_label()) for comparison in response.context["comparison"]]
    assert "Beschreibung" in labels


@pytest.mark.django_db
def test_the_team_approves_from_the_compare_view(client, home_page):
    from .factories import shopkeeper
    from .test_moderation import edit_data

    page = BusinessPageFactory(parent=make_directory(home_page), title="Fırın Anadolu")
    page.save_revision().publish()
    owner = shopkeeper(page)
    client.force_login(owner)
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        edit_data(page, opening_hours=HOURS, **{"action-submit": "1"}),
    )
    page.refresh_from_db()
    submitted = page.latest_revision_id
    compare = f"/admin/pages/{page.pk}/revisions/compare/live...{submitted}/"

    # The owner compares too, but has nothing to approve.
    assert "Freigeben und veröffentlichen" not in client.get(compare).text

    team = coordinator()
    client.force_login(team)
    html = client.get(compare).text
    task_state = page.current_workflow_state.current_task_state
    approve = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    assert f'<form method="post" action="{approve}">' in html
    assert '<input type="hidden" name="next" value="/admin/">' in html

    # The owner adds to her change meanwhile: the older comparison says so.
    client.force_login(owner)
    client.post(
        f"/admin/pages/{page.pk}/edit/", edit_data(page, opening_hours=HOURS, phone="0203 1")
    )
    client.force_login(team)
    stale = client.get(compare).text
    assert approve not in stale
    page.refresh_from_db()
    newest = f"/admin/pages/{page.pk}/revisions/compare/live...{page.latest_revision_id}/"
    assert f'<a href="{newest}">Neueste Fassung vergleichen</a>' in stale
    assert approve in client.get(newest).text

    done = client.post(approve, {"next": "/admin/"})
    assert (done.status_code, done["Location"]) == (302, "/admin/")
    page.refresh_from_db()
    assert (page.opening_hours, page.phone, page.current_workflow_state) == (HOURS, "0203 1", None)
    assert "Diese Änderung wartet auf Ihre Prüfung." not in client.get(newest).text
