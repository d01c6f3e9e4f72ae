"""Text cells for spreadsheets: a cell a spreadsheet would run as a formula
(OWASP "CSV injection") is written with a leading quote, and read back
without it. Used by every CSV export (businesses, registrations, reports)."""

import re

# Also behind quotes, so that a value that itself starts with "'" survives a round trip.
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


def escape_formula(value):
    """A leading ' keeps a spreadsheet from running the cell as a formula."""
    # Phone numbers ("+49 …") and "- …" lists too: one rule, and the import restores them.
    return "'" + value if FORMULA_START.match(value) else value


def unescape_formula(value):
    """Undoes `escape_formula`, so an export imports unchanged."""
    return value[1:] if value.startswith("'") and FORMULA_START.match(value, 1) else value
