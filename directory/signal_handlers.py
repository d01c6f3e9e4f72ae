from .opening_state import set_opening_state


def store_opening_state(sender, instance, raw=False, **kwargs):
    """Saved hours get their opening state at once (a changed text must not keep
    the old text's window)."""
    if not raw:
        set_opening_state(instance)
