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
