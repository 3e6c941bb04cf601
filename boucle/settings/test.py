"""Test settings: SQLite unless DATABASE_URL says otherwise, a fast hasher, mail kept in memory."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Each test process (xdist worker) gets its own data directory: database file, media, cache.
_data = Path(tempfile.mkdtemp(prefix="boucle-test-"))
atexit.register(shutil.rmtree, _data, ignore_errors=True)
os.environ["BOUCLE_DATA_DIR"] = str(_data)

from boucle.settings.base import *  # noqa: E402,F403
from boucle.settings.base import DATA_DIR, DATABASES  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("REDIS_URL"):
    # Redis, as production runs it. Each parallel test process gets its own Redis database, since a test's
    # cache.clear() flushes the whole database (key prefixes do not protect from that).
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    _base = os.environ["REDIS_URL"].rstrip("/").rsplit("/", 1)
    _redis = _base[0] if _base[-1].isdigit() else os.environ["REDIS_URL"].rstrip("/")
    CACHES["default"]["LOCATION"] = f"{_redis}/{8 + _worker % 8}"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests that exercise rate limits switch them on themselves.
RATELIMIT_ENABLE = False
ACCOUNT_RATE_LIMITS = False
BOUCLE_PAGE_CACHE = False  # tests of the page cache switch it on
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: concurrency tests open several connections from several threads.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns when it is missing)
