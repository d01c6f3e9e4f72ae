"""A tiny HTTP server on 127.0.0.1 that stands in for Elasticsearch in the
fallback and index-maintenance tests: it records every request and answers
with a fixed status."""

import contextlib

from ..loopback import JSONHandler, closed_port, serve


class FakeElasticsearch:
    def __init__(self, status=200, body=None):
        self.status = status
        self.body = body if body is not None else {"result": "created", "acknowledged": True}
        self.requests = []
        fake = self

        class Handler(JSONHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = self.rfile.read(length) if length else b""
                fake.requests.append((self.command, self.path, payload))
                status, body = fake.answer(self.command, self.path, payload)
                self.send_json(status, body, [("X-Elastic-Product", "Elasticsearch")])

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

        self.handler = Handler
        self.url = None
        self._running = contextlib.ExitStack()

    def answer(self, method, path, payload):
        """Just enough of Elasticsearch's answers for the client to be content:
        no alias exists yet, bulk requests succeed item by item."""
        if self.status >= 400:
            return self.status, {"error": "boom", "status": self.status}
        if method == "HEAD":
            return 404, {}
        if path.split("?")[0].endswith("/_bulk"):
            lines = [line for line in payload.splitlines() if line.strip()]
            items = [{"index": {"status": 201, "result": "created"}} for _ in lines[::2]]
            return 200, {"errors": False, "took": 1, "items": items}
        return self.status, self.body

    def __enter__(self):
        self.url = self._running.enter_context(serve(self.handler))
        return self

    def __exit__(self, *exc):
        self._running.close()

    def paths(self, method=None):
        return [path for verb, path, _body in self.requests if method in (None, verb)]


def closed_port_url():
    """An address on 127.0.0.1 where nothing listens."""
    return f"http://127.0.0.1:{closed_port()}"
