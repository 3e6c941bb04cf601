"""The full-text index: an FTS5 virtual table on SQLite, a tsvector table with GIN indexes on PostgreSQL.

The SQL is copied here (migrations never import app code); keep it equal to
boucle/search/backends/sqlite.py and postgres.py. After this migration, `boucle search_reindex` fills it.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, summary, body, tags,
        kind UNINDEXED, object_id UNINDEXED, organization_id UNINDEXED, stage UNINDEXED, tag_slugs UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_CREATE = [
    """
    CREATE TABLE search_document (
        kind varchar(20) NOT NULL,
        object_id bigint NOT NULL,
        organization_id bigint NULL,
        stage varchar(20) NOT NULL DEFAULT '',
        tag_slugs text[] NOT NULL DEFAULT '{}',
        document tsvector NOT NULL,
        PRIMARY KEY (kind, object_id)
    )
    """,
    "CREATE INDEX search_document_document_gin ON search_document USING GIN (document)",
    "CREATE INDEX search_document_tags_gin ON search_document USING GIN (tag_slugs)",
    "CREATE INDEX search_document_organization ON search_document (organization_id)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_document"]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def create_index_tables(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_CREATE)
    else:
        raise RuntimeError(f"Boucle's search runs on SQLite or PostgreSQL, not on {vendor}.")


def drop_index_tables(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_index_tables, drop_index_tables)]
