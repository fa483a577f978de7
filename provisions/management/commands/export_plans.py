"""The export_plans command: write the whole database into a folder in the import format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from provisions.importing.dumping import dump_database


class Command(BaseCommand):
    help = (
        "Write the whole database (versions and drafts, threads, sources, commentary) into "
        "DIR in the import format, so that import_plans DIR rebuilds it."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", help="a new or empty folder")

    def handle(self, *args, dir, **options):
        folder = Path(dir)
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise CommandError(f"{folder}: not an empty folder (the export would mix with it)")
        counts, left_out = dump_database(folder)
        for what in left_out:
            self.stderr.write(f"left out (the format cannot express it): {what}")
        written = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stdout.write(f"wrote {written} to {folder}")
