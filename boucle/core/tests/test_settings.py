import os

from django.conf import settings
from django.core.cache import cache


def test_the_cache_is_one_every_server_process_shares():
    """Rate limits and invalidation must hold with several workers: never a per-process memory cache."""
    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "django.core.cache.backends.redis.RedisCache"
    else:
        assert backend == "boucle.core.cache.FileCache"
        assert str(settings.DATA_DIR) in settings.CACHES["default"]["LOCATION"]
    cache.set("boucle-probe", 41)
    assert cache.incr("boucle-probe") == 42


def test_sqlite_waits_for_the_write_lock_instead_of_failing():
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert db["OPTIONS"]["timeout"] >= 5
        assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert not db.get("ATOMIC_REQUESTS")
