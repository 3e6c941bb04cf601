"""The file cache culls now and then, not on every write, and still keeps its size bounded."""

from django.core.cache.backends.filebased import FileBasedCache

from boucle.core import cache as file_cache
from boucle.core.cache import FileCache


def test_writes_do_not_list_the_cache_directory_each_time(tmp_path, monkeypatch):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10_000}})
    listings = []
    original = FileBasedCache._list_cache_files
    monkeypatch.setattr(FileBasedCache, "_list_cache_files", lambda self: listings.append(1) or original(self))
    monkeypatch.setattr(FileCache, "_writes", 0)
    for i in range(400):
        cache.set(f"key{i}", i)
    assert len(listings) == 400 // file_cache.CULL_EVERY  # Django's own backend: 400
    assert cache.get("key399") == 399


def test_the_cache_still_stays_near_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "CULL_EVERY", 10)
    monkeypatch.setattr(FileCache, "_writes", 0)
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2}})
    for i in range(500):
        cache.set(f"key{i}", i)
    assert len(cache._list_cache_files()) <= 50 + 10
