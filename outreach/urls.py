"""Newsletter URLs, served inside the language prefix (German paths)."""

from django.urls import path

from . import views

urlpatterns = [
    path("newsletter/", views.subscribe, name="outreach_subscribe"),
    path("newsletter/gesendet/", views.subscribe_sent, name="outreach_subscribe_sent"),
    path("newsletter/bestaetigt/", views.confirmed, name="outreach_confirmed"),
    path("newsletter/bestaetigen/<str:token>/", views.confirm, name="outreach_confirm"),
    path("newsletter/abgemeldet/", views.unsubscribed, name="outreach_unsubscribed"),
    path("newsletter/abmelden/<str:token>/", views.unsubscribe, name="outreach_unsubscribe"),
]
