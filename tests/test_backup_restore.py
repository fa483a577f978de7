"""The documented backup (pg_dump) restores into a new database that serves the same site:
deploy/restore-drill compares every page byte for byte and every table, history and
accounts included.

It works on a database of its own on the test server, so the test database is left as it was."""

import os
import subprocess
import sys
from pathlib import Path
from shutil import which

import pytest

REPO = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.skipif(
        not SERVER_URL.startswith("postgres"),
        reason="pg_dump and pg_restore need PostgreSQL (the PostgreSQL pass runs it)",
    ),
    pytest.mark.skipif(not which("pg_dump"), reason="PostgreSQL's client programs are missing"),
]

# An editor's change leaves a history entry with its author, and an account to keep.
EDIT = """
from django.contrib.auth.models import User
from provisions.models import Thread
thread = Thread.objects.get(slug="armed-forces-cap")
thread.title = "Ceiling on Ukraine's armed forces"
thread._history_user = User.objects.create_user("ed", password="a long test password")
thread.save()
"""


def run(*command, url):
    return subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": url, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def site_database():
    name = f"plancompare_backup_{os.getpid()}"
    run(
        "psql", "-q", SERVER_URL, "-c", f"CREATE DATABASE {name}", url=SERVER_URL
    ).check_returncode()
    yield f"{SERVER_URL.rsplit('/', 1)[0]}/{name}"
    run("psql", "-q", SERVER_URL, "-c", f"DROP DATABASE IF EXISTS {name}", url=SERVER_URL)


def test_a_pg_dump_backup_restores_to_the_same_site_history_and_accounts(site_database):
    for command in (["migrate"], ["import_plans", "fixtures/"], ["shell", "-c", EDIT]):
        run(sys.executable, "manage.py", *command, url=site_database).check_returncode()

    drill = run(REPO / "deploy" / "restore-drill", url=site_database)

    assert drill.returncode == 0, drill.stdout + drill.stderr
    print(drill.stdout)
    assert "identical after restore" in drill.stdout
