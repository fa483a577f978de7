"""The data version: one stamp, and triggers that bump it with every write to a content table
(see provisions/data_version.py; every later `migrate` re-checks the triggers)."""

from django.db import migrations, models

from provisions import data_version


def create_triggers(apps, schema_editor):
    data_version.ensure_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    data_version.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("provisions", "0005_search")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("number", models.BigIntegerField()),
                ("changed_us", models.BigIntegerField(help_text="Microseconds since 1970 at the last bump.")),
            ],
            options={"db_table": "provisions_dataversion", "managed": False},
        ),
        # Not managed by Django, so that a flush (tests) leaves the stamp alone.
        migrations.RunSQL(
            "CREATE TABLE provisions_dataversion ("
            "id smallint PRIMARY KEY CHECK (id = 1), number bigint NOT NULL, changed_us bigint NOT NULL)",
            "DROP TABLE provisions_dataversion",
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
