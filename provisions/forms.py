"""What a request may ask for: one validator per query parameter, and one error for them all.

A parameter that names nothing (an unknown theme, a page past the end) is a RequestError whose
message says what is wrong; pages show it on a 400 (or 404) page, the API as JSON.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.urls import reverse

# -- Errors ------------------------------------------------------------------------------------


class RequestError(Exception):
    """A request that cannot be answered as asked: `message` says why, `status` is 4xx."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def unknown(noun):
    """The message for a value that names no object (Django's %(value)s placeholder)."""
    return f"there is no {noun} “%(value)s”."


def not_one_of(values):
    return f"“%(value)s” is not one of {', '.join(values)}."


# -- Parameters of every list -------------------------------------------------------------------


def paginate(queryset, number, per_page):
    """One page of results (`page=`); a malformed number is a 400, a number past the end a 404."""
    paginator = Paginator(queryset, per_page)
    if number in (None, ""):
        number = "1"
    if not number.isdecimal():
        raise RequestError(f"page: “{number}” is not a page number.")
    if int(number) < 1:
        raise RequestError("page: pages are numbered from 1.")
    if int(number) > paginator.num_pages:
        raise RequestError(
            f"page: there is no page {number}; the results fill {paginator.num_pages}.", 404
        )
    page = paginator.page(int(number))
    page.object_list = list(page.object_list)
    return page


# -- Parameters of a comparison ------------------------------------------------------------------

MAX_VERSIONS = 12
TRUE_VALUES = {"1", "on", "true", "yes"}


def read_themes(params, known):
    """`theme=` (repeatable) as the slugs given, once each; the same message as the search's."""
    selected = list(dict.fromkeys(params.getlist("theme")))
    for slug in selected:
        if slug not in known:
            raise RequestError("theme: " + unknown("theme") % {"value": slug})
    return selected


def read_changed_only(params):
    """`changed=`: hide the rows that did not change."""
    return params.get("changed", "").lower() in TRUE_VALUES


def check_version_slugs(slugs):
    """`v=` (repeatable): between two and MAX_VERSIONS versions, each listed once."""
    if len(slugs) < 2:
        raise RequestError(
            "A comparison needs at least two versions: add a v= parameter for each "
            f"(got {len(slugs)})."
        )
    if len(slugs) > MAX_VERSIONS:
        raise RequestError(
            f"A comparison can show at most {MAX_VERSIONS} versions (got {len(slugs)})."
        )
    repeated = next((slug for slug in slugs if slugs.count(slug) > 1), None)
    if repeated:
        raise RequestError(f"The version “{repeated}” is listed twice; list each version once.")


def check_pair_slugs(first_slug, second_slug):
    if first_slug == second_slug:
        raise RequestError(
            f"Both sides are “{first_slug}”: choose two different versions to compare."
        )


def synoptic_url(versions, themes=()):
    """The synoptic table of `versions` (the latest MAX_VERSIONS of them), optionally themed."""
    slugs = [version.slug for version in versions][-MAX_VERSIONS:]
    query = urlencode([("v", slug) for slug in slugs] + [("theme", slug) for slug in themes])
    return f"{reverse('provisions:compare_many')}?{query}"


def read_base(params, versions):
    """`base=`: one of `versions`, which every column is then compared with; None without it."""
    slug = params.get("base", "")
    if not slug:
        return None
    for version in versions:
        if version.slug == slug:
            return version
    raise RequestError(f"base: “{slug}” is not one of the versions compared.")


def read_export_format(params, formats=("html", "csv")):
    """`format=`: "html" (the default) or another of `formats` ("csv", "svg")."""
    export = params.get("format", "html")
    if export not in formats:
        others = " or ".join(f"format={name}" for name in formats if name != "html")
        raise RequestError(f"Unknown format “{export}”: use {others} or leave it out.")
    return export


# -- Parameters of the source list -----------------------------------------------------------------

# ?by= on the source list: (label, ordering); the template groups consecutive sources.
SOURCE_GROUPINGS = {
    "kind": ("Kind", ["kind", "-published", "title"]),
    "publisher": ("Publisher", ["publisher", "-published", "title"]),
    "date": ("Year", ["-published", "publisher", "title"]),
}


def read_source_grouping(params):
    by = params.get("by", "kind")
    if by not in SOURCE_GROUPINGS:
        raise RequestError("Sources can be grouped by kind, publisher or date.")
    return by
