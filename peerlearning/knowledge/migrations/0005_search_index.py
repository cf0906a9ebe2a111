"""The full-text index: SQLite FTS5 by default, a GIN index on PostgreSQL. Both index the same
pre-stemmed `search_text`, so both backends find the same documents."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE knowledge_search_fts USING fts5(
        search_text, content='knowledge_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER knowledge_search_ai AFTER INSERT ON knowledge_searchdocument BEGIN
        INSERT INTO knowledge_search_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER knowledge_search_ad AFTER DELETE ON knowledge_searchdocument BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER knowledge_search_au AFTER UPDATE ON knowledge_searchdocument BEGIN
        INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO knowledge_search_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER knowledge_search_au", "DROP TRIGGER knowledge_search_ad",
    "DROP TRIGGER knowledge_search_ai", "DROP TABLE knowledge_search_fts",
]
POSTGRES = [
    "CREATE INDEX knowledge_search_vector ON knowledge_searchdocument "
    "USING GIN (to_tsvector('simple', search_text))",
]
POSTGRES_REVERSE = ["DROP INDEX knowledge_search_vector"]


def forwards(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = SQLITE_REVERSE if schema_editor.connection.vendor == "sqlite" else POSTGRES_REVERSE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_search")]

    operations = [migrations.RunPython(forwards, backwards)]
