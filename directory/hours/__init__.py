"""Opening hours: the OpenStreetMap `opening_hours` text a business keeps, how it
is read (holidays of the site's region included), the stored "open now" state,
the admin's editor without syntax, and how hours are shown.

What the rest of the project may use is named here; the modules behind it are
this package's own business:

- `evaluation`: parse, validate and evaluate a text at an instant.
- `state`: the opening state stored on each business, so that "open now" is a query.
- `text`: what people type ("Mo-Fr 9-18 Uhr") into the OSM form.
- `editor`, `widget`: the week table the admin edits, and its form field.
- `display`: the exceptions shown to visitors.
- `public_holidays`: the region's public holidays, data from `holidays`.
- `syntax`: the OSM words the rest reads.

`closure` (the owner's "temporarily closed" view) imports the page models and so
is imported by its own path, `directory.hours.closure`, not from here.
"""

from .display import interval_text, next_opening_text, regular_hours, upcoming_exceptions
from .evaluation import (
    PARSE_ERRORS,
    OpeningState,
    is_open_at,
    parse,
    state_at,
    validate_opening_hours,
    week_table,
)
from .public_holidays import holiday_name, holidays_in, is_public_holiday
from .state import open_at_filter, refresh_opening_states, set_opening_state
from .text import normalise_opening_hours, normalise_range, normalise_time
from .widget import OpeningHoursField

__all__ = [
    "PARSE_ERRORS",
    "OpeningHoursField",
    "OpeningState",
    "holiday_name",
    "holidays_in",
    "interval_text",
    "is_open_at",
    "is_public_holiday",
    "next_opening_text",
    "normalise_opening_hours",
    "normalise_range",
    "normalise_time",
    "open_at_filter",
    "parse",
    "refresh_opening_states",
    "regular_hours",
    "set_opening_state",
    "state_at",
    "upcoming_exceptions",
    "validate_opening_hours",
    "week_table",
]
