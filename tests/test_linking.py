"""provisions.linking: one path from suggestions to links, for align_plan and the admin alike."""

import io

import pytest
from django.core.management import call_command

from provisions.engines.draft_parser import parse_draft
from provisions.linking import (
    Decision,
    apply_decisions,
    continued_by,
    point_keys,
    removal_conflicts,
    suggest,
    suggest_for_version,
    thread_slug,
    words_kept,
)
from provisions.models import Provision, Removal, Thread
from tests.accounts import make_editor
from tests.base_draft import ARMY, make_base_draft
from tests.factories import make_provision, make_theme, make_thread, make_version

pytestmark = pytest.mark.django_db

PASTED = """1. The armed forces are to be capped at 800,000 personnel in peacetime.
2. Commercial shipping on the river is to be free of charge.
3. Elections are to be held within one hundred days of the signature.
"""


@pytest.fixture
def base():
    """The base draft, its third point (the amnesty) without a thread yet."""
    version = make_base_draft()
    version.provisions.get(number="3").threads.clear()
    Thread.objects.filter(slug="amnesty").delete()
    return version


def new_version_of(base, text=PASTED):
    """The pasted points saved as a version, without links, keyed as the engine keys them."""
    version = make_version(slug="revised", based_on=base)
    points = parse_draft(text).points
    for point in points:
        make_provision(version, number=point.number, text=point.text)
    return version


def links_of(version):
    return {p.number: [t.slug for t in p.threads.all()] for p in version.provisions.all()}


def test_pasted_points_and_a_saved_version_get_the_same_suggestions(base):
    points = parse_draft(PASTED).points
    pasted = suggest(base, {k: p.text for k, p in zip(point_keys(points), points, strict=True)})

    saved, _keyed = suggest_for_version(new_version_of(base), base)

    assert pasted.alignment == saved.alignment
    assert pasted.decisions() == saved.decisions()
    assert saved.decisions() == {
        "1": Decision(base_keys=("1",)),
        "2": Decision(new_thread_title="Commercial shipping on the river is to be…"),
        "3": Decision(base_keys=("2",)),
    }
    assert saved.alignment.dropped == ["3"]


def test_align_plan_and_the_admin_link_the_same_draft_the_same_way(base, client):
    revised = new_version_of(base)
    make_editor("linker")
    call_command("align_plan", "revised", "--apply", "--user", "linker", stdout=io.StringIO())
    by_command = links_of(revised)
    revised.delete()
    Thread.objects.filter(slug__startswith="commercial").delete()

    client.force_login(make_editor())
    url = "/admin/provisions/planversion/add-from-text/"
    step1 = {
        "slug": "revised",
        "title": "Revised",
        "short_name": "Revised",
        "new_parties": "Ruritania",
        "published": "2025-12-01",
        "stage": "proposal",
        "text_basis": "paraphrase",
        "completeness": "full",
        "summary": "A revision.",
        "based_on": "base-draft",
        "source_url": "https://news.example.org/revised",
        "source_title": "Revised",
        "source_publisher": "The Daily Example",
        "source_kind": "report",
        "text": PASTED,
    }
    preview = client.post(url, step1).context["preview"]
    confirm = {"state": preview.state, "_confirm": "Save"}
    for row in preview.rows:
        for name in ("choice", "new_thread_title"):
            confirm[row.form[name].html_name] = row.form[name].value()
    for row in preview.dropped:
        confirm[row.form["record"].html_name] = "unrecorded"
    assert client.post(url, confirm).status_code == 302

    by_admin = links_of(base.revisions.get(slug="revised"))
    assert (
        by_admin
        == by_command
        == {
            "1": ["army"],
            "2": ["commercial-shipping-river"],
            "3": ["elections"],
        }
    )


def test_applying_decisions_links_joins_creates_or_leaves_alone(base):
    revised = new_version_of(base, "1. a\n2. b\n3. c\n4. d\n5. e")
    other = make_thread(slug="other")
    provisions = {p.number: p for p in revised.provisions.all()}
    provisions["5"].threads.set([other])
    decisions = {
        "1": Decision(base_keys=("1", "3")),
        "2": Decision(thread=other),
        "3": Decision(new_thread_title="A new subject"),
        "4": Decision(),
        "5": Decision(base_keys=("2",)),
    }

    report = apply_decisions(revised, provisions, decisions, base_keyed(base), make_editor())

    amnesty = base.provisions.get(number="3").threads.get()  # made for the base point
    assert links_of(revised) == {
        "1": ["army", amnesty.slug],
        "2": ["other"],
        "3": ["new-subject"],
        "4": [],
        "5": ["other"],  # already linked: left as it was
    }
    assert report.already_linked == ["5"]
    assert sorted(report.created) == sorted(["new-subject", amnesty.slug])
    assert [t.slug for t in provisions["1"].themes.all()] == ["military"]  # from its thread


