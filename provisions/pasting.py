"""A pasted draft: its preview against the base version (its save is provisions/saving.py).

The admin's "Add a draft from text" (provisions/admin/add_from_text.py) runs the steps:

1. DraftForm takes the version's metadata, its source and the pasted text; the draft
   parser splits the text into points and flags breaks in the numbering.
2. build_preview shows each point with the suggestion from provisions/linking.py; the
   editor accepts, changes or rejects each one (DecisionForm), and says for each base
   point the draft no longer continues whether it was removed (RemovalForm).
3. saving.save_draft writes the version, its provisions and the source, cited on the
   version, on every new provision and on every removal, and applies the decisions through
   linking.apply_decisions, all in one transaction, each history record naming the editor.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.core import signing
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from .engines.diffing import diff_words, render_inline
from .engines.draft_parser import NumberingWarning, ParsedPoint
from .forms import DraftForm, PlainTextForm, autocomplete
from .linking import (
    Decision,
    continued_by,
    point_keys,
    removal_conflicts,
    suggest,
    thread_title,
    words_kept,
)
from .models import PlanVersion, Provision, Removal, Thread
from .rendering import plain_text

NEW_THREAD, NO_THREAD, EXISTING_THREAD = "new", "none", "thread"
STATE_SALT = "provisions.drafts.state"
STATE_MAX_AGE = 24 * 60 * 60  # seconds an editor may leave a preview open
OPTION_CHARS = 28  # an option's label, so that the select shows it whole
FOLD_AFTER = 8  # a longer list of base points not continued is folded under its count
SET_ALL = "_all_dropped"  # the buttons that set every offered base point's choice at once
REMOVAL_PREFIX = "removed"  # the form of the n-th base point not continued: removed-<n>-…


class DecisionForm(PlainTextForm, forms.Form):
    """Step 2, for one new point: what it continues."""

    choice = forms.ChoiceField(label="Continues")
    thread = forms.ModelChoiceField(
        Thread.objects.all(),
        required=False,
        label="Existing thread",
        widget=autocomplete(Removal, "thread"),
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


def sign_state(state):
    return signing.dumps(state, salt=STATE_SALT, compress=True)


def read_state(token):
    """The state signed at the previous step; BadSignature if altered or too old."""
    return signing.loads(token, salt=STATE_SALT, max_age=STATE_MAX_AGE)


@dataclass
class SuggestedLink:
    base_key: str
    base_text: str
    relation: str
    kept: float  # the share of words kept, see linking.words_kept
    diff_html: str
    shared: tuple[str, ...]  # what weighed most in the link, see alignment.Link.shared
    sure: bool  # strong enough to have been always right, see alignment.Link.sure


@dataclass
class PreviewRow:
    key: str
    point: ParsedPoint
    links: list[SuggestedLink]
    warnings: list[NumberingWarning]
    form: DecisionForm

    number = property(lambda self: self.point.number)
    heading = property(lambda self: self.point.heading)
    text = property(lambda self: self.point.text)


@dataclass
class DroppedRow:
    """A base point nothing in the draft continues. It is newly dropped when the editor's
    changes left it behind since the page was shown: its form is then unbound."""

    key: str
    provision: Provision
    form: RemovalForm
    newly_dropped: bool = False

    @property
    def anchor(self):
        # "#4", the fourth provision, which has no number, must not share "4"'s anchor.
        return "removed-" + slugify(self.key.replace("#", "position "))


@dataclass
class Preview:
    draft: DraftForm
    base: PlanVersion | None
    base_keyed: dict[str, Provision]
    rows: list[PreviewRow]
    dropped: list[DroppedRow]
    state: str

    set_all_name = SET_ALL

    @property
    def notes(self):
        return draft_notes(self.draft.parsed)

    @property
    def warnings(self):
        return self.draft.parsed.warnings

    @property
    def media(self):
        return DecisionForm(choices=[]).media

    @property
    def partial(self):
        """Whether the draft is known only in part: its silence on a base point is then no
        removal (the comparison shows the point as not reported), so its list of points not
        continued is folded away and a point left behind holds nothing back."""
        return self.draft.cleaned_data.get("completeness") == PlanVersion.Completeness.PARTIAL

    @property
    def newly_dropped(self):
        """The base points the editor's links left behind since the page was shown: each
        needs a choice before a complete draft can be saved."""
        return [row for row in self.dropped if row.newly_dropped]

    @property
    def dropped_folded(self):
        """Whether the list of points not continued is folded under its count: always for a
        partial draft, for a complete one when it is longer than FOLD_AFTER."""
        return bool(self.dropped) and (self.partial or len(self.dropped) > FOLD_AFTER)

    @property
    def sets_all_dropped(self):
        """Whether to offer the buttons that record every point at once; a partial draft's
        silence is no removal, so it is not offered there."""
        return not self.partial and len(self.dropped) > 1

    @property
    def dropped_unfolded(self):
        """Whether a folded list must be open: it holds an error or a removal."""
        return any(
            row.newly_dropped or row.form.errors or row.form["record"].value() == row.form.REMOVED
            for row in self.dropped
        )

    @cached_property
    def is_valid(self):
        """Whether every choice shown is valid; a newly dropped point's is not made yet."""
        offered = [row for row in self.dropped if not row.newly_dropped]
        forms = [row.form for row in self.rows] + [row.form for row in offered]
        valid = [form.is_valid() for form in forms]  # every form, so that each shows its errors
        if not all(valid):
            return False
        removed = {row.key: row for row in offered if row.form.removed}
        conflicts = removal_conflicts(self.decisions(), removed, self.base_keyed)
        for base_key, new_key in conflicts.items():
            message = (
                f"Point {new_key} of the draft continues this subject, so it is not removed: "
                "leave it unrecorded, or change the link of that point."
            )
            removed[base_key].form.add_error("record", message)
        return not conflicts

    @property
    def ready(self):
        """Whether the draft may be saved as posted."""
        return self.is_valid and (self.partial or not self.newly_dropped)

    def decisions(self):
        return {row.key: _decision(row.form.cleaned_data) for row in self.rows}

    def removals(self):
        offered = [row for row in self.dropped if not row.newly_dropped]
        return {row.key: row.form.cleaned_data["note"] for row in offered if row.form.removed}


