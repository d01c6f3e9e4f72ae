"""The feeds are valid for the programs that read them: Atom (RFC 4287) with
entry ids that are IRIs and stay the same, RSS 2.0 that parses, iCalendar
(RFC 5545) with the properties every event needs."""

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output
from urllib.parse import urlsplit

import icalendar
import pytest

from .factories import (
    CampaignPageFactory,
    EventIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    WorkshopPageFactory,
    at,
)

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3987: scheme ":" and no character an IRI may not contain.
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+$")
# RFC 4151: tag:authority,date:specific
TAG_URI = re.compile(r"^tag:[A-Za-z0-9.\-@]+,\d{4}(-\d{2}(-\d{2})?)?:\S+$")


def assert_iri(value):
    assert ABSOLUTE_IRI.match(value), f"not an absolute IRI: {value!r}"
    parts = urlsplit(value)
    if parts.scheme == "tag":
        assert TAG_URI.match(value), value
    else:
        assert parts.scheme in ("http", "https") and parts.netloc, value


@pytest.fixture
def news(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    first = NewsPageFactory(parent=index, title="Meldung eins", teaser="Erste", author="")
    second = NewsPageFactory(parent=index, title="Meldung zwei", teaser="Zweite", author="")
    for page in (first, second):
        page.save_revision().publish()
    return index, [first, second]


def atom_entry_ids(client, index):
    response = client.get(index.url + "feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == ATOM + "feed"
    return root


@pytest.mark.django_db
def test_atom_feed_is_valid_with_iri_entry_ids(client, news):
    index, pages = news
    root = atom_entry_ids(client, index)
    for element in (root, *root.findall(ATOM + "entry")):
        for name in ("id", "title", "updated"):
            assert len(element.findall(ATOM + name)) == 1, (element.tag, name)
        assert_iri(element.findtext(ATOM + "id"))
        for link in element.findall(ATOM + "link"):
            assert_iri(link.get("href"))
    entries = root.findall(ATOM + "entry")
    assert len(entries) == len(pages)
    ids = [entry.findtext(ATOM + "id") for entry in entries]
    assert len(set(ids)) == len(ids)
    # RFC 4287 4.1.1: a feed without an author needs one in every entry.
    assert root.find(f"{ATOM}author/{ATOM}name") is not None or all(
        entry.find(f"{ATOM}author/{ATOM}name") is not None for entry in entries
    )


@pytest.mark.django_db
def test_atom_entry_ids_survive_edits(client, news):
    index, pages = news
    before = [e.findtext(ATOM + "id") for e in atom_entry_ids(client, index).iter(ATOM + "entry")]
    for page in pages:
        page.title += " (korrigiert)"
        page.slug += "-korrigiert"
        page.save_revision().publish()
    after = [e.findtext(ATOM + "id") for e in atom_entry_ids(client, index).iter(ATOM + "entry")]
    assert sorted(after) == sorted(before)


@pytest.mark.django_db
def test_rss_feed_parses_with_guids_and_absolute_links(client, news):
    index, pages = news
    response = client.get(index.url + "feed/rss/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name), name
    items = channel.findall("item")
    assert {item.findtext("title") for item in items} == {page.title for page in pages}
    for item in items:
        assert_iri(item.findtext("link"))
        assert_iri(item.findtext("guid"))


@pytest.mark.django_db
def test_icalendar_feeds_parse_with_required_properties(client, home_page):
    events = EventIndexPageFactory(parent=home_page)
    CampaignPageFactory(parent=events, title="Herbstwochen")
    workshop = WorkshopPageFactory(
        parent=events, title="Sicher online", dates=[(at(3, 10), at(3, 12))]
    )
    for url in ("/api/events.ics", f"/api/events/{workshop.pk}.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/calendar")
        assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
        calendar = icalendar.Calendar.from_ical(response.content)
        assert str(calendar["version"]) == "2.0" and calendar["prodid"]
        vevents = calendar.walk("VEVENT")
        assert vevents, url
        uids = [str(event["uid"]) for event in vevents]
        assert len(set(uids)) == len(uids)
        for event in vevents:
            for name in ("uid", "dtstamp", "dtstart", "summary"):
                assert name in event, (url, name)
            assert_iri(str(event["url"]))
