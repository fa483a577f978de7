"""The documented backup (pg_dump) restores into a new database that serves the same site:
deploy/restore-drill compares every page byte for byte and every table, history and
accounts included."""

import os
import subprocess
import sys
from pathlib import Path
from shutil import which

import pytest
from django.db import connection

from provisions.models import Thread
from tests.accounts import make_editor

REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="pg_dump and pg_restore need PostgreSQL (the PostgreSQL pass runs it)",
    ),
    pytest.mark.skipif(not which("pg_dump"), reason="PostgreSQL's client programs are missing"),
]


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_a_pg_dump_backup_restores_to_the_same_site_history_and_accounts():
    subprocess.run(
        [sys.executable, "manage.py", "import_plans", "fixtures/"],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": database_url()},
        check=True,
        capture_output=True,
    )
    # An editor's change leaves a history entry with its author.
    thread = Thread.objects.get(slug="armed-forces-cap")
    thread.title = "Ceiling on Ukraine's armed forces"
    thread._history_user = make_editor("ed")
    thread.save()

    drill = subprocess.run(
        [REPO / "deploy" / "restore-drill"],
        env={**os.environ, "DATABASE_URL": database_url(), "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert drill.returncode == 0, drill.stdout + drill.stderr
    print(drill.stdout)
    assert "identical after restore" in drill.stdout
    assert thread.history.first().history_user.username == "ed"
