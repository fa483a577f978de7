"""Every HTML page of the public site: home, versions, threads, themes, sources, comparisons
and the provision search."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from . import exports, forms, loading
from .forms import RequestError
from .models import Claim, PlanVersion, Source, Theme, Thread
from .search import filter_provisions

RESULTS_PER_PAGE = 20


def home(request):
    versions = PlanVersion.objects.for_listing()
    return render(
        request,
        "provisions/home.html",
        {
            "versions": versions,
            "themes": Theme.objects.with_thread_counts(),
            "compare_all_url": forms.synoptic_url(versions),
            "max_versions": forms.MAX_VERSIONS,
        },
    )


def version_detail(request, slug):
    version = get_object_or_404(PlanVersion.objects.for_comparison(), slug=slug)
    others = PlanVersion.objects.in_date_order().exclude(pk=version.pk)
    return render(request, "provisions/version_detail.html", {"version": version, "others": others})


def thread_detail(request, slug):
    thread = get_object_or_404(Thread.objects.with_themes(), slug=slug)
    return render(
        request,
        "provisions/thread_detail.html",
        {"thread": thread, "trail": loading.thread_trail(thread)},
    )


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    versions = PlanVersion.objects.on_theme(theme)
    return render(
        request,
        "provisions/theme_detail.html",
        {
            "theme": theme,
            "threads": theme.threads.with_appearances(),
            "synoptic_url": forms.synoptic_url(versions, [theme.slug]),
        },
    )


def source_list(request):
    try:
        by = forms.read_source_grouping(request.GET)
    except RequestError as error:
        return error_page(request, error, "These sources cannot be listed")
    sources = Source.objects.with_counts().order_by(*forms.SOURCE_GROUPINGS[by][1])
    groupings = [(key, label) for key, (label, _order) in forms.SOURCE_GROUPINGS.items()]
    return render(
        request,
        "provisions/source_list.html",
        {
            "sources": sources,
            "by": by,
            "groupings": groupings,
        },
    )


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    return render(
        request,
        "provisions/source_detail.html",
        {
            "source": source,
            "citations": source.citations.with_targets(),
            "claims": source.claims.with_targets(),
            "verdicts": Claim.Accuracy,
        },
    )


def compare_pair(request, first, second):
    return comparison_page(
        request, "provisions/compare_pair.html", loading.pair_comparison, first, second
    )


def compare_many(request):
    slugs = request.GET.getlist("v")
    pair = loading.pair_slugs_in_date_order(slugs)
    if pair:
        # Two versions read best side by side: the picker's two-version case lands there.
        query = request.GET.copy()
        query.pop("v")
        url = reverse("provisions:compare_pair", args=pair)
        return redirect(f"{url}?{query.urlencode()}" if query else url)
    return comparison_page(
        request, "provisions/compare_synoptic.html", loading.synoptic_comparison, slugs
    )


def comparison_page(request, template, load, *slugs):
    """The comparison as HTML or CSV; an unknown version is a 404, other errors a 400 page."""
    try:
        comparison = load(*slugs, request.GET)
        export = forms.read_export_format(request.GET)
    except RequestError as error:
        if error.status == 404:
            raise Http404(error.message) from error
        return error_page(request, error, "This comparison cannot be made", picker=True)
    if export == "csv":
        return exports.csv_response(comparison)
    return render(request, template, {"comparison": comparison})


def provision_search(request):
    results = filter_provisions(request.GET, per_page=RESULTS_PER_PAGE)
    return render(
        request, "provisions/provision_search.html", {"results": results}, status=results.status
    )


def error_page(request, error, heading, picker=False):
    """A 400 page: what cannot be done (`heading`), why, and for comparisons the picker."""
    context = {"heading": heading, "message": error.message, "picker": picker}
    if picker:
        context["versions"] = PlanVersion.objects.in_date_order()
        context["max_versions"] = forms.MAX_VERSIONS
    return render(request, "provisions/bad_request.html", context, status=error.status)
