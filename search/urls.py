"""URLs of this app. `api_urlpatterns` are served under /api/ without a
language prefix; `urlpatterns` are served inside the language prefix."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

api_urlpatterns = []
urlpatterns = [
    path(_("suche/"), views.search_page, name="search"),
]
