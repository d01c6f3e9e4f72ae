from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "quartier.users"
    label = "users"
    verbose_name = "Benutzer"
