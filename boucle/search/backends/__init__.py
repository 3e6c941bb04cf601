"""The search backend of the database in use, chosen once from ``connection.vendor``.

    backend().search(match=Match(terms=("castle",)), filters=Filters(), offset=0, limit=20, facets=True)

SQLite uses FTS5 (``sqlite.py``), PostgreSQL a weighted tsvector with a GIN index (``postgres.py``). Code
outside this package calls ``boucle.search.services`` and ``boucle.search.selectors``, never a backend.
"""

from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from boucle.search.backends.base import Backend, Document, Filters, Match, Page

__all__ = ["Backend", "Document", "Filters", "Match", "Page", "backend"]


@cache
def _backend_for(vendor: str) -> Backend:
    if vendor == "sqlite":
        from boucle.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend()
    if vendor == "postgresql":
        from boucle.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise ImproperlyConfigured(f"Boucle's search runs on SQLite or PostgreSQL, not on {vendor}.")


def backend() -> Backend:
    return _backend_for(connection.vendor)
