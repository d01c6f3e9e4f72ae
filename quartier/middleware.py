"""Request hygiene shared by every view."""

REPLACEMENT = "\ufffd"


class ReplaceNulInQueryMiddleware:
    """PostgreSQL refuses NUL characters in strings, SQLite does not: a `%00` in
    a filter or search parameter would turn into a database error on one and
    not the other. Replaced by U+FFFD here, such a value is simply unknown
    everywhere (a clear "unknown ..." message or no match), never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            cleaned = request.GET.copy()
            for key, values in request.GET.lists():
                cleaned.setlist(key, [value.replace("\x00", REPLACEMENT) for value in values])
            request.GET = cleaned
        return self.get_response(request)
