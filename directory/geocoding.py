"""Address → coordinates with geopy (Nominatim or Photon, chosen by settings).

Answers are cached in GeocodeCache so the same address is never asked twice,
requests go through geopy's RateLimiter, and nothing here ever raises: a
geocoder that is slow, broken or unreachable only leaves a business "not yet
on the map" (geocode_status pending), to be retried by `geocode_businesses`."""

import logging
import threading
from dataclasses import dataclass
from decimal import Decimal

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, Photon

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _

from quartier.address import COORDINATE_PLACES
from quartier.geo import distance_m

from .models.location import GeocodeCache, GeocodeStatus, LocationSource

logger = logging.getLogger(__name__)

QUERY_MAX_LENGTH = GeocodeCache._meta.get_field("query").max_length


@dataclass(frozen=True)
class GeocodeResult:
    latitude: Decimal
    longitude: Decimal
    display_name: str = ""


@dataclass(frozen=True)
class Lookup:
    """The outcome of asking: a result, a definite "not found", or an error
    (timeout, HTTP error, server down, geocoder switched off) worth retrying."""

    result: GeocodeResult | None = None
    error: bool = False


_limiters = {}
_limiters_lock = threading.Lock()


def _configuration():
    return (
        settings.GEOCODER,
        settings.GEOCODER_DOMAIN,
        settings.GEOCODER_SCHEME,
        settings.GEOCODER_USER_AGENT,
        float(settings.GEOCODER_TIMEOUT),
        float(settings.GEOCODER_MIN_DELAY_SECONDS),
        settings.GEOCODER_COUNTRY_CODES,
    )


def _rate_limited_geocode():
    """One RateLimiter per configuration, shared by all callers in the process,
    so that the minimum delay holds across pages and commands."""
    config = _configuration()
    with _limiters_lock:
        limiter = _limiters.get(config)
        if limiter is None:
            kind, domain, scheme, user_agent, timeout, min_delay, country_codes = config
            options = {
                "domain": domain,
                "scheme": scheme,
                "user_agent": user_agent,
                "timeout": timeout,
            }
            if kind == "photon":
                geocode = Photon(**options).geocode
                extra = {}
            else:
                geocode = Nominatim(**options).geocode
                extra = {"country_codes": country_codes} if country_codes else {}
            limiter = RateLimiter(
                lambda query, _geocode=geocode, _extra=extra: _geocode(
                    query, exactly_one=True, **_extra
                ),
                min_delay_seconds=min_delay,
                max_retries=0,
                swallow_exceptions=False,
            )
            _limiters[config] = limiter
    return limiter


def normalise_query(query):
    return " ".join(str(query or "").split())[:QUERY_MAX_LENGTH]


def _quantise(value):
    return Decimal(str(value)).quantize(COORDINATE_PLACES)


def lookup(query, retry_not_found=False):
    """Asks the configured geocoder (or the cache). Never raises."""
    query = normalise_query(query)
    if not query or settings.GEOCODER == "none":
        return Lookup(error=True)
    try:
        cached = GeocodeCache.objects.filter(query=query).first()
    except DatabaseError:
        logger.exception("Geocode cache unavailable")
        cached = None
    if cached is not None and (cached.found or not retry_not_found):
        if not cached.found:
            return Lookup()
        return Lookup(result=GeocodeResult(cached.latitude, cached.longitude, cached.display_name))
    try:
        location = _rate_limited_geocode()(query)
    except Exception:  # noqa: BLE001 - any geocoder failure only means "try again later"
        logger.warning("Geocoding failed for %r", query, exc_info=True)
        return Lookup(error=True)
    result = None
    if location is not None:
        try:
            result = GeocodeResult(
                _quantise(location.latitude),
                _quantise(location.longitude),
                str(location.address or "")[:500],
            )
        except (ArithmeticError, TypeError, ValueError):
            logger.warning("Geocoder returned unusable coordinates for %r", query)
            return Lookup(error=True)
    try:
        GeocodeCache.objects.update_or_create(
            query=query,
            defaults={
                "found": result is not None,
                "latitude": result.latitude if result else None,
                "longitude": result.longitude if result else None,
                "display_name": result.display_name if result else "",
            },
        )
    except DatabaseError:
        logger.exception("Could not store geocoding result for %r", query)
    return Lookup(result=result)


def geocode_address(query):
    """Coordinates for an address, or None (not found, failure, geocoder off)."""
    return lookup(query).result


