"""Every HTML page of the public site: home, versions, threads, themes, sources, comparisons
and the provision search."""

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from . import exports, forms, lean, loading
from .forms import RequestError
from .models import Claim, PlanVersion, Source, Theme, Thread
from .overview import build_overview
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
    version = get_object_or_404(PlanVersion.objects.for_api(), slug=slug)
    contents = lean.load_contents([version], claims=True)[version.pk]
    others = PlanVersion.objects.in_date_order().exclude(pk=version.pk)
    context = {"version": version, "contents": contents, "others": others}
    return render(request, "provisions/version_detail.html", context)


def thread_detail(request, slug):
    thread = get_object_or_404(Thread.objects.with_themes(), slug=slug)
    try:
        trail = loading.thread_trail(thread, request.GET)
    except RequestError as error:
        return error_page(request, error, "This subject cannot be shown so")
    return render(request, "provisions/thread_detail.html", {"thread": thread, "trail": trail})


def thread_list(request):
    threads = Thread.objects.with_themes().with_appearances()
    return render(request, "provisions/thread_list.html", {"threads": threads})


def theme_list(request):
    themes = Theme.objects.with_thread_counts()
    return render(request, "provisions/theme_list.html", {"themes": themes})


def version_list(request):
    versions = PlanVersion.objects.for_listing()
    return render(request, "provisions/version_list.html", {"versions": versions})


def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    versions = PlanVersion.objects.on_theme(theme)
    synoptic_url = forms.synoptic_url(versions, [theme.slug])
    context = {"theme": theme, "threads": theme.threads.with_appearances()}
    if len(versions) > 1:
        # What happened to each subject of the theme: the overview of its synoptic table.
        slugs = [version.slug for version in versions][-forms.MAX_VERSIONS :]
        comparison = loading.synoptic_comparison(slugs, QueryDict(f"theme={theme.slug}"))
        context["overview"] = build_overview(comparison.versions, comparison.rows, synoptic_url)
        context["svg_url"] = f"{synoptic_url}&format=svg"
    return render(
        request, "provisions/theme_detail.html", {**context, "synoptic_url": synoptic_url}
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
    """The comparison as HTML, CSV or (synoptic) the overview's SVG; an unknown version is a
    404, other errors a 400 page."""
    synoptic = len(slugs) == 1
    try:
        comparison = load(*slugs, request.GET)
        formats = ("html", "csv", "svg") if synoptic else ("html", "csv")
        export = forms.read_export_format(request.GET, formats)
    except RequestError as error:
        if error.status == 404:
            raise Http404(error.message) from error
        return error_page(request, error, "This comparison cannot be made", picker=True)
    if export == "csv":
        return exports.csv_response(comparison)
    context = {"comparison": comparison}
    if synoptic:
        context["overview"] = build_overview(comparison.versions, comparison.rows)
        context["svg_url"] = _with_query(request, format="svg")
        context["base_choices"] = _base_choices(request, comparison)
    else:
        context["pair_nav"] = loading.pair_neighbours(*comparison.versions)
    if export == "svg":
        page = request.build_absolute_uri(_with_query(request, format=None))
        overview = build_overview(comparison.versions, comparison.rows, page)
        title = f"{len(comparison.versions)} versions at a glance (PlanCompare)"
        return render(
            request,
            "provisions/overview.svg",
            {"overview": overview, "title": title},
            content_type="image/svg+xml; charset=utf-8",
        )
    return render(request, template, context)


def _with_query(request, **changes):
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return f"{request.path}?{query.urlencode()}"


def _base_choices(request, comparison):
    """[(version, url, chosen)] to compare every column with one version, and the default."""
    chosen = comparison.base.slug if comparison.base else None
    default = [(None, _with_query(request, base=None), chosen is None)]
    return default + [
        (version, _with_query(request, base=version.slug), version.slug == chosen)
        for version in comparison.versions
    ]


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
