"""iCalendar (RFC 5545) output for campaigns and workshops. Campaigns are
all-day events (dates); workshop sessions are UTC instants, which every
calendar shows in its own zone. (A VTIMEZONE generated from the zone's
transitions is one long RDATE list that ical.js reads only the first value
of: every summer-time event came out an hour late.)

Summary, description and URL come from the page the visitor asked for, in
its language; dates, venue and UIDs from the German original, which every
translation shares."""

import datetime

import icalendar

from django.conf import settings
from django.utils import timezone

from quartier import site_address
from quartier.text import one_line

PRODID = "-//Quartier//Termine//DE"


def _domain():
    return site_address.hostname()


def campaign_uid(campaign):
    return f"campaign-{campaign.pk}@{_domain()}"


def workshop_date_uid(date):
    # The date row keeps its primary key when the page is edited, so the UID
    # stays the same when a session is moved.
    return f"workshop-{date.page_id}-{date.pk}@{_domain()}"


def new_calendar(name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _url(page, request):
    return page.get_full_url(request) or ""


def campaign_events(campaign, request=None):
    facts = campaign.canonical()
    event = icalendar.Event()
    event.add("uid", campaign_uid(facts))
    event.add("dtstamp", _stamp(campaign))
    event.add("summary", campaign.title)
    # All-day event; DTEND is exclusive.
    event.add("dtstart", facts.start_date)
    event.add("dtend", facts.end_date + datetime.timedelta(days=1))
    if campaign.teaser:
        event.add("description", campaign.teaser)
    if facts.location_list:
        event.add("location", "; ".join(facts.location_list))
    url = _url(campaign, request)
    if url:
        event.add("url", url)
    event.add("categories", ["Aktion"])
    return [event]


def workshop_events(workshop, request=None):
    facts = workshop.canonical()
    events = []
    url = _url(workshop, request)
    for date in facts.sorted_dates():
        event = icalendar.Event()
        event.add("uid", workshop_date_uid(date))
        event.add("dtstamp", _stamp(workshop))
        event.add("summary", workshop.title)
        event.add("dtstart", date.start.astimezone(datetime.UTC))
        event.add("dtend", date.end.astimezone(datetime.UTC))
        location = ", ".join(part for part in (facts.venue_name, facts.venue_address) if part)
        if location:
            event.add("location", location)
        if facts.is_on_map:
            event.add("geo", (float(facts.venue_latitude), float(facts.venue_longitude)))
        if workshop.teaser:
            event.add("description", workshop.teaser)
        if url:
            event.add("url", url)
        event.add("categories", ["Workshop"])
        events.append(event)
    return events


def _stamp(page):
    moment = page.last_published_at or page.latest_revision_created_at or timezone.now()
    return moment.astimezone(datetime.UTC)


def events_for(page, request=None):
    """The calendar events of a campaign or a workshop (their `kind`)."""
    kind = getattr(page, "kind", None)
    if kind == "campaign":
        return campaign_events(page, request)
    if kind == "workshop":
        return workshop_events(page, request)
    return []


def calendar_bytes(pages, name, request=None):
    calendar = new_calendar(name)
    for page in pages:
        for event in events_for(page, request):
            calendar.add_component(event)
    return calendar.to_ical()
