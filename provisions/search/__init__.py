"""Finding provisions: the filters and the words of the search page and the JSON API.

`filter_provisions` validates the parameters, filters, searches (backends.py: one query
parser, a backend per database) and returns one page of results with snippets. Filter values
are stable identifiers (slugs, party names, choice values); a value that names nothing is an
error for the caller to report (400), never silently ignored.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.paginator import Page
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from ..forms import RequestError, not_one_of, paginate, unknown
from ..models import Party, PlanVersion, Provision, ProvisionStatus, TextBasis, Theme, Thread
from . import backends


def invalid(message):
    return {"invalid_choice": message}


# Two different questions, labelled apart: is this point known only from reports (a point of
# an otherwise published text may be), and how is its version's whole text known.
REPORTED_CHOICES = [("true", "Only from reports"), ("false", "From the version's text")]


class FlatSelect(forms.Select):
    """A select of flat choices written out in Python, the same HTML as Django's.

    Django renders each option through a template, about a quarter of a millisecond apiece:
    the list of every version alone grows with the data and made most of a search's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = self.format_value(value)[:1]
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if str(choice) in selected else ""}>'
            f"{conditional_escape(label)}</option>"
            for choice, label in self.flat_choices()
        )
        attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}
        attributes = format_html_join(
            "",
            ' {}="{}"',
            (
                (key, value)
                for key, value in attrs.items()
                if value is not True and value is not False and value is not None
            ),
        )
        flags = format_html_join(
            "", " {}", ((key,) for key, value in attrs.items() if value is True)
        )
        return format_html("<select{}{}>{}</select>", attributes, flags, mark_safe(options))

    def flat_choices(self):
        if not isinstance(self.choices, ModelChoiceIterator):
            return self.choices
        # The objects in one plain query: the iterator reads them through a server-side
        # cursor, three round trips on PostgreSQL.
        field = self.choices.field
        empty = [] if field.empty_label is None else [("", field.empty_label)]
        return empty + [self.choices.choice(item) for item in self.choices.queryset]


def version_choices():
    """(slug, short name) of every version in date order: the list can grow long, and rows
    are cheaper to list than model objects."""
    return list(PlanVersion.objects.in_date_order().values_list("slug", "short_name"))


class ProvisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Words",
        method="filter_words",
        max_length=backends.MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "at most %(limit_value)d characters, this has %(show_value)d."
        },
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme",
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label="Any theme",
        error_messages=invalid(unknown("theme")),
    )
    version = django_filters.ChoiceFilter(
        label="Version",
        field_name="version__slug",
        choices=version_choices,
        empty_label="Any version",
        error_messages=invalid(unknown("version")),
    )
    party = django_filters.ModelChoiceFilter(
        label="Drafted by",
        field_name="version__drafted_by",
        to_field_name="name",
        queryset=Party.objects.filter(drafted_versions__isnull=False).distinct(),
        empty_label="Any party",
        error_messages=invalid("no version was drafted by “%(value)s”."),
    )
    thread = django_filters.ModelChoiceFilter(
        label="Subject",
        field_name="threads",
        to_field_name="slug",
        queryset=Thread.objects.all(),
        empty_label="Any subject",
        error_messages=invalid(unknown("thread")),
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=ProvisionStatus.choices,
        empty_label="Any status",
        error_messages=invalid(not_one_of(ProvisionStatus.values)),
    )
    reported = django_filters.ChoiceFilter(
        label="This point is known",
        choices=REPORTED_CHOICES,
        method="filter_reported",
        empty_label="Either way",
        error_messages=invalid(not_one_of([value for value, _ in REPORTED_CHOICES])),
    )
    text_basis = django_filters.ChoiceFilter(
        label="Its version's text is a",
        field_name="version__text_basis",
        choices=TextBasis.choices,
        empty_label="Text of any kind",
        error_messages=invalid(not_one_of(TextBasis.values)),
    )

    class Meta:
        model = Provision
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, form_field in self.form.fields.items():
            if name != "q":
                form_field.widget = FlatSelect(choices=form_field.choices)

    @cached_property
    def search(self):
        """The search for the (valid) words; call after validation."""
        return backends.prepare(self.form.cleaned_data.get("q") or "")

    def filter_words(self, queryset, name, value):
        return self.search.apply(queryset)

    def filter_reported(self, queryset, name, value):
        return queryset.filter(reported=value == "true")


@dataclass
class ProvisionResults:
    params: QueryDict
    filterset: ProvisionFilter
    page: Page | None = None
    errors: list[str] = field(default_factory=list)
    status: int = 200

    @property
    def search(self):
        return self.filterset.search

    def without_each_filter(self):
        """(label, value as shown, query string without it) for each filter in use."""
        data = self.filterset.form.cleaned_data
        relaxed = []
        for name, used in self.filterset.filters.items():
            if data.get(name):
                params = self.params.copy()
                del params[name]
                params.pop("page", None)
                choices = used.extra.get("choices", ())
                choices = dict(choices() if callable(choices) else choices)
                shown = choices.get(data[name], data[name])
                relaxed.append((used.label, str(shown), params.urlencode()))
        return relaxed


def filter_provisions(params, per_page, queryset=None):
    """Validate the parameters, filter and search, and return one page with snippets."""
    if queryset is None:
        queryset = Provision.objects.for_results()
    filterset = ProvisionFilter(params, queryset=queryset.in_order())
    if not filterset.is_valid():
        errors = [
            f"{name}: {message}"
            for name, messages in filterset.form.errors.items()
            for message in messages
        ]
        return ProvisionResults(params, filterset, errors=errors, status=400)
    try:
        page = paginate(filterset.qs, params.get("page"), per_page)
    except RequestError as error:
        return ProvisionResults(params, filterset, errors=[error.message], status=error.status)
    for provision in page.object_list:
        provision.snippet = filterset.search.snippet(provision)
    return ProvisionResults(params, filterset, page=page)
