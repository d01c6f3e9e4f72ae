"""Every page type in German, Turkish and Arabic passes the Nu HTML checker
(the W3C's, from npm `vnu-jar`, pinned in tools/package.json; run by Java)
with no error."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from django.urls import reverse
from django.utils import translation

from directory.models import Cuisine

from ..blog.factories import CampaignPageFactory, EventIndexPageFactory, WorkshopPageFactory
from ..clock import berlin
from ..directory.factories import (
    BusinessPageFactory,
    CategoryFactory,
    LanguageFactory,
    make_directory,
)

VNU = Path(__file__).resolve().parents[2] / "tools/node_modules/vnu-jar/build/dist/vnu.jar"
LANGUAGES = ("de", "tr", "ar")


def nu_errors(directory):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip("Nu HTML checker missing: Java and `npm ci` in tools/ (CI has both)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(directory)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message.get("type") == "error"
    ]


@pytest.mark.django_db
def test_every_page_type_in_german_turkish_and_arabic_has_no_errors(
    client, home_page, clock_at, tmp_path
):
    clock_at(berlin(2026, 11, 26, 10))
    business = BusinessPageFactory(
        parent=make_directory(home_page),
        title="Kuaför Öztürk & Söhne",
        opening_hours="Mo-Sa 10:00-19:00; PH off; 2026 Dec 02-2026 Dec 21 off",
    )
    business.languages = [LanguageFactory()]
    business.save_revision().publish()
    restaurant = BusinessPageFactory(
        parent=business.get_parent(),
        title="Lokanta Güzel",
        category=CategoryFactory(slug="gastronomie", name="Restaurant", schema_type="Restaurant"),
    )
    restaurant.cuisines = [
        Cuisine.objects.create(slug="tuerkisch", name="Türkisch", name_translations={"tr": "Türk"}),
        Cuisine.objects.create(slug="syrisch", name="Syrisch", name_translations={"ar": "سوري"}),
    ]
    restaurant.save_revision().publish()
    events = EventIndexPageFactory(parent=home_page)
    workshop = WorkshopPageFactory(
        parent=events, dates=[(berlin(2026, 12, 2, 17), berlin(2026, 12, 2, 19))]
    )
    campaign = CampaignPageFactory(parent=events, title="Lichterwochen")
    pages = {
        "home": home_page.url,
        "directory": business.get_parent().url,
        "business": business.url,
        "restaurant": restaurant.url,
        "events": events.url,
        "workshop": workshop.url,
        "campaign": campaign.url,
    }
    for language in LANGUAGES:
        prefix = "" if language == "de" else f"/{language}"
        with translation.override(language):
            search = reverse("search") + "?q=Friseur"
        for name, url in {**pages, "search": search}.items():
            address = search if name == "search" else prefix + url
            response = client.get(address)
            assert response.status_code == 200, address
            (tmp_path / f"{name}-{language}.html").write_bytes(response.content)
    assert len(list(tmp_path.iterdir())) == 8 * len(LANGUAGES)
    assert nu_errors(tmp_path) == []
