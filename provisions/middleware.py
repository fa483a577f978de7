"""The public site is read-only: only the admin accepts writes."""

from django.http import HttpResponseNotAllowed
from django.urls import Resolver404, resolve

READ_METHODS = ("GET", "HEAD")


class PublicSiteReadOnlyMiddleware:
    """Answer 405 to any method but GET and HEAD on a page outside the admin.

    One rule here rather than a decorator on every view, so that a view added later is
    covered too (tests/test_url_policy.py walks the resolver to check it). Paths that
    resolve nowhere fall through to the usual 404.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READ_METHODS and _is_public_page(request.path_info):
            return HttpResponseNotAllowed(READ_METHODS)
        return self.get_response(request)


def _is_public_page(path):
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return "admin" not in match.app_names
