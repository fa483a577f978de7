"""PostgreSQL's stored search vector with its GIN index, and the vocabulary for spelling
corrections, both kept current by triggers (provisions/search_index.py); nothing on SQLite."""

from django.db import migrations

from provisions import search_index


def install(apps, schema_editor):
    search_index.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    search_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("provisions", "0006_data_version")]

    operations = [migrations.RunPython(install, uninstall)]
