"""Streets as places (issue #28): a query that names a street of the
districts ("Weseler Straße", "weseler str 12", "Kaiser-Wilhelm") lists the
businesses on that street first, then the nearest ones, each with its
distance. The streets are the ones in the businesses' own addresses, read
from the database and kept per content generation: nothing asks a network.

Streets are compared by their folded words with the suffix written one way
("Straße", "Strasse", "Str.", "str" and "Hochfeldstr" → "… str"), hyphens as
spaces and case ignored; a house number after the street ("weseler str 12",
"12a") puts the businesses nearest that number first. A street name of one
word is recognised only with its suffix ("wanheimer str"), so that
"hochfeld" stays a word search and never becomes "Hochfeldstraße"; a name of
two words or more also without it ("kaiser wilhelm").

Both backends rank the same way: the words besides the street ("friseur
weseler straße") go through the backend like any query, the ordering by the
street is done here, from the businesses' stored coordinates."""

import math
import re
from dataclasses import dataclass, field

from django.core.cache import cache

from quartier.cache import CHANGES, per_request
from quartier.geo import distance_m

from .folding import fold
from .registry import registry

STREET_SUFFIXES = ("strasse", "strase", "str")
SUFFIX = "str"
HOUSE_NUMBER = re.compile(r"^\d{1,4}[a-z]?$")
WORD = re.compile(r"\w+", re.UNICODE)
INDEX_KEY = "search:streets:"
# Kept per content generation; an old generation's index is dropped after a day.
INDEX_SECONDS = 24 * 60 * 60
# A street query ranks at most this many businesses (the words' matches or,
# without other words, every geocoded business), nearest first.
MAX_CANDIDATES = 2000


def street_words(word):
    """The folded words of one typed word with the street suffix written
    "str": "straße" → ["str"], "hochfeldstr." → ["hochfeld", "str"]."""
    folded = fold(word).strip(".- ")
    if folded in STREET_SUFFIXES:
        return [SUFFIX]
    for suffix in STREET_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix) + 2:
            return [folded[: -len(suffix)], SUFFIX]
    return [folded] if folded else []


def street_key(name):
    """The comparable form of a street's name: ("kaiser", "wilhelm", "str")."""
    words = []
    for word in WORD.findall(name or ""):
        words += street_words(word)
    return tuple(words)


