"""The production stack as deployed: nginx (TLS) in front of gunicorn and PostgreSQL, brought
up by deploy/local-stack with the repository's own nginx site and gunicorn settings.

It starts its own PostgreSQL, so it runs once, in the PostgreSQL pass of the suite."""

import http.cookiejar
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from shutil import which

import pytest

REPO = Path(__file__).resolve().parent.parent
NGINX = which("nginx") or "/usr/sbin/nginx"

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs in the PostgreSQL pass only (it starts a PostgreSQL server of its own)",
    ),
]


# What the test run sets for itself and a production server never has.
TEST_ONLY = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "PLANCOMPARE_ALLOW_INSECURE_KEY"}


def production_environment(**values):
    return {**{k: v for k, v in os.environ.items() if k not in TEST_ONLY}, **values}


@pytest.fixture(scope="module")
def stack():
    started = subprocess.run(
        [REPO / "deploy" / "local-stack", "start"],
        env=production_environment(PYTHON=sys.executable),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert started.returncode == 0, started.stderr
    values = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
    yield values
    subprocess.run([REPO / "deploy" / "local-stack", "stop", values["STACK"]], timeout=60)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser(stack):
    """An opener that keeps cookies, trusts the stack's certificate and follows no redirect."""
    context = ssl.create_default_context(cafile=stack["CA_FILE"])
    return urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        NoRedirects(),
    )


def fetch(opener, url, data=None, headers=None):
    """(status, headers, body) without raising on 3xx, 4xx or 5xx."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_an_administrator_signs_in_over_https(stack):
    opener = browser(stack)
    login = stack["HTTPS_URL"] + "/admin/login/?next=/admin/"

    status, _headers, form = fetch(opener, login)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    status, headers, _body = fetch(
        opener,
        login,
        {
            "csrfmiddlewaretoken": token,
            "username": stack["DJANGO_SUPERUSER_USERNAME"],
            "password": stack["DJANGO_SUPERUSER_PASSWORD"],
            "next": "/admin/",
        },
        headers={"Referer": login},
    )

    assert status == 302, _body
    assert headers["Location"] == "/admin/"
    status, _headers, page = fetch(opener, stack["HTTPS_URL"] + "/admin/")
    assert status == 200
    assert "Log out" in page


def test_plain_http_redirects_to_the_same_address_over_https(stack):
    status, headers, _body = fetch(browser(stack), stack["HTTP_URL"] + "/versions/?page=1")

    assert status == 301
    assert headers["Location"] == stack["HTTPS_URL"] + "/versions/?page=1"


def test_https_pages_carry_hsts_and_hashed_static_files_are_cached_for_a_year(stack):
    opener = browser(stack)
    status, headers, page = fetch(opener, stack["HTTPS_URL"] + "/")
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=3600")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)[1]

    status, headers, _css = fetch(opener, stack["HTTPS_URL"] + stylesheet)

    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def slow_client(port, seconds_per_byte, stop):
    """A client that sends its request headers one byte at a time, as slowloris does."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with context.wrap_socket(
        socket.create_connection(("127.0.0.1", port)), server_hostname="localhost"
    ) as tls:
        for byte in b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: yes":
            if stop.wait(seconds_per_byte):
                return
            try:
                tls.sendall(bytes([byte]))
            except OSError:
                return


def test_four_slow_clients_do_not_stall_a_normal_request(stack):
    port = int(stack["HTTPS_URL"].rsplit(":", 1)[1])
    stop = threading.Event()
    slow = [threading.Thread(target=slow_client, args=(port, 2, stop)) for _ in range(4)]
    for thread in slow:
        thread.start()
    time.sleep(3)  # every slow client is connected and mid-headers
    try:
        started = time.monotonic()
        status, _headers, _page = fetch(browser(stack), stack["HTTPS_URL"] + "/versions/us-28/")
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        for thread in slow:
            thread.join()

    print(f"normal request beside 4 slow clients: {elapsed * 1000:.0f} ms")
    assert status == 200
    assert elapsed < 5


def test_check_deploy_gives_no_warning_with_the_production_settings(stack):
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=production_environment(**stack),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


def many_requests(stack, count):
    url = stack["HTTPS_URL"] + "/versions/us-28/"
    with ThreadPoolExecutor(12) as pool:
        return list(pool.map(lambda _n: fetch(browser(stack), url)[0], range(count)))


def database(stack, action):
    subprocess.run([REPO / "deploy" / "local-stack", "db", action, stack["STACK"]], check=True)


def test_the_database_restarting_is_a_503_meanwhile_and_no_error_after(stack):
    # Every worker thread opens its persistent connection first.
    assert set(many_requests(stack, 48)) == {200}

    database(stack, "stop")
    status, headers, page = fetch(browser(stack), stack["HTTPS_URL"] + "/versions/us-28/")
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert 'class="site-header"' in page
    started = time.monotonic()
    database(stack, "start")
    after = many_requests(stack, 48)
    elapsed = time.monotonic() - started

    print(f"after the restart: {after.count(200)} of {len(after)} answered 200 in {elapsed:.1f} s")
    assert after == [200] * 48
