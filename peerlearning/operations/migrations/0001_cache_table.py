"""The shared cache's table (CACHE=database, the default), made by `migrate` itself: every
gunicorn worker and every server then counts one sign-in throttle and hears of one thesaurus
change, with no `createcachetable` step to forget."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "cache"  # settings.CACHES["default"]["LOCATION"]


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create, drop)]
