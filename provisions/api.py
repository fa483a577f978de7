"""Read-only JSON API: versions, threads, sources and provisions (with the search page's
filters and search).

Plain Django views and a few serialising functions rather than Django REST framework: the
API is read-only, has a handful of endpoints and no authentication, and each endpoint's
queries are written out here, so their number stays fixed however large the data grows.

Conventions: objects are identified by slug (provisions by version slug and number label),
dates are ISO 8601, `url` is always the object's HTML page on this site (absolute) and
`link` an outside address (a source's article). Errors are `{"error": "..."}` with a 4xx
status. Lists are paginated: `{"count", "next", "previous", "results"}`.
"""

from functools import wraps

from django.db.models import Prefetch
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from .filters import PageError, filter_provisions, paginate
from .models import Citation, PlanVersion, Provision, Removal, Source, Thread

PER_PAGE = 100
PROVISIONS_PER_PAGE = 50


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status, message):
    return JsonResponse({"error": message}, status=status)


def api_view(view):
    """GET and HEAD only; the view returns data (or raises ApiError) and this makes the JSON."""

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
        except (ApiError, PageError) as error:
            response = error_response(error.status, error.message)
        # Public, read-only, no cookies: any site's scripts may read it.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.answers_writes_itself = True  # see provisions.middleware
    return wrapper


def get_or_error(queryset, noun, slug):
    try:
        return queryset.get(slug=slug)
    except queryset.model.DoesNotExist:
        raise ApiError(404, f"there is no {noun} “{slug}”.") from None


def absolute(request, path):
    return request.build_absolute_uri(path) if path else None


def paginated(request, page, results):
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


# Serialisers: each takes objects whose relations the view has already fetched.


def thread_ref(request, thread, version=None):
    data = {
        "slug": thread.slug,
        "title": thread.title,
        "url": absolute(request, thread.get_absolute_url()),
        "api_url": absolute(request, reverse("provisions:api_thread", args=[thread.slug])),
    }
    if version is not None:
        data["compare_url"] = absolute(request, version.get_comparison_url(thread))
    return data


def citation_data(request, citation):
    source = citation.source
    return {
        "source": source.slug,
        "title": source.title,
        "publisher": source.publisher,
        "link": source.url,
        "note": citation.note,
        "url": absolute(request, source.get_absolute_url()),
    }


def version_ref(request, version):
    return {
        "slug": version.slug,
        "short_name": version.short_name,
        "published": version.published,
        "url": absolute(request, version.get_absolute_url()),
        "api_url": absolute(request, reverse("provisions:api_version", args=[version.slug])),
    }


def version_data(request, version):
    return {
        **version_ref(request, version),
        "title": version.title,
        "drafted_by": [party.name for party in version.drafted_by.all()],
        "stage": version.stage,
        "status": version.status,
        "based_on": version.based_on.slug if version.based_on else None,
        "compare_url": absolute(request, version.get_comparison_url()),
        "text_basis": version.text_basis,
        "completeness": version.completeness,
        "summary": version.summary,
    }


def provision_data(request, provision, version):
    """A provision of `version`, with threads, themes, citations and positions prefetched."""
    return {
        "version": version_ref(request, version),
        "number": provision.number,
        "label": provision.label,
        "position": provision.position,
        "text": provision.text,
        "status": provision.status,
        "reported": provision.reported,
        "threads": [thread_ref(request, t, version) for t in provision.threads.all()],
        "themes": [theme.slug for theme in provision.themes.all()],
        "citations": [citation_data(request, c) for c in provision.citations.all()],
        "positions": [
            {"party": p.party.name, "position": p.position} for p in provision.positions.all()
        ],
        "url": absolute(request, provision.get_absolute_url()),
    }


def citations_prefetch(lookup="citations"):
    return Prefetch(lookup, queryset=Citation.objects.select_related("source"))


@api_view
def versions(request):
    page = paginate(PlanVersion.objects.for_listing(), request.GET.get("page"), per_page=PER_PAGE)
    results = [{**version_data(request, v), "provision_count": v.provision_count} for v in page]
    return paginated(request, page, results)


@api_view
def version_detail(request, slug):
    version = get_or_error(
        PlanVersion.objects.select_related("based_on").prefetch_related(
            "drafted_by", citations_prefetch()
        ),
        "version",
        slug,
    )
    provisions = Provision.objects.filter(version=version).for_display().select_related("version")
    removals = version.removals.select_related("thread").prefetch_related(citations_prefetch())
    return {
        **version_data(request, version),
        "published_note": version.published_note,
        "text_basis_note": version.text_basis_note,
        "notes": version.notes,
        "citations": [citation_data(request, c) for c in version.citations.all()],
        "provisions": [provision_data(request, p, version) for p in provisions],
        "removals": [
            {
                "thread": thread_ref(request, removal.thread, version),
                "note": removal.note,
                "citations": [citation_data(request, c) for c in removal.citations.all()],
            }
            for removal in removals
        ],
    }


def thread_data(request, thread):
    return {
        **thread_ref(request, thread),
        "description": thread.description,
        "themes": [theme.slug for theme in thread.themes.all()],
    }


@api_view
def threads(request):
    page = paginate(
        Thread.objects.prefetch_related("themes"), request.GET.get("page"), per_page=PER_PAGE
    )
    return paginated(request, page, [thread_data(request, t) for t in page])


@api_view
def thread_detail(request, slug):
    thread = get_or_error(Thread.objects.prefetch_related("themes"), "thread", slug)
    provisions = (
        Provision.objects.filter(threads=thread)
        .for_display()
        .select_related("version__based_on")
        .order_by("version__published", "version_id", "position", "id")
    )
    removals = (
        Removal.objects.filter(thread=thread)
        .select_related("version")
        .order_by("version__published", "version_id", "order", "id")
    )
    return {
        **thread_data(request, thread),
        "provisions": [provision_data(request, p, p.version) for p in provisions],
        "removals": [
            {"version": version_ref(request, r.version), "note": r.note} for r in removals
        ],
    }


@api_view
def sources(request):
    page = paginate(Source.objects.all(), request.GET.get("page"), per_page=PER_PAGE)
    results = [
        {
            "slug": source.slug,
            "title": source.title,
            "publisher": source.publisher,
            "author": source.author,
            "link": source.url,
            "published": source.published,
            "kind": source.kind,
            "language": source.language,
            "url": absolute(request, source.get_absolute_url()),
        }
        for source in page
    ]
    return paginated(request, page, results)


@api_view
def provisions(request):
    results = filter_provisions(
        request.GET,
        per_page=PROVISIONS_PER_PAGE,
        queryset=Provision.objects.for_display().select_related("version__based_on"),
    )
    if results.errors:
        raise ApiError(results.status, " ".join(results.errors))
    searching = bool(results.search.terms)
    items = []
    for provision in results.page:
        item = provision_data(request, provision, provision.version)
        if searching:
            item["snippet"] = "".join(text for text, _ in provision.snippet)
            item["snippet_html"] = render_to_string(
                "provisions/_snippet.html", {"snippet": provision.snippet}
            ).strip()
        items.append(item)
    data = paginated(request, results.page, items)
    if results.search.corrections:
        data["corrections"] = results.search.corrections
    return data
