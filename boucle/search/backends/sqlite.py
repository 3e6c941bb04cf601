"""SQLite: an FTS5 virtual table, ranked with bm25 and column weights.

The table (created by migration 0001) holds the normalized text in four indexed columns and the filters in
UNINDEXED ones; its rowid encodes the document's kind and id, so a document is replaced in place.
"""

import json
from collections import Counter

from django.db import connection

from boucle.search.backends.base import FACET_LIMIT, KIND_CODES, Backend, Document, Filters, Match, Page

TABLE = "search_fts"
# bm25 weights of title, summary, body, tags: a word in a title weighs ten times a word in a body.
WEIGHTS = "10.0, 5.0, 1.0, 3.0"
BATCH = 500

CREATE_SQL = f"""
CREATE VIRTUAL TABLE {TABLE} USING fts5(
    title, summary, body, tags,
    kind UNINDEXED, object_id UNINDEXED, organization_id UNINDEXED, stage UNINDEXED, tag_slugs UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
)
"""
DROP_SQL = f"DROP TABLE IF EXISTS {TABLE}"


def rowid(kind: str, object_id: int) -> int:
    return int(object_id) * 8 + KIND_CODES[kind]


def match_expression(match: Match) -> str:
    """An FTS5 query made only of quoted words: ``"castle" "ope"*`` (all) or ``"castle"* OR "door"*`` (any).

    The terms hold letters and digits only (``text.words``), so quoting them leaves no operator, column
    filter or syntax error possible.
    """
    quoted = [f'"{term}"' for term in match.terms]
    if match.mode == "any":
        return " OR ".join(f"{q}*" for q in quoted)
    quoted[-1] += "*"
    return " ".join(quoted)


class SQLiteBackend(Backend):
    vendor = "sqlite"
    table = TABLE

    def upsert(self, docs: list[Document]) -> set[tuple[str, int]]:
        new = set()
        with connection.cursor() as cursor:
            for start in range(0, len(docs), BATCH):
                batch = docs[start : start + BATCH]
                ids = [rowid(*d.key) for d in batch]
                cursor.execute(
                    f"SELECT rowid FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids
                )
                known = {row[0] for row in cursor.fetchall()}
                new |= {d.key for d, i in zip(batch, ids, strict=True) if i not in known}
                cursor.executemany(
                    f"INSERT OR REPLACE INTO {TABLE} (rowid, title, summary, body, tags, kind, object_id, "
                    "organization_id, stage, tag_slugs) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    [
                        (
                            i, d.title, d.summary, d.body, d.tags, d.kind, d.object_id,
                            d.organization_id, d.stage, json.dumps(list(d.tag_slugs)),
                        )
                        for d, i in zip(batch, ids, strict=True)
                    ],
                )
        return new

    def delete(self, keys: list[tuple[str, int]]) -> int:
        removed = 0
        with connection.cursor() as cursor:
            for start in range(0, len(keys), BATCH):
                ids = [rowid(*key) for key in keys[start : start + BATCH]]
                cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)
                removed += max(cursor.rowcount, 0)
        return removed

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            return cursor.fetchone()[0]

    def _where(self, match: Match, filters: Filters) -> tuple[str, list]:
        sql, params = [f"{TABLE} MATCH %s"], [match_expression(match)]
        if filters.kind:
            sql.append(f"{TABLE}.kind = %s")
            params.append(filters.kind)
        if filters.stages is not None:
            sql.append(f"{TABLE}.stage IN ({', '.join(['%s'] * len(filters.stages)) or 'NULL'})")
            params.extend(filters.stages)
        if filters.organization_id is not None:
            sql.append(f"{TABLE}.organization_id = %s")
            params.append(filters.organization_id)
        if filters.tag:
            sql.append(f"EXISTS (SELECT 1 FROM json_each({TABLE}.tag_slugs) AS t WHERE t.value = %s)")
            params.append(filters.tag)
        if filters.exclude:
            sql.append(f"{TABLE}.rowid != %s")
            params.append(rowid(*filters.exclude))
        return " AND ".join(sql), params

    def search(self, *, match: Match, filters: Filters, offset: int, limit: int, facets: bool) -> Page:
        where, params = self._where(match, filters)
        with connection.cursor() as cursor:
            # bm25 is lower for better matches: the rank given back is its opposite.
            cursor.execute(
                f"SELECT kind, object_id, -bm25({TABLE}, {WEIGHTS}) AS score FROM {TABLE} WHERE {where} "
                f"ORDER BY score DESC, {TABLE}.rowid DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            rows = [(kind, int(object_id), float(score)) for kind, object_id, score in cursor.fetchall()]
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)
            total = cursor.fetchone()[0]
            page = Page(rows=rows, total=total)
            if facets:
                page.facets, page.facets_exact = self._facets(cursor, match, filters)
        return page

    def _facets(self, cursor, match: Match, filters: Filters) -> tuple[dict, bool]:
        # Each facet counts the matches of the other filters (``filters.without(facet)``), reading at most
        # facet_scan of them: reading the filter columns of every match of a very common word is what costs
        # (the ranking and the count stay exact). Facets whose filters are the same (all four when nothing
        # is filtered) share one read of the matching rows, counted here.
        out, exact = {}, True
        scans: dict[Filters, list[tuple]] = {}
        for facet in ("kind", "stage", "organization", "tag"):
            without = filters.without(facet)
            if without not in scans:
                where, params = self._where(match, without)
                cursor.execute(
                    f"SELECT kind, stage, organization_id, tag_slugs FROM {TABLE} WHERE {where} "
                    f"LIMIT {self.facet_scan}",
                    params,
                )
                scans[without] = cursor.fetchall()
                exact &= len(scans[without]) < self.facet_scan
            rows = scans[without]
            counts: Counter = Counter()
            if facet == "tag":
                for *_columns, slugs in rows:
                    counts.update(json.loads(slugs or "[]"))
            else:
                column = {"kind": 0, "stage": 1, "organization": 2}[facet]
                counts.update(row[column] for row in rows)
            ranked = sorted(
                ((value, n) for value, n in counts.items() if value not in (None, "")),
                key=lambda item: (-item[1], item[0]),
            )
            out[facet] = [(str(value), n) for value, n in ranked[:FACET_LIMIT]]
        return out, exact
