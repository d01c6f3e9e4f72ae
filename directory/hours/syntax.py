"""The words of OpenStreetMap's `opening_hours` syntax that the site reads
and writes itself: day and month names, and the split into rules."""

OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
OSM_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def split_rules(value):
    """Rules separated by ";" or line breaks, outside quoted comments; empty ones dropped."""
    rules, current, quoted = [], [], False
    for char in value:
        if char == '"':
            quoted = not quoted
        if char in ";\n" and not quoted:
            rules.append("".join(current))
            current = []
        else:
            current.append(char)
    rules.append("".join(current))
    return [rule.strip() for rule in rules if rule.strip()]
