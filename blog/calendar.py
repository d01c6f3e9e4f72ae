"""iCalendar (RFC 5545) output for campaigns and workshops. Campaigns are
all-day events (dates); workshop sessions carry their local time with
`TZID` of the site's zone and a VTIMEZONE that knows its daylight-saving
rules, so calendars show them right on both sides of a change."""

import datetime

import icalendar

from django.conf import settings
from django.utils import timezone

from quartier import site_address
from quartier.clock import site_zone
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
    event = icalendar.Event()
    event.add("uid", campaign_uid(campaign))
    event.add("dtstamp", _stamp(campaign))
    event.add("summary", campaign.title)
    # All-day event; DTEND is exclusive.
    event.add("dtstart", campaign.start_date)
    event.add("dtend", campaign.end_date + datetime.timedelta(days=1))
    if campaign.teaser:
        event.add("description", campaign.teaser)
    if campaign.location_list:
        event.add("location", "; ".join(campaign.location_list))
    url = _url(campaign, request)
    if url:
        event.add("url", url)
    event.add("categories", ["Aktion"])
    return [event]


def _local_time(moment):
    """`moment` as local time with TZID of the site's zone; the second
    occurrence of a time the clocks show twice (02:30 after they went back)
    in UTC instead, since calendars read an ambiguous local time as the first
    (RFC 5545, 3.3.5)."""
    local = moment.astimezone(site_zone())
    if local.fold and local.utcoffset() != local.replace(fold=0).utcoffset():
        return moment.astimezone(datetime.UTC)
    return local


def workshop_events(workshop, request=None):
    events = []
    url = _url(workshop, request)
    for date in workshop.sorted_dates():
        event = icalendar.Event()
        event.add("uid", workshop_date_uid(date))
        event.add("dtstamp", _stamp(workshop))
        event.add("summary", workshop.title)
        event.add("dtstart", _local_time(date.start))
        event.add("dtend", _local_time(date.end))
        location = ", ".join(part for part in (workshop.venue_name, workshop.venue_address) if part)
        if location:
            event.add("location", location)
        if workshop.is_on_map:
            event.add("geo", (float(workshop.venue_latitude), float(workshop.venue_longitude)))
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
    calendar.add_missing_timezones()
    return calendar.to_ical()
