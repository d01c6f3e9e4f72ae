"""What every search backend takes and returns."""

import datetime
from dataclasses import dataclass, field

from ..registry import registry

PAGE_SIZE = 20


class BackendUnavailable(Exception):
    """The backend cannot answer now (unreachable, timed out, erroring)."""


@dataclass
class SearchRequest:
    query: str = ""
    # The registered listing filters (directory.filters.BusinessFilters)
    filters: object = field(default_factory=registry.empty_filters)
    kinds: tuple = ()  # page type kinds to search; empty means every available one
    sort: str = "relevance"  # "relevance" or "distance"
    page: int = 1
    per_page: int = PAGE_SIZE
    when: datetime.datetime | None = None

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    @property
    def has_business_filters(self):
        f = self.filters
        return bool(f.category or f.district or f.campaign or f.open_now or f.wheelchair)


@dataclass
class RawResults:
    """Page ids of the requested page, best first, with the total and facet
    counts ({"category": {slug: n}, "district": {...}, "language": {...},
    "type": {kind: n}})."""

    total: int = 0
    hits: list = field(default_factory=list)  # [(kind, page_id, score)]
    facets: dict = field(default_factory=dict)
    # The query's terms (search.synonyms.query_terms) that match nothing in
    # the index by themselves; reported only when there are two or more terms
    # (and, by the database backend, only for an empty answer).
    unmatched: tuple = ()


class SearchBackend:
    name = "base"

    def search(self, request: SearchRequest) -> RawResults:
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 8) -> list:
        """[{"text": ..., "type": "business"|"category", "url"?: ...}]"""
        raise NotImplementedError
