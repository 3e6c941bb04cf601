"""Whole-response cache for anonymous visitors, with exact invalidation.

``PageCacheMiddleware`` serves and stores whole pages in the shared cache (Redis, or the file cache every
server process shares) for anonymous ``GET``/``HEAD`` requests. An entry's key holds the full path with its
query string, the language, the htmx headers that change what a view renders, and the *content generation*:
one number in the cache that every write to a model of a ``boucle.*`` app increases (``post_save``,
``post_delete``, ``m2m_changed``, after the transaction commits). A page stored before a write is therefore
never served after it: invalidation is exact, not a guess about which pages a write touches. Bulk writes
that send no signal (``bulk_create``, ``QuerySet.update``) call ``bump()`` themselves: the seed, the
periodic jobs.

What is never served from nor stored in the cache:

- requests carrying a session or messages cookie (a signed-in member, or one with a pending message), an
  ``Authorization`` header (API tokens), other methods than GET/HEAD;
- the paths under ``/admin/``, ``/accounts/`` (log-in, sign-up, password reset: allauth's forms),
  ``/i18n/``, ``/media/``, ``/static/``, ``/bench/``;
- answers other than 200, streaming answers, answers that set a cookie or save the session, or that say
  ``Cache-Control: private/no-store/no-cache`` (``@never_cache`` opts a view out).

CSRF tokens. Every page embeds the visitor's CSRF token (htmx's ``hx-headers`` and the header's language
form). A page stored as it was rendered would hand one visitor's token to the next, whose own CSRF cookie
does not match it: their language switch would fail. So the stored copy holds a placeholder where the page
had a token (every 64-character string that unmasks to the visitor's CSRF secret), and each hit puts in a
token freshly masked from *this* visitor's secret (``get_token``), which also sets their CSRF cookie when
they have none, as an uncached page does.

Time. Pages also show relative dates and phases that open and close with the clock; entries expire after
``BOUCLE_PAGE_CACHE_TIMEOUT`` seconds (default 120) so that such text is at most that old.

Every cacheable answer carries ``X-Boucle-Cache: hit`` or ``miss``. Hits and misses are counted per
process and added to two counters in the cache at most once a second (``stats()``), so counting costs no
cache write per request.

Settings: ``BOUCLE_PAGE_CACHE`` (env ``BOUCLE_PAGE_CACHE``, default on; off under the test settings unless
a test enables it), ``BOUCLE_PAGE_CACHE_TIMEOUT``.
"""

import contextlib
import hashlib
import logging
import re
import threading
import time

from django.apps import AppConfig
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers
from django.utils.functional import empty

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HITS_KEY = "pagecache:hits"
MISSES_KEY = "pagecache:misses"
HEADER = "X-Boucle-Cache"
EXCLUDED_PREFIXES = ("/admin/", "/accounts/", "/i18n/", "/media/", "/static/", "/bench/")
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-Target", "HX-Trigger-Name")
CSRF_PLACEHOLDER = b"\x00boucle-csrf\x00"  # a NUL never appears in a page Boucle renders
_MASKED_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Saves that change only these fields show on no page: a log-in (last_login) does not invalidate the cache.
IGNORED_UPDATE_FIELDS = frozenset({"last_login", "last_used_at"})


def enabled() -> bool:
    return getattr(settings, "BOUCLE_PAGE_CACHE", False)


# ------------------------------------------------------------------------------------------ generation


def _initial_generation() -> int:
    # Microseconds since the epoch: if the key is ever lost (eviction, flush), the new generation is still
    # larger than any earlier one, so no old entry can be served again.
    return time.time_ns() // 1000


_local_lock = threading.Lock()


def _native_incr() -> bool:
    """Redis's INCR is atomic and keeps the key's (absent) expiry."""
    from django.core.cache.backends.redis import RedisCache

    return isinstance(caches["default"], RedisCache)


