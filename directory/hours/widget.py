"""The admin's opening-hours editor: a model field that stores the OSM value,
its form field (normalises and validates server-side) and the widget (weekday
rows, holidays, exceptions; a text box for values the rows cannot show)."""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils.dates import WEEKDAYS
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .editor import MAX_RANGES, WeekHours, exception_from_input, from_osm, same_hours, to_osm
from .text import normalise_opening_hours, normalise_range

EDITOR, TEXT = "editor", "text"


@dataclass
class HoursInput:
    """What the widget's inputs held, kept to show them again after an error."""

    mode: str
    text: str = ""
    original: str = ""
    holidays_closed: bool = False
    days: list = field(default_factory=list)  # [{"closed": bool, "ranges": [(opens, closes)]}]
    exceptions: list = field(default_factory=list)  # [{"start", "end", "closed", ...}]
    overnight: bool = False  # the owner confirmed that a day runs past midnight

    def overnight_days(self):
        """The weekdays with a range that closes before it opens ("18 → 9")."""
        days = []
        for number, day in enumerate(self.days):
            for opens, closes in [] if day["closed"] else day["ranges"]:
                try:
                    time_range = normalise_range(opens, closes)
                except ValidationError:
                    continue
                if time_range and time_range.split("-")[1] < time_range.split("-")[0]:
                    days.append(str(WEEKDAYS[number]))
                    break
        return days

    def resolve(self):
        """The value to store. Raises ValidationError naming the day or row."""
        if self.mode == TEXT:
            return normalise_opening_hours(self.text)
        week, errors = WeekHours(holidays_closed=self.holidays_closed), []
        for number, day in enumerate(self.days):
            if day["closed"]:
                continue
            for opens, closes in day["ranges"]:
                try:
                    time_range = normalise_range(opens, closes)
                except ValidationError as exc:
                    errors.append(f"{WEEKDAYS[number]}: {exc.messages[0]}")
                    continue
                if time_range:
                    week.days[number].append(tuple(time_range.split("-")))
        for number, row in enumerate(self.exceptions, start=1):
            try:
                exception = exception_from_input(**row)
            except ValidationError as exc:
                errors.append(
                    _("Ausnahme %(number)s: %(error)s")
                    % {"number": number, "error": exc.messages[0]}
                )
                continue
            if exception is not None:
                week.exceptions.append(exception)
        reversed_days = self.overnight_days()
        if reversed_days and not self.overnight:
            # Asked before saving: "18 bis 9" is more often a slip than a night shop.
            errors.append(
                _(
                    "%(days)s: Die Schließzeit liegt vor der Öffnungszeit. Über Nacht "
                    "geöffnet? Dann bitte „Ja, über Nacht geöffnet“ ankreuzen, sonst die "
                    "Zeiten korrigieren."
                )
                % {"days": ", ".join(reversed_days)}
            )
        if errors:
            raise ValidationError(errors)
        value = to_osm(week)
        # Unchanged hours keep the text they were stored with.
        if self.original and same_hours(self.original, value):
            return self.original
        return value


