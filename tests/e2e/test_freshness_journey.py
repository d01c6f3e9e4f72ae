""" "Angabe falsch? Melden" in a real browser, without JavaScript: the form
opens, an error moves the focus to the summary, a valid report lands in the
team's queue; axe-core finds no WCAG 2.1 AA violations on the form's pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from directory.models import BusinessPage
from freshness.models import ProfileReport

from .test_accessibility import WCAG_TAGS, violations_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def no_script_page(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    page = context.new_page()
    yield page
    context.close()


def focused_id(page, seconds=5):
    """The focused element's id once autofocus has been applied (at a
    rendering update after load, so not necessarily at once)."""
    for _attempt in range(seconds * 10):
        focused = page.evaluate("document.activeElement.id")
        if focused:
            return focused
        page.wait_for_timeout(100)
    return focused


def test_report_without_javascript(no_script_page):
    page = no_script_page
    business = BusinessPage.objects.live().order_by("pk").first()
    before = BusinessPage.objects.get(pk=business.pk)
    page.goto(business.url)
    page.get_by_text("Angabe falsch? Melden").click()
    page.get_by_role("button", name="Hinweis senden").click()
    assert page.url.endswith(f"/angaben/melden/{business.pk}/")
    assert focused_id(page) == "report-errors"
    assert "Bitte wählen Sie aus, was nicht stimmt." in page.locator("#report-errors").inner_text()
    page.get_by_label("Öffnungszeiten stimmen nicht").check()
    page.get_by_label("Hinweis (freiwillig)").fill("Montags geschlossen")
    page.get_by_role("button", name="Hinweis senden").click()
    assert page.url.endswith(business.url + "#report")
    assert "Danke für Ihren Hinweis!" in page.content()
    report = ProfileReport.objects.get()
    assert (report.business_id, report.kind, report.note) == (
        business.pk,
        "hours",
        "Montags geschlossen",
    )
    after = BusinessPage.objects.get(pk=business.pk)
    assert (after.opening_hours, after.latest_revision_id) == (
        before.opening_hours,
        before.latest_revision_id,
    )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_report_pages_have_no_wcag_violations(page, language):
    business = BusinessPage.objects.live().order_by("pk").first()
    prefix = "" if language == "de" else f"/{language}"
    page.goto(f"{prefix}{business.url}")
    page.locator("#report summary").click()
    axe = Axe()
    problems = []
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    problems += results.response["violations"]
    page.locator("#report button[type=submit]").click()
    assert focused_id(page) == "report-errors"
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    problems += results.response["violations"]
    assert not problems, violations_report(problems)
