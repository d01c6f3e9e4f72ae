"""Access logs without capabilities or search terms. The links in our mails
are keys (a registration's cancellation link, a newsletter confirmation or
unsubscribe link, a password reset), and the query string carries what
residents search for; the web server's access log keeps neither.

Use as gunicorn's logger class (the Docker image does):
    gunicorn --logger-class quartier.access_log.RedactingLogger ...
A path segment that is a key is logged as "[key]", every query value as "…"
(the parameter names stay, so the log still shows which filters are used)."""

import logging
import re
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from gunicorn.glogging import Logger

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
KEY = "[key]"


def is_key(segment):
    """A UUID, a signed value ("…:…"), or a long mix of digits and letters;
    slugs (lower-case words, a year) are kept."""
    if UUID.match(segment) or ":" in segment:
        return True
    if len(segment) < 16:
        return False
    digits = sum(character.isdigit() for character in segment)
    return any(character.isupper() for character in segment) or digits / len(segment) >= 0.25


def redact_path(path):
    return "/".join(KEY if segment and is_key(segment) else segment for segment in path.split("/"))


def redact_query(query):
    pairs = parse_qsl(query, keep_blank_values=True)
    return "&".join(f"{name}=…" for name, _value in pairs)


def redact_url(url):
    if not url or url == "-":
        return url
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme, parts.netloc, redact_path(parts.path), redact_query(parts.query), "")
    )


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(environ.get("PATH_INFO") or "")
        query = redact_query(environ.get("QUERY_STRING") or "")
        target = f"{path}?{query}" if query else path
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {target} {environ.get('SERVER_PROTOCOL')}"
        atoms["U"] = path
        atoms["q"] = query
        atoms["f"] = redact_url(atoms.get("f", "-"))
        atoms["{referer}i"] = redact_url(atoms.get("{referer}i", ""))
        for name in ("{raw_uri}e", "{request_uri}e"):
            if name in atoms:
                atoms[name] = target
        atoms["{path_info}e"] = path
        atoms["{query_string}e"] = query
        return atoms


class RedactKeysFilter(logging.Filter):
    """For the log handlers: Django's own lines ("Not Found: <path>",
    "Forbidden (CSRF cookie not set.): <path>") carry the path, keys and all;
    they are logged with the key segments redacted, as the access log does."""

    def filter(self, record):
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True
