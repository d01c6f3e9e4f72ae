""" "Open now" as a database query. Each business stores the opening state of
its hours over a window of time: `hours_open` holds from `hours_checked_at`
until `hours_next_change` (null: no change ahead), for the text kept in
`hours_state_text`. A query at an instant inside the window is a plain filter;
rows whose window does not contain the instant, or whose hours were written
since without save() (a queryset update(), a migration, a bulk action, raw
SQL), are recomputed first, once per distinct hours text (many shops share
"Mo-Fr 09:00-18:00"), so a request parses only what changed since the last one."""

from django.db.models import F, Q
from django.utils import timezone

from .evaluation import state_at


def opening_state_fields(opening_hours, when):
    """The stored fields for these hours at `when`."""
    state = state_at(opening_hours, when)
    return {
        "hours_open": state.is_open,
        "hours_state_text": opening_hours or "",
        "hours_checked_at": when,
        "hours_next_change": state.next_change if state.is_known else None,
    }


def set_opening_state(page, when=None):
    for name, value in opening_state_fields(page.opening_hours, when or timezone.now()).items():
        setattr(page, name, value)


def stale_at(queryset, when):
    """Rows whose stored window does not contain `when`, or whose state was
    computed for other hours than they have now."""
    return queryset.filter(
        Q(hours_checked_at__isnull=True)
        | ~Q(hours_state_text=F("opening_hours"))
        | Q(hours_checked_at__gt=when)
        | Q(hours_next_change__lte=when)
    )


def refresh_opening_states(queryset, when=None):
    """Recomputes the stale rows of `queryset` at `when` (default: now): one
    query for the stale texts, one update per distinct text. Returns the number
    of rows updated."""
    when = when or timezone.now()
    stale = stale_at(queryset.order_by(), when)
    texts = list(stale.values_list("opening_hours", flat=True).distinct())
    updated = 0
    for text in texts:
        updated += stale.filter(opening_hours=text).update(**opening_state_fields(text, when))
    return updated


def open_at_filter(when):
    return Q(hours_open=True, hours_checked_at__lte=when, hours_state_text=F("opening_hours")) & (
        Q(hours_next_change__gt=when) | Q(hours_next_change__isnull=True)
    )
