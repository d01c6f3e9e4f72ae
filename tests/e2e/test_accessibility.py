"""Accessibility in a real browser: axe-core (bundled with axe-playwright-python,
no network) finds no WCAG 2.1 A/AA violations, in German and in Arabic (RTL);
plus checks axe cannot make: skip link, visible focus, map alternative."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.urls import reverse
from django.utils import translation

from blog.models import WorkshopPage
from directory.models import BusinessPage, DirectoryIndexPage, MapPage

# The serialized rollback restores what the data migrations created (site, home
# page, groups, workflow), which the flush after a transactional test removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pages_to_check():
    directory = DirectoryIndexPage.objects.live().first()
    business = BusinessPage.objects.live().order_by("pk").first()
    map_page = MapPage.objects.live().first()
    workshop = WorkshopPage.objects.live().order_by("pk").first()
    return {
        "home": "/",
        "directory": directory.url,
        "profile": business.url,
        # A restaurant: its cuisines are a row of the service list too.
        "food profile": BusinessPage.objects.live()
        .filter(cuisines__isnull=False)
        .order_by("pk")
        .first()
        .url,
        "map": map_page.url,
        "search": "/suche/?q=friseur",
        # Empty because of a filter (search.empty), and a street search (search.streets).
        "search_empty": "/suche/?q=friseur&category=baeckerei",
        "search_street": "/suche/?q=Weseler+Stra%C3%9Fe+12",
        "workshop": workshop.url,
    }


def in_language(url, language):
    """The same page in `language`: Wagtail pages under the prefix, the search
    page under its translated path."""
    if language == "de":
        return url
    if url.startswith("/suche/"):
        with translation.override(language):
            return reverse("search") + url.removeprefix("/suche/")
    return f"/{language}{url}"


def violations_report(violations):
    lines = []
    for violation in violations:
        for node in violation["nodes"][:5]:
            lines.append(f"{violation['id']}: {node['target']} {node['html'][:120]}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_no_wcag_violations(page, language):
    axe = Axe()
    problems = {}
    for name, url in pages_to_check().items():
        target = in_language(url, language)
        page.context.clear_cookies()
        response = page.goto(target)
        assert response.status < 400, target
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        if violations:
            problems[f"{language} {name} {page.url}"] = violations_report(violations)
    assert not problems, "\n\n".join(f"{k}\n{v}" for k, v in problems.items())


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.evaluate("document.activeElement.offsetWidth") > 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible(page):
    page.goto("/")
    for _step in range(4):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()"
        )
        outline_style, outline_width, box_shadow = style
        visible = (outline_style != "none" and outline_width != "0px") or box_shadow != "none"
        assert visible, page.evaluate("document.activeElement.outerHTML.slice(0, 200)")


def test_workshop_form_labels_and_errors_are_tied_to_fields(page):
    workshop = WorkshopPage.objects.live().order_by("pk").first()
    page.goto(workshop.url)
    form = page.locator("form.registration-form")
    for field in form.locator("input:not([type=hidden]), select, textarea").all():
        if field.evaluate("el => el.closest('[aria-hidden=true]') !== null"):
            continue  # the honeypot, hidden from people
        field_id = field.get_attribute("id")
        assert page.locator(f"label[for='{field_id}']").count() == 1, field_id
    form.locator("button[type=submit]").click()
    invalid = page.locator("form.registration-form [aria-invalid=true]")
    assert invalid.count() >= 1
    for field in invalid.all():
        described = field.get_attribute("aria-describedby") or ""
        texts = [page.locator(f"#{ident}").inner_text() for ident in described.split()]
        assert any(text.strip() for text in texts), field.get_attribute("name")


def test_map_has_an_alternative_list(page):
    map_page = MapPage.objects.live().first()
    page.goto(map_page.url)
    names = BusinessPage.objects.live().listed().values_list("title", flat=True)
    main_text = page.locator("main").inner_text()
    shown = [name for name in names if name in main_text]
    assert len(shown) >= 3, "the businesses on the map must also be listed as text"
