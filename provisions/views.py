import csv

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from . import comparison as comparisons
from .comparison import ComparisonError, VersionNotFound
from .models import Claim, PlanVersion, Provision, Removal, Source, Theme, Thread


def home(request):
    versions = PlanVersion.objects.for_listing()
    themes = Theme.objects.annotate(thread_count=Count("threads")).order_by("name")
    return render(
        request,
        "provisions/home.html",
        {
            "versions": versions,
            "themes": themes,
            "compare_all_url": comparisons.synoptic_url(versions),
            "max_versions": comparisons.MAX_VERSIONS,
        },
    )


def version_detail(request, slug):
    version = get_object_or_404(PlanVersion.objects.for_comparison(), slug=slug)
    others = PlanVersion.objects.in_date_order().exclude(pk=version.pk)
    return render(request, "provisions/version_detail.html", {"version": version, "others": others})


def thread_detail(request, slug):
    thread = get_object_or_404(Thread.objects.prefetch_related("themes"), slug=slug)
    return render(
        request,
        "provisions/thread_detail.html",
        {"thread": thread, "history": comparisons.thread_history(thread)},
    )


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    provisions = Provision.objects.select_related("version").order_by(
        "version__published", "version_id", "position"
    )
    threads = theme.threads.prefetch_related(
        Prefetch("provisions", queryset=provisions),
        Prefetch("removals", queryset=Removal.objects.select_related("version")),
    )
    versions = PlanVersion.objects.filter(
        Q(provisions__threads__themes=theme) | Q(provisions__themes=theme)
    ).distinct()
    return render(
        request,
        "provisions/theme_detail.html",
        {
            "theme": theme,
            "threads": threads,
            "compare_url": comparisons.synoptic_url(versions.in_date_order(), [theme.slug]),
        },
    )


# ?by= on the source list: (label, ordering); the template groups consecutive sources.
SOURCE_GROUPINGS = {
    "kind": ("Kind", ["kind", "-published", "title"]),
    "publisher": ("Publisher", ["publisher", "-published", "title"]),
    "date": ("Year", ["-published", "publisher", "title"]),
}


def source_list(request):
    by = request.GET.get("by", "kind")
    if by not in SOURCE_GROUPINGS:
        return bad_request(request, "Sources can be grouped by kind, publisher or date.")
    sources = Source.objects.annotate(
        citation_count=Count("citations", distinct=True),
        claim_count=Count("claims", distinct=True),
    ).order_by(*SOURCE_GROUPINGS[by][1])
    groupings = [(key, label) for key, (label, _order) in SOURCE_GROUPINGS.items()]
    return render(
        request,
        "provisions/source_list.html",
        {"sources": sources, "by": by, "groupings": groupings},
    )


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    citations = source.citations.select_related(
        "provision__version", "version", "removal__version", "removal__thread"
    ).prefetch_related("provision__threads")
    citations = citations.order_by("provision__version__published", "provision__position", "id")
    claims = source.claims.prefetch_related(
        Prefetch("provisions", queryset=Provision.objects.select_related("version")),
        Prefetch("removals", queryset=Removal.objects.select_related("version", "thread")),
    )
    return render(
        request,
        "provisions/source_detail.html",
        {"source": source, "citations": citations, "claims": claims, "verdicts": Claim.Accuracy},
    )


def compare_pair(request, first, second):
    try:
        comparison = comparisons.pair_comparison(first, second, request.GET)
    except VersionNotFound as error:
        raise Http404(str(error)) from error
    except ComparisonError as error:
        return bad_request(request, str(error))
    return comparison_response(request, comparison, "provisions/compare_pair.html")


def compare_many(request):
    slugs = request.GET.getlist("v")
    pair = comparisons.pair_slugs_in_date_order(slugs)
    if pair:
        # Two versions read best side by side: the picker's two-version case lands there.
        query = request.GET.copy()
        query.pop("v")
        url = reverse("provisions:compare_pair", args=pair)
        return redirect(f"{url}?{query.urlencode()}" if query else url)
    try:
        comparison = comparisons.synoptic_comparison(slugs, request.GET)
    except ComparisonError as error:
        return bad_request(request, str(error))
    return comparison_response(request, comparison, "provisions/compare_synoptic.html")


def comparison_response(request, comparison, template):
    export = request.GET.get("format", "html")
    if export == "csv":
        return csv_response(comparison)
    if export != "html":
        return bad_request(request, f"Unknown format “{export}”: use format=csv or leave it out.")
    return render(request, template, {"comparison": comparison})


def csv_response(comparison):
    filename = comparisons.csv_filename(comparison)
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    # The byte-order mark makes spreadsheet programs read the file as UTF-8.
    response.write("\ufeff")
    csv.writer(response).writerows(comparisons.csv_table(comparison))
    return response


def bad_request(request, message):
    versions = PlanVersion.objects.in_date_order()
    return render(
        request,
        "provisions/bad_request.html",
        {"message": message, "versions": versions, "max_versions": comparisons.MAX_VERSIONS},
        status=400,
    )
