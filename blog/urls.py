"""URLs of this app. `api_urlpatterns` are served under /api/ without a
language prefix; `urlpatterns` are served inside the language prefix."""

from django.urls import path

from . import views

api_urlpatterns = [
    path("events.ics", views.events_ics, name="blog_events_ics"),
    path("events/<int:page_id>.ics", views.event_ics, name="blog_event_ics"),
]
urlpatterns = [
    path(
        "workshop-anmeldung/<uuid:token>/",
        views.registration_detail,
        name="blog_registration",
    ),
]
