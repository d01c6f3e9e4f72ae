"""The programme's figures for its funders, per district and month, from the
database in a constant number of queries whatever the number of businesses,
positions or registrations (each figure is one grouped query; Python only
adds up the groups).

Months are calendar months in the site's zone. Definitions:

- businesses_live: active, live businesses first published by the month's end
  (a business closed since counts until the month its closing was published);
- businesses_new: first published in the month;
- businesses_closed: status "dauerhaft geschlossen", published in the month;
- profiles_confirmed: "Zuletzt geprüft" within the 180 days before the month's end;
- owners_editing: businesses whose owner saved a change to their profile in the month;
- positions_posted / positions_filled: positions put online / marked filled in the month;
- interests: "Ich habe Interesse" requests forwarded to the job coaches in the month;
- campaigns / campaign_businesses: campaigns running in the month with businesses of
  the district, and those businesses;
- registrations / waitlisted / attended: places of workshops that began in the month,
  by the district of the venue's postcode (kept after the personal data is purged).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from wagtail.models import Revision

from blog.models import CampaignPage, Registration, WorkshopPage
from directory.models import BusinessJob, BusinessOwnership, BusinessPage, District
from jobs.models import JobInterest
from quartier.clock import local_today, site_zone, start_of_day
from quartier.i18n import default_content_language

CONFIRMED_WITHIN_DAYS = 180
COLUMNS = [
    ("month", _("Monat")),
    ("district", _("Stadtteil")),
    ("businesses_live", _("Geschäfte online")),
    ("businesses_new", _("Geschäfte neu")),
    ("businesses_closed", _("Geschäfte geschlossen")),
    ("profiles_confirmed", _("Profile in den letzten 180 Tagen bestätigt")),
    ("owners_editing", _("Inhaber pflegen ihr Profil selbst")),
    ("positions_posted", _("Stellen ausgeschrieben")),
    ("positions_filled", _("Stellen besetzt")),
    ("interests", _("Interesse an Stellen weitergeleitet")),
    ("campaigns", _("Gemeinsame Aktionen")),
    ("campaign_businesses", _("Geschäfte in Aktionen")),
    ("registrations", _("Workshop-Anmeldungen")),
    ("waitlisted", _("Warteliste")),
    ("attended", _("Teilgenommen")),
]
FIGURES = [key for key, _label in COLUMNS[2:]]


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, value):
        """The month of a date, or of an aware datetime in the site's zone."""
        if isinstance(value, datetime.datetime):
            value = value.astimezone(site_zone()).date()
        return cls(value.year, value.month)

    @classmethod
    def parse(cls, text):
        """ "2026-11" → Month(2026, 11); raises ValueError."""
        year, month = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValueError(text)
        return cls(year, month)

    def next(self):
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self):
        return self.next().first_day - datetime.timedelta(days=1)

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    def __lt__(self, other):
        return (self.year, self.month) < (other.year, other.month)

    def __le__(self, other):
        return (self.year, self.month) <= (other.year, other.month)


def months_between(first, last):
    months = []
    current = first
    while current <= last:
        months.append(current)
        current = current.next()
    return months


def default_range(today=None):
    """The last twelve months up to the current one."""
    last = Month.of(today or local_today())
    first = last
    for _step in range(11):
        first = Month(first.year - (first.month == 1), (first.month - 2) % 12 + 1)
    return first, last


def _month_trunc(field):
    return TruncMonth(field, tzinfo=site_zone())


def _source(queryset):
    return queryset.filter(locale__language_code=default_content_language())


def _grouped(queryset, district_field, time_field):
    """{(district_id, Month): count} of rows whose `time_field` is set."""
    rows = (
        queryset.filter(**{f"{time_field}__isnull": False})
        .annotate(period=_month_trunc(time_field))
        .values(district_field, "period")
        .annotate(n=Count("pk"))
    )
    return {(row[district_field], Month.of(row["period"])): row["n"] for row in rows}


