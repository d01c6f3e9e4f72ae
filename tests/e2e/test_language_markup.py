"""What a screen reader is told about language and direction, in a real
browser: on /ar/ every label, button and heading of the interface resolves to
Arabic (closest [lang]); only texts shown in German fallback say German, on
the element that holds them. And the journey a Turkish or Arabic resident
takes on a phone: search box → suggestion → profile → workshop registration."""

import pytest

from django.urls import reverse
from django.utils import translation

from directory.models import BusinessPage

from .conftest import PHONE_OPTIONS, loopback_context, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Each interface element whose language a screen reader takes from its
# ancestors; an element that carries lang itself is a content text (a German
# title in fallback) and is checked from its parent instead.
INTERFACE_LANGUAGES = """
() => Array.from(document.querySelectorAll(
    "main label, main button, main legend, main th, main h1, main h2, main h3, main h4, "
    + "main input[type=submit], header nav a, footer a, main [role=status], main .errorlist"
)).filter(element => element.offsetParent !== null || element.getClientRects().length)
  .map(element => {
    const tag = element.tagName.toLowerCase();
    const own = element.hasAttribute("lang");
    const holder = own ? element.parentElement.closest("[lang]") : element.closest("[lang]");
    return {
        tag: tag,
        text: element.textContent.trim().slice(0, 60),
        lang: holder ? holder.getAttribute("lang") : null,
        own: own ? element.getAttribute("lang") : null,
        control: ["label", "button", "input", "legend", "th"].includes(tag),
    };
})
"""


def arabic_pages():
    business = BusinessPage.objects.live().order_by("title").first()
    with translation.override("ar"):
        search = reverse("search")
    return {
        "home": "/ar/",
        "listing": "/ar/verzeichnis/",
        "profile": f"/ar/verzeichnis/{business.slug}/",
        # Translated into Arabic, and not (German texts in fallback).
        "workshop": "/ar/termine/smartphone-grundlagen/",
        "workshop in German": "/ar/termine/google-profil-fuer-mein-geschaeft/",
        "map": "/ar/karte/",
        "search": f"{search}?q=%D8%AD%D9%84%D8%A7%D9%82",
    }


def test_every_interface_label_button_and_heading_is_arabic(page):
    wrong = []
    for name, url in arabic_pages().items():
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == "ar"
        assert page.locator("html").get_attribute("dir") == "rtl"
        elements = page.evaluate(INTERFACE_LANGUAGES)
        assert len(elements) > 5, name
        for element in elements:
            if element["lang"] != "ar" or (element["control"] and element["own"]):
                wrong.append((name, element))
    assert wrong == []
    assert page.js_errors == []


def test_only_the_german_fallback_says_german(page):
    page.goto("/ar/termine/google-profil-fuer-mein-geschaeft/")
    title = page.locator("main h1")
    assert title.get_attribute("lang") == "de"
    assert title.evaluate("element => getComputedStyle(element).direction") == "ltr"
    # The registration form around the German texts is Arabic and right to
    # left, and so are its errors.
    form = page.locator("form.registration-form")
    assert form.evaluate("element => element.closest('[lang]').getAttribute('lang')") == "ar"
    assert form.evaluate("element => getComputedStyle(element).direction") == "rtl"
    form.locator("button[type=submit]").click()
    errors = page.locator("form.registration-form .errorlist")
    errors.first.wait_for()
    for error in errors.all():
        assert error.evaluate("element => element.closest('[lang]').getAttribute('lang')") == "ar"
    translated = page.goto("/ar/termine/smartphone-grundlagen/")
    assert translated.status == 200
    # No fallback mark (language names such as "Deutsch" keep their own lang).
    assert page.locator("main [lang=de][dir=ltr]").count() == 0
    assert page.locator("main h1").inner_text() == "أساسيات الهاتف الذكي"


@pytest.mark.parametrize(
    ("language", "typed", "direction"),
    [("tr", "kua", "ltr"), ("ar", "حل", "rtl")],
)
def test_journey_on_a_phone_search_suggestion_profile_workshop(
    browser, live_server, demo, language, typed, direction
):
    context = loopback_context(browser, live_server, locale=language, **PHONE_OPTIONS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with translation.override(language):
        search = reverse("search")
    page.goto(search)
    page.locator("#search-q").press_sequentially(typed, delay=50)
    options = page.locator("#search-suggestions [role=option]")
    options.first.wait_for()
    texts = options.all_inner_texts()
    # Names in the interface language: the category "Friseur" is Kuaför / حلاق.
    expected = {"tr": "Kuaför", "ar": "حلاق"}[language]
    assert expected in texts
    assert "Friseur" not in texts
    business = page.locator("#search-suggestions [data-type=business]")
    if business.count():
        business.first.click()
    else:
        # No business name starts so: the category's filtered search, then a profile.
        options.filter(has_text=expected).first.click()
        page.wait_for_url(f"**{search}?**")
        page.locator(".search-hit__title a").first.click()
    page.wait_for_url(f"**/{language}/verzeichnis/*/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == direction
    category = page.locator(".business__header .business-card__meta span").first
    assert category.evaluate("element => element.closest('[lang]').getAttribute('lang')") == (
        language
    )

    page.goto(f"/{language}/termine/smartphone-grundlagen/")
    heading = page.locator("main h1")
    assert heading.evaluate("element => element.closest('[lang]').getAttribute('lang')") == (
        language
    )
    assert heading.evaluate("element => getComputedStyle(element).direction") == direction
    form = page.locator("form.registration-form")
    for label in form.locator("label").all():
        if label.is_visible():
            assert label.evaluate("e => e.closest('[lang]').getAttribute('lang')") == language
            assert label.evaluate("e => getComputedStyle(e).direction") == direction
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, f"journey-{language}")
    assert errors == []
    context.close()
