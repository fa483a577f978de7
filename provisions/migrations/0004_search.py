"""pg_trgm for the search's spelling correction (provisions.search); a no-op on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("provisions", "0002_initial_themes")]

    operations = [TrigramExtension()]
