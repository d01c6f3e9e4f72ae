from django.apps import AppConfig


class QuartierConfig(AppConfig):
    name = "quartier"
    label = "quartier"
    verbose_name = "Quartier"
