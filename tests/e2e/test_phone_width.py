"""Every main page fits a 390 px phone, in German and in Arabic (right to
left): nothing makes the page wider than the viewport, so nothing scrolls
sideways or shows white."""

import pytest

from .test_accessibility import in_language, pages_to_check

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_main_pages_are_no_wider_than_a_phone(phone_page, language):
    too_wide = {}
    for name, url in pages_to_check().items():
        target = in_language(url, language)
        response = phone_page.goto(target)
        assert response.status == 200, target
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[f"{language} {name} {target}"] = width
    assert too_wide == {}
