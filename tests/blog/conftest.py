"""A Nominatim stand-in on 127.0.0.1 for the venue geocoding tests."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


@pytest.fixture
def nominatim(settings):
    """Answers every search with the point in `places` whose key occurs in
    the query; records the queries."""
    state = {"places": {}, "queries": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
            state["queries"].append(query)
            body = [
                {"place_id": 1, "lat": str(lat), "lon": str(lon), "display_name": query}
                for needle, (lat, lon) in state["places"].items()
                if needle in query
            ][:1]
            payload = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_DOMAIN = f"127.0.0.1:{server.server_port}"
    settings.GEOCODER_SCHEME = "http"
    settings.GEOCODER_MIN_DELAY_SECONDS = 0
    yield state
    server.shutdown()
    server.server_close()
