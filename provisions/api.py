"""Every JSON view: read-only, one decorator, one error shape, one pagination, one CORS header.

Plain Django views rather than Django REST framework: the API is read-only, has a handful of
endpoints and no authentication, and each endpoint's queries are QuerySet methods, so their
number stays fixed however large the data grows. The objects are serialised by exports.py.

Errors are `{"error": "..."}` with a 4xx status. Lists are paginated:
`{"count", "next", "previous", "results"}`.
"""

from functools import wraps

from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from . import exports, lean, loading
from .exports import absolute
from .forms import RequestError, paginate
from .models import PlanVersion, Provision, Source, Thread
from .search import filter_provisions

PER_PAGE = 100
PROVISIONS_PER_PAGE = 50


def error_response(status, message):
    return JsonResponse({"error": message}, status=status)


def api_view(view):
    """GET and HEAD only; the view returns data (or raises RequestError) and this makes the JSON."""

    # Exempt from CSRF so that a POST gets this API's JSON 405 rather than a CSRF page;
    # no view here changes anything.
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error_response(
                405, f"{request.method} is not allowed: the API is read-only."
            )
            response["Allow"] = "GET, HEAD"
            return response
        try:
            response = JsonResponse(view(request, *args, **kwargs))
        except RequestError as error:
            response = error_response(error.status, error.message)
        # Public, read-only, no cookies: any site's scripts may read it.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.answers_writes_itself = True  # see provisions.middleware
    return wrapper


# The endpoints /api/ lists: (URL name, example arguments, what it gives).
ENDPOINTS = [
    ("api_versions", [], "every version in date order"),
    ("api_version", ["{slug}"], "one version with its provisions, citations and removals"),
    ("api_threads", [], "every thread (subject) with its themes"),
    ("api_thread", ["{slug}"], "one thread through every version, each related to its base"),
    ("api_sources", [], "every source"),
    ("api_provisions", [], "provisions, with the search page's q= and filters"),
    ("api_compare_pair", ["{a}", "{b}"], "two versions side by side, row by row"),
    ("api_compare_many", [], "the synoptic table of v={slug}&v={slug}… (base= optional)"),
]


@api_view
def index(request):
    """What the API offers: each endpoint with its URL ({placeholders} for slugs)."""
    endpoints = []
    for name, args, gives in ENDPOINTS:
        url = absolute(request, reverse(f"provisions:{name}", args=["--"] * len(args)))
        for arg in args:
            url = url.replace("--", arg, 1)
        endpoints.append({"name": name.removeprefix("api_"), "url": url, "gives": gives})
    return {"endpoints": endpoints, "errors": '{"error": "..."} with a 4xx status'}


def get_or_error(queryset, noun, slug):
    try:
        return queryset.get(slug=slug)
    except queryset.model.DoesNotExist:
        raise RequestError(f"there is no {noun} “{slug}”.", 404) from None


def paginated(request, queryset, per_page, serialise):
    page = paginate(queryset, request.GET.get("page"), per_page=per_page)
    return page_data(request, page, [serialise(request, item) for item in page])


def page_data(request, page, results):
    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": page.paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": results,
    }


def _listed_version(request, version):
    return {**exports.version_data(request, version), "provision_count": version.provision_count}


@api_view
def versions(request):
    return paginated(request, PlanVersion.objects.for_listing(), PER_PAGE, _listed_version)


@api_view
def version_detail(request, slug):
    version = get_or_error(PlanVersion.objects.for_api(), "version", slug)
    contents = lean.load_contents([version])[version.pk]  # what the version's page shows
    return {
        **exports.version_data(request, version),
        "published_note": version.published_note,
        "text_basis_note": version.text_basis_note,
        "notes": version.notes,
        "citations": [exports.citation_data(request, c) for c in version.citations.all()],
        "provisions": [exports.provision_data(request, p, version) for p in contents.provisions],
        "removals": [exports.removal_data(request, r, version) for r in contents.removals],
    }


@api_view
def threads(request):
    return paginated(request, Thread.objects.with_themes(), PER_PAGE, exports.thread_data)


@api_view
def thread_detail(request, slug):
    """The thread page's data: every version, related to its base as on the page (those without
    the subject say whether it is not in their text or not reported)."""
    thread = get_or_error(Thread.objects.with_themes(), "thread", slug)
    trail = loading.thread_trail(thread, request.GET)
    cells = trail.cells
    return {
        **exports.thread_data(request, trail.thread),
        "provisions": [
            exports.provision_data(request, provision, provision.version)
            for cell in cells
            for provision in cell.provisions
        ],
        "removals": [
            {"version": exports.version_ref(request, cell.version), "note": removal.note}
            for cell in cells
            for removal in cell.removals
        ],
        "versions": [exports.cell_data(request, cell) for cell in cells],
    }


@api_view
def sources(request):
    return paginated(request, Source.objects.all(), PER_PAGE, exports.source_data)


@api_view
def provisions(request):
    results = filter_provisions(
        request.GET, per_page=PROVISIONS_PER_PAGE, queryset=Provision.objects.for_display()
    )
    if results.errors:
        raise RequestError(" ".join(results.errors), results.status)
    searching = bool(results.search.terms)
    items = []
    for provision in results.page:
        item = exports.provision_data(request, provision, provision.version)
        if searching:
            item["snippet"] = "".join(text for text, _ in provision.snippet)
            item["snippet_html"] = render_to_string(
                "provisions/_snippet.html", {"snippet": provision.snippet}
            ).strip()
        items.append(item)
    data = page_data(request, results.page, items)
    if results.search.corrections:
        data["corrections"] = results.search.corrections
    return data


@api_view
def compare_pair(request, first, second):
    comparison = loading.pair_comparison(first, second, request.GET)
    page = reverse("provisions:compare_pair", args=[first, second])
    return exports.comparison_data(request, comparison, page)


@api_view
def compare_many(request):
    comparison = loading.synoptic_comparison(request.GET.getlist("v"), request.GET)
    return exports.comparison_data(request, comparison, reverse("provisions:compare_many"))
