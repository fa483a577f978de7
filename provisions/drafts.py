"""Add a draft from pasted text: the forms and the work behind the admin's three steps.

1. The editor fills in the version's metadata and pastes the text (DraftForm); the text
   is split into points by the draft parser.
2. The preview shows each point with the alignment engine's suggestion against the base
   version; the editor accepts, changes or rejects each one (DecisionForm). The metadata
   and the text travel between the steps signed, in a hidden field: nothing is stored
   until the last step, and any server can answer any step.
3. save_draft writes the version, its provisions, their thread links and any new
   threads in one transaction, each history record naming the editor.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AdminTextInputWidget,
    FilteredSelectMultiple,
)
from django.core import signing
from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .aligning import (
    ThreadMaker,
    base_provisions,
    keyed_provisions,
    links_by_new_key,
    record_user,
    thread_title,
)
from .engines.alignment import NewProvision, align, provision_key
from .engines.diffing import diff_words, render_inline
from .engines.draft_parser import DraftParseError, parse_draft
from .models import Party, PlanVersion, Provision, Thread

STATE_SALT = "provisions.drafts.state"
STATE_MAX_AGE = 24 * 60 * 60  # seconds an editor may leave a preview open
OPTION_TEXT_WORDS = 10
NEW_THREAD, NO_THREAD = "new", "none"


class DraftersWidget(FilteredSelectMultiple):
    """The admin's two-box selector, wrapped as the admin wraps it so its label stays left."""

    def render(self, *args, **kwargs):
        return format_html(
            '<div class="related-widget-wrapper">{}</div>', super().render(*args, **kwargs)
        )


