"""A position's own page: JobPosting JSON-LD with every property Google's job
search requires, and positions past validThrough or filled disappearing from
the page, the listing, the feed, the API, the sitemap, search and the business
profile at midnight, with no publish and no rebuild (also behind the page cache)."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from wagtail.models import Locale

from directory.models import BusinessJob
from jobs.schema import REQUIRED_PROPERTIES
from quartier.clock import local_today
from quartier.models import SiteSettings

from ..clock import berlin
from ..directory.factories import BusinessPageFactory, DistrictFactory, make_directory
from .factories import BusinessJobFactory

pytestmark = pytest.mark.usefixtures("german")

# Google's job search: required properties and what each must hold.
GOOGLE_EMPLOYMENT_TYPES = {
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
}


def job_postings(html):
    soup = BeautifulSoup(html, "html.parser")
    blocks = [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]
    return [block for block in blocks if block.get("@type") == "JobPosting"]


def assert_valid_job_posting(data):
    """The checks of Google's Rich Results test for JobPosting's required properties."""
    assert data["@context"] == "https://schema.org"
    assert set(REQUIRED_PROPERTIES) <= set(data)
    assert data["title"] and data["description"]
    datetime.date.fromisoformat(data["datePosted"])
    assert datetime.datetime.fromisoformat(data["validThrough"]).tzinfo is not None
    types = data["employmentType"]
    assert types and set(types) <= GOOGLE_EMPLOYMENT_TYPES
    organisation = data["hiringOrganization"]
    assert organisation["@type"] == "Organization" and organisation["name"]
    address = data["jobLocation"]["address"]
    assert data["jobLocation"]["@type"] == "Place"
    assert address["@type"] == "PostalAddress"
    for key in (
        "streetAddress",
        "postalCode",
        "addressLocality",
        "addressRegion",
        "addressCountry",
    ):
        assert address[key], key


@pytest.fixture
def shop(home_page):
    marxloh = DistrictFactory(slug="marxloh", name="Marxloh")
    return BusinessPageFactory(
        parent=make_directory(home_page),
        title="Salon Yıldız",
        district=marxloh,
        street="Weseler Straße",
        house_number="12",
        postcode="47169",
        website="https://salon.example",
    )


@pytest.mark.django_db
def test_position_page_carries_a_complete_job_posting(client, board, shop):
    job = BusinessJobFactory(
        page=shop,
        title="Ausbildung Friseurin/Friseur",
        kind=BusinessJob.Kind.APPRENTICESHIP,
        description="Drei Jahre Ausbildung.\nBerufsschule in Duisburg.",
        german_level="A2",
        hours_per_week=39,
        start_date=datetime.date(2027, 8, 1),
        valid_until=datetime.date(2027, 6, 30),
    )
    response = client.get(f"/arbeit/{job.pk}/")
    assert response.status_code == 200
    [data] = job_postings(response.text)
    assert_valid_job_posting(data)
    assert data["title"] == "Ausbildung Friseurin/Friseur"
    assert data["validThrough"] == "2027-06-30T23:59:00+02:00"
    assert data["datePosted"] == local_today().isoformat()
    assert data["employmentType"] == ["FULL_TIME", "OTHER"]
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Salon Yıldız",
        "sameAs": "https://salon.example",
    }
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Weseler Straße 12",
        "postalCode": "47169",
        "addressLocality": "Duisburg",
        "addressRegion": "NW",
        "addressCountry": "DE",
    }
    assert data["directApply"] is True  # the interest form is on the position's page
    assert data["jobLocation"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 51.42,
        "longitude": 6.758,
    }
    assert data["jobStartDate"] == "2027-08-01"
    assert data["workHours"] == "39 Stunden pro Woche"
    assert data["url"] == f"http://testserver/arbeit/{job.pk}/"
    assert data["description"] == (
        "<p>Drei Jahre Ausbildung.<br>Berufsschule in Duisburg.</p>"
        "<p>Deutschkenntnisse: A2</p><p>39 Stunden pro Woche</p>"
    )
    assert f'<link rel="canonical" href="http://testserver/arbeit/{job.pk}/">' in response.text


@pytest.mark.parametrize(
    ("kind", "hours", "expected"),
    [
        (BusinessJob.Kind.JOB, None, ["FULL_TIME"]),
        (BusinessJob.Kind.JOB, 20, ["PART_TIME"]),
        (BusinessJob.Kind.MINIJOB, 8, ["PART_TIME"]),
        (BusinessJob.Kind.INTERNSHIP, None, ["INTERN"]),
        (BusinessJob.Kind.TRIAL_WORK, None, ["TEMPORARY"]),
    ],
)
@pytest.mark.django_db
def test_employment_type_of_each_kind(client, board, shop, kind, hours, expected):
    job = BusinessJobFactory(page=shop, kind=kind, hours_per_week=hours)
    [data] = job_postings(client.get(f"/arbeit/{job.pk}/").text)
    assert data["employmentType"] == expected


@pytest.mark.django_db
def test_hostile_text_cannot_close_the_json_ld_script(client, board, shop):
    job = BusinessJobFactory(page=shop, title="</script><script>alert(1)</script>")
    response = client.get(f"/arbeit/{job.pk}/")
    assert "<script>alert(1)" not in response.text
    [data] = job_postings(response.text)
    assert data["title"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_position_page_in_every_language_and_the_switcher_keeps_it(client, board, shop):
    job = BusinessJobFactory(page=shop, title="Verkauf")
    response = client.get(f"/tr/arbeit/{job.pk}/", HTTP_REFERER="http://testserver/")
    assert response.status_code == 200
    assert '<html lang="tr"' in response.text
    soup = BeautifulSoup(response.text, "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    # The jobs board has no Turkish translation here: only its German version.
    assert alternates == {
        "de": f"http://testserver/arbeit/{job.pk}/",
        "x-default": f"http://testserver/arbeit/{job.pk}/",
    }
    assert f'<a href="/tr{shop.url}">Salon Yıldız</a>' in response.text
    [data] = job_postings(response.text)
    assert_valid_job_posting(data)
    # One business page, so one copy of the position.
    assert BusinessJob.objects.filter(title="Verkauf").count() == 1


@pytest.mark.clock
@pytest.mark.django_db
def test_expired_or_filled_positions_disappear_everywhere(client, board, shop, clock_at):
    clock_at(berlin(2026, 11, 25, 12, 0))
    expiring = BusinessJobFactory(
        page=shop, title="Bis heute", valid_until=datetime.date(2026, 11, 25)
    )
    filled = BusinessJobFactory(page=shop, title="Bald besetzt")
    staying = BusinessJobFactory(page=shop, title="Bleibt")

    def everywhere():
        listing = sorted(job.title for job in client.get("/arbeit/").context["jobs"])
        api = sorted(item["title"] for item in client.get("/api/jobs/").json()["results"])
        feed = client.get("/arbeit/feed/rss/")
        assert feed.status_code == 200
        feed_titles = sorted(
            item.findtext("title")
            for item in ET.fromstring(feed.content).iter("item")  # noqa: S314 - our own feed
        )
        sitemap = client.get("/sitemap.xml").content.decode()
        pages = {
            job.title: client.get(f"/arbeit/{job.pk}/").status_code
            for job in (expiring, filled, staying)
        }
        in_sitemap = sorted(
            job.title for job in (expiring, filled, staying) if f"/arbeit/{job.pk}/<" in sitemap
        )
        found = client.get("/api/search/", {"q": "stelle", "type": "job"}).json()
        assert found["count"] == len(found["results"])
        searched = sorted(hit["title"] for hit in found["results"])
        feed = [t.split(" – ")[0] for t in feed_titles]
        return listing, api, feed, in_sitemap, searched, pages

    listing, api, feed, sitemap, searched, pages = everywhere()
    assert listing == api == feed == sitemap == searched == ["Bald besetzt", "Bis heute", "Bleibt"]
    assert pages == {"Bis heute": 200, "Bald besetzt": 200, "Bleibt": 200}

    filled.filled = True
    filled.save()
    assert filled.filled_at is not None
    clock_at(berlin(2026, 11, 26, 0, 1))
    listing, api, feed, sitemap, searched, pages = everywhere()
    assert listing == api == feed == sitemap == searched == ["Bleibt"]
    assert pages == {"Bis heute": 404, "Bald besetzt": 404, "Bleibt": 200}
    # The business profile stops showing them too.
    profile = client.get(shop.url).text
    assert "Bleibt" in profile and "Bis heute" not in profile and "Bald besetzt" not in profile


@pytest.mark.clock
@pytest.mark.django_db
def test_the_page_cache_does_not_keep_a_position_past_midnight(
    client, board, shop, clock_at, settings, tmp_path
):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache.generation"
    clock_at(berlin(2026, 11, 25, 23, 30))
    BusinessJobFactory(page=shop, title="Bis heute", valid_until=datetime.date(2026, 11, 25))
    SiteSettings.load()  # created on the first request otherwise, which drops the cache
    for url in ("/arbeit/", shop.url):
        assert client.get(url)["X-Cache"] == "MISS"
        response = client.get(url)
        assert (response["X-Cache"], "Bis heute" in response.text) == ("HIT", True)
    clock_at(berlin(2026, 11, 26, 0, 1))
    for url in ("/arbeit/", shop.url):
        response = client.get(url)
        assert (response["X-Cache"], "Bis heute" in response.text) == ("MISS", False)


@pytest.mark.django_db
def test_unknown_position_is_404(client, board):
    assert client.get("/arbeit/999999/").status_code == 404


@pytest.mark.django_db
def test_business_profile_links_each_position_in_the_visitors_language(client, board, shop):
    job = BusinessJobFactory(page=shop, title="Verkauf")
    german = client.get(shop.url)
    assert f'<a href="/arbeit/{job.pk}/">Verkauf</a>' in german.text
    assert f'<a href="/arbeit/{job.pk}/#interest">Ich habe Interesse</a>' in german.text
    turkish = client.get("/tr" + shop.url, HTTP_REFERER="http://testserver/")
    assert turkish.status_code == 200
    assert f'<a href="/tr/arbeit/{job.pk}/">Verkauf</a>' in turkish.text
    assert f'<a href="/tr/arbeit/{job.pk}/#interest">İlgileniyorum</a>' in turkish.text


@pytest.mark.django_db
def test_each_position_has_one_hreflang_set_in_the_sitemap(client, board, shop):
    job = BusinessJobFactory(page=shop, title="Aushilfe (m/w/d) – Yardımcı")
    turkish = board.copy_for_translation(Locale.objects.get(language_code="tr"), copy_parents=True)
    turkish.save_revision().publish()
    xml = client.get("/sitemap.xml").content.decode()
    german = f"{board.full_url}{job.pk}/"
    turkish_url = f"{turkish.full_url}{job.pk}/"
    assert "/tr/" in turkish_url
    for location in (german, turkish_url):
        assert f"<loc>{location}</loc>" in xml, re.findall(r"<loc>([^<]+)</loc>", xml)
        entry = xml[xml.index(f"<loc>{location}</loc>") :].split("</url>")[0]
        links = re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry)
        assert sorted(links) == sorted([("de", german), ("tr", turkish_url), ("x-default", german)])
