"""The Turkish-speaking demo owner (laden1, Lale Yıldız, admin in Turkish)
signs in, lands on her business, changes Saturday's hours, adds a two-week
vacation and submits for review, without typing any syntax; then adds a
forgotten photo while the change waits, without cancelling it (Chromium). And
her edit screen with the admin in Arabic (right to left) on a 390 px phone."""

import io
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from django.utils import translation
from django.utils.translation import gettext

from directory.models import BusinessPage
from quartier.models import CustomImage

from ..demo_snapshot import load_demo
from .conftest import ARTIFACTS, PHONE_OPTIONS, loopback_context, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OWNER, PASSWORD = "laden1", "quartier-laden1"  # quartier/demo.py


@pytest.fixture
def demo_with_users(migrated_content, settings, tmp_path):
    """The demo content with its demo accounts, served with the page cache on."""
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache.generation"
    load_demo("--allow-demo-users")
    return BusinessPage.objects.get(ownerships__user__username=OWNER)


def sign_in(page, business):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(OWNER)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    # An owner of one business lands on its edit screen.
    assert page.url.endswith(f"/admin/pages/{business.pk}/edit/"), page.url


def jpeg_bytes():
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 80)).save(photo, "JPEG")
    return photo.getvalue()


def test_turkish_owner_changes_saturday_adds_a_vacation_submits_and_adds_a_photo(
    browser, live_server, demo_with_users, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    own = demo_with_users
    before = own.opening_hours
    with translation.override("tr"):
        label = {
            text: gettext(text)
            for text in (
                "von",
                "bis",
                "vom",
                "bis einschließlich (leer: nur ein Tag)",
                "Fotos hinzufügen",
                "Sie haben noch keine Bilder.",
                "Jetzt ein Bild hochladen",
                "Was ist auf dem Bild zu sehen?",
                "Ergänzung speichern (wird mitgeprüft)",
            )
        }
        submit_label = gettext("Zur Prüfung senden")
        upload_label = gettext("Upload")
    assert label["von"] != "von" and submit_label != "Zur Prüfung senden"
    assert (label["Sie haben noch keine Bilder."], upload_label) == (
        "Henüz hiç resminiz yok.",
        "Yükle",
    )
    context = loopback_context(browser, live_server, locale="tr-TR")
    shop = context.new_page()
    errors = []
    shop.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(shop, own)
    assert shop.locator("html").get_attribute("lang") == "tr"
    started, clicks = time.monotonic(), []

    def click(locator, what):
        locator.click()
        clicks.append(what)

    saturday = shop.locator('[data-hours-day="5"]')
    click(saturday.get_by_label(label["von"], exact=True), "Cumartesi: from")
    shop.keyboard.press("Control+A")
    shop.keyboard.type("9")
    click(saturday.get_by_label(label["bis"], exact=True).first, "Cumartesi: until")
    shop.keyboard.press("Control+A")
    shop.keyboard.type("16.30")
    shop.keyboard.press("Tab")
    # Normalised as she types.
    assert saturday.locator("input[name=opening_hours-5-0-opens]").input_value() == "09:00"
    assert saturday.locator("input[name=opening_hours-5-0-closes]").input_value() == "16:30"

    vacation = shop.locator("[data-hours-ex]").last
    start = vacation.get_by_label(label["vom"], exact=True)
    click(start, "vacation: from")
    start.fill("2026-12-27")
    end = vacation.get_by_label(label["bis einschließlich (leer: nur ein Tag)"], exact=True)
    click(end, "vacation: until")
    end.fill("2027-01-09")

    # Her one clear action is the big button, in Turkish.
    primary = shop.locator("footer button[name=action-submit]").first
    assert primary.inner_text().strip() == submit_label
    with shop.expect_navigation():
        click(primary, submit_label)
    submitted_after = time.monotonic() - started
    screenshot(shop, "owner-journey-tr-submitted")
    # She stays on her business (not on an empty "0 sayfalar" list).
    assert shop.url.endswith(f"/admin/pages/{own.pk}/edit/"), shop.url
    own.refresh_from_db()
    submission = own.current_workflow_state

    # The forgotten photo, while the change waits: no cancelling, no title to type.
    click(shop.get_by_role("button", name=label["Fotos hinzufügen"]), label["Fotos hinzufügen"])
    chooser = shop.locator(".modal-content")
    # She has no image yet: the chooser says so in Turkish and opens on its upload tab.
    expect(chooser.get_by_role("tab", name=upload_label)).to_have_attribute("aria-selected", "true")
    empty = chooser.locator(".upload-one-now").locator("..")
    assert " ".join(empty.text_content().split()) == (
        f"{label['Sie haben noch keine Bilder.']} {label['Jetzt ein Bild hochladen']}"
    )
    upload_form = chooser.locator("form[action*='/chooser/create/']")
    alt_text = upload_form.get_by_label(label["Was ist auf dem Bild zu sehen?"])
    # Asked for in her language, with an example, and not blocking.
    assert alt_text.get_attribute("required") is None
    assert "Örneğin" in upload_form.inner_text()
    file_input = upload_form.locator("input[type=file]")
    file_input.set_input_files(
        files=[{"name": "dükkân önü.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    clicks.append("Dosya: dükkân önü.jpg")  # the file dialog: one click on the file
    click(upload_form.get_by_role("button", name=upload_label, exact=True), upload_label)
    chooser.wait_for(state="detached")
    # The photo sits in her gallery, under the file's name.
    assert shop.locator("[data-chooser-title]", has_text="dükkân önü").count() == 1
    save = shop.get_by_role("button", name=label["Ergänzung speichern (wird mitgeprüft)"])
    with shop.expect_navigation():
        click(save, label["Ergänzung speichern (wird mitgeprüft)"])
    seconds = time.monotonic() - started
    print(
        f"\n{len(clicks)} clicks in {seconds:.1f} s (submitted after {submitted_after:.1f} s): "
        + ", ".join(clicks)
    )
    screenshot(shop, "owner-journey-tr-photo-added")
    assert shop.url.endswith(f"/admin/pages/{own.pk}/edit/"), shop.url
    assert errors == []
    assert len(clicks) <= 12

    photo = CustomImage.objects.get()
    assert (photo.title, photo.alt_text) == ("dükkân önü", "")
    own.refresh_from_db()
    assert own.opening_hours == before  # live only after approval
    # Only Saturday and the vacation changed; the other rows keep their text.
    assert before == "Tu-Sa 09:00-19:00"
    assert own.get_latest_revision().content["opening_hours"] == (
        "Tu-Fr 09:00-19:00; Sa 09:00-16:30; 2026 Dec 27-2027 Jan 09 off"
    )
    revision = own.get_latest_revision().as_object()
    assert [item.image_id for item in revision.gallery_images.all()] == [photo.pk]
    assert not own.gallery_images.exists()  # live only after approval
    # One change for the team: the same submission, now showing the photo too.
    state = own.current_workflow_state
    assert state.pk == submission.pk
    assert (state.status, state.requested_by.username) == ("in_progress", OWNER)
    context.close()


def test_arabic_edit_screen_fits_a_phone(browser, live_server, demo_with_users):
    from wagtail.users.models import UserProfile

    own = demo_with_users
    profile = UserProfile.get_for_user(own.ownerships.get().user)
    profile.preferred_language = "ar"
    profile.save()
    context = loopback_context(browser, live_server, locale="ar", **PHONE_OPTIONS)
    phone = context.new_page()
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(phone, own)
    assert phone.locator("html").get_attribute("dir") == "rtl"
    screenshot(phone, "owner-edit-ar-390")
    editor = phone.locator(".hours-editor")
    editor.scroll_into_view_if_needed()
    editor.screenshot(path=str(ARTIFACTS / "owner-hours-editor-ar-390.png"))
    # German text in a field shows from its start, not cut at the left.
    tagline = phone.locator("input[name=tagline]")
    assert tagline.evaluate("input => getComputedStyle(input).unicodeBidi") == "plaintext"
    too_wide = phone.evaluate(
        """() => Array.from(document.querySelectorAll(
                '.hours-editor, .hours-editor *, #tab-content .w-panel__heading, .help-block'
            )).filter(el => el.getBoundingClientRect().right > 390 + 1
                         || el.getBoundingClientRect().left < -1)
              .map(el => el.tagName + '.' + el.className + ' ' + (el.name || ''))"""
    )
    assert too_wide == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.goto("/admin/")
    screenshot(phone, "owner-dashboard-ar-390")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []
    context.close()
