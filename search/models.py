"""Search has no models of its own; see search/service.py."""
