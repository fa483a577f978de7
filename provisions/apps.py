"""The provisions app: its name, and the data-version triggers kept in place after every migrate."""

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class ProvisionsConfig(AppConfig):
    name = "provisions"
    verbose_name = "Plans and provisions"

    def ready(self):
        post_migrate.connect(_ensure_data_version_triggers, sender=self)


def _ensure_data_version_triggers(using, **kwargs):
    # Tables added after migration 0006, or rebuilt by SQLite, get their triggers back.
    from . import data_version

    data_version.ensure_triggers(connections[using])
