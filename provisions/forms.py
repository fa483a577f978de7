"""What people may send: the query parameters of every page, and the admin's draft form.

A query parameter that names nothing (an unknown theme, a page past the end) is a
RequestError whose message says what is wrong; pages show it on a 400 (or 404) page, the
API as JSON. The draft form (step 1 of the admin's "Add a draft from text") refuses what
would break a page later, such as invisible control characters, with a form error.
"""

import re
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AdminTextInputWidget,
    AutocompleteSelect,
    FilteredSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.html import format_html

from .engines.draft_parser import DraftParseError, parse_draft
from .models import Citation, Party, PlanVersion, Source, SourceKind

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


# -- The admin's "Add a draft from text" ----------------------------------------------------
#
# Step 1 is DraftForm: the version, its source and the pasted text. Step 2's forms are part
# of the preview, in provisions/pasting.py; provisions/admin/add_from_text.py runs the steps.

# The version's fields in step 1, in the order shown; new_parties is the form's own.
VERSION_FIELDS = [
    "short_name",
    "slug",
    "title",
    "drafted_by",
    "new_parties",
    "published",
    "published_note",
    "stage",
    "text_basis",
    "text_basis_note",
    "completeness",
    "summary",
    "based_on",
]
# Tab, line feed and carriage return are the only control characters a text may hold.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def reject_control_characters(value):
    """A form error for the invisible characters a paste can bring (Word's Shift+Enter
    gives a vertical tab), which would break feeds and exports later."""
    match = _CONTROL_CHARACTER.search(value) if isinstance(value, str) else None
    if match:
        line = value.count("\n", 0, match.start()) + 1
        where = f" on line {line}" if "\n" in value else ""
        raise ValidationError(
            f"This contains an invisible control character (U+{ord(match.group()):04X})"
            f"{where}; remove it and try again."
        )


class PlainTextForm:
    """Mixin for a form whose text fields refuse control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField):
                form_field.validators.append(reject_control_characters)


class DraftersWidget(FilteredSelectMultiple):
    """The admin's two-box selector, wrapped as the admin wraps it so its label stays left."""

    def render(self, *args, **kwargs):
        return format_html(
            '<div class="related-widget-wrapper">{}</div>', super().render(*args, **kwargs)
        )


class WideTextInput(AdminTextInputWidget):
    """A one-line text as wide as the admin's text areas, so that a long title shows whole."""

    def __init__(self, attrs=None):
        super().__init__({**(attrs or {}), "class": "vLargeTextField"})


class KeyAutocompleteSelect(AutocompleteSelect):
    """The admin's search-as-you-type select, which shows a form again without failing on a
    submitted value that is no key at all (the field itself reports the error)."""

    def optgroups(self, name, value, attrs=None):
        key = self.field.remote_field.model._meta.pk
        keys = []
        for item in value:
            try:
                keys.append(key.to_python(item))
            except ValidationError:
                continue
        return super().optgroups(name, keys, attrs)


def autocomplete(model, field_name):
    """The autocomplete for the target of a model's foreign key."""
    return KeyAutocompleteSelect(model._meta.get_field(field_name), admin.site)


class DraftForm(PlainTextForm, forms.ModelForm):
    """Step 1: the new version's metadata, the source it comes from and its pasted text."""

    new_parties = forms.CharField(
        required=False,
        label="New parties",
        help_text="Drafters not in the list yet, separated by commas.",
        widget=forms.TextInput(attrs={"size": 60}),
    )
    source = forms.ModelChoiceField(
        Source.objects.all(),
        required=False,
        label="Existing source",
        help_text="Type to search the sources by title or publisher; or describe a new one.",
        widget=autocomplete(Citation, "source"),
    )
    source_url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="New source: web address",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
    )
    source_title = forms.CharField(
        required=False, max_length=500, label="Title", widget=WideTextInput
    )
    source_publisher = forms.CharField(
        required=False, max_length=300, label="Publisher", widget=AdminTextInputWidget
    )
    source_published = forms.DateField(
        required=False, label="Date published", widget=AdminDateWidget
    )
    source_kind = forms.ChoiceField(
        required=False, choices=[("", "---------"), *SourceKind.choices], label="Kind"
    )
    # No max_length: a browser would cut a long paste silently at the limit. The parser
    # refuses a text over its limit with a message instead.
    text = forms.CharField(
        strip=False,
        label="Text of the draft",
        help_text=(
            "Paste the whole text. Each point starts on its own line with its number: "
            '"1.", "1)", "(1)" or "Article 1". Lettered sub-points stay inside their point.'
        ),
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100, "spellcheck": "false"}),
    )

    NEW_SOURCE_FIELDS = ["source_url", "source_title", "source_publisher", "source_kind"]
    SOURCE_FIELDS = ["source", *NEW_SOURCE_FIELDS[:3], "source_published", "source_kind"]

    class Meta:
        model = PlanVersion
        fields = [name for name in VERSION_FIELDS if name != "new_parties"]
        widgets = {
            "title": WideTextInput,
            "short_name": AdminTextInputWidget,
            "text_basis_note": AdminTextInputWidget,
            "drafted_by": DraftersWidget("parties", is_stacked=False),
            "published": AdminDateWidget,
            "published_note": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "summary": forms.Textarea(attrs={"rows": 4, "cols": 80}),
        }
        help_texts = {
            "slug": "Used in its web address: lower-case letters, digits and hyphens.",
            "based_on": "The version this draft revises: its points are matched to that one's.",
        }
        error_messages = {
            "slug": {"unique": "A version with this slug already exists; choose another."},
            "based_on": {
                "invalid_choice": "That base version does not exist; choose one from the list."
            },
        }

    field_order = [*VERSION_FIELDS, *SOURCE_FIELDS, "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafted_by"].required = False  # new_parties may name them instead
        self.fields["based_on"].queryset = PlanVersion.objects.in_date_order()
        self.fields["based_on"].to_field_name = "slug"
        self.parsed = None

    def clean_new_parties(self):
        names = {}
        for name in self.cleaned_data["new_parties"].split(","):
            name = " ".join(name.split())
            if len(name) > Party._meta.get_field("name").max_length:
                raise forms.ValidationError(f"The party name {name[:40]!r}… is too long.")
            if name:
                names.setdefault(name.casefold(), name)
        return list(names.values())

    def clean_text(self):
        try:
            self.parsed = parse_draft(self.cleaned_data["text"])
        except DraftParseError as error:
            raise forms.ValidationError(str(error)) from None
        return self.cleaned_data["text"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("drafted_by") and not cleaned.get("new_parties"):
            self.add_error(
                "drafted_by", "Name at least one drafter: choose from the list or type new names."
            )
        self._clean_source(cleaned)
        return cleaned

    def _clean_source(self, cleaned):
        described = [name for name in self.SOURCE_FIELDS[1:] if cleaned.get(name)]
        if cleaned.get("source"):
            if described:
                self.add_error("source", "Pick an existing source or describe a new one, not both.")
            return
        if any(name in self.errors for name in self.SOURCE_FIELDS):
            return
        if not described:
            self.add_error("source", "Name the draft's source: pick one or describe a new one.")
            return
        for name in self.NEW_SOURCE_FIELDS:
            if not cleaned.get(name):
                self.add_error(name, "A new source needs this too.")
        known = Source.objects.filter(url=cleaned.get("source_url")).first()
        if known:
            self.add_error("source_url", f"{known} has this address: pick it above instead.")

    def state(self):
        """The submitted values as submitted (strings, lists), to carry to the next step."""
        return {name: self[name].value() for name in self.fields}
