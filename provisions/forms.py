"""Forms that check what people type before anything is written or queried."""

import re

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AdminTextInputWidget,
    AutocompleteSelect,
    FilteredSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from .engines.draft_parser import DraftParseError, parse_draft
from .models import Citation, Party, PlanVersion, Removal, Source, SourceKind, Thread

# === The admin's "Add a draft from text" ===============================================
#
# Step 1 is DraftForm (the version, its source and the pasted text); step 2 has one
# DecisionForm per pasted point and one RemovalForm per base point the draft no longer
# continues. provisions/admin/add_from_text.py moves between the steps.

NEW_THREAD, NO_THREAD, EXISTING_THREAD = "new", "none", "thread"
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


def has_control_characters(text):
    return bool(_CONTROL_CHARACTER.search(text))


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


def _autocomplete(model, field_name):
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
        widget=_autocomplete(Citation, "source"),
    )
    source_url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="New source: web address",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
    )
    source_title = forms.CharField(
        required=False, max_length=500, label="Title", widget=AdminTextInputWidget
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
            "title": AdminTextInputWidget,
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


class DecisionForm(PlainTextForm, forms.Form):
    """Step 2, for one new point: what it continues."""

    choice = forms.ChoiceField(label="Continues")
    thread = forms.ModelChoiceField(
        Thread.objects.all(),
        required=False,
        label="Existing thread",
        widget=_autocomplete(Removal, "thread"),
    )
    new_thread_title = forms.CharField(
        required=False,
        max_length=Thread._meta.get_field("title").max_length,
        label="Title of the new thread",
        widget=forms.TextInput(attrs={"size": 50}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = choices

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("choice")
        if choice == NEW_THREAD and not cleaned.get("new_thread_title", "").strip():
            self.add_error("new_thread_title", "Give the new thread a title.")
        if choice == EXISTING_THREAD and not cleaned.get("thread") and "thread" not in self.errors:
            self.add_error("thread", "Choose the thread this point joins.")
        return cleaned


class RemovalForm(PlainTextForm, forms.Form):
    """Step 2, for one base point the draft no longer continues: recorded as removed or not."""

    REMOVED, UNRECORDED = "removed", "unrecorded"

    record = forms.ChoiceField(
        choices=[(REMOVED, "Record as removed"), (UNRECORDED, "Leave unrecorded")],
        initial=UNRECORDED,
        widget=forms.RadioSelect,
        label="This draft",
    )
    note = forms.CharField(
        required=False,
        label="Note on the removal",
        help_text="Shown with the removal on every comparison.",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
    )

    @property
    def removed(self):
        return self.cleaned_data.get("record") == self.REMOVED
