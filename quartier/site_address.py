"""The site's public address, for links that leave the request: emails,
iCalendar UIDs and the admin's own notification emails.

`BASE_URL` (environment) is an explicit override. Without it the address is
the root URL of Wagtail's default Site: the hostname and port configured
under Settings → Sites (the demo loader sets them from `make run`'s HOST and
PORT). Canonical links, the sitemap, JSON-LD and iCalendar URLs use that Site
through Wagtail already, so every absolute link agrees."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

from wagtail.models import Site

from .cache import forget_in_request, per_request

CACHE_KEY = "quartier:site-address"
CACHE_SECONDS = 300
FALLBACK = "http://localhost"


def base_url():
    """Scheme, host and port without a trailing slash, e.g.
    "https://quartier.example" or "http://127.0.0.1:8001". At most one SQL
    query, cached until a Site changes; never raises (without a database it
    answers the last known address)."""
    if settings.BASE_URL:
        return settings.BASE_URL.rstrip("/")
    return per_request(CACHE_KEY, _address)


def _address():
    address = cache.get(CACHE_KEY)
    if address is None:
        try:
            site = Site.objects.filter(is_default_site=True).first()
        except DatabaseError:
            return settings.WAGTAILADMIN_BASE_URL.rstrip("/") or FALLBACK
        address = site.root_url.rstrip("/") if site is not None else FALLBACK
        cache.set(CACHE_KEY, address, CACHE_SECONDS)
    return address


def hostname():
    return urlsplit(base_url()).hostname or "quartier.invalid"


def forget(**_kwargs):
    """post_save / post_delete of a Site: the next base_url() asks again."""
    cache.delete(CACHE_KEY)
    forget_in_request(CACHE_KEY)


def update_admin_base_url():
    """Each request the page cache does not answer (CachedSiteMiddleware):
    Wagtail reads WAGTAILADMIN_BASE_URL for its own notification emails and
    image URLs; without an explicit BASE_URL it follows the default Site like
    our own links."""
    if not settings.BASE_URL:
        address = base_url()
        if address != settings.WAGTAILADMIN_BASE_URL:
            settings.WAGTAILADMIN_BASE_URL = address


def configure_site(url):
    """Gives the default Site the hostname and port of `url` (the demo
    loader: `make run HOST=… PORT=…`)."""
    parts = urlsplit(url)
    site = Site.objects.get(is_default_site=True)
    site.hostname = parts.hostname or "localhost"
    site.port = parts.port or (443 if parts.scheme == "https" else 80)
    site.save()
    return site
