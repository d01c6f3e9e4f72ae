"""The admin's automatic slug in a real browser (Chromium through Playwright):
Wagtail's slug script with the formatters of quartier.admin_forms.AsciiSlugInput."""

import pytest
from playwright.sync_api import expect

from ..blog.factories import EventIndexPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("WhatsApp Business für Einsteiger", "whatsapp-business-fuer-einsteiger"),
        ("Kuaför Yıldız", "kuafoer-yildiz"),
        ("Fırın Anadolu", "firin-anadolu"),
        ("Țară și Ștefan", "tara-si-stefan"),
    ],
)
def test_the_admin_writes_the_automatic_slug_in_ascii(
    browser, live_server, migrated_content, title, slug
):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("team", "team@quartier.example", "team-passwort-1")
    events = EventIndexPageFactory(parent=migrated_content)
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    admin = context.new_page()
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("team")
    admin.locator("#id_password").fill("team-passwort-1")
    admin.locator("form button[type=submit]").first.click()
    admin.wait_for_url(lambda url: "/admin/" in url and "/login/" not in url)
    admin.goto(f"/admin/pages/add/blog/workshoppage/{events.pk}/")
    title_input = admin.locator("#id_title")
    title_input.focus()
    title_input.press_sequentially(title)
    title_input.blur()
    # The title syncs into the slug after a short debounce.
    expect(admin.locator("#id_slug")).to_have_value(slug)
    context.close()
