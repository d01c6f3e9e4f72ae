"""Template tags for dates in the visitor's language (quartier.dates), each
wrapped in <time dir="auto"> so that it is isolated from the text around it:
an Arabic sentence never runs into a left-to-right date or the other way round."""

from django import template
from django.utils.html import format_html

from quartier import dates

register = template.Library()


def _iso(value):
    return value.isoformat()


@register.simple_tag
def date_long(value):
    return format_html(
        '<time datetime="{}" dir="auto">{}</time>', _iso(value), dates.long_date(value)
    )


@register.simple_tag
def date_span(start, end):
    if end is None or start == end:
        return date_long(start)
    # A range is no valid <time datetime> ("2026-12-02/2026-12-21" fails the
    # Nu HTML checker): each end is a <time> of its own, empty, next to the
    # range as the language writes it; the span isolates it (dir="auto").
    return format_html(
        '<span class="date-span" dir="auto">'
        '<time datetime="{}"></time>{}<time datetime="{}"></time></span>',
        _iso(start),
        dates.date_range(start, end),
        _iso(end),
    )


@register.simple_tag
def session_span(start, end):
    """The date isolated, the times as one left-to-right unit that never breaks
    (on an Arabic page "10:00–12:00" would otherwise be reordered and split)."""
    if dates.local_date(start) != dates.local_date(end):
        return format_html(
            '<time datetime="{}" dir="auto">{}</time>', _iso(start), dates.session(start, end)
        )
    return format_html(
        '<time datetime="{}" dir="auto">{}</time>',
        _iso(start),
        format_html(
            dates.join_date_and_time("{date}", "{time}"),
            date=format_html("<bdi>{}</bdi>", dates.weekday_date(start)),
            time=format_html(
                '<bdi dir="ltr" class="nowrap">{}</bdi>', dates.time_range(start, end)
            ),
        ),
    )


@register.simple_tag
def weekday_time(value):
    return format_html(
        '<time datetime="{}" dir="auto">{}</time>',
        _iso(value),
        format_html(
            dates.join_date_and_time("{date}", "{time}"),
            date=format_html("<bdi>{}</bdi>", dates.weekday_date(value)),
            time=format_html('<bdi dir="ltr" class="nowrap">{}</bdi>', dates.clock_time(value)),
        ),
    )


@register.simple_tag
def session_text(start, end):
    """The same as session_span, as plain text (emails)."""
    return dates.session(start, end)
