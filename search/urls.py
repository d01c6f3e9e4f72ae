"""URLs of this app. `api_urlpatterns` are served under /api/ without a
language prefix; `urlpatterns` are served inside the language prefix."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

api_urlpatterns = [
    path("search/", views.search_api, name="search_api"),
    path("search/suggest/", views.suggest_api, name="search_suggest_api"),
]
urlpatterns = [
    path(_("suche/"), views.search_page, name="search"),
]
