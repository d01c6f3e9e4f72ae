import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests never reach the network: a test that needs a geocoder starts one on loopback.
GEOCODER = "none"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = BASE_DIR / ".test-media"
AXES_ENABLED = env_bool("AXES_ENABLED", False)
BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# The page cache is off unless a test turns it on (tests/quartier/test_cache.py, e2e).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
# A generation file per test process: two runs of the suite at once (or a bench)
# would otherwise move each other's generations and drop each other's caches.
PAGE_CACHE_GENERATION_FILE = env("PAGE_CACHE_GENERATION_FILE") or (  # noqa: F405
    Path(tempfile.gettempdir()) / f"quartier-test-{os.getpid()}.generation"
)
# Tests call the search API far more often than a person; tests/search turns it on.
SEARCH_API_RATE_LIMIT = env_int("SEARCH_API_RATE_LIMIT", 0)
# Counts written at once, so tests read them; tests/quartier/test_no_writes.py
# turns the batching on.
COUNTER_FLUSH_SECONDS = 0
ELASTICSEARCH_URL = None  # tests/search points its Elasticsearch tests at $ELASTICSEARCH_URL itself
# The machine's zone as the process started (None: /etc/localtime), before
# Django replaces TZ with TIME_ZONE: tests marked `clock` run under it
# (conftest.py), so code that leans on the machine's zone fails under
# TZ=Pacific/Kiritimati.
MACHINE_TIME_ZONE = os.environ.get("TZ")
