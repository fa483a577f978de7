"""The import_plans command: load files of the import format into the database, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from provisions.importing import DataError, import_paths


class Command(BaseCommand):
    help = (
        "Load plan versions, threads, sources and commentary from YAML files or folders. "
        "Idempotent and all-or-nothing: one bad file means nothing of the run is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="YAML files or folders holding them")

    def handle(self, *args, paths, **options):
        try:
            tally = import_paths(paths)
        except DataError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(tally.summary())