def _decision(cleaned):
    choice = cleaned["choice"]
    if choice.startswith("base:"):
        return Decision(base_keys=tuple(choice.removeprefix("base:").split("+")))
    if choice == EXISTING_THREAD:
        return Decision(thread=cleaned["thread"])
    if choice == NEW_THREAD:
        return Decision(new_thread_title=cleaned["new_thread_title"].strip())
    return Decision()


def _current_decision(form):
    """What a point's form says it continues as it stands: its valid choice, or, while the
    form has errors, the base provisions its choice names."""
    if form.is_bound and form.is_valid():
        return _decision(form.cleaned_data)
    value = form["choice"].value()
    if (
        isinstance(value, str)
        and value.startswith("base:")
        and form.fields["choice"].valid_value(value)
    ):
        return _decision({"choice": value})
    return Decision()


def build_preview(draft, data=None):
    """Step 2 for a valid DraftForm: the points, the suggestions, the forms.

    With data (the posted decisions) the forms are bound; without, each point starts on
    the suggestion (continue the suggested base provisions, or a new thread for an
    addition). Below, every base point the points' links leave behind is offered as
    removed or unrecorded (at first "leave unrecorded"); one the editor's changes left
    behind since the page was shown comes with a fresh choice and holds the save back.
    """
    data = _with_every_record_set(data)
    base = draft.cleaned_data.get("based_on")
    points = draft.parsed.points
    keys = point_keys(points)
    suggestions = suggest(base, {key: point.text for key, point in zip(keys, points, strict=True)})
    base_keyed = suggestions.base_keyed
    shared_choices = _shared_choices(base, base_keyed)
    warnings = {}
    for warning in draft.parsed.warnings:
        warnings.setdefault(warning.point, []).append(warning)
    rows = []
    for index, (key, point) in enumerate(zip(keys, points, strict=True)):
        links = suggestions.links_of(key)
        base_keys = [link.base for link in links]
        choices = list(shared_choices)
        if len(base_keys) > 1:
            merge = (_base_value(base_keys), f"{' and '.join(base_keys)} (suggested merge)")
            choices.insert(0, merge)
        initial = {
            "choice": _base_value(base_keys) if base_keys else NEW_THREAD,
            "new_thread_title": thread_title(point.text),
        }
        form = DecisionForm(data, prefix=f"point-{index}", choices=choices, initial=initial)
        suggested = [_suggested_link(link, base_keyed[link.base], point) for link in links]
        flagged = warnings.get(point.number, [])
        rows.append(PreviewRow(key, point, suggested, flagged, form))
    current = {row.key: _current_decision(row.form) for row in rows}
    continued = continued_by(current, base_keyed)
    dropped = []
    for index, (key, provision) in enumerate(base_keyed.items()):
        form = RemovalForm(data, prefix=f"{REMOVAL_PREFIX}-{index}")
        offered = data is None or form["record"].html_name in data
        # A point offered before and recorded as removed stays, to show the conflict.
        if key not in continued or (offered and form["record"].value() == RemovalForm.REMOVED):
            if not offered:
                form = RemovalForm(prefix=form.prefix)
            dropped.append(DroppedRow(key, provision, form, newly_dropped=not offered))
    return Preview(draft, base, base_keyed, rows, dropped, sign_state(draft.state()))


