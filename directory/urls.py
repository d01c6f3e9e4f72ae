"""URLs of this app. `api_urlpatterns` are served under /api/ without a
language prefix; `urlpatterns` are served inside the language prefix."""

from django.urls import path

from . import map_views

api_urlpatterns = [
    path("businesses.geojson", map_views.businesses_geojson, name="businesses_geojson"),
]
urlpatterns = []
