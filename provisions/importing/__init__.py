"""Import the YAML data format: read, check references, write it all in one transaction.

A run is all-or-nothing: every file is read and validated and every reference resolved against
the run and the database before anything is written; the first problem stops the run with a
one-line `DataError` naming the file, the entry and the field. Writing upserts by stable
identifiers (version slug, source id, thread slug, (version, number)), so that running the same
files twice changes nothing and says so. A plan file describes its whole version: provisions,
removals and citations that the file no longer lists are deleted from that version.
"""

from django.db import DatabaseError, transaction

from .format import read_bundle
from .records import DataError
from .references import check_references
from .writer import Writer

__all__ = ["DataError", "import_paths"]


def import_paths(paths):
    """Validate, then write, every file under `paths`; returns the Tally. Raises DataError."""
    bundle = read_bundle(paths)
    check_references(bundle)
    try:
        # The only transaction an import opens: every write of the run is inside it, and so
        # is the data version's bump (provisions/data_version.py: database triggers on every
        # table written, raw inserts included; a run that changes nothing writes nothing).
        with transaction.atomic():
            return Writer(bundle).run()
    except DatabaseError as error:
        raise DataError(f"the database refused the data: {' '.join(str(error).split())}") from None
