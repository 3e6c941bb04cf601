"""PostgreSQL: a table with a weighted ``tsvector`` column and a GIN index, ranked with ts_rank_cd.

Weights: A for titles, B for pitches, summaries and tag names, C for bodies and comments. The text arrives
normalized (``text.normalize``) and goes through the ``simple`` configuration: no stemming, no stop words,
the same words SQLite sees, so both backends give the same answers.
"""

from django.db import connection

from boucle.search.backends.base import FACET_LIMIT, Backend, Document, Filters, Match, Page

TABLE = "search_document"
BATCH = 200

CREATE_SQL = [
    f"""
    CREATE TABLE {TABLE} (
        kind varchar(20) NOT NULL,
        object_id bigint NOT NULL,
        organization_id bigint NULL,
        stage varchar(20) NOT NULL DEFAULT '',
        tag_slugs text[] NOT NULL DEFAULT '{{}}',
        document tsvector NOT NULL,
        PRIMARY KEY (kind, object_id)
    )
    """,
    f"CREATE INDEX {TABLE}_document_gin ON {TABLE} USING GIN (document)",
    f"CREATE INDEX {TABLE}_tags_gin ON {TABLE} USING GIN (tag_slugs)",
    f"CREATE INDEX {TABLE}_organization ON {TABLE} (organization_id)",
]
DROP_SQL = [f"DROP TABLE IF EXISTS {TABLE}"]

VECTOR = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
    "setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'B')"
)


def tsquery(match: Match) -> tuple[str, list]:
    """The SQL of a tsquery and its parameters, from normalized terms only (letters and digits).

    All terms: ``plainto_tsquery`` of the complete words AND the last word as a prefix (as-you-type).
    Any term: each word as a prefix, OR-ed. The quoted lexemes cannot hold a quote or an operator.
    """
    prefixes = [f"'{term}':*" for term in match.terms]
    if match.mode == "any":
        return "to_tsquery('simple', %s)", [" | ".join(prefixes)]
    if len(match.terms) == 1:
        return "to_tsquery('simple', %s)", prefixes
    return (
        "(plainto_tsquery('simple', %s) && to_tsquery('simple', %s))",
        [" ".join(match.terms[:-1]), prefixes[-1]],
    )


class PostgresBackend(Backend):
    vendor = "postgresql"
    table = TABLE

    def upsert(self, docs: list[Document]) -> set[tuple[str, int]]:
        new = set()
        with connection.cursor() as cursor:
            for start in range(0, len(docs), BATCH):
                batch = docs[start : start + BATCH]
                values, params = [], []
                for d in batch:
                    values.append(f"(%s, %s, %s, %s, %s::text[], {VECTOR})")
                    params += [d.kind, d.object_id, d.organization_id, d.stage, list(d.tag_slugs)]
                    params += [d.title, d.summary, d.body, d.tags]
                # xmax = 0 on a row this statement inserted; an updated row carries the updating xid.
                cursor.execute(
                    f"INSERT INTO {TABLE} AS d (kind, object_id, organization_id, stage, tag_slugs, document) "
                    f"VALUES {', '.join(values)} ON CONFLICT (kind, object_id) DO UPDATE SET "
                    "organization_id = EXCLUDED.organization_id, stage = EXCLUDED.stage, "
                    "tag_slugs = EXCLUDED.tag_slugs, document = EXCLUDED.document "
                    "RETURNING d.kind, d.object_id, (d.xmax = 0) AS inserted",
                    params,
                )
                new |= {(kind, int(object_id)) for kind, object_id, inserted in cursor.fetchall() if inserted}
        return new

    def delete(self, keys: list[tuple[str, int]]) -> int:
        removed = 0
        with connection.cursor() as cursor:
            for start in range(0, len(keys), BATCH):
                batch = keys[start : start + BATCH]
                cursor.execute(
                    f"DELETE FROM {TABLE} WHERE (kind, object_id) IN ({', '.join(['(%s, %s)'] * len(batch))})",
                    [value for key in batch for value in key],
                )
                removed += max(cursor.rowcount, 0)
        return removed

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            return cursor.fetchone()[0]

    def _where(self, filters: Filters) -> tuple[str, list]:
        sql, params = ["d.document @@ q.query"], []
        if filters.kind:
            sql.append("d.kind = %s")
            params.append(filters.kind)
        if filters.stages is not None:
            sql.append("d.stage = ANY(%s::varchar[])")
            params.append(list(filters.stages))
        if filters.organization_id is not None:
            sql.append("d.organization_id = %s")
            params.append(filters.organization_id)
        if filters.tag:
            sql.append("d.tag_slugs @> ARRAY[%s]::text[]")
            params.append(filters.tag)
        if filters.exclude:
            sql.append("NOT (d.kind = %s AND d.object_id = %s)")
            params.extend(filters.exclude)
        return " AND ".join(sql), params

    def search(self, *, match: Match, filters: Filters, offset: int, limit: int, facets: bool) -> Page:
        query_sql, query_params = tsquery(match)
        head = f"WITH q AS (SELECT {query_sql} AS query) "
        where, params = self._where(filters)
        with connection.cursor() as cursor:
            cursor.execute(
                head + f"SELECT d.kind, d.object_id, ts_rank_cd(d.document, q.query) AS score "
                f"FROM {TABLE} d, q WHERE {where} ORDER BY score DESC, d.object_id DESC LIMIT %s OFFSET %s",
                [*query_params, *params, limit, offset],
            )
            rows = [(kind, int(object_id), float(score)) for kind, object_id, score in cursor.fetchall()]
            cursor.execute(head + f"SELECT count(*) FROM {TABLE} d, q WHERE {where}", [*query_params, *params])
            page = Page(rows=rows, total=cursor.fetchone()[0])
            if facets:
                page.facets, page.facets_exact = self._facets(cursor, head, query_params, filters)
        return page

    def _facets(self, cursor, head: str, query_params: list, filters: Filters) -> tuple[dict, bool]:
        # Each facet reads at most facet_scan matching rows (see the SQLite backend); ranking and count are exact.
        out, exact = {}, True
        for facet, column in (("kind", "kind"), ("stage", "stage"), ("organization", "organization_id")):
            where, params = self._where(filters.without(facet))
            cursor.execute(
                head + f"SELECT m.{column}, count(*) AS n FROM (SELECT d.{column} FROM {TABLE} d, q WHERE {where} "
                f"LIMIT {self.facet_scan}) m GROUP BY m.{column} ORDER BY n DESC, m.{column}",
                [*query_params, *params],
            )
            rows = cursor.fetchall()
            exact &= sum(n for _value, n in rows) < self.facet_scan
            out[facet] = [(str(value), n) for value, n in rows if value not in (None, "")][:FACET_LIMIT]
        where, params = self._where(filters.without("tag"))
        cursor.execute(
            head + f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} d, q WHERE {where} LIMIT {self.facet_scan}) m",
            [*query_params, *params],
        )
        exact &= cursor.fetchone()[0] < self.facet_scan
        cursor.execute(
            head + f"SELECT t.slug, count(*) AS n FROM (SELECT d.tag_slugs FROM {TABLE} d, q WHERE {where} "
            f"LIMIT {self.facet_scan}) m CROSS JOIN LATERAL unnest(m.tag_slugs) AS t(slug) "
            f"GROUP BY t.slug ORDER BY n DESC, t.slug LIMIT {FACET_LIMIT}",
            [*query_params, *params],
        )
        out["tag"] = [(str(value), n) for value, n in cursor.fetchall()]
        return out, exact
