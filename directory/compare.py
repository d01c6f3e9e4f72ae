"""How the team's compare view (Wagtail's revision comparison) shows a
business profile: hours as the week residents read, and no rows for fields
that only changed in form, not in content."""

import re

from django.utils.dates import WEEKDAYS
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from wagtail.admin.compare import FieldComparison, RichTextFieldComparison, TextFieldComparison
from wagtail.admin.panels import FieldPanel

from quartier.dates import long_date

from .hours.editor import from_osm, same_hours

_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')
_BETWEEN_TAGS = re.compile(r">\s+<")


def _content(html):
    """Rich text without what the editor adds by itself (block keys, spacing)."""
    html = _BLOCK_KEY.sub("", html or "")
    html = html.replace("<br/>", "<br>").replace("<br />", "<br>")
    return _BETWEEN_TAGS.sub("><", html).strip()


class RichTextContentComparison(RichTextFieldComparison):
    """Changed only when the text or its formatting changed."""

    def has_changed(self):
        return _content(self.val_a) != _content(self.val_b)


def _day_text(ranges):
    if not ranges:
        return _("geschlossen")
    return ", ".join(f"{opens}–{closes}" for opens, closes in ranges)


def _exception_text(exception):
    when = long_date(exception.start)
    if exception.end != exception.start:
        when = f"{when} – {long_date(exception.end)}"
    return f"{when}: {_day_text(exception.ranges)}"


class OpeningHoursComparison(FieldComparison):
    """The week as a table, one row per weekday, the changed days marked; a
    value the table cannot show falls back to the text comparison."""

    def has_changed(self):
        if self.val_a == self.val_b:
            return False
        return not same_hours(self.val_a or "", self.val_b or "")

    def htmldiff(self):
        week_a, week_b = from_osm(self.val_a or ""), from_osm(self.val_b or "")
        if week_a is None or week_b is None:
            return TextFieldComparison.htmldiff(self)
        rows = []
        for number in range(7):
            before, after = _day_text(week_a.days[number]), _day_text(week_b.days[number])
            rows.append((WEEKDAYS[number], before, after, before != after))
        holidays = (
            _("Feiertage"),
            _("geschlossen") if week_a.holidays_closed else _("wie an Wochentagen"),
            _("geschlossen") if week_b.holidays_closed else _("wie an Wochentagen"),
            week_a.holidays_closed != week_b.holidays_closed,
        )
        rows.append(holidays)
        exceptions_a = [_exception_text(e) for e in week_a.exceptions]
        exceptions_b = [_exception_text(e) for e in week_b.exceptions]
        for text in exceptions_b:
            if text not in exceptions_a:
                rows.append((_("Ausnahme"), "", text, True))
        for text in exceptions_a:
            if text not in exceptions_b:
                rows.append((_("Ausnahme"), text, "", True))
        body = format_html_join(
            "",
            '<tr{}><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            (
                (format_html(' class="{}"', "hours-changed") if changed else "", day, a, b)
                for day, a, b, changed in rows
            ),
        )
        return format_html(
            '<table class="listing hours-compare"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody>'
            "</table>",
            _("Wochentag"),  # not "Tag": Wagtail's German for its English "Tag" is "Schlagwort"
            _("bisher"),
            _("neu"),
            body,
        )


class RichTextPanel(FieldPanel):
    def get_comparison_class(self):
        return RichTextContentComparison


class OpeningHoursPanel(FieldPanel):
    def get_comparison_class(self):
        return OpeningHoursComparison
