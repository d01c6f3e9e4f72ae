"""The site's clock. Times are stored in UTC and shown in the site's zone
(`TIME_ZONE`, Europe/Berlin in the first deployment); every "today" and every
date people see is a date in that zone, never the machine's or UTC's.

Dates and instants are compared only after turning one into the other with
these helpers: a date becomes the instant its day begins (`start_of_day`), an
instant becomes its date (`local_date`)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def site_zone():
    return ZoneInfo(settings.TIME_ZONE)


def local_now(now=None):
    """`now` (default: the current instant) in the site's zone."""
    return (now or timezone.now()).astimezone(site_zone())


def local_date(moment):
    """The date of an aware `moment` in the site's zone."""
    return moment.astimezone(site_zone()).date()


def local_today(now=None):
    """Today's date in the site's zone (at `now`, default: the current instant)."""
    return local_now(now).date()


def start_of_day(day):
    """The instant `day` begins in the site's zone (00:00 local time; days are
    23 or 25 hours long across a change of daylight-saving time), in UTC:
    Python compares and subtracts two datetimes of one zone by wall time."""
    local = datetime.datetime.combine(day, datetime.time.min, tzinfo=site_zone())
    return local.astimezone(datetime.UTC)


def end_of_day(day):
    """The instant `day` ends (exclusive): the start of the following day."""
    return start_of_day(day + datetime.timedelta(days=1))
