"""The jobs board's filters, shared by the listing, the feed and the API:
one parser, one place that validates input. Never raises; unknown values
are collected in `errors`."""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from directory.filters import MAX_PARAM_LENGTH, _flag, _lookup
from directory.models import BusinessJob, District, GermanLevel, Language
from quartier.filters import valid_sort

SORTS = ("newest", "start")
GERMAN_LEVELS = [value for value in GermanLevel.values if value]
# The board's filter parameters (besides "sort" and "page").
FILTER_PARAMS = ("type", "district", "language", "german_level", "hours", "start_by", "wheelchair")


@dataclass
class JobFilters:
    kind: str = ""
    district: District | None = None
    language: Language | None = None
    # The person's German: positions needing at most this ("" none; None no filter).
    german_level: str | None = None
    max_hours: int | None = None
    start_by: datetime.date | None = None
    wheelchair: bool = False
    sort: str = "newest"
    errors: dict = field(default_factory=dict)

    @property
    def is_valid(self):
        return not self.errors

    def apply(self, queryset):
        if self.kind:
            queryset = queryset.of_kind(self.kind)
        if self.district:
            queryset = queryset.in_district(self.district)
        if self.language:
            queryset = queryset.speaking(self.language)
        if self.german_level is not None:
            queryset = queryset.german_at_most(self.german_level)
        if self.max_hours is not None:
            queryset = queryset.filter(hours_per_week__lte=self.max_hours)
        if self.start_by is not None:
            queryset = queryset.filter(
                Q(start_date__isnull=True) | Q(start_date__lte=self.start_by)
            )
        if self.wheelchair:
            queryset = queryset.wheelchair_accessible()
        if self.sort == "start":
            # Positions to start at once (no date) first, then by date.
            return queryset.order_by(F("start_date").asc(nulls_first=True), "-posted_at", "-pk")
        return queryset.newest_first()


def parse_job_filters(params):
    """Reads type, district (slug), language (ISO code), german_level (A1…C2
    or "none"), hours (most hours per week), start_by (YYYY-MM-DD),
    wheelchair and sort (newest, start) from a QueryDict or dict."""
    filters = JobFilters()
    errors = filters.errors

    def get(name):
        value = params.get(name, "")
        value = value if isinstance(value, str) else str(value)
        if len(value) > MAX_PARAM_LENGTH:
            errors[name] = _("Der Wert ist zu lang.")
            return ""
        return value.strip()

    kind = get("type")
    if kind and kind not in BusinessJob.Kind.values:
        errors["type"] = _("Unbekannte Art der Stelle.")
        kind = ""
    filters.kind = kind
    filters.district = _lookup(
        District, get("district"), errors, "district", _("Unbekannter Stadtteil.")
    )
    filters.language = _lookup(
        Language, get("language"), errors, "language", _("Unbekannte Sprache."), ("code",)
    )
    level = get("german_level").upper()
    if level == "NONE":
        filters.german_level = GermanLevel.NONE.value
    elif level:
        if level in GERMAN_LEVELS:
            filters.german_level = level
        else:
            errors["german_level"] = _("Unbekanntes Sprachniveau.")
    hours = get("hours")
    if hours:
        try:
            filters.max_hours = int(hours)
        except ValueError:
            errors["hours"] = _("Bitte eine ganze Zahl an Stunden angeben.")
        else:
            if not 1 <= filters.max_hours <= 60:
                errors["hours"] = _("Bitte eine Zahl zwischen 1 und 60 angeben.")
                filters.max_hours = None
    start_by = get("start_by")
    if start_by:
        try:
            filters.start_by = datetime.date.fromisoformat(start_by)
        except ValueError:
            errors["start_by"] = _("Bitte ein Datum wie 2026-08-01 angeben.")
    filters.wheelchair = _flag(get("wheelchair"))
    filters.sort = valid_sort(get("sort") or "newest", SORTS, "newest", errors)
    return filters
