"""Helpers for the search tests: what a query finds, as (kind, id) pairs, best first."""

from boucle.search.selectors import search_query


def found(q, **filters) -> list[tuple[str, int]]:
    return [(hit.kind, hit.object.pk) for hit in search_query(q=q, per_page=50, **filters).hits]


def key(obj) -> tuple[str, int]:
    from boucle.search.documents import kind_of

    return (kind_of(obj), obj.pk)


def indexed(q) -> int:
    """How many entries of the index match ``q``, stale ones included (``found`` drops those)."""
    from boucle.search.backends import Filters, Match, backend
    from boucle.search.text import query_terms

    return backend().search(
        match=Match(terms=tuple(query_terms(q))), filters=Filters(), offset=0, limit=1, facets=False
    ).total