class DraftForm(forms.ModelForm):
    """Step 1: the new version's metadata and its pasted text."""

    new_parties = forms.CharField(
        required=False,
        label="New parties",
        help_text="Drafters not in the list yet, separated by commas.",
        widget=forms.TextInput(attrs={"size": 60}),
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

    class Meta:
        model = PlanVersion
        fields = [
            "slug",
            "title",
            "short_name",
            "drafted_by",
            "published",
            "published_note",
            "stage",
            "text_basis",
            "text_basis_note",
            "completeness",
            "summary",
            "based_on",
        ]
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

    field_order = [*Meta.fields[:4], "new_parties", *Meta.fields[4:], "text"]

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
        return cleaned

    def state(self):
        """The submitted values as submitted (strings, lists), to carry to the next step."""
        return {name: self[name].value() for name in self.fields}


class DecisionForm(forms.Form):
    """Step 2, for one new point: what it continues."""

    choice = forms.ChoiceField(label="Continues")
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
        if cleaned.get("choice") == NEW_THREAD and not cleaned.get("new_thread_title", "").strip():
            self.add_error("new_thread_title", "Give the new thread a title.")
        return cleaned


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
    score: float
    diff_html: str


@dataclass
class PreviewRow:
    number: str
    heading: str | None
    text: str
    links: list[SuggestedLink]
    form: DecisionForm


@dataclass
class Preview:
    draft: DraftForm
    base: PlanVersion | None
    base_keyed: dict[str, Provision]
    rows: list[PreviewRow]
    dropped: list[str]
    state: str

    @property
    def notes(self):
        return draft_notes(self.draft.parsed)

    @property
    def is_valid(self):
        return all(row.form.is_valid() for row in self.rows)


def build_preview(draft, data=None):
    """Step 2 for a valid DraftForm: the points, the suggestions, one DecisionForm each.

    With data (the posted decisions) the forms are bound; without, each starts on the
    suggestion: continue the suggested base provisions, or a new thread for an addition.
    """
    base = draft.cleaned_data.get("based_on")
    points = draft.parsed.points
    keys = [provision_key(point.number, i) for i, point in enumerate(points, start=1)]
    base_keyed = keyed_provisions(base) if base else {}
    alignment = align(
        base_provisions(base_keyed),
        [NewProvision(key, point.text) for key, point in zip(keys, points, strict=True)],
    )
    links = links_by_new_key(alignment)
    shared_choices = _shared_choices(base, base_keyed)
    rows = []
    for index, (key, point) in enumerate(zip(keys, points, strict=True)):
        suggested = links.get(key, [])
        base_keys = [link.base for link in suggested]
        choices = list(shared_choices)
        if len(base_keys) > 1:
            merge = (_base_value(base_keys), f"{' and '.join(base_keys)} (suggested merge)")
            choices.insert(0, merge)
        initial = {
            "choice": _base_value(base_keys) if base_keys else NEW_THREAD,
            "new_thread_title": thread_title(point.text),
        }
        form = DecisionForm(data, prefix=f"point-{index}", choices=choices, initial=initial)
        suggestions = [_suggested_link(link, base_keyed[link.base], point) for link in suggested]
        rows.append(PreviewRow(point.number, point.heading, point.text, suggestions, form))
    return Preview(
        draft, base, base_keyed, rows, list(alignment.dropped), sign_state(draft.state())
    )


def _suggested_link(link, base_provision, point):
    # render_inline escapes every piece of text it is given.
    diff_html = mark_safe(render_inline(diff_words(base_provision.text, point.text)))  # noqa: S308
    return SuggestedLink(link.base, base_provision.text, link.relation, link.score, diff_html)


def _base_value(keys):
    return "base:" + "+".join(keys)


def _shared_choices(base, base_keyed):
    threads = Thread.objects.order_by("title").only("slug", "title")
    choices = []
    if base:
        choices.append(
            (
                f"Continue a provision of {base.short_name}",
                [
                    (_base_value([key]), f"{key}: {Truncator(p.text).words(OPTION_TEXT_WORDS)}")
                    for key, p in base_keyed.items()
                ],
            )
        )
    choices.append(("Join an existing thread", [(f"thread:{t.slug}", t.title) for t in threads]))
    choices.append(
        (
            "Or",
            [(NEW_THREAD, "Addition: a new thread, titled below"), (NO_THREAD, "Leave unlinked")],
        )
    )
    return choices


def save_draft(preview, user):
    """Write the version, its provisions and their threads in one transaction.

    Each provision takes the themes of the threads it joins.
    """
    draft = preview.draft
    with transaction.atomic():
        version = draft.save(commit=False)
        version.notes = draft_notes(draft.parsed)
        record_user(version, user)
        version.save()
        version.drafted_by.set([*draft.cleaned_data["drafted_by"], *_new_parties(draft, user)])
        maker = ThreadMaker(user)
        decisions = [row.form.cleaned_data["choice"] for row in preview.rows]
        chosen = Thread.objects.filter(
            slug__in=[d.removeprefix("thread:") for d in decisions if d.startswith("thread:")]
        )
        chosen_threads = {thread.slug: thread for thread in chosen}
        linked = []
        for position, row in enumerate(preview.rows, start=1):
            provision = Provision(
                version=version, number=row.number, position=position, text=row.text
            )
            record_user(provision, user)
            provision.save()
            threads = _threads_for(row.form.cleaned_data, maker, preview.base_keyed, chosen_threads)
            if threads:
                provision.threads.set(threads)
                linked.append((provision, threads))
        themes = _themes_by_thread([thread for _p, threads in linked for thread in threads])
        for provision, threads in linked:
            provision_themes = {theme for thread in threads for theme in themes.get(thread.pk, ())}
            if provision_themes:
                provision.themes.set(provision_themes)
    return version


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


def _new_parties(draft, user):
    existing = {p.name.casefold(): p for p in Party.objects.all()}
    parties = []
    for name in draft.cleaned_data["new_parties"]:
        party = existing.get(name.casefold())
        if party is None:
            party = Party(name=name)
            record_user(party, user)
            party.save()
        parties.append(party)
    return parties


def _themes_by_thread(threads):
    themes = {}
    pairs = Thread.themes.through.objects.filter(thread__in=threads)
    for thread_id, theme_id in pairs.values_list("thread_id", "theme_id"):
        themes.setdefault(thread_id, set()).add(theme_id)
    return themes


def _threads_for(decision, maker, base_keyed, chosen_threads):
    choice = decision["choice"]
    if choice == NEW_THREAD:
        return [maker.make(decision["new_thread_title"].strip())]
    if choice.startswith("thread:"):
        return [chosen_threads[choice.removeprefix("thread:")]]
    if choice.startswith("base:"):
        keys = choice.removeprefix("base:").split("+")
        return maker.threads_continuing([base_keyed[key] for key in keys])
    return []
