"""Every absolute link (emails, canonical, sitemap, iCalendar, JSON-LD and
Wagtail's own admin links) uses the site's configured address: BASE_URL when
it is set, else the hostname and port of Wagtail's default Site. A site on a
port other than 8000 never links to :8000."""

import io
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output

import icalendar
import pytest

from django.core import mail
from django.core.management import call_command

from wagtail.models import Site

from directory.owners import invite_owner
from outreach.subscriptions import absolute_url, unsubscribe_url

from ..blog.factories import EventIndexPageFactory, WorkshopPageFactory, at
from ..directory.factories import BusinessPageFactory, make_directory
from ..outreach.factories import SubscriptionFactory

ADDRESS = "http://quartier.example:8001"


@pytest.fixture
def site_on_8001(home_page, settings):
    """A fresh install without BASE_URL, its Site configured on port 8001;
    WAGTAILADMIN_BASE_URL holds what the old default left there."""
    settings.BASE_URL = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "quartier.example", 8001
    site.save()
    return site


@pytest.fixture
def business(home_page):
    return BusinessPageFactory(
        parent=make_directory(home_page), title="Salon Lale", slug="salon-lale"
    )


def links(text):
    return re.findall(r"https?://[^\s\"'<>]+", text)


def assert_all_on(address, urls):
    assert urls
    for url in urls:
        assert url.startswith(address + "/"), url


@pytest.mark.django_db
def test_emails_link_to_the_configured_site(client, site_on_8001, business, settings):
    invite_owner(business, "lale@example.org")
    settings.COORDINATION_EMAIL = "team@quartier.example"
    response = client.post(
        business.url,
        {
            "form": "claim",
            "name": "Ayşe Demir",
            "email": "ayse@example.org",
            "message": "Das ist mein Laden.",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    invitation, claim = mail.outbox
    assert_all_on(ADDRESS, links(invitation.body))
    assert f"{ADDRESS}/admin/password_reset/" in invitation.body
    assert_all_on(ADDRESS, links(claim.body))
    assert f"{ADDRESS}/admin/snippets/directory/businessclaim/edit/" in claim.body


@pytest.mark.django_db
def test_pages_feeds_and_structured_data_link_to_the_configured_site(
    client, site_on_8001, business
):
    page = client.get(business.url).text
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    assert canonical == f"{ADDRESS}/verzeichnis/salon-lale/"
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(data.group(1))["url"] == canonical

    sitemap = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locations = [element.text for element in sitemap.iter() if element.tag.endswith("loc")]
    assert_all_on(ADDRESS, locations)

    events = EventIndexPageFactory(parent=site_on_8001.root_page)
    WorkshopPageFactory(parent=events, title="Sicher online", dates=[(at(3, 10), at(3, 12))])
    calendar = icalendar.Calendar.from_ical(client.get("/api/events.ics").content)
    for event in calendar.walk("VEVENT"):
        assert str(event["url"]).startswith(ADDRESS + "/")
        assert str(event["uid"]).endswith("@quartier.example")


@pytest.mark.django_db
def test_wagtail_admin_links_follow_the_site(client, site_on_8001, settings):
    client.get("/healthz/")
    assert settings.WAGTAILADMIN_BASE_URL == ADDRESS
    site_on_8001.hostname, site_on_8001.port = "quartier.example", 443
    site_on_8001.save()
    client.get("/healthz/")
    assert settings.WAGTAILADMIN_BASE_URL == "https://quartier.example"


@pytest.mark.django_db
def test_explicit_base_url_wins(client, site_on_8001, business, settings):
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = "https://quartier.example"
    invite_owner(business, "lale@example.org")
    assert_all_on("https://quartier.example", links(mail.outbox[0].body))
    client.get("/healthz/")
    assert settings.WAGTAILADMIN_BASE_URL == "https://quartier.example"


@pytest.mark.django_db
def test_demo_loader_gives_the_site_the_address_it_runs_on(home_page, settings):
    settings.BASE_URL = ""
    call_command(
        "load_demo_data", "--no-users", "--site-url", "http://127.0.0.1:8001", stdout=io.StringIO()
    )
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8001, "http://127.0.0.1:8001")


@pytest.mark.django_db
def test_digest_unsubscribe_links_from_cron_go_to_the_configured_site(site_on_8001):
    """send_digest runs from cron, without a request."""
    subscription = SubscriptionFactory(email="rüdiger@example.org", language="bg")
    assert unsubscribe_url(subscription).startswith(f"{ADDRESS}/")
    assert absolute_url("/bg/") == f"{ADDRESS}/bg/"
