"""Counting profile views and contact clicks per business and month, on the
server: no cookie, no beacon, no address stored. Requests from bots (by their
User-Agent) and from signed-in accounts (owners checking their own page, the
team at work) are not counted."""

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from directory.models import BusinessPage
from quartier import counters
from quartier.clock import local_today

from .models import BusinessStatistic

Kind = BusinessStatistic.Kind
COUNTER = "freshness.statistics"

# Crawlers, link previewers, monitors and scripted clients. An empty
# User-Agent counts as a bot too: browsers always send one.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|"
    r"monitor|pingdom|uptime|lighthouse|headless|phantomjs|"
    r"curl|wget|httpie|python-|requests|aiohttp|go-http-client|java/|okhttp|libwww|scrapy",
    re.IGNORECASE,
)


def is_bot(request):
    user_agent = request.META.get("HTTP_USER_AGENT", "").strip()
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def is_countable(request):
    """A person's visit: a GET, not a bot, not a signed-in account."""
    if request.method != "GET" or is_bot(request):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def month_of(day):
    return day.replace(day=1)


def count(business_id, kind, today=None):
    """Adds one to the business's counter of `kind` this month, in the
    process's buffer (quartier.counters): written with the next flush, so a
    profile view writes nothing itself."""
    month = month_of(today or local_today())
    counters.add(COUNTER, (business_id, month, kind))


def write_counts(amounts):
    """Flushes {(business_id, month, kind): amount}: one UPDATE with F() per
    row, or an INSERT for the month's first; a business deleted meanwhile is
    skipped."""
    for (business_id, month, kind), amount in amounts.items():
        rows = BusinessStatistic.objects.filter(business_id=business_id, month=month, kind=kind)
        if rows.update(count=F("count") + amount):
            continue
        if not BusinessPage.objects.filter(pk=business_id).exists():
            continue
        try:
            with transaction.atomic():
                BusinessStatistic.objects.create(
                    business_id=business_id, month=month, kind=kind, count=amount
                )
        except IntegrityError:  # another process created it first
            rows.update(count=F("count") + amount)


def monthly_counts(businesses, months):
    """{(translation_key, month): {kind: count}} for the given businesses
    (every language's page of each) and months, in one query."""
    keys = {business.translation_key for business in businesses}
    rows = (
        BusinessStatistic.objects.filter(business__translation_key__in=keys, month__in=months)
        .values("business__translation_key", "month", "kind")
        .annotate(total=Sum("count"))
    )
    result = {}
    for row in rows:
        key = (row["business__translation_key"], row["month"])
        result.setdefault(key, {})[row["kind"]] = row["total"]
    return result


def previous_month(day):
    return month_of(month_of(day) - datetime.timedelta(days=1))


def summary(business, months):
    """[(month, [(label, count) for each kind])] for one business."""
    counts = monthly_counts([business], months)
    return [
        (
            month,
            [
                (kind.label, counts.get((business.translation_key, month), {}).get(kind.value, 0))
                for kind in Kind
            ],
        )
        for month in months
    ]
