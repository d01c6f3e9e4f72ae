"""Writes every screenshot the documentation uses (`make screenshots`).

Builds a throwaway demo site (SQLite, demo accounts), serves it with runserver on
a free loopback port and drives Debian's Chromium with Playwright: the public pages
on a 390 px phone in German, Turkish and Arabic, the owner's admin in each of the
six languages (static/screenshots/<lang>/owner-*.png, used by the owners' guide in
the docs and in the printed PDF) and the coordination team's screens in German.
Nothing is fetched from outside 127.0.0.1. Rerun it after a change to renew them."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "static" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1100, "height": 900}, "device_scale_factor": 1}
LANGUAGES = ["de", "en", "tr", "ar", "bg", "ro"]
OWNER, PASSWORD = "laden1", "quartier-laden1"
TEAM, TEAM_PASSWORD = "koordination", "quartier-koordination"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def django(env, code):
    """Runs `code` with Django set up in the demo site's environment."""
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        check=True,
    )


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the demo site did not answer at {url}")


def loopback(browser, base, locale, **options):
    context = browser.new_context(base_url=base, locale=locale, **options)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    return context


def shot(page, language, name, locator=None):
    path = OUT / language / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    if locator is not None and locator.count():
        locator.first.scroll_into_view_if_needed()
        locator.first.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path))
    print(path.relative_to(ROOT))


def section_of(page, heading):
    """The edit form's section whose heading reads `heading`."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def public_pages(browser, base):
    for language in ("de", "tr", "ar"):
        prefix = "" if language == "de" else f"/{language}"
        context = loopback(browser, base, language, **PHONE)
        page = context.new_page()
        page.goto(prefix + "/")
        shot(page, language, "home-phone")
        page.goto(prefix + "/verzeichnis/")
        shot(page, language, "listing-phone")
        context.close()


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()


def owner_admin(browser, base, env, language, labels):
    django(
        env,
        f"""
from quartier.users.models import User
from wagtail.users.models import UserProfile
profile = UserProfile.get_for_user(User.objects.get(username={OWNER!r}))
profile.preferred_language = {language!r}
profile.save()
""",
    )
    context = loopback(browser, base, language, **DESKTOP)
    page = context.new_page()
    page.goto("/admin/login/")
    shot(page, language, "owner-login", page.locator("main, .login-form, form").first)
    sign_in(page, OWNER, PASSWORD)
    edit_url = page.url
    shot(page, language, "owner-hours", section_of(page, labels["hours"]))
    shot(page, language, "owner-photos", section_of(page, labels["photos"]))
    shot(page, language, "owner-translations", section_of(page, labels["translations"]))
    page.goto("/admin/")
    shot(page, language, "owner-dashboard")
    shot(page, language, "owner-sticker", page.locator("#window-stickers"))
    page_id = edit_url.rstrip("/").split("/")[-2]
    page.goto(f"/admin/verzeichnis/geschaeft/{page_id}/voruebergehend-geschlossen/")
    shot(page, language, "owner-closure", page.locator("main"))
    context.close()


def owner_submitted(browser, base, env, language, labels):
    """Submits the business for review, photographs the state, then withdraws it."""
    context = loopback(browser, base, language, **DESKTOP)
    page = context.new_page()
    sign_in(page, OWNER, PASSWORD)
    submit = page.locator('button[name="action-submit"]')
    if submit.count():
        with page.expect_navigation():
            submit.first.click()
    shot(page, language, "owner-submitted")
    context.close()
    django(
        env,
        f"""
from wagtail.models import WorkflowState
from quartier.users.models import User
user = User.objects.get(username={OWNER!r})
for state in WorkflowState.objects.active().filter(requested_by=user):
    state.cancel(user=user)
""",
    )


def team_screens(browser, base):
    context = loopback(browser, base, "de", **DESKTOP)
    page = context.new_page()
    sign_in(page, TEAM, TEAM_PASSWORD)
    shot(page, "de", "team-dashboard")
    page.goto("/admin/pages/")
    shot(page, "de", "team-pages")
    context.close()


def labels_in(env, language):
    """The admin labels the script clicks and looks for, in `language`."""
    code = f"""
import json
from django.utils import translation
with translation.override({language!r}):
    print(json.dumps({{
        "hours": translation.gettext("Wann haben Sie geöffnet?"),
        "photos": translation.gettext("Bilder"),
        "translations": translation.gettext("Übersetzungen"),
        "closure": translation.gettext("Vorübergehend geschlossen?"),
    }}))
"""
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main():
    workdir = Path(tempfile.mkdtemp(prefix="quartier-screenshots-"))
    port = free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="quartier.settings.dev",
        DATABASE_URL=f"sqlite:///{workdir}/demo.sqlite3",
        MEDIA_ROOT=str(workdir / "media"),
        PAGE_CACHE_GENERATION_FILE=str(workdir / "generation"),
        ELASTICSEARCH_URL="",
        REDIS_URL="",
        GEOCODER="none",
        TASK_BACKEND="immediate",
    )
    manage(env, "compile_translations")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_data", "--allow-demo-users", "--site-url", f"http://127.0.0.1:{port}")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            public_pages(browser, base)
            for language in LANGUAGES:
                labels = labels_in(env, language)
                owner_admin(browser, base, env, language, labels)
                owner_submitted(browser, base, env, language, labels)
            team_screens(browser, base)
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
