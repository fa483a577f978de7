import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parent.parent


def test_the_database_is_the_one_database_url_names():
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )

    assert connection.vendor == expected


def run_manage(*args, **environment):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env.pop("PLANCOMPARE_ALLOW_INSECURE_KEY", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_debug_or_secret_key_a_command_says_so_in_one_line():
    result = run_manage("check")

    assert result.returncode == 1
    assert result.stderr == "manage.py: SECRET_KEY must be set when DEBUG is off.\n"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECURE_HSTS_SECONDS", "a year"),
        ("DATABASE_CONN_MAX_AGE", "-5"),
        ("TRUST_PROXY_HEADERS", "maybe"),
    ],
)
def test_a_malformed_setting_stops_the_app_naming_the_variable(name, value):
    result = run_manage("check", SECRET_KEY="k" * 50, **{name: value})

    assert result.returncode == 1
    assert result.stderr.startswith(f"manage.py: {name} must be")


def test_the_proxy_header_is_trusted_only_when_the_operator_says_so():
    shown = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    trusted = run_manage("shell", "-c", shown, DEBUG="1", TRUST_PROXY_HEADERS="1")
    untrusted = run_manage("shell", "-c", shown, DEBUG="1")

    assert trusted.stdout.splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert untrusted.stdout.splitlines()[-1] == "None"


def test_a_warning_of_the_development_server_is_printed_once():
    warn = "import logging; logging.getLogger('django.request').warning('Not Found: /nope/')"

    result = run_manage("shell", "-c", warn, DEBUG="1")

    assert result.stderr.count("Not Found: /nope/") == 1
