"""The shared cache when there is no Redis: Django's file cache, culled now and then instead of on every write.

``FileBasedCache.set()`` lists the whole cache directory on every call to decide whether to cull. With the page
cache holding thousands of pages, that listing took 25 ms at 6,700 files, paid by every cache write: a rate
limit counter on each support toggle, each page stored, each generation bump. ``FileCache`` looks once every
``CULL_EVERY`` writes of a process instead; the cache can then overshoot ``MAX_ENTRIES`` by at most that many
entries per process before the next cull brings it back.
"""

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 200


class FileCache(FileBasedCache):
    _writes = 0

    def _cull(self):
        FileCache._writes += 1
        if FileCache._writes % CULL_EVERY == 1:  # the first write of a process looks too
            super()._cull()
