"""pg_trgm for the search's spelling correction (provisions.search); a no-op on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("provisions", "0004_history_parties_themes_positions")]

    operations = [TrigramExtension()]
