"""Tolerant reading of opening hours as people type them.

`normalise_opening_hours` turns "Mo-Fr 9-18", "Di–Sa 09.00 – 13.30, 14.30-18 Uhr;",
"Dez 24 geschlossen" or "24. Dez zu" into the OpenStreetMap `opening_hours`
syntax the site stores ("Mo-Fr 09:00-18:00", "Tu-Sa 09:00-13:30,14:30-18:00",
"Dec 24 off"). Valid OSM values pass unchanged apart from spacing, so every
stored value round-trips. It raises ValidationError with a message that names
the part it could not read."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .evaluation import PARSE_ERRORS, parse
from .syntax import OSM_DAYS, OSM_MONTHS, split_rules

DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‑": "-", "‒": "-", "―": "-"})

# German and English spellings (lower case, without a trailing dot) → OSM.
DAY_WORDS = {
    **{day.lower(): day for day in OSM_DAYS},
    "di": "Tu",
    "mi": "We",
    "do": "Th",
    "so": "Su",
    "montag": "Mo",
    "dienstag": "Tu",
    "mittwoch": "We",
    "donnerstag": "Th",
    "freitag": "Fr",
    "samstag": "Sa",
    "sonnabend": "Sa",
    "sonntag": "Su",
    "feiertag": "PH",
    "feiertage": "PH",
    "feiertags": "PH",
    "ph": "PH",
}
MONTH_WORDS = {
    **{month.lower(): month for month in OSM_MONTHS},
    "jän": "Jan",
    "januar": "Jan",
    "februar": "Feb",
    "mär": "Mar",
    "mrz": "Mar",
    "märz": "Mar",
    "maerz": "Mar",
    "april": "Apr",
    "mai": "May",
    "juni": "Jun",
    "juli": "Jul",
    "august": "Aug",
    "sept": "Sep",
    "september": "Sep",
    "okt": "Oct",
    "oktober": "Oct",
    "november": "Nov",
    "dez": "Dec",
    "dezember": "Dec",
}
OFF_WORDS = {"off", "closed", "geschlossen", "zu", "ruhetag"}
FILLER_WORDS = {"uhr", "h"}

TIME = r"(?P<{0}h>\d{{1,2}})(?:[:.](?P<{0}m>\d{{2}}))?"
TIME_RANGE = re.compile(
    r"(?<![\w:.])" + TIME.format("a") + r"\s*-\s*" + TIME.format("b") + r"(?![\w:.]|\d)"
)
SINGLE_TIME = re.compile(r"^\s*" + TIME.format("a") + r"\s*(?:uhr|h)?\s*$", re.IGNORECASE)
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+\.?")
DAY_FIRST_DATE = re.compile(r"(?<![\d:.])(\d{1,2})\.\s*(?=[A-Za-zÄÖÜäöü])")


def _invalid(part):
    return ValidationError(
        _("„%(part)s“ verstehen wir nicht. Beispiel: Mo-Fr 9-18; Sa 10-14") % {"part": part},
        code="invalid_opening_hours",
    )


def normalise_time(text):
    """ "9" → "09:00", "9.30" / "09:30" / "9 Uhr" → "09:30"/"09:00"; None when empty.
    Raises ValidationError for anything that is not a time of day (24:00 allowed)."""
    text = (text or "").strip()
    if not text:
        return None
    match = SINGLE_TIME.match(text)
    if not match:
        raise ValidationError(
            _("„%(time)s“ ist keine Uhrzeit. Beispiel: 9 oder 9:30") % {"time": text},
            code="invalid_time",
        )
    return _time(match.group("ah"), match.group("am"), text)


def _time(hours, minutes, source):
    hours, minutes = int(hours), int(minutes or 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise ValidationError(
            _("„%(time)s“ ist keine Uhrzeit. Beispiel: 9 oder 9:30") % {"time": source},
            code="invalid_time",
        )
    return f"{hours:02d}:{minutes:02d}"


def normalise_range(opens, closes=""):
    """("9", "18") or ("9-18", "") → "09:00-18:00"; None when both are empty."""
    opens, closes = (opens or "").translate(DASHES).strip(), (closes or "").translate(DASHES)
    if not closes.strip() and "-" in opens:
        opens, closes = opens.split("-", 1)
    start, end = normalise_time(opens), normalise_time(closes)
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise ValidationError(
            _("Bitte „von“ und „bis“ angeben, z. B. 9 und 18."), code="incomplete_range"
        )
    return f"{start}-{end}"


def _normalise_words(rule):
    """Day, month and "closed" words to OSM; drops "Uhr"."""

    def replace(match):
        word = match.group(0)
        key = word.rstrip(".").lower()
        if key in DAY_WORDS:
            return DAY_WORDS[key]
        if key in MONTH_WORDS:
            return MONTH_WORDS[key]
        if key in OFF_WORDS:
            return "off"
        if key in FILLER_WORDS:
            return ""
        return word

    return WORD.sub(replace, rule)


def _normalise_times(rule):
    def replace(match):
        before = rule[: match.start()].split()
        # "Dec 24-26" and "2026 Dec 27-2027 Jan 03" are days of a month, not times.
        if before and before[-1] in OSM_MONTHS:
            return match.group(0)
        start = _time(match.group("ah"), match.group("am"), match.group(0))
        end = _time(match.group("bh"), match.group("bm"), match.group(0))
        return f"{start}-{end}"

    return TIME_RANGE.sub(replace, rule)


def _normalise_rule(rule):
    rule = rule.translate(DASHES).replace("\u00a0", " ").strip()
    # "24. Dez" → "Dez 24": German order of day and month.
    rule = re.sub(
        r"(?<![\d:.])(\d{1,2})\.\s*([A-Za-zÄÖÜäöü]{3,}\.?)",
        lambda m: (
            f"{m.group(2)} {int(m.group(1)):02d}"
            if m.group(2).rstrip(".").lower() in MONTH_WORDS
            else m.group(0)
        ),
        rule,
    )
    rule = _normalise_words(rule)
    rule = re.sub(r"\b(bis)\b", "-", rule, flags=re.IGNORECASE)
    rule = _normalise_times(rule)
    # Days of a month with two digits: "Dec 3" → "Dec 03".
    rule = re.sub(
        r"\b(" + "|".join(OSM_MONTHS) + r") (\d)(?!\d|:)",
        lambda m: f"{m.group(1)} 0{m.group(2)}",
        rule,
    )
    rule = re.sub(r"\s*-\s*", "-", rule)
    rule = re.sub(r"\s*,\s*", ",", rule)
    return re.sub(r"\s+", " ", rule).strip()


def normalise_opening_hours(value):
    """The OSM `opening_hours` form of what someone typed; "" for an empty value.
    Never changes what a valid OSM value means. Raises ValidationError."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parse(value)
    except PARSE_ERRORS:
        pass
    else:
        return value  # valid already: stored exactly as given
    rules = [_normalise_rule(rule) for rule in split_rules(value)]
    for rule in rules:
        try:
            parse(rule)
        except PARSE_ERRORS as exc:
            raise _invalid(rule) from exc
    result = "; ".join(rules)
    try:
        parse(result)
    except PARSE_ERRORS as exc:
        raise _invalid(result) from exc
    return result
