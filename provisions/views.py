from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import Citation, PlanVersion, Provision, Source, Thread


def home(request):
    versions = PlanVersion.objects.for_listing()
    return render(request, "provisions/home.html", {"versions": versions})


def version_detail(request, slug):
    version = get_object_or_404(PlanVersion.objects.select_related("based_on"), slug=slug)
    provisions = Provision.objects.filter(version=version).for_display()
    removals = version.removals.select_related("thread").prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )
    return render(
        request,
        "provisions/version_detail.html",
        {"version": version, "provisions": provisions, "removals": removals},
    )


def thread_detail(request, slug):
    thread = get_object_or_404(Thread, slug=slug)
    provisions = (
        Provision.objects.filter(threads=thread)
        .for_display()
        .select_related("version")
        .order_by("version__published", "version_id", "position")
    )
    return render(
        request, "provisions/thread_detail.html", {"thread": thread, "provisions": provisions}
    )


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    citations = source.citations.select_related(
        "provision__version", "version", "removal__version", "removal__thread"
    )
    return render(
        request, "provisions/source_detail.html", {"source": source, "citations": citations}
    )
