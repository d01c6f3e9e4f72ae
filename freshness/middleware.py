"""Counts business profile views, including those the page cache answers."""

from directory.models import VIEW_COUNT_HEADER

from . import statistics


class ProfileViewCountMiddleware:
    """Must sit right before quartier.cache.AnonymousPageCacheMiddleware, so
    that it sees cached and fresh pages alike. A business page marks its
    response with VIEW_COUNT_HEADER (the page's id), which the cache keeps
    with the page; this middleware counts it and removes the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        business_id = response.get(VIEW_COUNT_HEADER)
        if business_id is not None:
            del response[VIEW_COUNT_HEADER]
        if (
            business_id
            and business_id.isdigit()
            and response.status_code == 200
            and statistics.is_countable(request)
        ):
            statistics.count(int(business_id), statistics.Kind.VIEW)
        return response
