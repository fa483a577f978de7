"""Checks every request passes and headers every response carries, whatever view answers.

Views validate their own parameters with messages of their own; this is the outer guard
for what no view should ever see: control characters (NUL above all, which PostgreSQL
refuses to store or compare) and values long enough to trip Python's limit on int().
"""

import ipaddress
import re

from django.conf import settings

from .errors import error_response

# C0 controls and DEL, but not tab, line feed or carriage return, which a form may carry.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Well above any real parameter, well below int()'s 4,300-digit limit.
MAX_PARAMETER_LENGTH = 2000


def parameter_problem(request):
    """What is wrong with the request's address or parameters, or None."""
    if CONTROL_CHARACTER.search(request.path):
        return "The address contains a control character."
    for name, values in request.GET.lists():
        shown = CONTROL_CHARACTER.sub("?", name)[:50]
        for text in (name, *values):
            if CONTROL_CHARACTER.search(text):
                return f"The parameter “{shown}” contains a control character."
            if len(text) > MAX_PARAMETER_LENGTH:
                return f"The parameter “{shown}” is over {MAX_PARAMETER_LENGTH} characters long."
    # Other control characters in a form are the form's to explain, next to the field.
    if request.method == "POST":
        for name, values in request.POST.lists():
            if any("\x00" in text for text in (name, *values)):
                return "The form contains a NUL character, which cannot be stored."
    return None


class RejectMalformedParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = parameter_problem(request)
        if problem:
            return error_response(request, 400, problem)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY), which Django does not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def client_address(request):
    """The client's address for sign-in throttling, or None when there is none.

    Behind the proxy every request comes from the proxy, which puts the client's address in
    X-Real-IP; that header is believed only when the operator says the proxy is the sole way
    in (TRUST_PROXY_HEADERS), otherwise a client could pick a new address for every guess.
    """
    candidates = [request.META.get("REMOTE_ADDR")]
    if settings.TRUST_PROXY_HEADERS:
        candidates.insert(0, request.META.get("HTTP_X_REAL_IP"))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address((candidate or "").strip()))
        except ValueError:
            continue
    return None
