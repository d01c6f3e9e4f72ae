"""An owner changes Saturday's hours and adds a two-week vacation in the hours
editor, without typing any syntax, and submits for moderation (Chromium)."""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from directory.demo import WEEKDAY_HOURS
from directory.models import BusinessPage

from .conftest import screenshot
from .test_accessibility import WCAG_TAGS
from .test_journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_owner_changes_saturday_and_adds_a_vacation_without_syntax(browser, live_server, demo):
    from django.contrib.auth import get_user_model

    from directory.owners import grant_ownership

    own = BusinessPage.objects.live().filter(opening_hours=WEEKDAY_HOURS).order_by("pk").first()
    owner = get_user_model().objects.create_user("inhaber", "inhaber@example.org", "laden-pw-12345")
    grant_ownership(owner, own)

    shop = log_in(browser, live_server, "inhaber", "laden-pw-12345")
    errors = []
    shop.on("pageerror", lambda error: errors.append(str(error)))
    shop.goto(f"/admin/pages/{own.pk}/edit/")
    results = Axe().run(
        shop,
        context={"include": [[".hours-editor"]]},
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}},
    )
    assert results.response["violations"] == []
    started, clicks = time.monotonic(), []

    def click(locator, what):
        locator.click()
        clicks.append(what)

    saturday = shop.locator('[data-hours-day="5"]')
    click(saturday.get_by_label("von", exact=True), "Samstag von")
    shop.keyboard.press("Control+A")
    shop.keyboard.type("9")
    click(saturday.get_by_label("bis", exact=True).first, "Samstag bis")
    shop.keyboard.press("Control+A")
    shop.keyboard.type("16.30")
    shop.keyboard.press("Tab")
    # Normalised as the owner types.
    assert saturday.locator("input[name=opening_hours-5-0-opens]").input_value() == "09:00"
    assert saturday.locator("input[name=opening_hours-5-0-closes]").input_value() == "16:30"

    vacation = shop.locator("[data-hours-ex]").last
    click(vacation.get_by_label("vom"), "Ausnahme vom")
    vacation.get_by_label("vom").fill("2026-12-27")
    click(vacation.get_by_label("bis einschließlich (leer: nur ein Tag)"), "Ausnahme bis")
    vacation.get_by_label("bis einschließlich (leer: nur ein Tag)").fill("2027-01-09")

    # Wagtail's footer: the submit action sits in the dropdown beside the main button.
    click(
        shop.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target=toggle]").first,
        "Mehr Aktionen",
    )
    with shop.expect_navigation():
        click(shop.locator("button[name=action-submit]"), "Zur Prüfung senden")
    screenshot(shop, "hours-editor-submitted")
    # She stays on her business and reads what happens next.
    assert shop.url.endswith(f"/admin/pages/{own.pk}/edit/"), shop.url
    assert "Das Koordinationsteam prüft Ihre Änderung" in shop.locator("body").inner_text()
    own.refresh_from_db()
    submission = own.current_workflow_state

    # Something forgotten: she corrects a field while the change waits, no cancelling.
    click(shop.get_by_label("Telefon", exact=True), "Telefon")
    shop.keyboard.press("Control+A")
    shop.keyboard.type("0203 445566")
    with shop.expect_navigation():
        click(
            shop.get_by_role("button", name="Ergänzung speichern (wird mitgeprüft)"),
            "Ergänzung speichern",
        )
    seconds = time.monotonic() - started
    print(f"\n{len(clicks)} clicks in {seconds:.1f} s: {', '.join(clicks)}")
    assert errors == []

    own.refresh_from_db()
    assert own.opening_hours == WEEKDAY_HOURS  # live only after approval
    latest = own.get_latest_revision().content
    assert latest["opening_hours"] == (
        "Mo-Fr 09:00-18:00; Sa 09:00-16:30; PH off; 2026 Dec 27-2027 Jan 09 off"
    )
    assert latest["phone"] == "0203 445566"
    assert own.current_workflow_state.pk == submission.pk  # one change for the team
    assert len(clicks) <= 12
    shop.context.close()
