"""Settings for the MOC website: one module, every machine-specific value from the environment.

The defaults are safe for production (DEBUG off, HTTPS on); `make run` switches HTTPS off
for a local run on http://127.0.0.1. Every variable read here is listed in README.md.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from mocsite.env import env_bool, env_int, env_list
from mocsite.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG")
# Marked insecure on purpose: `check --deploy` flags this key until production sets one.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-local-only")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Absolute base of the public site (canonical links, sitemap, feeds), e.g. https://moc.example.org
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, so the admin gets the language tabs
    "mocsite.apps.MocsiteConfig",
    "mocsite.apps.MocAdminConfig",  # django.contrib.admin with the site's AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # full-text search, unaccent and trigrams (site search)
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "reversion",  # history of the content (mocsite/history.py)
    "reversion_compare",
    "centre",
    "publications",
    "podcasts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Request id and one log line per request; then a 503 page when the database is down.
    "mocsite.middleware.RequestLogMiddleware",
    "mocsite.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for pages, feeds, calendars and data (not static files, which WhiteNoise serves
    # compressed ahead of time, nor pages with a CSRF token: mocsite/compression.py).
    # Above the page cache, which so keeps one copy of each page, uncompressed, and above
    # ConditionalGetMiddleware, whose ETag is then that of the uncompressed page.
    "mocsite.compression.CompressionMiddleware",
    # Stores pages on the way out; must sit above the middlewares that add Vary headers.
    "mocsite.cache.UpdateCacheMiddleware",
    # ETag and 304 answers. Below UpdateCacheMiddleware, so a stored page keeps its ETag
    # (the body is hashed once, not at every hit); above FetchFromCacheMiddleware, so a
    # stored page is answered with a 304 all the same.
    "django.middleware.http.ConditionalGetMiddleware",
    # Serves stored pages as early as it can: a hit skips sessions, locale, CSRF, auth…
    # (it reads the language from the address itself, as LocaleMiddleware would).
    "mocsite.cache.FetchFromCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Admin pages in the staff member's chosen language (French by default).
    "mocsite.admin_labels.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "mocsite.middleware.AdminNoIndexMiddleware",
    # Turns a 404 at an address that moved into a 301 (one query, on the 404 path only).
    "mocsite.redirects.RedirectFallbackMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mocsite.urls"
WSGI_APPLICATION = "mocsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mocsite.context_processors.site",
                "centre.context_processors.centre",
            ],
        },
    },
]

# SQLite file by default (first local run); PostgreSQL (psycopg 3) when DATABASE_URL is set,
# e.g. DATABASE_URL=postgres://user@127.0.0.1:5432/mocsite
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# PostgreSQL plans with SSD costs (its default, 4, is for spinning disks): the search's
# index (docs/search.md) is then read rather than the table scanned. Empty: the server's.
DATABASE_RANDOM_PAGE_COST = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1").strip()
if "postgresql" in DATABASES["default"]["ENGINE"] and DATABASE_RANDOM_PAGE_COST:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={float(DATABASE_RANDOM_PAGE_COST)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}", "OPTIONS": options}
    for name, options in [
        ("UserAttributeSimilarityValidator", {}),
        ("MinimumLengthValidator", {"min_length": 12}),
        ("CommonPasswordValidator", {}),
        ("NumericPasswordValidator", {}),
    ]
]

# Internationalisation
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr", "en")

# Static files: fingerprinted and compressed by WhiteNoise, served by the app itself
# (a CDN or reverse proxy may sit in front).
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # jQuery UI for the admin's language tabs, served from here rather than from the
    # third-party CDN django-modeltranslation uses by default (the CSP forbids it).
    "mocsite.staticfinders.JQueryUIFinder",
]
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Let Django serve MEDIA_ROOT itself (single-machine set-ups such as `make run`);
# in production a reverse proxy or object storage serves media instead.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic writes a .gz and, with the brotli package installed, a .br file beside
    # each compressible file; WhiteNoise serves the one the browser accepts.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o644
# Scale-out: media on S3-compatible object storage (django-storages) when a bucket is
# named, so every app server sees the same files; the local MEDIA_ROOT otherwise.
# Credentials may also come from boto3's own chain (instance role, ~/.aws) when unset.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Public files (photos, audio, PDFs): plain URLs, through a CDN if one is named.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH"),
            "location": os.environ.get("AWS_LOCATION", ""),
            "file_overwrite": False,  # an upload never replaces another file of that name
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
# Seconds a visitor (or a crawler) is asked to wait by the 503 page shown while the
# database is unreachable (Retry-After header).
SERVICE_UNAVAILABLE_RETRY_AFTER = env_int("SERVICE_UNAVAILABLE_RETRY_AFTER", 30)
# Largest accepted upload for images (photos, logos), in bytes.
MAX_IMAGE_UPLOAD_SIZE = env_int("MAX_IMAGE_UPLOAD_SIZE", 5 * 1024 * 1024)
# Largest accepted document upload (welcome booklet, PDF), in bytes.
MAX_DOCUMENT_UPLOAD_SIZE = env_int("MAX_DOCUMENT_UPLOAD_SIZE", 20 * 1024 * 1024)
# Largest accepted podcast recording (MP3, M4A, Ogg), in bytes.
MAX_AUDIO_UPLOAD_SIZE = env_int("MAX_AUDIO_UPLOAD_SIZE", 200 * 1024 * 1024)
# Widths (pixels) of the responsive renditions made of uploaded images (mocsite.images);
# after a change, `manage.py make_renditions` makes the missing ones.
IMAGE_RENDITION_WIDTHS = [160, 320, 640, 1280]

# Security. HTTPS is assumed unless DJANGO_HTTPS=false (local http runs only).
HTTPS = env_bool("DJANGO_HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
# A load balancer checks /health/ over plain http on the app servers' private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Behind our own reverse proxy: trust its X-Forwarded-Proto and X-Forwarded-For.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "mocsite.views.csrf_failure"

# Content-Security-Policy (django-csp): nothing from other hosts, no inline script or style;
# JSON-LD blocks are data, which the policy does not govern.
from csp.constants import NONE, SELF  # noqa: E402

MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")  # e.g. the object storage / CDN of media
STATIC_ORIGINS = env_list("CSP_STATIC_ORIGINS")  # e.g. the CDN of static files
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *STATIC_ORIGINS],
        "style-src": [SELF, *STATIC_ORIGINS],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS, *STATIC_ORIGINS],
        "media-src": [SELF, *MEDIA_ORIGINS],
        "font-src": [SELF, *STATIC_ORIGINS],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): the site uses none of these features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in "accelerometer autoplay camera display-capture geolocation gyroscope "
    "magnetometer microphone midi payment usb browsing-topics".split()
}

# Admin protection: django-axes locks a username *from one address* out after
# AXES_FAILURE_LIMIT failed logins, for AXES_COOLOFF_HOURS (`manage.py axes_reset` unlocks).
# The pair, not the address alone: colleagues behind a hospital's shared outgoing address
# keep signing in while one of them is locked out, and guesses at random usernames lock
# nobody. Nor the username alone, or anyone could lock a known colleague out from anywhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Its page says when sign-in reopens; for that to hold, refused attempts during the lock
# must not push the end back.
AXES_LOCKOUT_CALLABLE = "mocsite.admin.locked_out"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# The client's address, by the rule the contact form's rate limit uses too.
AXES_CLIENT_IP_CALLABLE = "mocsite.client.client_address"
# « Mot de passe oublié ? » (mocsite/password_reset.py): e-mails sent per window (seconds).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 5)
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
PASSWORD_RESET_RATE_WINDOW = env_int("PASSWORD_RESET_RATE_WINDOW", 3600)
# Second factor for staff (django-otp, TOTP devices): required when DJANGO_ADMIN_OTP=true.
ADMIN_OTP_REQUIRED = env_bool("DJANGO_ADMIN_OTP")
OTP_TOTP_ISSUER = "MOC"
# HSTS preload is opt-in (DJANGO_HSTS_PRELOAD): it is hard to undo once browsers ship it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Email: SMTP in production through EMAIL_BACKEND and the EMAIL_* variables. The default
# delivers nothing and says so: contact requests stay pending (never marked notified), the
# log gets one line without address or message, and `check --deploy` warns (mocsite/checks.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "centre.notifications.NoDeliveryEmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds per SMTP operation: a mail server that never answers cannot hold a sender longer.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

EMAIL_SUBJECT_PREFIX_SITE = os.environ.get("EMAIL_SUBJECT_PREFIX_SITE", "MOC")

# Caches. Without Redis: local memory, and files under STATE_DIR for what the gunicorn
# workers of one machine must share (the page cache). With
# REDIS_URL, Redis for all of them, so several app servers share them too; the page cache
# then has a Redis database of its own (REDIS_PAGES_DB, by default the one after
# REDIS_URL's), emptied with FLUSHDB.
# Redis is an accelerator: short timeouts, and a Redis that is down or hung is logged and
# treated as an empty cache (django-redis's IGNORE_EXCEPTIONS), never as an error page.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.3"))  # seconds
# After a connection error or a timeout, a Redis server is left alone this long (seconds):
# a hung Redis then costs one REDIS_TIMEOUT per interval, not several per request.
REDIS_RETRY_SECONDS = float(os.environ.get("REDIS_RETRY_SECONDS", "5"))
# The user running gunicorn must be able to write here, and so must whoever runs manage.py.
STATE_DIR = Path(os.environ.get("STATE_DIR", BASE_DIR / "var"))


def redis_cache(url):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "mocsite",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT,
            "REDIS_CLIENT_CLASS": "mocsite.cache.FailFastRedis",
        },
    }


def file_cache(name, max_entries):
    return {
        # Django's FileBasedCache, its errors logged and ignored as with Redis.
        "BACKEND": "mocsite.cache.FileBasedCache",
        "LOCATION": str(STATE_DIR / name),
        "OPTIONS": {"MAX_ENTRIES": max_entries},  # culled past this many files
    }


if REDIS_URL:
    _redis = urlsplit(REDIS_URL)
    REDIS_PAGES_DB = env_int("REDIS_PAGES_DB", int(_redis.path.strip("/") or 0) + 1)
    CACHES = {
        "default": redis_cache(REDIS_URL),
        "pages": redis_cache(urlunsplit(_redis._replace(path=f"/{REDIS_PAGES_DB}"))),
    }
    # Sessions read from Redis and kept in the database too, so a Redis restart logs
    # nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": file_cache("pages", 5000),
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "mocsite.redis"

# The page cache for anonymous visitors (mocsite/cache.py), emptied when content changes.
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
CACHE_MIDDLEWARE_KEY_PREFIX = ""

# Contact requests
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 365)  # stated on the privacy page
# Suspected spam (kept, out of the inbox, for staff to release) and spam go sooner.
CONTACT_SPAM_RETENTION_DAYS = env_int("CONTACT_SPAM_RETENTION_DAYS", 30)
CONTACT_RATE_LIMIT = env_int("CONTACT_RATE_LIMIT", 5)  # requests per address and window
CONTACT_RATE_WINDOW = env_int("CONTACT_RATE_WINDOW", 3600)  # seconds
CONTACT_MIN_FILL_SECONDS = env_int("CONTACT_MIN_FILL_SECONDS", 3)  # faster is a bot
CONTACT_FORM_MAX_AGE = env_int("CONTACT_FORM_MAX_AGE", 2 * 24 * 3600)  # seconds
CONTACT_MESSAGE_MAX_LENGTH = env_int("CONTACT_MESSAGE_MAX_LENGTH", 5000)  # characters
CONTACT_MAX_BODY_BYTES = env_int("CONTACT_MAX_BODY_BYTES", 64 * 1024)
# Notified when no recipient is set in the admin (comma-separated addresses).
CONTACT_FALLBACK_RECIPIENTS = env_list("CONTACT_FALLBACK_RECIPIENTS")
# The emails of a request are never sent inside the visitor's request: a thread of the web
# process sends them once the request is saved (CONTACT_SEND_IN_BACKGROUND; off when only
# the retry command should send), and `send_pending_notifications`, run every minute,
# retries failures: the first retry after CONTACT_SEND_RETRY_SECONDS, then twice as long
# each time (6 hours at most), until CONTACT_SEND_MAX_ATTEMPTS, when staff see the failure.
CONTACT_SEND_IN_BACKGROUND = env_bool("CONTACT_SEND_IN_BACKGROUND", True)
CONTACT_SEND_RETRY_SECONDS = env_int("CONTACT_SEND_RETRY_SECONDS", 60)
CONTACT_SEND_MAX_ATTEMPTS = env_int("CONTACT_SEND_MAX_ATTEMPTS", 12)
# The admin home lists requests still new or in progress after this many days.
CONTACT_WAITING_DAYS = env_int("CONTACT_WAITING_DAYS", 3)

# Logs go to standard error (journald, docker): one JSON object per line by default, for
# log collectors (mocsite/logging.py); LOG_FORMAT=plain for a human-readable line. Every
# record carries the id of its request (also sent back as the X-Request-ID header).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()
LOGGING = logging_config(LOG_FORMAT, os.environ.get("LOG_LEVEL", "INFO"))

# ClinicalTrials.gov API v2, read by `manage.py refresh_trials` (tests point it at a
# stand-in server); the timeout (seconds) keeps a machine without network from hanging.
CLINICALTRIALS_API_URL = os.environ.get(
    "CLINICALTRIALS_API_URL", "https://clinicaltrials.gov/api/v2/"
)
CLINICALTRIALS_TIMEOUT = env_int("CLINICALTRIALS_TIMEOUT", 10)
