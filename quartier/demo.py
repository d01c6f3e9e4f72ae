"""Demo content of the core for a fresh checkout: home page, standard pages,
site settings, demo users and a few real page translations, from the data
files in quartier/demo_data/ (JSON), built with model code: no fixtures, no
network. Also the two helpers every app's demo uses: `read_data` and
`child_page`. `manage.py load_demo_data` loads this and the apps' demos."""

import json
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Locale, Site
from wagtail.users.models import UserProfile

from quartier import roles
from quartier.models import HomePage, SiteSettings, StandardPage
from quartier.site_address import configure_site

from .translation_sync import create_translation

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA = "quartier"


def read_data(app, name):
    """The demo data file `<app>/demo_data/<name>.json`, parsed."""
    path = PROJECT_DIR / app / "demo_data" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def child_page(parent, model, slug, **fields):
    """(page, created): the child of `parent` of type `model` with `slug`, or
    a new one with `fields`, added and published. Idempotent loading."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def paragraph(html):
    return [{"type": "paragraph", "value": html}]


def demo_home():
    """The default site's home page; migrate creates it."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage; run migrate first.")
    return home


def load(stdout, site_url=None):
    """The home page's texts, the site's name and address, the standard pages
    and the site settings that link them."""
    site = Site.objects.get(is_default_site=True)
    home = demo_home()
    data = read_data(DATA, "site")
    if not home.introduction:
        home.title = data["home"]["title"]
        home.introduction = data["home"]["introduction"]
        home.save_revision().publish()
    site.site_name = data["site_name"]
    site.save()
    address = site_url or django_settings.BASE_URL
    if address:
        configure_site(address)

    linked = {}  # site setting -> page: imprint, privacy, accessibility
    for page_data in read_data(DATA, "standard_pages"):
        page, _created = child_page(
            home,
            StandardPage,
            page_data["slug"],
            title=page_data["title"],
            introduction=page_data["introduction"],
            body=paragraph(page_data["html"]),
            show_in_menus=page_data["show_in_menus"],
        )
        if page_data.get("settings"):
            linked[page_data["settings"]] = page

    site_settings = SiteSettings.load()
    for name, value in {**data["settings"], **linked}.items():
        setattr(site_settings, name, value)
    site_settings.save()
    return home


def ensure_users(stdout):
    """The demo accounts (known passwords: development only), in their role groups."""
    User = get_user_model()
    stdout.write("Demo-Zugänge (nur für die Entwicklung!):")
    users = {}
    for data in read_data(DATA, "users")["users"]:
        username, password = data["username"], data["password"]
        group_name = getattr(roles, data["group"])
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "email": f"{username}@quartier.example",
            },
        )
        if created:
            user.set_password(password)
        user.is_staff = False
        user.save()
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            user.groups.add(group)
        if data.get("admin_language"):
            # An admin language other than German (Lale Yıldız works in Turkish).
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = data["admin_language"]
            profile.save(update_fields=["preferred_language"])
        users[username] = user
        stdout.write(f"  {username:14} Passwort: {password:24} Rolle: {group_name}")
    return users


def demo_ownership():
    """{demo shopkeeper's username: external id of the business they own}."""
    return read_data(DATA, "users")["ownership"]


def load_page_translations(home, stdout):
    """Real translations of a few editorial pages, so the demo has the site's
    real shape (page_translations.json: path below the home page, language,
    fields). Parents come first: a translation's parent must be translated
    too, and an untranslated parent would be copied with its German text
    (the pages above get one too, quartier.translation_sync)."""
    created = 0
    for data in read_data(DATA, "page_translations"):
        page = home
        for slug in filter(None, data["path"].split("/")):
            page = page.get_children().filter(slug=slug).first() if page else None
        language = data["language"]
        if page is None or page.has_translation(Locale.objects.get(language_code=language)):
            continue
        create_translation(page, language, **data["fields"])
        created += 1
    stdout.write(f"Übersetzte Seiten: {created} neu.")
