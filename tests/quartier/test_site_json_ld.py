"""The home page tells search engines who runs the site (Organization) and
what the site is called in the visitor's language (WebSite); events name the
same organisation as their organizer."""

import pytest

from wagtail.models import Site

from quartier.models import SiteSettings
from quartier.translation_sync import create_translation

from ..schema_org import json_ld_blocks, vocabulary


@pytest.fixture
def programme(home_page):
    site_settings = SiteSettings.load(request_or_site=Site.objects.get(is_default_site=True))
    site_settings.programme_name = "Quartier Duisburg – Hochfeld & Marxloh"
    site_settings.contact_email = "kontakt@quartier.example"
    site_settings.save()
    return site_settings


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "code", "translated"),
    [("", "de", True), ("/tr", "tr", True), ("/ar", "ar", True), ("/ar", "de", False)],
)
def test_home_page_names_the_organisation_and_the_website(
    client, home_page, programme, prefix, code, translated
):
    if translated:
        for language, title in (("tr", "Mahallede dükkânlar"), ("ar", "المتاجر في الحي")):
            create_translation(home_page, language, title=title)
    response = client.get(f"{prefix}/")
    assert response.status_code == 200
    (blocks,) = json_ld_blocks(response.text)
    assert blocks == [
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": "Quartier Duisburg – Hochfeld & Marxloh",
            "url": "http://testserver/",
            "logo": "http://testserver/static/img/favicon.svg",
            "email": "kontakt@quartier.example",
        },
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": "Quartier Duisburg – Hochfeld & Marxloh",
            "url": f"http://testserver{prefix}/" if translated else "http://testserver/",
            "inLanguage": code,
        },
    ]
    assert vocabulary().problems(blocks) == []
    # Escaped as json_script escapes: "&" cannot start an entity in HTML.
    assert "Hochfeld \\u0026 Marxloh" in response.text


@pytest.mark.django_db
def test_other_pages_have_no_site_json_ld(client, programme):
    response = client.get("/suche/?q=Fırın")
    assert response.status_code == 200
    assert json_ld_blocks(response.text) == []
