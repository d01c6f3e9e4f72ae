"""Why a search found nothing (issue #28): the facts behind an honest empty
answer, shared by the search page, the JSON API and the directory listing.

A filter that emptied the result is named with what its removal finds
("In Marxloh: keins. 7 in Hochfeld", "Jetzt geöffnet: keins. 12 öffnen
morgen ab 8 Uhr"); the spelling tip is given only when no word of the query
finds anything by itself. Runs only for an empty answer: a search with
results costs nothing more."""

import copy

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .folding import STOPWORDS, tokenize
from .registry import registry
from .service import search_counts

# Words of a query tried alone for the spelling tip; longer queries are rare.
MAX_WORDS = 6
# "Open now": the matches whose next opening is looked for.
MAX_OPENING_CANDIDATES = 2000


def without(filters, key):
    """A copy of `filters` with the filter `key` removed."""
    copied = copy.copy(filters)
    setattr(copied, key, getattr(registry.empty_filters(), key))
    return copied


def filter_reasons(search, filters, when=None):
    """[{"filter", "label", "without_filter", …}] per active filter: how many
    `search(filters)` finds without it; for the district, the district with
    most of them ("elsewhere"); for "open now", when the first of them opens
    ("next_opening", "next_opening_count", "next_opening_text"). `search` is
    callable(filters, per_page) -> (count, facets, page ids). With several
    filters, a last entry "all" counts the matches without any of them."""
    reasons = []
    active = filters.active
    for key, label in active.items():
        unfiltered = without(filters, key)
        per_page = MAX_OPENING_CANDIDATES if key == "open_now" else 1
        count, facets, page_ids = search(unfiltered, per_page)
        reason = {"filter": key, "label": str(label), "without_filter": count}
        if key == "district" and count:
            rows = facets.get("district") or []
            if rows:
                best = rows[0]
                reason["elsewhere"] = {
                    "slug": best["slug"],
                    "name": str(best["name"]),
                    "count": best["count"],
                }
        if key == "open_now" and count and registry.filters.next_opening:
            opening = registry.filters.next_opening(page_ids, when)
            if opening is not None:
                reason["next_opening"] = opening["at"].isoformat()
                reason["next_opening_count"] = opening["count"]
                reason["next_opening_text"] = str(opening["text"])
        reasons.append(reason)
    if len(active) > 1 and not any(reason["without_filter"] for reason in reasons):
        count, _facets, _ids = search(registry.empty_filters(), 1)
        reasons.append({"filter": "all", "label": "", "without_filter": count})
    return reasons


def words_without_match(query, count):
    """The query's words that find nothing by themselves; `count(word)` is
    the number of matches of one word without filters."""
    words = [word for word in tokenize(query) if word not in STOPWORDS][:MAX_WORDS]
    return [word for word in words if not count(word)]


def search_reasons(query, filters, kinds=(), when=None):
    """The facts of an empty search: {"filters": filter_reasons, "words":
    words without a match, "spelling": whether to suggest checking it}."""

    def search(unfiltered, per_page):
        return search_counts(query, unfiltered, kinds, per_page, when)

    reasons = filter_reasons(search, filters, when) if filters.active else []
    found_without = any(reason["without_filter"] for reason in reasons)
    words = []
    if query and not found_without:
        words = words_without_match(
            query, lambda word: search_counts(word, registry.empty_filters(), when=when)[0]
        )
    typed = [word for word in tokenize(query) if word not in STOPWORDS]
    return {
        "filters": reasons,
        "words": words,
        "spelling": bool(typed) and len(words) == len(typed[:MAX_WORDS]),
    }


def described(reasons, link):
    """The reasons that explain the empty answer, each with its sentence in
    the visitor's language ("text") and links ([{"text", "url"}]); `link(key,
    value)` is the current query with the filter `key` set to `value` (None
    removes it, key "all" removes every filter). A filter whose removal finds
    nothing either explains nothing and is left out."""
    lines = []
    for reason in reasons:
        count = reason["without_filter"]
        if not count:
            continue
        removed = {
            "text": ngettext(
                "Ohne Filter: %(counter)s Treffer", "Ohne Filter: %(counter)s Treffer", count
            )
            % {"counter": count},
            "url": link(reason["filter"], None),
        }
        line = {**reason, "links": [removed]}
        if reason["filter"] == "open_now":
            line["text"] = _("Jetzt geöffnet: keins.")
            if "next_opening_count" in reason:
                opens = reason["next_opening_count"]
                line["text"] += " " + ngettext(
                    "%(count)s öffnet %(when)s.", "%(count)s öffnen %(when)s.", opens
                ) % {"count": opens, "when": reason["next_opening_text"]}
        elif reason["filter"] == "district" and "elsewhere" in reason:
            elsewhere = reason["elsewhere"]
            line["text"] = _("In %(district)s: keins.") % {"district": reason["label"]}
            line["links"].insert(
                0,
                {
                    "text": _("%(count)s in %(district)s")
                    % {"count": elsewhere["count"], "district": elsewhere["name"]},
                    "url": link("district", elsewhere["slug"]),
                },
            )
        elif reason["filter"] == "all":
            line["text"] = ""
        else:
            line["text"] = _("Mit „%(filter)s“: keins.") % {"filter": reason["label"]}
        lines.append(line)
    return lines
