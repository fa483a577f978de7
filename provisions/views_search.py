from django.shortcuts import render

from .filters import filter_provisions

RESULTS_PER_PAGE = 20


def provision_search(request):
    results = filter_provisions(request.GET, per_page=RESULTS_PER_PAGE)
    return render(
        request, "provisions/provision_search.html", {"results": results}, status=results.status
    )