def test_a_provision_with_themes_keeps_them(base):
    revised = new_version_of(base, "1. a")
    provision = revised.provisions.get()
    provision.themes.set([make_theme("economy")])

    apply_decisions(revised, {"1": provision}, {"1": Decision(base_keys=("1",))}, base_keyed(base))

    assert [t.slug for t in provision.themes.all()] == ["economy"]


def test_removals_are_recorded_per_subject_in_order_with_their_note_and_author(base):
    revised = new_version_of(base, "1. a")
    editor = make_editor()
    decisions = {"1": Decision(base_keys=("1",))}
    removals = {"3": "Dropped: the amnesty.", "2": ""}

    report = apply_decisions(
        revised, keyed(revised), decisions, base_keyed(base), editor, removals=removals
    )

    recorded = list(Removal.objects.filter(version=revised))
    assert recorded == report.removals
    assert [(r.thread.title[:15], r.note, r.order) for r in recorded] == [
        ("Every party to ", "Dropped: the amnesty.", 0),
        ("Subject " + recorded[1].thread.title[8:], "", 1),
    ]
    assert recorded[1].thread.slug == "elections"
    assert {r.history.get().history_user for r in recorded} == {editor}


def test_a_removal_that_a_decision_still_continues_is_a_conflict(base):
    keyed_base = base_keyed(base)
    elections = Thread.objects.get(slug="elections")
    decisions = {
        "1": Decision(base_keys=("1",)),
        "2": Decision(thread=elections),
        "3": Decision(new_thread_title="x"),
    }

    assert removal_conflicts(decisions, {"1", "3"}, keyed_base) == {"1": "1"}
    assert removal_conflicts(decisions, {"2"}, keyed_base) == {"2": "2"}
    assert removal_conflicts(decisions, {"3"}, keyed_base) == {}


def test_a_base_point_is_continued_by_a_link_or_by_joining_its_thread(base):
    elections = Thread.objects.get(slug="elections")
    make_provision(base, number="4", text="A second text on the vote.", threads=[elections])
    keyed_base = base_keyed(base)

    assert continued_by({"a": Decision(base_keys=("3",))}, keyed_base) == {"3": "a"}
    # Base 2 and 4 share the elections thread: continuing one continues the subject of both.
    assert continued_by({"a": Decision(base_keys=("2",))}, keyed_base) == {"2": "a", "4": "a"}
    assert continued_by({"b": Decision(thread=elections)}, keyed_base) == {"2": "b", "4": "b"}
    assert continued_by({"c": Decision(new_thread_title="x"), "d": Decision()}, keyed_base) == {}


@pytest.mark.parametrize(
    ("old", "new", "kept"),
    [
        (ARMY, ARMY, 1.0),
        (ARMY, ARMY.replace("600,000", "800,000"), 0.9),
        # 249 of 250 words kept: 0.996, which rounding would print as 1.00
        ("word " * 249 + "600,000", "word " * 249 + "800,000", 0.99),
    ],
)
def test_words_kept_is_rounded_down_so_a_changed_text_never_shows_one(old, new, kept):
    assert words_kept(old, new) == kept
    assert words_kept(ARMY, ARMY + " Also.") < 1


def base_keyed(version):
    return suggest(version, {}).base_keyed


def keyed(version):
    return {p.number: p for p in Provision.objects.filter(version=version)}


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Commercial shipping on the river is to be…", "commercial-shipping-river"),
        ("A joint commission on missing persons is to…", "joint-commission-missing-persons"),
        ("The", "the"),  # nothing but fillers: kept as they are
        ("Ålands fiskerätt", "alands-fiskeratt"),
    ],
)
def test_a_new_threads_slug_keeps_the_words_of_its_subject(title, slug):
    assert thread_slug(title) == slug
