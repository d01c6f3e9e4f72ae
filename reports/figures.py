"""The programme's figures for its funders, per district and month, from the
database in a constant number of queries whatever the number of businesses,
positions or registrations (each figure is one grouped query; Python only
adds up the groups).

Months are calendar months in the site's zone. Definitions:

Businesses' states, owners' edits and positions are read from the history
that reports.signal_handlers records as things happen (reports.models), so a
figure of a past month stays what it was whatever changes later (a business
re-published after closing, a profile confirmed again, an owner who leaves, a
position deleted). Before that history existed, migration 0002 filled it on
stated assumptions.

- businesses_live: businesses online and active at the month's end;
- businesses_new: online for the first time in the month;
- businesses_closed: changed to "dauerhaft geschlossen" in the month;
- profiles_confirmed: online at the month's end with "Zuletzt geprüft", as it
  stood then, within the 180 days before the month's end;
- owners_editing: businesses whose owner (a member of its owner group at that
  moment) saved a change to their profile in the month;
- positions_posted / positions_filled: positions created / first marked filled
  in the month;
- interests: "Ich habe Interesse" requests forwarded to the job coaches in the month;
- campaigns / campaign_businesses: campaigns running in the month with businesses of
  the district, and those businesses;
- registrations / waitlisted / attended: places of workshops that began in the month,
  by the district of the venue's postcode (kept after the personal data is purged).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from blog.models import CampaignPage, Registration, WorkshopPage
from directory.models import District
from jobs.models import JobInterest
from quartier.clock import local_today, site_zone, start_of_day
from quartier.i18n import default_content_language

from .models import BusinessState, PositionRecord, ProfileEdit

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


def totals(rows):
    """The "Summe" line under the table: each figure summed over the rows."""
    return [sum(row[key] for row in rows) for key in FIGURES]


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


def _business_history(table, months, end):
    """Live, new and closed businesses and confirmed profiles from the
    recorded states (reports.BusinessState): one query, replayed in Python.
    A business counts in the district it was in at the moment that decides."""
    states = defaultdict(list)
    for business_id, district_id, state, last_checked, changed_at in (
        BusinessState.objects.filter(changed_at__lt=end)
        .order_by("business_id", "changed_at", "pk")
        .values_list("business_id", "district_id", "state", "last_checked", "changed_at")
    ):
        states[business_id].append((changed_at, district_id, state, last_checked))
    ends = [(month, start_of_day(month.next().first_day)) for month in months]
    for history in states.values():
        online = [row for row in history if row[2] != BusinessState.State.OFFLINE]
        # Cells outside the months asked for are never read.
        if online:
            table[(online[0][1], Month.of(online[0][0]))]["businesses_new"] += 1
        previous = None
        for changed_at, district_id, state, _checked in history:
            if state == BusinessState.State.CLOSED and previous != state:
                table[(district_id, Month.of(changed_at))]["businesses_closed"] += 1
            previous = state
        for month, month_end in ends:
            before = [row for row in history if row[0] < month_end]
            if not before:
                continue
            _changed_at, district_id, state, last_checked = before[-1]
            cell = table[(district_id, month)]
            if state == BusinessState.State.ACTIVE:
                cell["businesses_live"] += 1
            window_start = month.last_day - datetime.timedelta(days=CONFIRMED_WITHIN_DAYS)
            confirmed = last_checked is not None and window_start < last_checked <= month.last_day
            if state != BusinessState.State.OFFLINE and confirmed:
                cell["profiles_confirmed"] += 1


def _owners_editing(table, start, end):
    """Businesses whose owner saved a revision of them in the month
    (reports.ProfileEdit, recorded at the time): one grouped query."""
    rows = (
        ProfileEdit.objects.filter(edited_at__gte=start, edited_at__lt=end)
        .annotate(period=_month_trunc("edited_at"))
        .values("district_id", "period")
        .annotate(n=Count("business_id", distinct=True))
    )
    for row in rows:
        table[(row["district_id"], Month.of(row["period"]))]["owners_editing"] += row["n"]


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
    `first` to `last` and every district, in district order. Ten queries
    whatever the amount of data."""
    months = months_between(first, last)
    districts = list(District.objects.all())
    table = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    start, end = start_of_day(first.first_day), start_of_day(last.next().first_day)

    _business_history(table, months, end)
    _owners_editing(table, start, end)
    for key, time_field in (("positions_posted", "created_at"), ("positions_filled", "filled_at")):
        in_range = PositionRecord.objects.filter(
            **{f"{time_field}__gte": start, f"{time_field}__lt": end}
        )
        for (district_id, month), count in _grouped(in_range, "district_id", time_field).items():
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
