"""The public site is read-only: only the admin accepts writes."""

from django.http import HttpResponseNotAllowed

READ_METHODS = ("GET", "HEAD")


class PublicSiteReadOnlyMiddleware:
    """Answer 405 to any method but GET and HEAD on a page outside the admin.

    One rule here rather than a decorator on every view, so that a view added later is
    covered too (tests/test_url_policy.py walks the resolver to check it). A view that
    answers write methods itself, in its own format (the JSON API), says so with the
    `answers_writes_itself` attribute. It runs in process_view, before the CSRF check, so
    that a write gets a 405 rather than a CSRF failure page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method in READ_METHODS
            or "admin" in request.resolver_match.app_names
            or getattr(view_func, "answers_writes_itself", False)
        ):
            return None
        return HttpResponseNotAllowed(READ_METHODS)
