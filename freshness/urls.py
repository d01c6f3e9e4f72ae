"""Public URLs: `urlpatterns` inside the language prefix (German paths);
`contact_urlpatterns` without one (/go/…)."""

from django.urls import path

from . import views

urlpatterns = [
    path("angaben/antwort/<str:token>/", views.answer, name="freshness_answer"),
    path("angaben/danke/<str:answer>/", views.answered, name="freshness_answered"),
    path("angaben/melden/<int:business_id>/", views.report, name="freshness_report"),
]
contact_urlpatterns = [
    path(
        "go/<int:business_id>/<str:kind>/",
        views.contact,
        name="freshness_contact",
    ),
]
