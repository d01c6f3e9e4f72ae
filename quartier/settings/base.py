"""Settings shared by every environment. Safe for production: DEBUG is off and
every secret or service address comes from the environment."""

import os
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "quartier.users",
    "quartier",
    "directory",
    "blog",
    "jobs",
    "reports",
    "search",
    "outreach",
    "freshness",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "leaflet",
    "axes",
    "csp",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files come precompressed), above everything that
    # writes the body: the page cache stores and fills in plain HTML.
    "django.middleware.gzip.GZipMiddleware",
    "quartier.middleware.ReplaceNulInQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "quartier.i18n.LanguagePreferenceMiddleware",
    "quartier.admin_login.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Counts business profile views; outside the page cache, so cached views count.
    "freshness.middleware.ProfileViewCountMiddleware",
    # Below everything that sets a header or cookie, so that they apply to cached
    # pages too.
    "quartier.cache.AnonymousPageCacheMiddleware",
    # Inside the page cache: a cached page needs no Site (one round trip less to Redis).
    "quartier.middleware.CachedSiteMiddleware",
]

ROOT_URLCONF = "quartier.urls"
WSGI_APPLICATION = "quartier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "quartier.context_processors.site_context",
            ],
        },
    },
]

# --- Database: SQLite file in the checkout unless DATABASE_URL is set -------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for the writer (WAL); a transaction that will write
    # takes the lock when it begins (IMMEDIATE), so a busy database makes it
    # wait up to `timeout` seconds instead of failing "database is locked"
    # halfway, which deferred transactions do whatever the timeout.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: German is the source language ------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("bg", "Български"),
    ("ro", "Română"),
]
LANGUAGES_BIDI = ["ar"]
# Our own catalogue first; then Django's and Wagtail's strings that their catalogues
# lack in a language, so they do not fall back to German (manage.py admin_catalogue).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_admin"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# No aliases: a page without a translation is served from the German tree
# under the visitor's prefix (quartier.models.BasePage.route, README "Languages").
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False

# --- Static and media files -------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Cache: Redis when REDIS_URL is set, local memory otherwise -------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, with one redis-py client per pool (quartier/redis_cache.py).
            "BACKEND": "quartier.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "quartier",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous page views are served from the cache for this many seconds at most
# (0 turns the page cache off); publishing anything drops them at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# Local-memory cache only: the file whose modification time tells every worker on
# this machine that content changed (default: a file in the temp directory).
PAGE_CACHE_GENERATION_FILE = env("PAGE_CACHE_GENERATION_FILE") or None
# The main content of every page is cached for everyone, signed in or not, under
# the same generations and for the same time (quartier/fragments.py).
CONTENT_FRAGMENT_CACHE = env_bool("CONTENT_FRAGMENT_CACHE", True)
# Search results (page ids, total, facet counts) are kept until anything changes,
# for the same time at most (search/cache.py).
SEARCH_RESULTS_CACHE = env_bool("SEARCH_RESULTS_CACHE", True)

# --- Frontend cache (Varnish, a CDN) in front: purged with the same URL list ---
# FRONTEND_CACHE_PURGE_URL: where PURGE requests go, e.g. http://127.0.0.1:6081
# (Wagtail's HTTP purge backend); unset: no frontend cache.
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
# quartier.cache_invalidation lists every language's URL itself.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Requests per client address and minute to /api/search/ and to
# /api/search/suggest/ (counted separately); 0 turns the limit off.
SEARCH_API_RATE_LIMIT = env_int("SEARCH_API_RATE_LIMIT", 120)
# Profile views and clicks (in Redis with REDIS_URL, else per process) and, without
# Redis, the search API's rate limit are written to the database at most this often
# (quartier/counters.py; also `manage.py flush_counters`).
COUNTER_FLUSH_SECONDS = env_int("COUNTER_FLUSH_SECONDS", 10)
# Reverse proxies in front of the app that append to X-Forwarded-For (e.g. 1
# behind one nginx); rate limits and the admin lock-out then count the visitor's
# address, not the proxy's. 0: the connection's address (no proxy).
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# --- Email -------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "quartier@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
COORDINATION_EMAIL = env("COORDINATION_EMAIL", DEFAULT_FROM_EMAIL)

# Public holidays for the "PH" of opening hours: ISO country and subdivision
# (state) as the `holidays` package names them; North Rhine-Westphalia here.
HOLIDAYS_COUNTRY = env("HOLIDAYS_COUNTRY", "DE")
HOLIDAYS_SUBDIVISION = env("HOLIDAYS_SUBDIVISION", "NW")
# What the business import accepts: phone numbers without a country code are
# read as this country's; postcodes must match this pattern.
PHONE_REGION = env("PHONE_REGION", HOLIDAYS_COUNTRY)
POSTCODE_PATTERN = env("POSTCODE_PATTERN", r"\d{5}")

# --- Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = env("SITE_NAME", "Quartier")
# Public address for emails and the admin. Unset, it is the default Wagtail
# Site's hostname and port (quartier.site_address), kept in step per request.
BASE_URL = env("BASE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL or "http://localhost"
WAGTAILIMAGES_IMAGE_MODEL = "quartier.CustomImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "quartier.image_forms.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents always stream through Wagtail's view, which checks the collection's
# view restrictions; "redirect" (its default for remote storage) would hand out the file's URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# No Gravatar: its image URLs carry a hash of each user's email address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# At most a few reset mails per address and per client (quartier/users/forms.py).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "quartier.users.forms.ThrottledPasswordResetForm"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Search. Public search (search/) uses Elasticsearch when ELASTICSEARCH_URL is
# set and the database otherwise. Wagtail's own index serves only the admin's
# page search and choosers, for a handful of editors: it stays in the database
# in every deployment (README, "Search: why each index exists").
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "quartier")
# Only for a node without the synonyms API: its configuration folder, where the
# team's synonyms are written as a file that the node reloads (search.backends.
# elasticsearch.synonyms).
ELASTICSEARCH_SYNONYMS_DIR = env("ELASTICSEARCH_SYNONYMS_DIR", "")
# Copies of each shard on other nodes: 0 on one node, 1 or more on a cluster.
ELASTICSEARCH_REPLICAS = env_int("ELASTICSEARCH_REPLICAS", 0)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL full-text search with German stemming and stop words.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "german"