def house_number_value(text):
    """12 for "12", "12a", "12-14"; None for no number."""
    match = re.match(r"\s*(\d+)", text or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Place:
    page_id: int
    street: tuple  # street_key of its address
    house_number: int | None
    latitude: float | None
    longitude: float | None
    category: str = ""
    district: str = ""


@dataclass
class StreetQuery:
    """What a query says about a street: its name as the businesses write it,
    the rest of the query and the typed house number."""

    name: str
    key: tuple
    words: str = ""
    house_number: int | None = None
    places: list = field(default_factory=list)  # the Places on the street


def _street_names():
    """{street key: name}: what every query of two words or more reads. Kept
    apart from the places (10,000 of them at 10,000 businesses), which only a
    query that names a street needs: read together, un-pickling the places
    cost each such query 8 ms on Elasticsearch, more than the node's search."""
    return _cached("names")


def _places():
    return _cached("places")


def _cached(part):
    """One part of the index, read from the cache once per request (a street
    search reads the places three times: the street, the ranking, the facets)."""
    generation = CHANGES.current()
    key = f"{INDEX_KEY}{part}:{generation}"
    return per_request(key, lambda: _read_or_build(key, part, generation))


def _read_or_build(key, part, generation):
    found = cache.get(key)
    if found is None:
        names, places = _build_index()
        cache.set_many(
            {
                f"{INDEX_KEY}names:{generation}": names,
                f"{INDEX_KEY}places:{generation}": places,
            },
            INDEX_SECONDS,
        )
        found = names if part == "names" else places
    return found


def _build_index():
    page_type = registry.filterable_type()
    fields = page_type.options.get("address_fields")
    if not fields:
        return {}, []
    street_field, number_field = fields
    names = {}
    places = []
    rows = (
        page_type.base()
        .order_by()
        .values_list(
            "pk",
            street_field,
            number_field,
            "latitude",
            "longitude",
            "category__slug",
            "district__slug",
        )
    )
    for pk, street, number, latitude, longitude, category, district in rows:
        key = street_key(street)
        if key:
            names.setdefault(key, street.strip())
        places.append(
            Place(
                page_id=pk,
                street=key,
                house_number=house_number_value(number),
                latitude=float(latitude) if latitude is not None else None,
                longitude=float(longitude) if longitude is not None else None,
                category=category or "",
                district=district or "",
            )
        )
    return names, places


def _named_by(words, key):
    """Whether the folded `words` name the street `key`."""
    if list(key) == words and len(key) >= 2:
        return True
    # Without the suffix: only names of two words or more ("kaiser wilhelm").
    return key[-1] == SUFFIX and len(key) >= 3 and list(key[:-1]) == words


def find_street(query):
    """The StreetQuery of `query`, or None when it names no known street. The
    longest run of typed words that names a street wins."""
    typed = WORD.findall(query or "")
    parts = [street_words(word) for word in typed]
    if sum(len(words) for words in parts) < 2:
        return None  # no street key is shorter: spare the index
    names = _street_names()
    if not names:
        return None
    best = None
    for start in range(len(typed)):
        words = []
        for end in range(start, len(typed)):
            words += parts[end]
            for key in names:
                if _named_by(words, key) and (best is None or end - start > best[1] - best[0]):
                    best = (start, end, key)
    if best is None:
        return None
    start, end, key = best
    rest = typed[:start] + typed[end + 1 :]
    number = None
    if end + 1 < len(typed) and HOUSE_NUMBER.match(fold(typed[end + 1])):
        number = house_number_value(typed[end + 1])
        rest = typed[:start] + typed[end + 2 :]
    return StreetQuery(
        name=names[key],
        key=key,
        words=" ".join(rest),
        house_number=number,
        places=[place for place in _places() if place.street == key],
    )


def _flat_distance(a, b):
    """Squared equirectangular distance in degrees: orders like metres at city scale."""
    scale = math.cos(math.radians(a[0]))
    return (a[0] - b[0]) ** 2 + ((a[1] - b[1]) * scale) ** 2


def ranked(street, candidates):
    """[(page_id, metres or None, on the street?)] of `candidates` ({page_id:
    score}, None for every business): the street's businesses first (nearest
    the typed house number, else by number), then the others by their
    distance to the nearest business on the street. A business without
    coordinates off the street is left out when no other words were typed,
    else placed last."""
    places = _places()
    points = [
        (place.latitude, place.longitude)
        for place in street.places
        if place.latitude is not None and place.longitude is not None
    ]
    anchor = None
    if street.house_number is not None and street.places:
        nearest = min(
            street.places,
            key=lambda place: abs((place.house_number or 0) - street.house_number),
        )
        if nearest.latitude is not None:
            anchor = (nearest.latitude, nearest.longitude)
    on_street, nearby, unplaced = [], [], []
    for place in places:
        if candidates is not None and place.page_id not in candidates:
            continue
        score = candidates[place.page_id] if candidates is not None else 0
        here = (place.latitude, place.longitude) if place.latitude is not None else None
        if place.street == street.key:
            metres = distance_m(*anchor, *here) if anchor and here else None
            order = (
                _flat_distance(anchor, here)
                if anchor and here
                else (place.house_number if place.house_number is not None else math.inf)
            )
            on_street.append(((order, -score, place.page_id), place.page_id, metres))
        elif here is not None and points:
            closest = min(points, key=lambda point: _flat_distance(point, here))
            order = _flat_distance(closest, here)
            nearby.append(
                ((order, -score, place.page_id), place.page_id, distance_m(*closest, *here))
            )
        elif candidates is not None:
            unplaced.append(((-score, place.page_id), place.page_id, None))
    rows = [(page_id, metres, True) for _key, page_id, metres in sorted(on_street)]
    rows += [(page_id, metres, False) for _key, page_id, metres in sorted(nearby)]
    rows += [(page_id, None, False) for _key, page_id, _none in sorted(unplaced)]
    return rows[:MAX_CANDIDATES]


def facets(rows):
    """The type, category and district counts of ranked `rows`."""
    by_id = {place.page_id: place for place in _places()}
    counts = {"type": {}, "category": {}, "district": {}, "language": {}}
    if rows:
        counts["type"][registry.filterable_type().kind] = len(rows)
    for page_id, _metres, _on in rows:
        place = by_id[page_id]
        for key, value in (("category", place.category), ("district", place.district)):
            if value:
                counts[key][value] = counts[key].get(value, 0) + 1
    return counts
