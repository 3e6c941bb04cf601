"""What both backends share: the document they index, the query they run, the rows they return.

A backend knows one database's full-text syntax and nothing of Boucle's models: ``boucle.search.documents``
turns objects into ``Document``s, ``boucle.search.selectors`` turns rows back into objects.
"""

from dataclasses import dataclass, field

# Kinds of indexed objects, with a small code SQLite folds into the FTS5 rowid (rowid = object_id * 8 + code).
KIND_CODES = {"project": 1, "technology": 2, "challenge": 3, "comment": 4, "design": 5, "make": 6, "offer": 7}
FACETS = ("kind", "stage", "organization", "tag")
FACET_LIMIT = 20  # values shown per facet (the most frequent)
# Facets count among at most this many matches (per facet): exact for all but the broadest queries, which
# would otherwise read the filter columns of every match. ``Page.facets_exact`` says when a count is a floor.
FACET_SCAN = 2000


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    title: str = ""  # weight A
    summary: str = ""  # weight B: a project's pitch, a technology's summary
    body: str = ""  # weight C: bodies, descriptions, briefs, comments
    tags: str = ""  # tag names, weight B
    organization_id: int | None = None
    stage: str = ""  # a project's status; "" for other kinds
    tag_slugs: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.object_id)


@dataclass(frozen=True)
class Match:
    """Which documents match: ``terms`` are normalized words (``text.query_terms``), never user syntax.

    ``mode="all"``: every term, the last one as a prefix (as-you-type search).
    ``mode="any"``: at least one term, each as a prefix (similar projects).
    """

    terms: tuple[str, ...]
    mode: str = "all"


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    stages: tuple[str, ...] | None = None
    organization_id: int | None = None
    tag: str | None = None
    exclude: tuple[str, int] | None = None  # one (kind, object_id) left out

    def without(self, facet: str) -> "Filters":
        """These filters minus the one on ``facet``: each facet counts what choosing another value would give."""
        name = {"stage": "stages", "organization": "organization_id"}.get(facet, facet)
        return Filters(**{**self.__dict__, name: None})


@dataclass
class Page:
    rows: list[tuple[str, int, float]]  # (kind, object_id, rank): the higher the rank, the better
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # facet -> [(value, count)]
    facets_exact: bool = True


class Backend:
    vendor = ""
    table = ""
    facet_scan = FACET_SCAN

    def upsert(self, docs: list[Document]) -> set[tuple[str, int]]:
        """Write ``docs``, replacing earlier versions; return the keys that were not indexed before."""
        raise NotImplementedError

    def delete(self, keys: list[tuple[str, int]]) -> int:
        """Remove these documents; return how many were indexed."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def search(self, *, match: Match, filters: Filters, offset: int, limit: int, facets: bool) -> Page:
        raise NotImplementedError
