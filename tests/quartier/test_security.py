"""Security checks: deployment settings, response headers, admin brute-force
lock-out, image upload limits and hostile shopkeeper input."""

import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Collection, GroupCollectionPermission

from directory.owners import grant_ownership
from quartier.models import CustomImage

from ..directory.factories import BusinessPageFactory, DirectoryIndexPageFactory
from ..e2e.html_checks import admin_form_data, executable_injections

BASE_DIR = Path(django_settings.BASE_DIR)

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = f"Laden {HOSTILE_SCRIPT} {HOSTILE_IMG} \"'><svg onload=alert(1)>"


def production_env(**extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quartier.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "quartier.example",
    }
    env.pop("DEBUG", None)
    env.pop("SECURE_SSL_REDIRECT", None)
    # Set while the browser tests run; a production process never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "INFO"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_enforce_https_and_secure_cookies():
    code = (
        "import json; from django.conf import settings as s; import django; django.setup(); "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT',"
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'SECURE_PROXY_SSL_HEADER')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_settings_refuse_to_start_without_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0]] = tokens[1:]
    return directives


@pytest.mark.django_db
def test_public_page_sends_security_headers(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_pages_have_no_inline_scripts_or_styles(client, home_page):
    """The CSP forbids them, so any that slipped into a template would break."""
    directory = DirectoryIndexPageFactory(parent=home_page)
    business = BusinessPageFactory(parent=directory)
    for url in ("/", directory.url, business.url):
        response = client.get(url)
        assert response.status_code == 200, url
        soup = BeautifulSoup(response.text, "html.parser")
        for script in soup.find_all("script"):
            is_data = script.get("type") in {"application/json", "application/ld+json"}
            assert script.get("src") or is_data, (url, str(script)[:200])
        assert not soup.find_all(style=True), url
        assert not soup.find_all("style"), url


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client, settings, home_page):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_superuser("chefin", "chefin@quartier.example", "richtig-123")

    for _attempt in range(3):
        response = client.post(
            "/admin/login/", {"username": "chefin", "password": "falsch"}, REMOTE_ADDR="10.0.0.9"
        )
        assert "_auth_user_id" not in client.session

    response = client.post(
        "/admin/login/", {"username": "chefin", "password": "richtig-123"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not logged in


@pytest.mark.django_db
def test_admin_login_still_works_below_the_limit(client, settings, home_page):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_superuser("chefin", "chefin@quartier.example", "richtig-123")
    client.post("/admin/login/", {"username": "chefin", "password": "falsch"})
    response = client.post("/admin/login/", {"username": "chefin", "password": "richtig-123"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


# --- uploads -----------------------------------------------------------------


def png_bytes(size=(4, 4)):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def shopkeeper(db, home_page):
    directory = DirectoryIndexPageFactory(parent=home_page)
    business = BusinessPageFactory(parent=directory, title="Bäckerei Sicher")
    user = get_user_model().objects.create_user(
        "laden", "laden@quartier.example", "laden-passwort-1"
    )
    grant_ownership(user, business)
    user.business = business
    return user


@pytest.fixture
def uploader(db, home_page):
    """A shopkeeper-like user: admin access and the right to add images in one
    collection, nothing else."""
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Geschäft Upload-Test")
    group = Group.objects.create(name="Upload-Test")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )
    user = get_user_model().objects.create_user("bilder", "bilder@quartier.example", "pw-bilder-1")
    user.groups.add(group)
    user.collection = collection
    return user


def upload(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "alt_text": "Schaufenster",
            "collection": client.collection.pk,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


@pytest.fixture
def uploader_client(client, uploader):
    client.force_login(uploader)
    client.collection = uploader.collection
    return client


def test_uploader_can_add_a_png_to_their_collection(uploader_client):
    response = upload(uploader_client, "laden.png", png_bytes())
    assert response.status_code == 302, response.content[:500]
    assert CustomImage.objects.filter(title="laden.png").exists()


def test_svg_upload_is_refused(uploader_client):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
    )
    response = upload(uploader_client, "boese.svg", svg, "image/svg+xml")
    assert response.status_code == 200  # form shown again with an error
    assert response.context["form"].errors.get("file")
    assert not CustomImage.objects.filter(title="boese.svg").exists()


def test_svg_disguised_as_png_is_refused(uploader_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(uploader_client, "tarnung.png", svg)
    assert response.status_code == 200
    assert response.context["form"].errors.get("file")
    assert not CustomImage.objects.filter(title="tarnung.png").exists()


def test_oversize_upload_is_refused(uploader_client, settings):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 5 * 1024 * 1024
    content = png_bytes() + b"\0" * (5 * 1024 * 1024)
    response = upload(uploader_client, "riesig.png", content)
    assert response.status_code == 200
    assert response.context["form"].errors.get("file")
    assert not CustomImage.objects.filter(title="riesig.png").exists()


# --- hostile rich text and free text from shopkeepers ------------------------


def hostile_contentstate():
    """Draftail's JSON: hostile text plus links to javascript: and data: URLs."""
    text = f"Willkommen {HOSTILE_SCRIPT} {HOSTILE_IMG} klick hier und da"
    start = text.index("klick")
    other = text.index("da", start + 10)
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "aaaaa",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [
                        {"offset": start, "length": 5, "key": 0},
                        {"offset": other, "length": 2, "key": 1},
                    ],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": "javascript:alert(1)"},
                },
                "1": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": " JaVaScRiPt:alert(2)"},
                },
            },
        }
    )


