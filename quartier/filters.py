"""What every filtered listing does with its query string: links that remove
one filter ("chips"), and the choice of sort order."""

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


def query_string(params, **changes):
    """The current parameters with `changes` applied (None removes a key);
    the page number always starts again at 1 unless given."""
    merged = {key: value for key, value in params.items() if value}
    merged.pop("page", None)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(sorted(merged.items()))


def filter_chips(active, params):
    """One chip per filter in effect ({parameter: label}): its label and the
    link that removes it."""
    return [
        {"label": label, "url": query_string(params, **{key: None})}
        for key, label in active.items()
    ]


def valid_sort(value, sorts, default, errors, near=None, unknown=None):
    """`value` if it is one of `sorts`, and for "distance" only with a point
    `near`; else `default`, with the reason in errors["sort"]."""
    if value not in sorts:
        errors["sort"] = unknown or _("Unbekannte Sortierung.")
        return default
    if value == "distance" and near is None:
        errors["sort"] = _("Für die Sortierung nach Entfernung fehlt ein Standort (near).")
        return default
    return value
