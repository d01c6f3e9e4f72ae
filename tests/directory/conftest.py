"""Fixtures for the geocoding and map tests: a Nominatim/Photon stand-in on
127.0.0.1 and a Chromium browser driven by Playwright."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from .. import loopback
from ..loopback import JSONHandler, serve


class FakeGeocoder:
    """What the server answers. `places` maps a substring of the query to
    (lat, lon); `mode` is "ok", "error" (HTTP 500) or "slow"."""

    def __init__(self):
        self.places = {}
        self.mode = "ok"
        self.delay = 0.0
        self.requests = []

    def answer(self, path, query):
        self.requests.append((path, query))
        if self.mode == "error":
            return 500, {"error": "internal"}
        if self.mode == "slow":
            time.sleep(self.delay)
        text = query.get("q", [""])[0]
        for needle, (lat, lon) in self.places.items():
            if needle in text:
                if path.startswith("/api"):  # Photon
                    return 200, {
                        "type": "FeatureCollection",
                        "features": [
                            {
                                "type": "Feature",
                                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                                "properties": {"name": text, "country": "Deutschland"},
                            }
                        ],
                    }
                return 200, [
                    {
                        "place_id": 1,
                        "lat": str(lat),
                        "lon": str(lon),
                        "display_name": f"{text}, Deutschland",
                    }
                ]
        if path.startswith("/api"):
            return 200, {"type": "FeatureCollection", "features": []}
        return 200, []


@pytest.fixture
def fake_geocoder(settings):
    """Starts the stand-in server and points the settings at it (Nominatim)."""
    state = FakeGeocoder()

    class Handler(JSONHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            self.send_json(*state.answer(parts.path, parse_qs(parts.query)))

    with serve(Handler) as url:
        settings.GEOCODER = "nominatim"
        settings.GEOCODER_DOMAIN = url.removeprefix("http://")
        settings.GEOCODER_SCHEME = "http"
        settings.GEOCODER_TIMEOUT = 0.5
        settings.GEOCODER_MIN_DELAY_SECONDS = 0
        yield state


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 where nothing listens."""
    return loopback.closed_port()


@pytest.fixture
def chromium_page(browser):
    """A page in the session's shared Chromium (root conftest.py)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()