_RECORD_FIELD = re.compile(rf"{REMOVAL_PREFIX}-\d+-record")


def _with_every_record_set(data):
    """The posted data, each offered base point's choice set to the one a SET_ALL button
    names when one was clicked (without JavaScript; with it, the page sets them itself)."""
    if data is None or data.get(SET_ALL) not in (RemovalForm.REMOVED, RemovalForm.UNRECORDED):
        return data
    data = data.copy()
    for name in list(data):
        if _RECORD_FIELD.fullmatch(name):
            data[name] = data[SET_ALL]
    return data


def _suggested_link(link, base_provision, point):
    # render_inline escapes every piece of text it is given.
    diff_html = mark_safe(render_inline(diff_words(base_provision.text, point.text)))  # noqa: S308
    kept = words_kept(base_provision.text, point.text)
    return SuggestedLink(
        link.base, base_provision.text, link.relation, kept, diff_html, link.shared, link.sure
    )


def _option_label(text):
    """The text, cut at a word to fit in OPTION_CHARS."""
    if len(text) <= OPTION_CHARS:
        return text
    return text[: OPTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _base_value(keys):
    return "base:" + "+".join(keys)


def _shared_choices(base, base_keyed):
    choices = []
    if base:
        provisions = [
            (_base_value([key]), _option_label(f"{key}: {plain_text(p.text)}"))
            for key, p in base_keyed.items()
        ]
        choices.append((f"Continue a provision of {base.short_name}", provisions))
    others = [
        (EXISTING_THREAD, "An existing thread"),
        (NEW_THREAD, "Addition: a new thread"),
        (NO_THREAD, "Leave unlinked"),
    ]
    return [*choices, ("Or", others)]


def draft_notes(parsed):
    """What the pasted text holds besides its points, for the version's notes (Markdown):
    the preamble, and the headings with the point each one starts at."""
    parts = [parsed.preamble] if parsed.preamble else []
    headings, previous = [], None
    for point in parsed.points:
        if point.heading and point.heading != previous:
            headings.append(f"- {point.heading} (from point {point.number})")
        previous = point.heading
    if headings:
        parts.append("Headings of the pasted text:\n\n" + "\n".join(headings))
    return "\n\n".join(parts)
