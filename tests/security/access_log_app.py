"""A WSGI app that answers 200 to everything: the access-log test needs a
real gunicorn, not the site."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
