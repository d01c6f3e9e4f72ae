"""Demo campaigns, workshops and news (filled in with the blog app)."""


def load(home, stdout):
    return None