# Background work (search index updates): a queue in the database that
# `manage.py db_worker` works off, a process of its own in production, so a
# shopkeeper's publish never waits for Elasticsearch. TASK_BACKEND=immediate
# runs each task inline instead (the default of the development settings).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASK_BACKEND = env("TASK_BACKEND", "database")
if TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {', '.join(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND]}}

# --- Geocoding (geopy) -------------------------------------------------------
# GEOCODER: "nominatim" (default), "photon" or "none" (never ask the network).
GEOCODER = env("GEOCODER", "nominatim")
GEOCODER_DOMAIN = env("GEOCODER_DOMAIN", "nominatim.openstreetmap.org")
GEOCODER_SCHEME = env("GEOCODER_SCHEME", "https")
GEOCODER_USER_AGENT = env("GEOCODER_USER_AGENT", "quartier-neighbourhood-platform/0.1")
GEOCODER_TIMEOUT = float(env("GEOCODER_TIMEOUT", "5"))
GEOCODER_MIN_DELAY_SECONDS = float(env("GEOCODER_MIN_DELAY_SECONDS", "1"))
GEOCODER_COUNTRY_CODES = env("GEOCODER_COUNTRY_CODES", "de")
# How far (km) a geocoded point may lie from its district's centre before the
# editor is warned instead of the point being used silently.
GEOCODER_MAX_DISTANCE_KM = float(env("GEOCODER_MAX_DISTANCE_KM", "3"))

# --- Map tiles ---------------------------------------------------------------
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
)
MAP_TILE_ORIGIN = env("MAP_TILE_ORIGIN", "https://tile.openstreetmap.org")

LEAFLET_CONFIG = {
    "TILES": [],  # the tile layer is added by our own script from MAP_TILE_URL
    "DEFAULT_CENTER": (51.47, 6.76),
    "DEFAULT_ZOOM": 13,
    "MIN_ZOOM": 10,
    "MAX_ZOOM": 19,
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
    "PLUGINS": {
        "markercluster": {
            "css": [
                "vendor/leaflet.markercluster/MarkerCluster.css",
                "vendor/leaflet.markercluster/MarkerCluster.Default.css",
            ],
            "js": "vendor/leaflet.markercluster/leaflet.markercluster.js",
            "auto-include": True,
        },
    },
}

# --- Privacy -----------------------------------------------------------------
REGISTRATION_RETENTION_DAYS = env_int("REGISTRATION_RETENTION_DAYS", 30)
# "Ich habe Interesse" for a position goes to the programme's job coaches.
JOB_COACH_EMAIL = env("JOB_COACH_EMAIL", COORDINATION_EMAIL)
# Interest requests are anonymised this many calendar days after they came in.
JOB_INTEREST_RETENTION_DAYS = env_int("JOB_INTEREST_RETENTION_DAYS", 180)

# Newsletter: days an unconfirmed opt-in waits for its confirmation before it is
# deleted (and its link stops working); the first digest covers this many days.
NEWSLETTER_CONFIRM_DAYS = env_int("NEWSLETTER_CONFIRM_DAYS", 7)
NEWSLETTER_FIRST_DIGEST_DAYS = env_int("NEWSLETTER_FIRST_DIGEST_DAYS", 7)

# Handled business claims are deleted this many days after they arrived.
CLAIM_RETENTION_DAYS = env_int("CLAIM_RETENTION_DAYS", 90)
# Residents' reports of wrong details ("Angabe falsch? Melden") are deleted
# this many days after they arrived (purge_profile_reports).
PROFILE_REPORT_RETENTION_DAYS = env_int("PROFILE_REPORT_RETENTION_DAYS", 180)

# --- Freshness loop ----------------------------------------------------------
# Owners are asked "Stimmen Ihre Angaben noch?" when their profile was not
# confirmed for this many days, and not again within the same interval.
UPDATE_REMINDER_DAYS = env_int("UPDATE_REMINDER_DAYS", 90)
# Days the one-click links of a reminder work.
UPDATE_REMINDER_LINK_DAYS = env_int("UPDATE_REMINDER_LINK_DAYS", 30)
# The coordination team's list of stale profiles: not confirmed for this many days.
STALE_PROFILE_DAYS = env_int("STALE_PROFILE_DAYS", 180)

# --- Security ----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its preview views SAMEORIGIN itself
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The same client address as our own rate limits (see NUM_PROXIES).
AXES_CLIENT_IP_CALLABLE = "quartier.ratelimit.client_address"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", MAP_TILE_ORIGIN],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
    # The Wagtail admin needs inline scripts and styles; the public site does not.
    "EXCLUDE_URL_PREFIXES": ("/admin/",),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django's own lines name the path: keys from mail links are redacted.
    "filters": {"redact_keys": {"()": "quartier.access_log.RedactKeysFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_keys"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Task runs and page publications are logged per page: too chatty for the console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
        # WeasyPrint logs every layout step, and parsing its own stylesheets on import.
        "weasyprint": {"level": "WARNING"},
    },
}

SITE_NAME = WAGTAIL_SITE_NAME
