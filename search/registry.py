"""What search indexes, learnt from the apps: each app registers its page
types, its positions, the reference models that name facets and the filters
of its listing in its own `AppConfig.ready()` (directory/search.py,
blog/search.py, jobs/search.py). So search imports no app; an app that
registers nothing is simply not searched.

Registration closes when search's own `ready()` connects the index signals
for what was registered: apps that register are listed before `search` in
INSTALLED_APPS."""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class FacetModel:
    """A reference table whose rows name a facet ("category", "district",
    "language"): rows are found by `key_field`, shown by `label(obj)`."""

    model: type
    key_field: str
    label: object  # callable(obj) -> str


@dataclass(frozen=True)
class Filters:
    """The listing filters a search may carry (directory.filters.BusinessFilters):
    `empty()` makes a blank set, `parse(params)` reads a request's parameters
    (never raises: problems in `.errors`), `open_texts(when)` lists the
    opening-hours texts open at `when` (Elasticsearch's "open now"), and
    `near_place(slug)` a district and its centre, `(district, (lat, lng))`,
    or None when no district has that slug; `next_opening(page_ids, when)`
    when the first of those pages opens ({"at", "count", "text"} or None), for
    the empty "open now" answer."""

    empty: object
    parse: object
    open_texts: object
    near_place: object
    next_opening: object = None


class SearchRegistry:
    def __init__(self):
        self.page_types = []
        self.position_type = None
        self.facet_models = {}
        self.filters = None
        self.closed = False

    def _check_open(self, what):
        if self.closed:
            raise ImproperlyConfigured(
                f"{what} registered after search's ready(): list the app before "
                "'search' in INSTALLED_APPS so its index signals are connected."
            )

    def register_page_type(self, page_type):
        self._check_open(f"Search page type {page_type.kind!r}")
        if any(known.kind == page_type.kind for known in self.page_types):
            raise ImproperlyConfigured(f"Search page type {page_type.kind!r} registered twice.")
        self.page_types.append(page_type)

    def register_positions(self, position_type):
        self._check_open("Search positions")
        self.position_type = position_type

    def register_facet(self, key, model, key_field="slug", label=None):
        self._check_open(f"Search facet {key!r}")
        self.facet_models[key] = FacetModel(
            model, key_field, label or (lambda obj: obj.display_name)
        )

    def register_filters(self, filters):
        self._check_open("Search filters")
        self.filters = filters

    def close(self):
        self.closed = True

    def filterable_type(self):
        """The page type the listing filters apply to (businesses)."""
        return next(page_type for page_type in self.page_types if page_type.filterable)

    def empty_filters(self):
        return self.filters.empty()


registry = SearchRegistry()
