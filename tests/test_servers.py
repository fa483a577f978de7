"""Two gunicorn app servers on one PostgreSQL and one Redis: a change saved through one is
served by the other on the very next request; without Redis pages are served uncached, and
cached again once it is back."""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack, closing
from pathlib import Path

import pytest

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "a long test password"
# The public name both servers are reached by, as behind a load balancer.
HOST = "plans.example.org"
SETUP = f"""
from django.contrib.auth.models import User
from provisions.models import Thread
User.objects.create_superuser("lead", "", {PASSWORD!r})
print(Thread.objects.create(slug="army", title="Cap on the armed forces").pk)
"""


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def requirements():
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        return "needs PostgreSQL: runs in the suite's PostgreSQL pass (scripts/with-postgres)"
    if not shutil.which("redis-server"):
        return "needs redis-server (Debian package redis-server)"
    return None


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A database of its own on the suite's PostgreSQL server, migrated, with one thread, and
    the static files collected for it (into a directory of the test's, not the checkout's)."""
    import psycopg2

    server = os.environ["DATABASE_URL"]
    name = f"plancompare_servers_{os.getpid()}"
    url = urllib.parse.urlsplit(server)._replace(path=f"/{name}").geturl()
    admin = psycopg2.connect(server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        static_root = str(tmp_path_factory.mktemp("static"))
        env = {**os.environ, "DATABASE_URL": url, "STATIC_ROOT": static_root}
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        # The servers run with DEBUG off, so pages name their static files from the manifest.
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        shell = subprocess.run(
            [*manage, "shell", "-v0", "-c", SETUP],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        yield url, int(shell.stdout), static_root
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port)).close())

    def stop(self):
        self.process.terminate()
        self.process.wait(10)

    def keys(self):
        import redis

        return redis.Redis(port=self.port).keys("plancompare:*")


class Browser:
    """One app server, and a reader's or an editor's cookies on it."""

    def __init__(self, port):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path, data=None):
        headers = {"Host": HOST, "Referer": f"http://{HOST}/"}
        request = urllib.request.Request(self.base + path, data, headers=headers)
        return self.opener.open(request, timeout=10)

    def get(self, path):
        with self.open(path) as response:
            return response.headers.get("X-Cache"), response.read().decode()

    def post(self, path, data):
        with self.open(path) as form:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.read().decode())
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token[1]}).encode()
        with self.open(path, body) as response:
            return response.status


def wait_for(attempt, seconds=20):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return attempt()
        except (OSError, AssertionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def start_gunicorn(stack, env):
    port = free_port()
    process = subprocess.Popen(
        [BIN / "gunicorn", "plancompare.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stack.callback(process.wait, 10)
    stack.callback(process.send_signal, signal.SIGTERM)
    wait_for(lambda: Browser(port).get("/"))
    return Browser(port)


@pytest.mark.skipif(requirements() is not None, reason=requirements() or "")
def test_two_app_servers_share_one_redis_and_survive_without_it(database):
    url, thread_pk, static_root = database
    redis = Redis()
    with ExitStack() as stack:
        redis.start()
        stack.callback(lambda: redis.process.poll() is None and redis.stop())
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "STATIC_ROOT": static_root,
            "CACHE_URL": f"redis://127.0.0.1:{redis.port}/0",
            "DEBUG": "0",
            "SECRET_KEY": "servers-test-only",
            "ALLOWED_HOSTS": HOST,
            "SECURE_COOKIES": "0",
        }
        first, second = start_gunicorn(stack, env), start_gunicorn(stack, env)
        page = "/threads/army/"

        assert first.get(page)[0] == "miss"
        assert second.get(page)[0] == "hit"  # stored by the other server

        editor = Browser(first.port)
        editor.post("/admin/login/?next=/admin/", {"username": "lead", "password": PASSWORD})
        change = f"/admin/provisions/thread/{thread_pk}/change/"
        assert editor.post(change, {"slug": "army", "title": "Ceiling on the armed forces"}) == 200
        state, html = second.get(page)
        assert (state, "Ceiling on the armed forces" in html) == ("miss", True)
        assert second.get(page)[0] == "hit"

        redis.stop()
        started = time.monotonic()
        assert first.get(page)[0] == "uncached"
        assert second.get("/")[0] == "uncached"
        assert "Ceiling on the armed forces" in second.get(page)[1]
        assert time.monotonic() - started < 3

        redis.start()

        def cached_again():
            assert first.get(page)[0] == "hit"

        wait_for(cached_again, seconds=10)
        assert redis.keys()