@contextlib.contextmanager
def _lock():
    """Make get-then-set atomic across processes (file cache: an flock next to the entries)."""
    backend = caches["default"]  # `cache` is a proxy: isinstance needs the backend itself
    if not isinstance(backend, FileBasedCache):
        with _local_lock:
            yield
        return
    import fcntl
    import os

    os.makedirs(backend._dir, exist_ok=True)
    with open(os.path.join(backend._dir, "pagecache.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _incr(key: str, delta: int, initial) -> int:
    """Add ``delta`` to a counter that never expires (``initial()`` when it does not exist)."""
    if _native_incr():
        try:
            return cache.incr(key, delta)
        except ValueError:
            cache.add(key, initial(), timeout=None)
            return cache.incr(key, delta)
    # BaseCache.incr would set the key again with the default timeout: it would expire after 5 minutes.
    with _lock():
        value = cache.get(key)
        value = (initial() if value is None else value) + delta
        cache.set(key, value, timeout=None)
        return value


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _initial_generation(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump() -> int:
    """A new content generation: every page stored until now is out of date. One atomic increment."""
    return _incr(GENERATION_KEY, 1, _initial_generation)


def _bump_after_commit():
    try:
        bump()
    except Exception:  # a cache outage must not fail a write that has committed
        logger.exception("Could not bump the page cache generation")


def bump_on_commit(using=None):
    """Bump once the current transaction commits (at once outside a transaction); once per transaction.

    Nothing to do when the cache is off (every process of a site shares the setting)."""
    if not enabled():
        return
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        if any(func is _bump_after_commit for _sids, func, _robust in connection.run_on_commit):
            return
    transaction.on_commit(_bump_after_commit, using=using, robust=True)


# ---------------------------------------------------------------------------------------------- signals


def _is_boucle_model(model) -> bool:
    config = model._meta.app_config  # None for the historical models migrations build
    return config is not None and config.name.startswith("boucle.")


def _on_save(sender, using=None, update_fields=None, raw=False, **kwargs):
    if raw or not _is_boucle_model(sender):
        return
    if update_fields and set(update_fields) <= IGNORED_UPDATE_FIELDS:
        return
    bump_on_commit(using)


def _on_delete(sender, using=None, **kwargs):
    if _is_boucle_model(sender):
        bump_on_commit(using)


def _on_m2m(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and _is_boucle_model(sender):
        bump_on_commit(using)


class PageCacheConfig(AppConfig):
    """Connects the invalidation receivers in every process (web, worker, commands), not only the web."""

    name = "boucle.core.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        post_save.connect(_on_save, dispatch_uid="boucle.pagecache.save")
        post_delete.connect(_on_delete, dispatch_uid="boucle.pagecache.delete")
        m2m_changed.connect(_on_m2m, dispatch_uid="boucle.pagecache.m2m")


# ------------------------------------------------------------------------------------------------ stats

_counts = {"hits": 0, "misses": 0}
_counts_lock = threading.Lock()
_last_flush = [0.0]
FLUSH_EVERY = 1.0  # seconds


def _count(kind: str):
    with _counts_lock:
        _counts[kind] += 1
        if time.monotonic() - _last_flush[0] < FLUSH_EVERY:
            return
    flush_stats()


def flush_stats():
    """Add this process's counts to the shared counters."""
    with _counts_lock:
        hits, misses = _counts["hits"], _counts["misses"]
        _counts["hits"] = _counts["misses"] = 0
        _last_flush[0] = time.monotonic()
    for key, value in ((HITS_KEY, hits), (MISSES_KEY, misses)):
        if not value:
            continue
        try:
            _incr(key, value, int)
        except Exception:
            logger.exception("Could not count page cache hits")


def stats() -> dict:
    """Hits and misses counted by every process (this one's flushed first; others within a second)."""
    flush_stats()
    hits, misses = cache.get(HITS_KEY) or 0, cache.get(MISSES_KEY) or 0
    total = hits + misses
    return {"hits": hits, "misses": misses, "hit_rate": hits / total if total else 0.0}


def reset_stats():
    flush_stats()
    cache.delete_many([HITS_KEY, MISSES_KEY])


# ------------------------------------------------------------------------------------------- middleware


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _key(request, gen: int) -> str:
    htmx = "|".join(request.headers.get(name, "") for name in HTMX_HEADERS)
    raw = f"{request.get_full_path()}\n{htmx}".encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(raw).hexdigest()[:40]
    return f"pagecache:page:{gen}:{getattr(request, 'LANGUAGE_CODE', '')}:{digest}"


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False  # the session will be saved and its cookie set
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "added_new", False):
        return False
    user = getattr(request, "user", None)
    user = getattr(user, "_wrapped", user)  # a lazy user nobody looked at stays unevaluated
    return user is empty or not getattr(user, "is_authenticated", False)


def _without_csrf_tokens(request, content: bytes) -> bytes | None:
    """The page with each of this visitor's CSRF tokens replaced by the placeholder (None: do not store)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content
    tokens = {m for m in _MASKED_TOKEN.findall(content) if _unmask_cipher_token(m.decode()) == secret}
    for token in tokens:
        content = content.replace(token, CSRF_PLACEHOLDER)
    if secret.encode() in content:
        return None  # the secret itself is in the page: never hand it to someone else
    return content


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = _key(request, generation())
            entry = cache.get(key)
        except Exception:
            logger.exception("Page cache unavailable")
            return self.get_response(request)
        if entry is not None:
            _count("hits")
            return self._rebuild(request, entry)
        _count("misses")
        response = self.get_response(request)
        if _storable(request, response):
            content = _without_csrf_tokens(request, response.content)
            if content is not None:
                headers = [(k, v) for k, v in response.items() if k.lower() not in ("content-length", HEADER.lower())]
                try:
                    cache.set(key, (content, headers), settings.BOUCLE_PAGE_CACHE_TIMEOUT)
                except Exception:
                    logger.exception("Could not store a page")
        response[HEADER] = "miss"
        patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def _rebuild(request, entry):
        content, headers = entry
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        patch_vary_headers(response, ["Cookie"])
        return response
