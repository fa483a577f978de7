"""Whole public pages cached under the data version, and 304 when the reader's copy is current.

First in MIDDLEWARE, so that a cached page costs no other middleware. A public request (GET or
HEAD, outside the admin and the static files, without a session cookie or credentials) first
reads the data version (provisions/data_version.py: one primary-key query). Its validators
are the ETag and Last-Modified of every public page at that version; a matching
If-None-Match or If-Modified-Since gets a 304 at once. Otherwise the page is looked up in the
cache under (code release, data version, encoding, full URL with its query, which also names
the format), or rendered by the whole stack below, gzip-compressed and stored, headers and
all, when it is a plain 200. The version is read before the view runs, so a page is never
stored under a version newer than its data.

A stored page is exactly what the middleware below answered for that URL: the security
headers included, and only ever a 200, so nothing they would refuse or redirect (a bad
host, a control character, plain HTTP when HTTPS is required) can be stored.

Requests with a session or credentials, and the admin, pass through untouched apart from
`Cache-Control: private, no-cache…` on their pages: editors always get a fresh page, and
pages that may carry a CSRF token or a user's data are never compressed (BREACH, see
docs/performance.md).

A cache that fails (a Redis server down) costs at most its socket timeout once: pages are
served uncached and the cache is tried again RETRY_AFTER seconds later.
"""

import hashlib
import logging
from functools import cache
from time import monotonic, time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from . import data_version

logger = logging.getLogger(__name__)

READ_METHODS = ("GET", "HEAD")
# Browsers and shared caches may keep a page but must ask each time whether it is current:
# a reader never sees a page older than the last committed write, and asking costs a 304.
CACHE_CONTROL = "public, max-age=0, must-revalidate"
RETRY_AFTER = 2.0  # seconds without the cache after it failed
# What the code that renders pages is made of: a release changes the cache keys and ETags.
RELEASE_SOURCES = (
    ("provisions", "*.py"),
    ("plancompare", "*.py"),
    ("templates", "*"),
    ("static", "*"),
)


@cache
def _stored_release():
    return _release()


def _release():
    digest = hashlib.sha256()
    for folder, pattern in RELEASE_SOURCES:
        for path in sorted((settings.BASE_DIR / folder).rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def release():
    """A digest of the code, templates and static files (re-read on every request in DEBUG,
    where they change under a running server)."""
    return _release() if settings.DEBUG else _stored_release()


@cache
def admin_prefix():
    return reverse("admin:index")


@cache
def static_prefix():
    return urlsplit(settings.STATIC_URL).path


def is_public(request):
    return (
        request.method in READ_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path_info.startswith(admin_prefix())
    )


class Validators:
    """The ETag and Last-Modified of every public page at one data version."""

    def __init__(self, number, changed_us):
        self.token = f"{release()}.{number}.{changed_us}"
        self.etag = f'W/"{self.token}"'
        # A second is only a safe date once it is over: a write later in the same second
        # would otherwise share it. So the date is the next whole second after the change,
        # given only once that second has come.
        self.modified = changed_us // 1_000_000 + 1
        self.has_date = time() >= self.modified

    @staticmethod
    def conditional(request):
        return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META

    def match(self, request):
        """Whether the client's copy is current (If-None-Match first, as RFC 9110 says)."""
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            tags = parse_etags(if_none_match)
            return "*" in tags or any(tag.removeprefix("W/") == self.etag[2:] for tag in tags)
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        return self.has_date and since is not None and since >= self.modified

    def apply(self, response):
        response.headers["ETag"] = self.etag
        if self.has_date:
            response.headers["Last-Modified"] = http_date(self.modified)
        response.headers["Cache-Control"] = CACHE_CONTROL
        patch_vary_headers(response, ("Accept-Encoding",))
        return response


class PageCache:
    """The configured cache, skipped for RETRY_AFTER seconds after an error."""

    def __init__(self, alias="default"):
        self.alias = alias
        self.down_until = 0.0

    def _call(self, method, *args):
        """(whether the cache answered, its answer)."""
        if monotonic() < self.down_until:
            return False, None
        try:
            return True, getattr(caches[self.alias], method)(*args)
        except Exception:  # any backend error: the page is served without the cache
            logger.warning("page cache unavailable; serving uncached pages", exc_info=True)
            self.down_until = monotonic() + RETRY_AFTER
            return False, None

    def get(self, key):
        return self._call("get", key)[1]

    def set(self, key, value):
        """Whether the page was stored."""
        return self._call("set", key, value)[0]


def storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and "cookie" not in response.get("Vary", "").lower()
    )


class PageCacheMiddleware:
    """Place it first in MIDDLEWARE: a hit is answered before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)
        self.cache = PageCache()

    def __call__(self, request):
        if request.path_info.startswith(static_prefix()):
            return self.get_response(request)  # WhiteNoise's, with its own validators
        if not is_public(request):
            response = self.get_response(request)
            if request.method in READ_METHODS and not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response
        stamp = data_version.read()
        if stamp is None:  # a database migrated without its stamp: nothing to key pages on
            return self.get_response(request)
        validators = Validators(*stamp)
        if validators.conditional(request) and validators.match(request):
            return validators.apply(HttpResponseNotModified())
        gzip = bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        url = hashlib.sha256(url.encode()).hexdigest()
        key = f"page:{validators.token}:{'gzip' if gzip else 'identity'}:{url}"
        stored = self.cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            if validators.has_date and "Last-Modified" not in headers:
                validators.apply(response)  # stored within the second of the change
            response.headers["X-Cache"] = "hit"
            return response
        response = self.gzip.process_response(request, self.get_response(request))
        if storable(response):
            validators.apply(response)
            stored = self.cache.set(key, (response.content, dict(response.headers)))
            response.headers["X-Cache"] = "miss" if stored else "uncached"
        return response