class OpeningHoursWidget(forms.Widget):
    template_name = "directory/widgets/opening_hours.html"

    class Media:
        js = ["js/hours-editor.js"]
        css = {"all": ["css/hours-editor.css"]}

    def value_from_datadict(self, data, files, name):
        mode = data.get(f"{name}-mode")
        if mode not in (EDITOR, TEXT):
            return data.get(name)  # a plain text post (API, tests, no widget)
        days = []
        for number in range(7):
            prefix = f"{name}-{number}"
            days.append(
                {
                    "closed": bool(data.get(f"{prefix}-closed")),
                    "ranges": [
                        (
                            data.get(f"{prefix}-{slot}-opens", ""),
                            data.get(f"{prefix}-{slot}-closes", ""),
                        )
                        for slot in range(MAX_RANGES)
                    ],
                }
            )
        exceptions = []
        try:
            count = min(int(data.get(f"{name}-ex-count", 0)), 50)
        except ValueError:
            count = 0
        for number in range(count):
            prefix = f"{name}-ex-{number}"
            exceptions.append(
                {
                    "start": data.get(f"{prefix}-start", ""),
                    "end": data.get(f"{prefix}-end", ""),
                    "closed": bool(data.get(f"{prefix}-closed")),
                    "opens": data.get(f"{prefix}-opens", ""),
                    "closes": data.get(f"{prefix}-closes", ""),
                    "yearly": bool(data.get(f"{prefix}-yearly")),
                }
            )
        return HoursInput(
            mode=mode,
            text=data.get(f"{name}-text", ""),
            original=data.get(f"{name}-original", ""),
            holidays_closed=bool(data.get(f"{name}-holidays-closed")),
            days=days,
            exceptions=exceptions,
            overnight=bool(data.get(f"{name}-overnight")),
        )

    def format_value(self, value):
        return value

    def render(self, name, value, attrs=None, renderer=None):
        # The project's template engine: the form renderer sees only app templates.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        overnight_days = []
        if isinstance(value, HoursInput):
            hours = value
            cannot_show = False
            overnight_days = hours.overnight_days()
        else:
            value = value or ""
            week = from_osm(value)
            cannot_show = week is None
            hours = _input_for(week or WeekHours(), value, mode=TEXT if cannot_show else EDITOR)
            if not value:
                hours.holidays_closed = True
        exceptions = [*hours.exceptions, _blank_exception()]
        context["hours"] = {
            "mode": hours.mode,
            "text": hours.text,
            "original": hours.original,
            "holidays_closed": hours.holidays_closed,
            "cannot_show": cannot_show,
            "overnight_days": overnight_days,
            "overnight": hours.overnight,
            "days": [
                {
                    "number": number,
                    "name": str(WEEKDAYS[number]),
                    "closed": day["closed"],
                    "ranges": [
                        {"slot": slot, "opens": opens, "closes": closes}
                        for slot, (opens, closes) in enumerate(day["ranges"])
                    ],
                }
                for number, day in enumerate(hours.days)
            ],
            "exceptions": [{"number": number, **row} for number, row in enumerate(exceptions)],
            "exception_count": len(exceptions),
        }
        return context


def _blank_exception():
    return {"start": "", "end": "", "closed": True, "opens": "", "closes": "", "yearly": False}


def _input_for(week, value, mode):
    days = []
    for ranges in week.days:
        padded = [*ranges, *[("", "")] * (MAX_RANGES - len(ranges))]
        days.append({"closed": not ranges, "ranges": padded[:MAX_RANGES]})
    exceptions = [
        {
            "start": exception.start.isoformat(),
            "end": exception.end.isoformat() if exception.end != exception.start else "",
            "closed": exception.closed,
            "opens": exception.ranges[0][0] if exception.ranges else "",
            "closes": exception.ranges[0][1] if exception.ranges else "",
            "yearly": exception.yearly,
        }
        for exception in week.exceptions
    ]
    return HoursInput(
        mode=mode,
        text=value,
        original=value,
        holidays_closed=week.holidays_closed,
        days=days,
        exceptions=exceptions,
    )


class OpeningHoursFormField(forms.CharField):
    widget = OpeningHoursWidget

    def to_python(self, value):
        if isinstance(value, HoursInput):
            return value.resolve()
        return normalise_opening_hours(super().to_python(value))

    def has_changed(self, initial, data):
        try:
            return (initial or "") != self.to_python(data)
        except ValidationError:
            return True


class OpeningHoursField(models.CharField):
    """A CharField holding an OSM `opening_hours` value, edited without syntax."""

    description = gettext_lazy("Öffnungszeiten (OpenStreetMap-Format)")

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": OpeningHoursFormField, "widget": OpeningHoursWidget, **kwargs}
        )
