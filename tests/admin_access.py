"""How the admin refuses a signed-in user a page they may not use."""


def assert_refused(response):
    """Wagtail's answer to a missing permission: back to the dashboard with a
    "no permission" message (not a 200, not a server error, not any redirect)."""
    assert (response.status_code, response.get("Location")) == (302, "/admin/"), (
        response.status_code,
        response.get("Location"),
    )