def _businesses(table, months):
    """Live, new and closed businesses: one grouped query over the source tree."""
    rows = (
        _source(BusinessPage.objects.filter(live=True, first_published_at__isnull=False))
        .annotate(
            first_month=_month_trunc("first_published_at"),
            last_month=_month_trunc("last_published_at"),
        )
        .values("district_id", "status", "first_month", "last_month")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        district, first = row["district_id"], Month.of(row["first_month"])
        closed = row["status"] == BusinessPage.Status.CLOSED
        closed_in = Month.of(row["last_month"]) if closed and row["last_month"] else None
        for month in months:
            cell = table[(district, month)]
            if first == month:
                cell["businesses_new"] += row["n"]
            if closed_in == month:
                cell["businesses_closed"] += row["n"]
            active = row["status"] == BusinessPage.Status.ACTIVE or (
                closed_in is not None and month < closed_in
            )
            if first <= month and active:
                cell["businesses_live"] += row["n"]


def _confirmed(table, months):
    rows = (
        _source(BusinessPage.objects.live().filter(last_checked__isnull=False))
        .values("district_id", "last_checked")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        for month in months:
            end = month.last_day
            if end - datetime.timedelta(days=CONFIRMED_WITHIN_DAYS) < row["last_checked"] <= end:
                table[(row["district_id"], month)]["profiles_confirmed"] += row["n"]


def _owners_editing(table, first, last):
    """Businesses whose owner (BusinessOwnership, not the coordination team)
    saved a revision of it in the month: three queries, compared in Python
    (Revision.object_id is text, page ids are numbers)."""
    owned = defaultdict(set)
    for user_id, business_id in BusinessOwnership.objects.values_list("user_id", "business_id"):
        owned[user_id].add(business_id)
    revisions = (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(BusinessPage),
            created_at__gte=start_of_day(first.first_day),
            created_at__lt=start_of_day(last.next().first_day),
            user_id__in=list(owned),
        )
        .annotate(period=_month_trunc("created_at"))
        .values_list("object_id", "user_id", "period")
        .distinct()
    )
    pairs = {
        (int(object_id), Month.of(period))
        for object_id, user_id, period in revisions
        if int(object_id) in owned[user_id]
    }
    districts = dict(
        BusinessPage.objects.filter(pk__in={pk for pk, _month in pairs}).values_list(
            "pk", "district_id"
        )
    )
    for pk, month in pairs:
        table[(districts.get(pk), month)]["owners_editing"] += 1


def _campaigns(table, months):
    campaigns = list(
        _source(CampaignPage.objects.live()).values_list("pk", "start_date", "end_date")
    )
    through = CampaignPage.participating_businesses.through
    participants = defaultdict(set)
    for campaign_id, business_id, district_id in through.objects.filter(
        campaignpage_id__in=[pk for pk, _start, _end in campaigns]
    ).values_list("campaignpage_id", "businesspage_id", "businesspage__district_id"):
        participants[campaign_id].add((business_id, district_id))
    for month in months:
        campaigns_in = defaultdict(set)
        businesses_in = defaultdict(set)
        for pk, start, end in campaigns:
            if start <= month.last_day and end >= month.first_day:
                for business_id, district_id in participants[pk]:
                    campaigns_in[district_id].add(pk)
                    businesses_in[district_id].add(business_id)
        for district_id, found in campaigns_in.items():
            table[(district_id, month)]["campaigns"] += len(found)
            table[(district_id, month)]["campaign_businesses"] += len(businesses_in[district_id])


def _workshops(table, districts, first, last):
    by_postcode = {}
    for district in districts:
        for postcode in district.postcodes.split(","):
            by_postcode.setdefault(postcode.strip(), district.pk)
    workshops = {
        pk: (by_postcode.get(postcode.strip()), Month.of(first_start))
        for pk, postcode, first_start in _source(WorkshopPage.objects.with_schedule())
        .filter(first_start__isnull=False)
        .values_list("pk", "venue_postcode", "first_start")
    }
    rows = (
        Registration.objects.filter(workshop_id__in=list(workshops))
        .values("workshop_id", "status", "attended")
        .annotate(places=Sum("places"))
    )
    for row in rows:
        district_id, month = workshops[row["workshop_id"]]
        if not first <= month <= last:
            continue
        cell = table[(district_id, month)]
        if row["status"] == Registration.Status.CONFIRMED:
            cell["registrations"] += row["places"]
        elif row["status"] == Registration.Status.WAITLISTED:
            cell["waitlisted"] += row["places"]
        if row["attended"]:
            cell["attended"] += row["places"]


def programme_figures(first, last):
    """Rows {"month", "district", figure: count, …} for every month from
    `first` to `last` and every district, in district order. Fourteen queries
    whatever the amount of data."""
    months = months_between(first, last)
    districts = list(District.objects.all())
    table = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    start, end = start_of_day(first.first_day), start_of_day(last.next().first_day)

    _businesses(table, months)
    _confirmed(table, months)
    _owners_editing(table, first, last)
    jobs = BusinessJob.objects.filter(page__locale__language_code=default_content_language())
    for key, time_field in (("positions_posted", "posted_at"), ("positions_filled", "filled_at")):
        in_range = jobs.filter(**{f"{time_field}__gte": start, f"{time_field}__lt": end})
        for (district_id, month), count in _grouped(
            in_range, "page__district_id", time_field
        ).items():
            table[(district_id, month)][key] += count
    interests = JobInterest.objects.filter(created_at__gte=start, created_at__lt=end)
    for (district_id, month), count in _grouped(interests, "district_id", "created_at").items():
        table[(district_id, month)]["interests"] += count
    _campaigns(table, months)
    _workshops(table, districts, first, last)

    rows = []
    for month in months:
        for district in districts:
            rows.append({"month": month, "district": district, **table[(district.pk, month)]})
    return rows
