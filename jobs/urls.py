"""URLs of this app. `api_urlpatterns` are served under /api/ without a
language prefix; the jobs board itself is a page (JobsIndexPage)."""

from django.urls import path

from . import views

api_urlpatterns = [
    path("jobs/", views.jobs_api, name="jobs_api"),
]
urlpatterns = []
