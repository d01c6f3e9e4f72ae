"""The weekly digest: what was published since the last one, per subscriber's
language, topics and districts. Plain text, no tracking: no pixels, no
redirecting links, only the pages' own addresses."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from wagtail.models import Locale

from blog.models import CampaignPage, NewsPage, WorkshopPage
from directory.models import BusinessJob, BusinessPage, District
from quartier.clock import local_today
from quartier.page_urls import full_url

from .models import DigestRun, Subscription
from .printing import localized, platform_name
from .subscriptions import purge_expired, unsubscribe_url

logger = logging.getLogger(__name__)


@dataclass
class Item:
    """One entry of the digest. `districts` None: of interest in every district."""

    topic: str
    page: object
    districts: frozenset | None = None
    when: object = None
    job: object = None
    _localized: dict = field(default_factory=dict, repr=False)

    def concerns(self, district_ids):
        return not district_ids or self.districts is None or bool(self.districts & district_ids)

    def in_language(self, language):
        """(page, url) in `language`, looked up once per language and item."""
        if language not in self._localized:
            page = localized(self.page, language)
            self._localized[language] = (page, full_url(page, language))
        return self._localized[language]


@dataclass
class Digest:
    since: datetime.datetime
    until: datetime.datetime
    items: list = field(default_factory=list)


def _postcode_districts():
    """Postcode → ids of the districts that list it."""
    mapping = {}
    for district in District.objects.all():
        for postcode in district.postcodes.split(","):
            if postcode.strip():
                mapping.setdefault(postcode.strip(), set()).add(district.pk)
    return mapping


def collect(since, until):
    """What is new in (since, until]: pages of the source-language tree first
    published then that are not over yet, and open positions created then
    (BusinessJob.created_at) or of a business first published then (a
    position entered while its business was still a draft)."""
    locale = Locale.get_default()
    now, today = until, local_today(until)
    published = Q(first_published_at__gt=since, first_published_at__lte=until)
    items = []

    postcodes = _postcode_districts()
    workshops = (
        WorkshopPage.objects.live()
        .public()
        .filter(published, locale=locale)
        .upcoming(now)
        .prefetch_related("dates")
        .order_by("next_start", "pk")
    )
    for workshop in workshops:
        districts = postcodes.get(workshop.venue_postcode.strip())
        items.append(
            Item(
                "workshops",
                workshop,
                frozenset(districts) if districts else None,
                when=workshop.next_start,
            )
        )

    campaigns = (
        CampaignPage.objects.live()
        .public()
        .filter(published, locale=locale)
        .upcoming(today)
        .prefetch_related("participating_businesses")
        .order_by("start_date", "pk")
    )
    for campaign in campaigns:
        districts = {
            b.district_id for b in campaign.participating_businesses.all() if b.district_id
        }
        items.append(Item("campaigns", campaign, frozenset(districts) if districts else None))

    news = (
        NewsPage.objects.live().public().filter(published, locale=locale).order_by("-date", "-pk")
    )
    items.extend(Item("news", page) for page in news)

    live_businesses = BusinessPage.objects.live().public().listed().filter(locale=locale)
    new_jobs = Q(created_at__gt=since, created_at__lte=until) | Q(
        page__first_published_at__gt=since, page__first_published_at__lte=until
    )
    jobs = (
        BusinessJob.objects.filter(new_jobs, page__in=live_businesses)
        .open(today)
        .select_related("page")
        .order_by("page__title", "sort_order", "pk")
    )
    items.extend(Item("jobs", job.page, frozenset({job.page.district_id}), job=job) for job in jobs)
    return items


def prepare(now=None):
    """The digest due now: since the last run (or NEWSLETTER_FIRST_DIGEST_DAYS)."""
    now = now or timezone.now()
    previous = DigestRun.objects.order_by("-started_at", "-pk").first()
    if previous is not None:
        since = previous.started_at
    else:
        since = now - datetime.timedelta(days=settings.NEWSLETTER_FIRST_DIGEST_DAYS)
    return Digest(since, now, collect(since, now))


def items_for(subscription, items):
    """The items one subscriber chose, in the order of `items`."""
    topics = subscription.topics()
    district_ids = {district.pk for district in subscription.districts.all()}
    return [item for item in items if item.topic in topics and item.concerns(district_ids)]


def build_message(subscription, items, connection=None, platform=None):
    """The digest mail for one subscriber, in their language, with a
    one-click unsubscribe link (RFC 8058) in the headers and the text."""
    language = subscription.language
    unsubscribe = unsubscribe_url(subscription)
    with translation.override(language):
        sections = []
        for topic, heading in topic_headings():
            entries = []
            for item in items:
                if item.topic == topic:
                    page, url = item.in_language(language)
                    entries.append(
                        {
                            "page": page,
                            "url": url,
                            "when": item.when,
                            "job": item.job,
                        }
                    )
            if entries:
                sections.append({"topic": topic, "heading": heading, "entries": entries})
        context = {
            "sections": sections,
            "unsubscribe_url": unsubscribe,
            "platform_name": platform or platform_name(),
        }
        subject = render_to_string("emails/outreach/digest_subject.txt", context)
        body = render_to_string("emails/outreach/digest.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        connection=connection,
    )


def topic_headings():
    """(topic, heading) in the active language."""
    return [
        ("workshops", gettext("Neue Workshops")),
        ("campaigns", gettext("Neue gemeinsame Aktionen")),
        ("jobs", gettext("Neue Stellen und Ausbildungsplätze")),
        ("news", gettext("Neuigkeiten")),
    ]


@dataclass
class Result:
    items: int
    recipients: int
    purged: int
    failed: int = 0


def send_digest(now=None, dry_run=False):
    """Sends the digest to every confirmed subscriber who has something new;
    nothing at all when nothing is new. Deletes expired opt-ins first. A dry
    run sends and records nothing. Queries do not grow with the number of
    subscribers (each item is localized once per language)."""
    now = now or timezone.now()
    purged = 0 if dry_run else purge_expired(now)
    digest = prepare(now)
    recipients = failed = 0
    if digest.items:
        subscriptions = Subscription.objects.confirmed().prefetch_related("districts")
        connection = None if dry_run else get_connection()
        platform = platform_name()
        for subscription in subscriptions.iterator(chunk_size=500):
            chosen = items_for(subscription, digest.items)
            if not chosen:
                continue
            if dry_run:
                recipients += 1
                continue
            try:
                build_message(subscription, chosen, connection, platform).send()
            except Exception:  # noqa: BLE001 - one bad address must not stop the others
                logger.exception("Digest to subscription %s failed", subscription.pk)
                failed += 1
            else:
                recipients += 1
    if not dry_run:
        DigestRun.objects.create(started_at=now, recipients=recipients)
    return Result(items=len(digest.items), recipients=recipients, purged=purged, failed=failed)
