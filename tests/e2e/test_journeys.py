"""Journeys through the site in a real browser (Chromium through Playwright)."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import WorkshopPage
from directory.models import BusinessPage

from .conftest import screenshot

# The serialized rollback restores what the data migrations created (site, home
# page, groups, workflow), which the flush after a transactional test removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def demo_business(**filters):
    return (
        BusinessPage.objects.live()
        .filter(**filters)
        .exclude(opening_hours="")
        .select_related("category", "district")
        .order_by("pk")
        .first()
    )


def test_language_switch_to_turkish_and_arabic(page):
    business = demo_business()
    for start in ("/", business.url):
        page.context.clear_cookies()  # the language choice sticks otherwise
        page.goto(start)
        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")

        page.locator(".language-switcher a[lang=tr]").click()
        expect(page.locator("html")).to_have_attribute("lang", "tr")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        assert re.search(r"/tr/", page.url), page.url

        page.locator(".language-switcher a[lang=ar]").click()
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert "/ar/" in page.url
        # Right-to-left really mirrors the layout: the main text starts at the right.
        direction = page.evaluate("getComputedStyle(document.querySelector('main')).direction")
        assert direction == "rtl"
        screenshot(page, "journey-4-language-" + ("home" if start == "/" else "profile"))
    assert page.js_errors == []


def test_resident_on_a_phone_searches_filters_opens_a_profile_and_finds_it_on_the_map(
    phone_page,
):
    page = phone_page
    page.goto("/suche/")
    page.locator("#search-q").fill("kuafor")
    page.locator("#search-q").press("Enter")
    page.wait_for_url("**q=kuafor**")
    hits = page.locator(".search-hit")
    expect(hits.first).to_be_visible()
    total_before = hits.count()
    # The results are also on a map, one marker per result with a position.
    results_map = page.locator("[data-results-map]")
    expect(results_map).to_be_visible()
    expect(results_map.locator(".leaflet-marker-icon")).to_have_count(
        page.locator(".search-hit[data-lat]").count()
    )

    # On a phone the facets start folded, so that the first result shows first.
    facets = page.locator("details:has(.search-facet)").first
    expect(facets).not_to_have_attribute("open", "")
    facets.locator("summary").click()
    district = page.locator(".search-facet a", has_text="Marxloh").first
    district.click()
    page.wait_for_url("**district=**")
    hits = page.locator(".search-hit")
    expect(hits.first).to_be_visible()
    assert hits.count() <= total_before
    for facts in page.locator(".search-hit__facts").all():
        assert "Marxloh" in facts.inner_text()

    title = hits.first.locator(".search-hit__title a").inner_text()
    hits.first.locator(".search-hit__title a").click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("table.opening-hours")).to_be_visible()
    badge = page.locator("[data-opening-badge]")
    expect(badge).to_be_visible()
    assert re.search(r"geöffnet|geschlossen", badge.inner_text(), re.IGNORECASE)

    mini_map = page.locator("[data-mini-map]")
    mini_map.scroll_into_view_if_needed()
    expect(mini_map).to_be_visible()
    expect(mini_map.locator(".leaflet-marker-icon")).to_have_count(1)
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "journey-1-resident-phone")
    assert page.js_errors == []


def places_left(page):
    text = page.locator(".registration").inner_text()
    match = re.search(r"noch (\d+) Pl", text)
    assert match, text
    return int(match.group(1))


def test_editor_publishes_a_workshop_and_a_resident_registers(browser, live_server, page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from quartier import roles

    workshop = WorkshopPage.objects.live().order_by("pk").first()
    workshop.unpublish()
    editor = get_user_model().objects.create_user(
        "redakteurin", "redaktion@quartier.example", "redaktion-passwort-1"
    )
    editor.groups.add(Group.objects.get(name=roles.EDITORS_GROUP))

    admin = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("redakteurin")
    admin.locator("#id_password").fill("redaktion-passwort-1")
    admin.locator("form button[type=submit]").first.click()
    admin.wait_for_url("**/admin/")
    admin.goto(f"/admin/pages/{workshop.pk}/edit/")
    with admin.expect_navigation():
        admin.locator("button[name=action-publish]").evaluate("button => button.click()")
    # Published: Wagtail leaves the editor for the parent's listing.
    assert "/edit/" not in admin.url, admin.locator("main").inner_text()[:500]
    admin.context.close()

    workshop.refresh_from_db()
    assert workshop.live

    page.goto(workshop.url)
    before = places_left(page)
    form = page.locator("form.registration-form")
    form.locator("input[name=name]").fill("Ayşe Demir")
    form.locator("input[name=email]").fill("ayse@example.org")
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Sie sind angemeldet")
    screenshot(page, "journey-3-registration-confirmed")

    page.goto(workshop.url)
    assert places_left(page) == before - 1
    assert page.js_errors == []


def log_in(browser, live_server, username, password):
    admin = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill(username)
    admin.locator("#id_password").fill(password)
    admin.locator("form button[type=submit]").first.click()
    # The dashboard, or the edit screen of an owner's one business.
    admin.wait_for_url(lambda url: "/admin/" in url and "/login/" not in url)
    return admin


def test_shopkeeper_edits_hours_coordination_approves_change_is_live(browser, live_server, page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from directory.owners import grant_ownership
    from quartier import roles

    own, other = BusinessPage.objects.live().order_by("pk")[:2]
    User = get_user_model()
    shopkeeper = User.objects.create_user("inhaberin", "inhaberin@example.org", "laden-pw-12345")
    grant_ownership(shopkeeper, own)
    coordinator = User.objects.create_user("kira", "kira@quartier.example", "koordination-pw-1")
    coordinator.groups.add(Group.objects.get(name=roles.COORDINATION_GROUP))
    new_hours = "Mo-Sa 07:30-19:30"

    shop = log_in(browser, live_server, "inhaberin", "laden-pw-12345")
    shop.goto(f"/admin/pages/{own.pk}/edit/")
    # The coordination team's way in: the editor's text mode (OSM syntax).
    shop.get_by_label("Als Text (für Geübte)").check()
    shop.locator("textarea[name=opening_hours-text]").fill(new_hours)
    with shop.expect_navigation():
        shop.locator("button[name=action-submit]").evaluate("button => button.click()")
    # She stays on her business, told what happens next.
    assert shop.url.endswith(f"/admin/pages/{own.pk}/edit/"), shop.url
    expect(
        shop.get_by_text("Das Koordinationsteam prüft Ihre Änderung", exact=False)
    ).to_be_visible()
    own.refresh_from_db()
    assert own.opening_hours != new_hours  # not live before approval
    assert own.get_latest_revision().content["opening_hours"] == new_hours

    # The shopkeeper cannot reach another business's editor.
    response = shop.goto(f"/admin/pages/{other.pk}/edit/")
    # Wagtail refuses (permission denied) and sends her back to her dashboard.
    assert response.status == 200
    assert shop.url == f"{live_server.url}/admin/"
    assert new_hours not in shop.content()
    shop.context.close()

    team = log_in(browser, live_server, "kira", "koordination-pw-1")
    team.goto(f"/admin/pages/{own.pk}/edit/")
    approve = team.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    with team.expect_navigation():
        approve.first.evaluate("button => button.click()")
    team.wait_for_load_state()
    team.context.close()

    own.refresh_from_db()
    assert own.opening_hours == new_hours
    page.goto(own.url)
    expect(page.locator("table.opening-hours")).to_contain_text("07:30")
    screenshot(page, "journey-2-shopkeeper-change-live")
