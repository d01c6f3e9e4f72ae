"""Demo content for a fresh checkout: plain model code, no fixtures, no network."""

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Site
from wagtail.users.models import UserProfile

from quartier import roles
from quartier.models import HomePage, SiteSettings, StandardPage
from quartier.site_address import configure_site

DEMO_USERS = [
    # username, password, group, first name, last name
    ("koordination", "quartier-koordination", roles.COORDINATION_GROUP, "Kira", "Koordination"),
    ("redaktion", "quartier-redaktion", roles.EDITORS_GROUP, "Rana", "Redaktion"),
    ("laden1", "quartier-laden1", roles.SHOPKEEPERS_GROUP, "Lale", "Yıldız"),
    ("laden2", "quartier-laden2", roles.SHOPKEEPERS_GROUP, "Bogdan", "Ionescu"),
    ("jobcoach", "quartier-jobcoach", roles.JOB_COACHES_GROUP, "Jana", "Jobcoach"),
]
# Which demo business each demo shopkeeper owns (by external id).
DEMO_OWNERSHIP = {"laden1": "demo-001", "laden2": "demo-005"}
# Admin languages other than German: Lale Yıldız works in Turkish.
DEMO_ADMIN_LANGUAGES = {"laden1": "tr"}

PRIVACY_TEXT = (
    "<p>Diese Website speichert keine Cookies zu Werbe- oder Analysezwecken und bindet keine "
    "Inhalte fremder Anbieter ein – mit einer Ausnahme: Die Kartenkacheln der Stadtteilkarte werden "
    "vom eingestellten Kachelserver geladen (standardmäßig OpenStreetMap). Dabei erhält dieser Server "
    "Ihre IP-Adresse und die Adresse der aufgerufenen Kachel. Die Betreiberin kann einen eigenen "
    "Kachelserver einstellen; dann verlassen keine Anfragen mehr die städtische Infrastruktur.</p>"
    "<p>Wenn Sie Interesse an einer Stelle melden, geben wir Ihren Namen, Ihre Kontaktangaben, "
    "Ihre Sprachen und Ihre Anmerkung an die Jobcoaches des Programms weiter und, nur wenn das "
    "Geschäft es so eingestellt hat, an das Geschäft. Nach der eingestellten Frist (180 Tage) "
    "werden diese Angaben automatisch gelöscht; es bleibt nur eine Zählung ohne Namen.</p>"
    "<p>Wenn Sie sich für einen Workshop anmelden, speichern wir Ihren Namen, Ihre Kontaktangabe und "
    "Ihre Anmerkung nur, um den Workshop durchzuführen. Diese Daten werden automatisch gelöscht, "
    "sobald die eingestellte Frist nach dem Workshop abgelaufen ist.</p>"
    "<p>Wenn Sie den Newsletter bestellen, speichern wir nur Ihre E-Mail-Adresse, Ihre Sprache und "
    "Ihre Auswahl (Themen, Stadtteile). Sie bekommen zuerst eine E-Mail mit einem Bestätigungslink; "
    "bestätigen Sie nicht innerhalb der eingestellten Frist (standardmäßig 7 Tage), löschen wir die "
    "Adresse. Jede Ausgabe enthält einen Link, mit dem Sie sich mit einem Klick abmelden; dabei "
    "löschen wir alle Ihre Angaben. Der Newsletter enthält keine Zählpixel und keine "
    "Weiterleitungslinks.</p>"
)
ACCESSIBILITY_TEXT = (
    "<p>Die Stadt ist bemüht, diese Website im Einklang mit der Barrierefreie-Informationstechnik-"
    "Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. Maßstab sind die Web Content "
    "Accessibility Guidelines (WCAG) 2.1, Stufe AA.</p>"
    "<p>Die Karte ist nicht das einzige Mittel: Alle Einträge stehen auch als Liste zur Verfügung.</p>"
    "<p><b>Feedback und Kontakt:</b> Sind Ihnen Mängel aufgefallen? Schreiben Sie uns an "
    '<a href="mailto:barrierefreiheit@quartier.example">barrierefreiheit@quartier.example</a>. '
    "Wir antworten innerhalb von zwei Wochen. Wenn Sie keine zufriedenstellende Antwort erhalten, "
    "können Sie sich an die Schlichtungsstelle nach dem Behindertengleichstellungsgesetz wenden.</p>"
)
IMPRINT_TEXT = (
    "<p>Dies ist eine Demo-Installation. Die Betreiberin trägt hier ihre Angaben nach § 5 DDG ein: "
    "Name und Anschrift, Vertretungsberechtigte, Kontakt, zuständige Aufsichtsbehörde.</p>"
    "<p>Alle Geschäfte in dieser Demo sind erfunden; nur die Straßen gibt es wirklich.</p>"
)
ABOUT_TEXT = (
    "<p>Das Programm stärkt die lokale Wirtschaft in Duisburg-Hochfeld und Duisburg-Marxloh, hilft "
    "langzeitarbeitslosen Menschen in Arbeit und vermittelt digitale Kompetenzen. Es wird im Rahmen "
    "von BIWAQ aus Mitteln des Bundes und des Europäischen Sozialfonds Plus gefördert.</p>"
)


def paragraph(html):
    return [{"type": "paragraph", "value": html}]


