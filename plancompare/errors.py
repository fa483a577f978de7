"""Error answers in the format asked for: JSON under /api/, elsewhere a page with the site header.

The project's 400, 404 and 500 handlers live here too. A database that cannot be reached
(restarting, maintenance) is a 503 with Retry-After rather than a 500: the request was fine
and will work again shortly.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

TITLES = {
    400: "This request cannot be answered",
    404: "There is no page at this address",
    500: "Something went wrong on our side",
    503: "The site is briefly unavailable",
}
DATABASE_DOWN = (
    "The database cannot be reached at the moment, most likely because it is being "
    "restarted. Nothing you did caused this: please try again in a minute."
)
RETRY_AFTER_SECONDS = 30


def error_response(request, status, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=status)
    context = {"title": TITLES[status], "message": message}
    return render(request, "error.html", context, status=status)


def bad_request(request, exception):
    return error_response(request, 400, "The request is malformed.")


def page_not_found(request, exception):
    return error_response(request, 404, "Check the address, or start again from the home page.")


def server_error(request):
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        response = error_response(request, 503, DATABASE_DOWN)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    try:
        return error_response(request, 500, "The error has been logged. Please try again later.")
    except Exception:  # the error page must not fail in turn, whatever broke
        return HttpResponse(TITLES[500], content_type="text/plain", status=500)
