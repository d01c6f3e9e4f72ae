"""The coordination team's daily work in Chromium, clicks and seconds counted
(docs/entwicklung/journeys.md): importing a city's 61-row file whose category
names the site does not know, mapped in the proposals table; approving an
owner's change from the compare view."""

import io
import time

import pytest

from django.core.management import call_command

from directory.models import BusinessPage, Category

from ..directory.test_import_mapping import CORRECTED, CREATED, FILE, near_duplicates
from .conftest import loopback_context, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEAM, PASSWORD = "koordination", "quartier-koordination"  # quartier/demo_data/users.json
OWNER = "laden1"
TURKISH = {"Blumen": "Çiçekçi", "Tierbedarf": "Evcil hayvan ürünleri"}


@pytest.fixture
def demo_with_users(migrated_content, settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache.generation"
    call_command("load_demo_data", "--allow-demo-users", stdout=io.StringIO())


def sign_in(browser, live_server):
    context = loopback_context(browser, live_server, locale="de-DE")
    team = context.new_page()
    team.js_errors = []
    team.on("pageerror", lambda error: team.js_errors.append(str(error)))
    team.goto("/admin/login/")
    team.locator("#id_username").fill(TEAM)
    team.locator("#id_password").fill(PASSWORD)
    with team.expect_navigation():
        team.locator("form button[type=submit]").first.click()
    assert team.url.endswith("/admin/"), team.url
    return team


class Clicks(list):
    def __init__(self):
        super().__init__()
        self.started = time.monotonic()

    def click(self, locator, what):
        locator.click()
        self.append(what)

    def choose(self, select, label, what):
        """A drop-down: one click to open it, one on the entry."""
        select.select_option(label=label)
        self.extend([f"{what} (open)", f"{what}: {label}"])

    def report(self, journey):
        seconds = time.monotonic() - self.started
        print(f"\n{journey}: {len(self)} clicks in {seconds:.1f} s: {', '.join(self)}")
        return seconds


def test_team_imports_61_rows_and_maps_the_unknown_categories(
    browser, live_server, demo_with_users
):
    businesses, categories = BusinessPage.objects.count(), Category.objects.count()
    assert near_duplicates() == []
    team = sign_in(browser, live_server)
    clicks = Clicks()
    clicks.click(team.get_by_role("button", name="Verzeichnis-Werkzeuge"), "Verzeichnis-Werkzeuge")
    with team.expect_navigation():
        clicks.click(team.get_by_role("link", name="Geschäfte importieren"), "Importieren (Menü)")
    # Nothing pre-ticked: "Nur prüfen" and "Importieren" are two buttons.
    team.get_by_label("Datei").set_input_files(str(FILE))
    clicks.append(f"Datei: {FILE.name}")
    with team.expect_navigation():
        clicks.click(team.get_by_role("button", name="Importieren", exact=True), "Importieren")
    body = team.locator("main").inner_text()
    assert "28 Kategorienamen sind noch nicht zugeordnet" in body
    table = team.locator("section[aria-labelledby=category-mapping] tbody tr")
    assert table.count() == 28
    assert BusinessPage.objects.count() == businesses  # nothing imported yet
    screenshot(team, "team-import-proposals")

    # Most proposals are right; the team corrects three and asks for two new categories.
    for name, target in CORRECTED.items():
        select = team.get_by_label(f"Kategorie für „{name}“", exact=True)
        assert select.input_value() == ""  # no proposal for these
        clicks.choose(select, target, name)
    for name in sorted(CREATED):
        select = team.get_by_label(f"Kategorie für „{name}“", exact=True)
        clicks.choose(select, f"Neue Kategorie „{name}“ anlegen", name)
        row = table.filter(has=select)
        # Its translations open by themselves: the team is asked for them.
        assert row.locator("details").get_attribute("open") == ""
        turkish = row.locator("input[lang=tr]")
        clicks.click(turkish, f"{name}: Türkisch")
        turkish.fill(TURKISH[name])
    with team.expect_navigation():
        clicks.click(team.get_by_role("button", name="Nur prüfen"), "Nur prüfen")
    assert (
        "Probelauf, nichts gespeichert. Ein Import würde 61 neu anlegen, 0 ändern, "
        "0 unverändert lassen und 0 überspringen." in team.locator("main").inner_text()
    )
    assert Category.objects.count() == categories
    with team.expect_navigation(timeout=120_000):
        clicks.click(team.get_by_role("button", name="Importieren", exact=True), "Importieren")
    seconds = clicks.report("Import with mapping")
    screenshot(team, "team-import-done")
    assert (
        "Import abgeschlossen: 61 neu, 0 geändert, 0 unverändert, 0 übersprungen."
        in team.locator("main").inner_text()
    )
    assert team.js_errors == []
    assert BusinessPage.objects.count() == businesses + 61
    assert Category.objects.count() == categories + 2
    assert near_duplicates() == []
    assert Category.objects.get(name="Blumen").name_translations == {"tr": "Çiçekçi"}
    assert len(clicks) == 18 and seconds < 120
    team.context.close()


def test_team_approves_an_owners_change_from_the_compare_view(
    browser, live_server, demo_with_users
):
    own = BusinessPage.objects.get(ownerships__user__username=OWNER)
    owner = own.ownerships.get().user
    assert own.opening_hours == "Tu-Sa 09:00-19:00"
    # Her change, as her browser journey submits it (tests/e2e/test_owner_journey.py).
    own.opening_hours = "Tu-Fr 09:00-19:00; Sa 09:00-16:30"
    own.save_revision(user=owner)
    own.get_workflow().start(own, owner)

    team = sign_in(browser, live_server)
    clicks = Clicks()
    waiting = team.locator("#awaiting-review-section tr", has_text=own.title)
    clicks.click(waiting.locator("[data-w-dropdown-target=toggle]").first, "… (Aktionen)")
    with team.expect_navigation():
        clicks.click(
            waiting.get_by_role("link", name="Mit veröffentlichter Revision vergleichen"),
            "Mit veröffentlichter Revision vergleichen",
        )
    # Only what changed, the hours as the week residents read.
    labels = team.locator("main table.listing > tbody > tr > td.title").all_inner_texts()
    assert [label.strip() for label in labels] == ["Öffnungszeiten:"]
    head = team.locator("table.hours-compare thead th").all_inner_texts()
    assert head == ["Wochentag", "bisher", "neu"]  # not Wagtail's "Schlagwort" for "Tag"
    saturday = team.locator("table.hours-compare tr.hours-changed")
    assert saturday.all_inner_texts() == ["Samstag\t09:00–19:00\t09:00–16:30"]
    assert "Sa 09:00-16:30" not in team.locator("main").inner_text()
    screenshot(team, "team-compare-approve")
    with team.expect_navigation():
        clicks.click(
            team.get_by_role("button", name="Freigeben und veröffentlichen"),
            "Freigeben und veröffentlichen",
        )
    seconds = clicks.report("Approve from the compare view")
    assert team.url.endswith("/admin/"), team.url
    assert team.js_errors == []
    own.refresh_from_db()
    assert own.opening_hours == "Tu-Fr 09:00-19:00; Sa 09:00-16:30"
    assert own.current_workflow_state is None
    assert team.locator("#awaiting-review-section tr", has_text=own.title).count() == 0
    assert len(clicks) == 3 and seconds < 60
    team.context.close()
