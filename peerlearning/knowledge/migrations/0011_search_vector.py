"""PostgreSQL keeps the tsvector itself (a stored generated column): rechecking phrase matches
then reads it instead of recomputing it from the text for every candidate."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE knowledge_searchdocument ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
    )
    schema_editor.execute("DROP INDEX IF EXISTS knowledge_search_vector")
    schema_editor.execute(
        "CREATE INDEX knowledge_search_vector ON knowledge_searchdocument USING GIN (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS knowledge_search_vector")
    schema_editor.execute("ALTER TABLE knowledge_searchdocument DROP COLUMN search_vector")
    schema_editor.execute(
        "CREATE INDEX knowledge_search_vector ON knowledge_searchdocument "
        "USING GIN (to_tsvector('simple', search_text))"
    )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0010_item_translations")]

    operations = [migrations.RunPython(forwards, backwards)]
