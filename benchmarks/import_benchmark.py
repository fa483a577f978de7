"""Time `import_plans` on a synthetic corpus: the first import, then the same files again.

Prints wall time and SQL query count of each run, and the run's report; asserts nothing.
Runs against a fresh database: a temporary SQLite file, or the (empty) PostgreSQL database
of DATABASE_URL when it names one (e.g. under scripts/with-postgres).

Usage, from the repository root:

    python -m benchmarks.import_benchmark [--versions 40] [--provisions 150] [--data DIR]

--data imports DIR (e.g. fixtures/) instead of generating a corpus.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def setup_django(workdir):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/benchmark.sqlite3"
    os.environ.setdefault("PLANCOMPARE_ALLOW_INSECURE_KEY", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plancompare.settings")
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed_import(data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from provisions.importing import import_paths

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        tally = import_paths([data])
        elapsed = time.perf_counter() - start
    return elapsed, len(queries), tally.summary()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=40)
    parser.add_argument("--provisions", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", help="a folder in the import format, instead of a corpus")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from django.db import connection

        from benchmarks.corpus import write_corpus

        if args.data:
            data, what = Path(args.data), args.data
        else:
            data = write_corpus(Path(workdir) / "corpus", args.versions, args.provisions, args.seed)
            what = f"{args.versions} versions x {args.provisions} provisions (seed {args.seed})"
        print(f"import_plans of {what} on {connection.vendor}")
        for run in ("first", "second"):
            elapsed, queries, summary = timed_import(data)
            print(f"  {run:6} import: {elapsed:7.2f} s  {queries:6} queries  {summary[:70]}")


if __name__ == "__main__":
    main()
