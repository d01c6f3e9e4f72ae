"""A Nominatim stand-in on 127.0.0.1 for the venue geocoding tests."""

from urllib.parse import parse_qs, urlsplit

import pytest

from ..loopback import JSONHandler, serve


@pytest.fixture
def nominatim(settings):
    """Answers every search with the point in `places` whose key occurs in
    the query; records the queries."""
    state = {"places": {}, "queries": []}

    class Handler(JSONHandler):
        def do_GET(self):
            query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
            state["queries"].append(query)
            body = [
                {"place_id": 1, "lat": str(lat), "lon": str(lon), "display_name": query}
                for needle, (lat, lon) in state["places"].items()
                if needle in query
            ][:1]
            self.send_json(200, body)

    with serve(Handler) as url:
        settings.GEOCODER = "nominatim"
        settings.GEOCODER_DOMAIN = url.removeprefix("http://")
        settings.GEOCODER_SCHEME = "http"
        settings.GEOCODER_MIN_DELAY_SECONDS = 0
        yield state
