"""Settings shared by every environment.

Everything an operator changes comes from the environment (see docs/OPERATIONS.md):
DATABASE_URL, REDIS_URL, BOUCLE_DATA_DIR, SECRET_KEY, DEBUG, ALLOWED_HOSTS, EMAIL_URL...
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # the boucle package

env = environ.Env()

DATA_DIR = Path(env.str("BOUCLE_DATA_DIR", default="var")).resolve()

DEBUG = env.bool("DEBUG", default=False)

def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in BOUCLE_DATA_DIR."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        from django.utils.crypto import get_random_string

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_string(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a reverse proxy that terminates HTTPS (docs/OPERATIONS.md): trust its X-Forwarded-Proto so links
# built from a request (account e-mails) start with https://. Only set it when the proxy overwrites the header.
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses gunicorn trusts for X-Forwarded-* headers (the reverse proxy).
FORWARDED_ALLOW_IPS = env.str("FORWARDED_ALLOW_IPS", default="127.0.0.1")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
]

THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

LOCAL_APPS = [
    "boucle.core.apps.CoreConfig",
    "boucle.accounts.apps.AccountsConfig",
    "boucle.orgs.apps.OrgsConfig",
    "boucle.catalog.apps.CatalogConfig",
    "boucle.challenges.apps.ChallengesConfig",
    "boucle.projects.apps.ProjectsConfig",
    "boucle.reviews.apps.ReviewsConfig",
    "boucle.community.apps.CommunityConfig",
    "boucle.ledger.apps.LedgerConfig",
    "boucle.activity.apps.ActivityConfig",
    "boucle.notifications.apps.NotificationsConfig",
    "boucle.search.apps.SearchConfig",
    "boucle.moderation.apps.ModerationConfig",
    "boucle.studio.apps.StudioConfig",
    "boucle.opinions.apps.OpinionsConfig",
    "boucle.realization.apps.RealizationConfig",
    "boucle.orders.apps.OrdersConfig",
    "boucle.makes.apps.MakesConfig",
    "boucle.demo.apps.DemoConfig",
    "boucle.core.pagecache.PageCacheConfig",  # page cache invalidation receivers, in every process
]

INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "boucle.core.middleware.RejectNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "boucle.core.pagecache.PageCacheMiddleware",  # last: a hit skips the views, not the middleware above
]

ROOT_URLCONF = "boucle.urls"
WSGI_APPLICATION = "boucle.wsgi.application"

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
                "boucle.core.context_processors.boucle",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# SQLite in WAL mode by default (one file under BOUCLE_DATA_DIR, nothing to start); PostgreSQL with
# DATABASE_URL=postgres://... No code checks which engine it runs on.
# transaction_mode IMMEDIATE: a transaction takes the write lock when it begins, so one that reads then
# writes never fails with "database is locked"; with the busy timeout, writers queue instead of failing.
# Services wrap their writes in transaction.atomic; there is no ATOMIC_REQUESTS on purpose.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
    ),
}

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'boucle.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------
# Redis when REDIS_URL is set; otherwise a file cache under BOUCLE_DATA_DIR that every server process
# shares, so rate limits and invalidation hold with several workers (never per-process memory).
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": "boucle",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "boucle.core.cache.FileCache",  # Django's file cache, culled less often
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Whole pages for anonymous visitors (boucle/core/pagecache.py), invalidated exactly on every write.
# BOUCLE_PAGE_CACHE=false switches it off (the test settings do; tests of the cache switch it on).
BOUCLE_PAGE_CACHE = env.bool("BOUCLE_PAGE_CACHE", default=True)
BOUCLE_PAGE_CACHE_TIMEOUT = env.int("BOUCLE_PAGE_CACHE_TIMEOUT", default=120)  # seconds (relative dates)
# The benchmark's floor view /bench/floor/ (bench/http_bench.py), mounted only when BOUCLE_BENCH=1.
BOUCLE_BENCH_FLOOR = env.bool("BOUCLE_BENCH", default=False)

# --- Auth -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
SITE_ID = 1

# --- Internationalization -------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # site-wide files (vendored htmx and Pico, boucle.css)
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Boucle serves its own uploads unless a front server (nginx...) does it (docs/OPERATIONS.md).
SERVE_MEDIA = env.bool("BOUCLE_SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Images: refused above this many bytes, or above this many pixels (decompression bombs).
BOUCLE_IMAGE_MAX_BYTES = env.int("BOUCLE_IMAGE_MAX_BYTES", default=8 * 1024 * 1024)
BOUCLE_IMAGE_MAX_PIXELS = env.int("BOUCLE_IMAGE_MAX_PIXELS", default=40_000_000)

# --- Mail -----------------------------------------------------------------------------------------
# Console by default; SMTP (or any backend) by EMAIL_URL, e.g. smtp+tls://user:pass@smtp.example.org:587
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Boucle <noreply@boucle.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Security -------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
RATELIMIT_VIEW = "boucle.core.views.ratelimited"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]  # the file cache is shared by every process

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

from boucle.settings.accounts import *  # noqa: E402,F403