@pytest.mark.django_db
def test_hostile_input_in_admin_edit_cannot_inject_scripts(client, shopkeeper):
    business = shopkeeper.business
    client.force_login(shopkeeper)
    edit_url = f"/admin/pages/{business.pk}/edit/"
    response = client.get(edit_url)
    assert response.status_code == 200
    data = admin_form_data(response.text, "page-edit-form")
    data.update(
        {
            "title": f"Bäckerei {HOSTILE_SCRIPT}",
            "tagline": HOSTILE_TEXT[:160],
            "description": hostile_contentstate(),
            "street": f"Straße {HOSTILE_IMG}",
            "phone": "<b onmouseover=alert(1)>0203</b>",
            "jobs-TOTAL_FORMS": "1",
            "jobs-0-title": f"Aushilfe {HOSTILE_SCRIPT}",
            "jobs-0-kind": "job",
            "jobs-0-description": HOSTILE_TEXT,
            "jobs-0-contact": '<a href="javascript:alert(1)">Mail</a>',
            # Every position has an end date (validThrough of its JobPosting).
            "jobs-0-valid_until": "2099-12-31",
            "jobs-0-id": "",
            "jobs-0-ORDER": "1",
            "jobs-0-DELETE": "",
            "action-submit": "action-submit",
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302, admin_errors(response)

    # The coordination team approves: publish the shopkeeper's revision.
    business.refresh_from_db()
    revision = business.get_latest_revision()
    assert HOSTILE_SCRIPT in revision.content["tagline"]
    revision.publish()

    business.refresh_from_db()
    public = client.__class__().get(business.url)
    assert public.status_code == 200
    # The hostile text is shown as text...
    assert "Aushilfe &lt;script&gt;alert(1)&lt;/script&gt;" in public.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in public.text
    assert executable_injections(public.text) == []  # ...but not executable


def admin_errors(response):
    context = getattr(response, "context", None)
    if not context:
        return response.content[:300]
    form = context.get("form")
    return form.errors if form is not None else response.content[:300]


@pytest.mark.parametrize(
    "html",
    [
        HOSTILE_SCRIPT,
        HOSTILE_IMG,
        '<a href=" javascript:alert(1)">x</a>',
        '<iframe src="https://example.org"></iframe>',
        '<form><button formaction="javascript:alert(1)">x</button></form>',
    ],
)
def test_injection_checker_finds_hostile_markup(html):
    """The checker itself must be able to fail, or the tests above prove nothing."""
    page = f'<html><body><script src="/static/js/site.js"></script>{html}</body></html>'
    assert executable_injections(page)


def test_injection_checker_accepts_our_scripts_and_escaped_text():
    page = (
        '<script src="/static/js/map.js"></script>'
        '<script type="application/json" id="d">{"a": 1}</script>'
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert executable_injections(page) == []


@pytest.mark.django_db
def test_hostile_csv_import_cannot_inject_scripts(client, home_page):
    import csv

    from directory.importing import COLUMNS, import_businesses
    from directory.models import BusinessPage

    from ..directory.factories import CategoryFactory, DistrictFactory

    DirectoryIndexPageFactory(parent=home_page)
    CategoryFactory(slug="friseur", name="Friseur")
    DistrictFactory(slug="hochfeld", name="Hochfeld")
    row = {column: "" for column in COLUMNS}
    row.update(
        {
            "external_id": "boese-1",
            "name": f"Salon {HOSTILE_SCRIPT}",
            "category": "friseur",
            "district": "hochfeld",
            "street": f"Straße {HOSTILE_IMG}",
            "house_number": "1",
            "postcode": "47053",
            "city": "Duisburg",
            "latitude": "51.42",
            "longitude": "6.75",
            "phone": "0203 1234",
            "description": f'{HOSTILE_TEXT}\n\n<a href="javascript:alert(1)">klick</a>',
            "opening_hours": "Mo-Fr 09:00-18:00",
            "tags": f"{HOSTILE_SCRIPT}, friseur",
        }
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    result = import_businesses(buffer.getvalue().encode())
    assert not result.errors, [str(error) for error in result.errors]

    business = BusinessPage.objects.get(external_id="boese-1")
    response = client.get(business.url)
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert executable_injections(response.text) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/search/?q=fri%00seur",
        "/api/businesses.geojson?district=%00",
        "/api/businesses.geojson?q=%00",
        "/suche/?q=%00&category=%00",
    ],
)
def test_nul_in_query_parameters_is_never_a_server_error(client, home_page, path):
    """PostgreSQL refuses NUL in strings; the middleware makes such values unknown."""
    response = client.get(path)
    assert response.status_code < 500, response.content[:300]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # no proxy: the header is the client's word only
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # a forged entry on the left
        (2, "198.51.100.66, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer hops than proxies: not trusted
    ],
)
def test_client_address_behind_proxies(rf, settings, proxies, forwarded, expected):
    from quartier.ratelimit import client_address

    settings.NUM_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_visitors_behind_one_proxy_have_their_own_limits(client, settings, home_page):
    settings.NUM_PROXIES = 1
    settings.SEARCH_API_RATE_LIMIT = 2
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(2):
        response = client.get("/api/search/?q=brot", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
        assert response.status_code == 200
    assert (
        client.get("/api/search/?q=brot", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code
        == 429
    )
    # Another visitor through the same proxy, and a forged left-hand entry, count apart.
    assert (
        client.get("/api/search/?q=brot", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code
        == 200
    )
    assert (
        client.get(
            "/api/search/?q=brot", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy
        ).status_code
        == 429
    )


@pytest.mark.django_db
def test_admin_lockout_counts_the_visitor_behind_the_proxy(client, settings, home_page):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    settings.NUM_PROXIES = 1
    get_user_model().objects.create_superuser("chefin", "chefin@quartier.example", "richtig-123")
    for _attempt in range(2):
        client.post(
            "/admin/login/",
            {"username": "chefin", "password": "falsch"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )

    # The attacker is locked out; the same user from another visitor address is not.
    def log_in(visitor):
        return client.post(
            "/admin/login/",
            {"username": "chefin", "password": "richtig-123"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=visitor,
        )

    assert log_in("203.0.113.9").status_code == 429
    assert log_in("203.0.113.10").status_code == 302
