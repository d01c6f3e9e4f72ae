"""schema.org Event data for workshops and campaigns, in the page's language,
with what Google's event search documents as required (name, startDate,
location with an address) and recommended (description, endDate, eventStatus,
eventAttendanceMode, image, offers, organizer). A workshop with several dates
is one Event per date: Google lists each date on its own."""

from django.conf import settings
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from directory.templatetags.directory_tags import json_for_script
from quartier.chrome import chrome_for
from quartier.clock import site_zone

SCHEMA = "https://schema.org/"
STATUS = {
    "scheduled": "EventScheduled",
    "postponed": "EventPostponed",
    "cancelled": "EventCancelled",
}


def _postal_address(street="", postcode="", locality=""):
    address = {
        "@type": "PostalAddress",
        "streetAddress": street,
        "postalCode": postcode,
        "addressLocality": locality,
        "addressRegion": settings.HOLIDAYS_SUBDIVISION,
        "addressCountry": settings.HOLIDAYS_COUNTRY,
    }
    return {key: value for key, value in address.items() if value}


def _image_url(page, request):
    if not page.image_id:
        return None
    return request.build_absolute_uri(page.image.get_rendition("max-1200x1200").url)


def _organizer(request):
    """The programme, named as the home page's Organization names it."""
    return {
        "@type": "Organization",
        "name": chrome_for(request)["programme_name"],
        "url": request.build_absolute_uri("/"),
    }


def _common(page, facts, request, description):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": description or page.title,
        "url": page.get_full_url(request),
        "eventStatus": SCHEMA + STATUS[facts.event_status],
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "inLanguage": page.locale.language_code,
        "organizer": _organizer(request),
    }
    image = _image_url(page, request) or _image_url(facts, request)
    if image:
        data["image"] = [image]
    return data


def workshop_events(page, facts, request, places_left):
    """One Event per date of the workshop `page` (in its language); `facts` is
    the German original, which keeps dates, venue and registrations."""
    street = " ".join(part for part in (facts.venue_street, facts.venue_house_number) if part)
    location = {
        "@type": "Place",
        "name": facts.venue_name,
        "address": _postal_address(street, facts.venue_postcode, facts.venue_city),
    }
    if facts.is_on_map:
        location["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(facts.venue_latitude),
            "longitude": float(facts.venue_longitude),
        }
    open_for_registration = facts.registration_closed_reason() is None
    offer = {
        "@type": "Offer",
        "price": f"{facts.cost:.2f}",
        "priceCurrency": "EUR",
        "url": page.get_full_url(request),
        "availability": SCHEMA
        + ("InStock" if open_for_registration and places_left > 0 else "SoldOut"),
    }
    if facts.registration_closes_at:
        offer["validThrough"] = _local(facts.registration_closes_at)
    description = page.teaser or strip_tags(page.description)
    events = []
    for date in facts.sorted_dates():
        event = _common(page, facts, request, description)
        event.update(
            startDate=_local(date.start),
            endDate=_local(date.end),
            location=location,
            offers=offer,
        )
        events.append(event)
    return events


def campaign_events(page, facts, request):
    """The campaign `page` (in its language) as one Event over its days."""
    places = facts.location_list or [facts.title]
    event = _common(page, facts, request, page.teaser)
    event.update(
        startDate=_local(facts.starts_at),
        endDate=_local(facts.ends_at),
        location=[
            {"@type": "Place", "name": place, "address": _postal_address(place)} for place in places
        ],
        offers={
            "@type": "Offer",
            "price": "0.00",
            "priceCurrency": "EUR",
            "url": page.get_full_url(request),
            "availability": SCHEMA + "InStock",
        },
    )
    return [event]


def _local(moment):
    """An ISO 8601 instant with the site's offset (+01:00 or +02:00)."""
    return moment.astimezone(site_zone()).isoformat()


def json_ld_script(events):
    """<script type="application/ld+json"> with the events, escaped like
    json_script (CSP allows it: JSON scripts are not executed)."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_for_script(events)),  # noqa: S308 - escaped by json_for_script
    )
