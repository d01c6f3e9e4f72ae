from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Aktionen, Workshops und Neuigkeiten"