def ensure_standard_page(home, slug, title, introduction, html, show_in_menus=False):
    page = StandardPage.objects.child_of(home).filter(slug=slug).first()
    if page:
        return page
    page = StandardPage(
        slug=slug,
        title=title,
        introduction=introduction,
        body=paragraph(html),
        show_in_menus=show_in_menus,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_users(stdout):
    User = get_user_model()
    stdout.write("Demo-Zugänge (nur für die Entwicklung!):")
    users = {}
    for username, password, group_name, first, last in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
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
        if username in DEMO_ADMIN_LANGUAGES:
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = DEMO_ADMIN_LANGUAGES[username]
            profile.save(update_fields=["preferred_language"])
        users[username] = user
        stdout.write(f"  {username:14} Passwort: {password:24} Rolle: {group_name}")
    return users


# Real translations of a few editorial pages, so the demo has the site's real
# shape: (path below the home page, language, fields). Parents come first: a
# translation's parent must be translated too, and an untranslated parent would
# be copied with its German text.
PAGE_TRANSLATIONS = [
    (
        "",
        "tr",
        {
            "title": "Hochfeld ve Marxloh'ta dükkânlar ve etkinlikler",
            "introduction": "Duisburg-Hochfeld ve Marxloh'taki dükkânları, hizmetleri, "
            "atölyeleri ve kampanyaları kendi dilinizde bulun.",
        },
    ),
    (
        "",
        "ar",
        {
            "title": "المتاجر والعروض في هوخفيلد وماركسلوه",
            "introduction": "اعثروا على المتاجر والخدمات وورش العمل والحملات في "
            "دويسبورغ-هوخفيلد وماركسلوه بلغتكم.",
        },
    ),
    (
        "termine",
        "tr",
        {
            "title": "Kampanyalar ve atölyeler",
            "introduction": "Dükkânların ortak kampanyaları ve dijital konularda ücretsiz "
            "atölyeler.",
        },
    ),
    (
        "neuigkeiten",
        "tr",
        {"title": "Haberler", "introduction": "Programda neler yeni?"},
    ),
    (
        "ueber-uns",
        "tr",
        {"title": "Program hakkında", "introduction": "Biz kimiz ve ne yapıyoruz."},
    ),
    (
        "ueber-uns",
        "ar",
        {"title": "عن البرنامج", "introduction": "من نحن وماذا نفعل."},
    ),
    (
        "termine/herbstmarkt-hochfeld",
        "tr",
        {"title": "Hochfeld Sonbahar Pazarı", "teaser": "Mahallenin dükkânları bir arada."},
    ),
    (
        "neuigkeiten/plattform-online",
        "tr",
        {"title": "Platform yayında", "teaser": "Mahallenin dükkânları artık internette."},
    ),
]


def load_page_translations(home, stdout):
    """Creates the translations in PAGE_TRANSLATIONS that do not exist yet
    (the pages above them get one too, quartier.translation_sync)."""
    from wagtail.models import Locale

    from .translation_sync import create_translation

    created = 0
    for path, language, fields in PAGE_TRANSLATIONS:
        page = home
        for slug in filter(None, path.split("/")):
            page = page.get_children().filter(slug=slug).first() if page else None
        if page is None or page.has_translation(Locale.objects.get(language_code=language)):
            continue
        create_translation(page, language, **fields)
        created += 1
    stdout.write(f"Übersetzte Seiten: {created} neu.")


@transaction.atomic
def load(stdout, with_users=True, site_url=None):
    from blog import demo as blog_demo
    from directory import demo as directory_demo
    from jobs import demo as jobs_demo

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage; run migrate first.")
    if not home.introduction:
        home.title = "Geschäfte und Angebote in Hochfeld und Marxloh"
        home.introduction = (
            "Finden Sie Geschäfte, Dienstleistungen, Workshops und Aktionen in Duisburg-Hochfeld "
            "und Duisburg-Marxloh – in Ihrer Sprache."
        )
        home.save_revision().publish()
    site.site_name = "Quartier Duisburg"
    site.save()
    address = site_url or django_settings.BASE_URL
    if address:
        site = configure_site(address)

    ensure_standard_page(
        home, "ueber-uns", "Über das Programm", "Wer wir sind und was wir tun.", ABOUT_TEXT, True
    )
    imprint = ensure_standard_page(home, "impressum", "Impressum", "", IMPRINT_TEXT)
    privacy = ensure_standard_page(home, "datenschutz", "Datenschutz", "", PRIVACY_TEXT)
    accessibility = ensure_standard_page(
        home, "barrierefreiheit", "Erklärung zur Barrierefreiheit", "", ACCESSIBILITY_TEXT
    )

    settings = SiteSettings.load()
    settings.programme_name = "Quartier Duisburg"
    settings.tagline = "Hochfeld und Marxloh – lokal, vielfältig, digital"
    settings.funding_note = (
        "<p>Gefördert im Programm BIWAQ – Bildung, Wirtschaft, Arbeit im Quartier – durch das "
        "Bundesministerium und den Europäischen Sozialfonds Plus.</p>"
    )
    settings.contact_email = "kontakt@quartier.example"
    settings.contact_phone = "0203 000000"
    settings.imprint_page = imprint
    settings.privacy_page = privacy
    settings.accessibility_page = accessibility
    settings.save()

    directory_demo.load(home, stdout)
    blog_demo.load(home, stdout)
    jobs_demo.load(home, stdout)
    directory_demo.load_text_translations(stdout)
    load_page_translations(home, stdout)

    if with_users:
        users = ensure_users(stdout)
        directory_demo.assign_owners(users, DEMO_OWNERSHIP, stdout)
    return home
