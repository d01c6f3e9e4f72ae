"""The resident's first screen on a 390 × 844 phone: header and navigation
take at most 160 px, and on the search page and the business listing the
first result starts within the first screen."""

import pytest

from directory.models import DirectoryIndexPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER_BUDGET = 160
SCREEN = 844


BOX = (
    "s => { const e = document.querySelector(s); "
    "return e ? e.getBoundingClientRect().toJSON() : null }"
)


def bottom(page, selector):
    box = page.evaluate(BOX, selector)
    return box and box["bottom"]


def top(page, selector):
    box = page.evaluate(BOX, selector)
    return box and box["top"]


@pytest.mark.parametrize("language", ["de", "tr", "ar"])
def test_header_and_first_result_fit_the_first_screen(phone_page, language):
    listing = DirectoryIndexPage.objects.live().first().url
    prefix = "" if language == "de" else f"/{language}"
    search = "/suche/?q=friseur" if language == "de" else None
    measured = {}
    urls = {"listing": f"{prefix}{listing}"}
    if search:
        urls["search"] = search
    for name, url in urls.items():
        assert phone_page.goto(url).status == 200, url
        header = bottom(phone_page, ".site-header")
        first = top(phone_page, ".business-card, .result-list > li")
        measured[name] = (header, first)
        print(f"{language} {name}: header {header:.0f} px, first result at {first:.0f} px")
    for name, (header, first) in measured.items():
        assert header <= HEADER_BUDGET, (name, header)
        assert first is not None and first < SCREEN, (name, first)


def test_the_profiles_disclosure_triangle_sits_beside_its_heading(phone_page):
    from directory.models import BusinessPage

    profile = BusinessPage.objects.live().order_by("pk").first().url
    assert phone_page.goto(profile).status == 200
    summary = phone_page.locator("summary").first
    heading = summary.locator("h2")
    summary_box, heading_box = summary.bounding_box(), heading.bounding_box()
    # One line: the heading starts on the summary's first line, beside the ▶.
    assert heading_box["y"] - summary_box["y"] < 8, (summary_box, heading_box)
    assert heading_box["x"] > summary_box["x"] + 8