def is_near_district(district, latitude, longitude):
    """True when the point lies within GEOCODER_MAX_DISTANCE_KM of the district's
    centre (no district: nothing to compare, accepted)."""
    if district is None:
        return True
    return (
        distance_m(district.centre_latitude, district.centre_longitude, latitude, longitude) / 1000
        <= settings.GEOCODER_MAX_DISTANCE_KM
    )


def _clear_position(page):
    page.latitude = None
    page.longitude = None
    page.location_source = LocationSource.NONE
    page.geocoded_address = ""


def geocode_business(page, force=False, retry_not_found=False):
    """Finds `page` on the map from its address and records the outcome in
    geocode_status. A manual pin for the current address is never replaced;
    coordinates found far from the district are flagged, not used.
    `force` asks the geocoder even when the coordinates already belong to the
    address. Returns the new status; never raises."""
    Status = GeocodeStatus
    Source = LocationSource
    address = normalise_query(page.address_line)
    has_position = page.latitude is not None and page.longitude is not None
    if has_position and not page.geocoded_address:
        # Coordinates without a known address (typed in, imported): they belong to this one.
        page.geocoded_address = address
    position_is_current = has_position and page.geocoded_address == address
    if position_is_current and (not force or page.location_source == Source.MANUAL):
        page.geocode_status = Status.OK
        return page.geocode_status
    if not address:
        page.geocode_status = Status.PENDING
        return page.geocode_status

    try:
        district = page.district
    except Exception:  # noqa: BLE001 - a dangling district must not block saving
        district = None
    outcome = lookup(address, retry_not_found)
    stale = has_position and not position_is_current
    if outcome.result is None:
        if stale:
            _clear_position(page)
        page.geocode_status = Status.PENDING if outcome.error else Status.FAILED
        if position_is_current:
            page.geocode_status = Status.OK
        return page.geocode_status
    result = outcome.result
    if not is_near_district(district, result.latitude, result.longitude):
        if stale:
            _clear_position(page)
        if not position_is_current:
            page.geocode_status = Status.OUTSIDE
        return page.geocode_status
    page.latitude = result.latitude
    page.longitude = result.longitude
    page.location_source = Source.GEOCODED
    page.geocoded_address = address
    page.geocode_status = Status.OK
    return page.geocode_status


def update_location_on_save(page):
    """Called from BusinessPage.clean() on every draft save and publish.

    Coordinates the editor changed in this edit (pin dragged or typed) become a
    manual pin for the current address; otherwise the address is geocoded when
    it is new or changed. Never raises: saving must not fail because of this."""
    try:
        previous = page.stored_version()
        has_position = page.latitude is not None and page.longitude is not None
        ours = (
            page.location_source == LocationSource.GEOCODED
            and page.geocoded_address == normalise_query(page.address_line)
        )
        moved = not ours and page.moved_since(previous)
        if has_position and (moved or page.location_source == LocationSource.MANUAL):
            if moved or not page.geocoded_address:
                page.location_source = LocationSource.MANUAL
                page.geocoded_address = normalise_query(page.address_line)
        elif moved and not has_position:
            # The editor emptied the coordinates: find the address again.
            page.location_source = LocationSource.NONE
            page.geocoded_address = ""
        geocode_business(page)
    except Exception:  # noqa: BLE001 - geocoding never blocks saving
        logger.exception("Unexpected error while geocoding %r", page)
        page.geocode_status = GeocodeStatus.PENDING


def geocode_warning(page):
    """The warning for an editor, or None when the business is on the map."""
    Status = GeocodeStatus
    if page.geocode_status == Status.FAILED:
        return _(
            "Die Adresse von „%(title)s“ wurde nicht gefunden. Das Geschäft ist noch nicht "
            "auf der Karte. Bitte prüfen Sie die Adresse oder setzen Sie den Punkt auf der "
            "Karte von Hand."
        ) % {"title": page.title}
    if page.geocode_status == Status.OUTSIDE:
        district = page.district.display_name if page.district_id else ""
        return _(
            "Die gefundene Position für „%(title)s“ liegt weit außerhalb des Stadtteils "
            "%(district)s und wurde nicht übernommen. Bitte prüfen Sie die Adresse oder "
            "setzen Sie den Punkt auf der Karte von Hand."
        ) % {"title": page.title, "district": district}
    if page.geocode_status == Status.PENDING or not page.is_on_map:
        return _(
            "„%(title)s“ ist gespeichert, aber noch nicht auf der Karte: Die Adresse konnte "
            "gerade nicht gesucht werden. Wir versuchen es später erneut, oder Sie setzen den "
            "Punkt auf der Karte von Hand."
        ) % {"title": page.title}
    return None
