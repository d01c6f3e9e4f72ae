from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Tasks run inline: `make run` needs no worker process.
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env("TASK_BACKEND", "immediate")]}}
# Offline by default in development: set GEOCODER=nominatim to ask a server.
GEOCODER = env("GEOCODER", "none")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
