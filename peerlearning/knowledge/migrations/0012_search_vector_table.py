"""PostgreSQL: the tsvector moves to a narrow table of its own (id, audience, vector).

A broad query ranks every document it matches; reading those vectors from the documents'
table meant reading their bodies' pages too (218 MB for 120,000 documents), which made broad
queries three times slower. Triggers keep the table in step with the documents, as the FTS5
table is on SQLite (0005)."""

from django.db import migrations

FORWARDS = [
    "DROP INDEX IF EXISTS knowledge_search_vector",
    "ALTER TABLE knowledge_searchdocument DROP COLUMN IF EXISTS search_vector",
    """CREATE TABLE knowledge_search_pg (
        id bigint PRIMARY KEY,
        audience varchar(40) NOT NULL,
        vector tsvector NOT NULL
    )""",
    "CREATE INDEX knowledge_search_pg_vector ON knowledge_search_pg USING GIN (vector)",
    """CREATE FUNCTION knowledge_search_pg_upsert() RETURNS trigger AS $$
    BEGIN
        INSERT INTO knowledge_search_pg (id, audience, vector)
        VALUES (NEW.id, NEW.audience, to_tsvector('simple', NEW.search_text))
        ON CONFLICT (id) DO UPDATE SET audience = EXCLUDED.audience, vector = EXCLUDED.vector;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION knowledge_search_pg_delete() RETURNS trigger AS $$
    BEGIN
        DELETE FROM knowledge_search_pg WHERE id = OLD.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION knowledge_search_pg_truncate() RETURNS trigger AS $$
    BEGIN
        TRUNCATE knowledge_search_pg;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER knowledge_search_pg_ai AFTER INSERT ON knowledge_searchdocument
        FOR EACH ROW EXECUTE FUNCTION knowledge_search_pg_upsert()""",
    """CREATE TRIGGER knowledge_search_pg_au AFTER UPDATE OF search_text, audience
        ON knowledge_searchdocument FOR EACH ROW EXECUTE FUNCTION knowledge_search_pg_upsert()""",
    """CREATE TRIGGER knowledge_search_pg_ad AFTER DELETE ON knowledge_searchdocument
        FOR EACH ROW EXECUTE FUNCTION knowledge_search_pg_delete()""",
    """CREATE TRIGGER knowledge_search_pg_at AFTER TRUNCATE ON knowledge_searchdocument
        FOR EACH STATEMENT EXECUTE FUNCTION knowledge_search_pg_truncate()""",
    """INSERT INTO knowledge_search_pg (id, audience, vector)
        SELECT id, audience, to_tsvector('simple', search_text) FROM knowledge_searchdocument""",
]

BACKWARDS = [
    "DROP TRIGGER knowledge_search_pg_at ON knowledge_searchdocument",
    "DROP TRIGGER knowledge_search_pg_ad ON knowledge_searchdocument",
    "DROP TRIGGER knowledge_search_pg_au ON knowledge_searchdocument",
    "DROP TRIGGER knowledge_search_pg_ai ON knowledge_searchdocument",
    "DROP FUNCTION knowledge_search_pg_truncate()",
    "DROP FUNCTION knowledge_search_pg_delete()",
    "DROP FUNCTION knowledge_search_pg_upsert()",
    "DROP TABLE knowledge_search_pg",
    "ALTER TABLE knowledge_searchdocument ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX knowledge_search_vector ON knowledge_searchdocument USING GIN (search_vector)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0011_search_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
