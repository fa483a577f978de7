import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from provisions.engines.alignment import SURE_SCORE
from provisions.management.commands.align_plan import Command
from provisions.models import Provision, Thread
from tests.accounts import make_editor
from tests.factories import make_provision, make_thread, make_version

pytestmark = pytest.mark.django_db

ARMY = "The armed forces are to be capped at 600,000 personnel."
ARMY_NEW = "The armed forces are to be capped at 800,000 personnel in peacetime."
ELECTIONS = "Elections are to be held within one hundred days of the signature."
AMNESTY = "Every party to the conflict receives a full amnesty for acts committed in the war."
PORTS = "Commercial shipping through the southern ports and the river shall be free of charge."


@pytest.fixture
def drafts():
    """A base version of three provisions (the last unnumbered) and a revision of it."""
    army, elections, amnesty = (make_thread(slug=s) for s in ["army", "elections", "amnesty"])
    base = make_version(slug="base-draft")
    make_provision(base, number="1", text=ARMY, threads=[army])
    make_provision(base, number="2", text=ELECTIONS, threads=[elections])
    make_provision(base, number=None, text=AMNESTY, threads=[amnesty])
    new = make_version(slug="new-draft", based_on=base)
    make_provision(new, number="1", text=ARMY_NEW)
    make_provision(new, number="1a", text=PORTS)
    make_provision(new, number="2", text=ELECTIONS)
    make_editor("linker")
    return base, new


def run(*args):
    out = io.StringIO()
    call_command("align_plan", *args, stdout=out)
    return out.getvalue()


def test_json_names_links_additions_and_drops_by_number_label(drafts):
    printed = json.loads(run("new-draft", "--to", "base-draft", "--json"))

    assert printed == {
        "base": "base-draft",
        "new": "new-draft",
        "links": [
            {
                "base": "1",
                "new": "1",
                "relation": "amended",
                "score": printed["links"][0]["score"],
                "shared": printed["links"][0]["shared"],
                "sure": True,
            },
            {
                "base": "2",
                "new": "2",
                "relation": "same",
                "score": 1.0,
                "shared": printed["links"][1]["shared"],
                "sure": True,
            },
        ],
        "added": ["1a"],
        "dropped": ["#3"],
    }
    assert 0 < printed["links"][0]["score"] < 1
    assert {"armed forces", "capped"} <= set(printed["links"][0]["shared"])
    assert "elections" in printed["links"][1]["shared"]


def test_the_base_defaults_to_the_version_the_new_one_revises(drafts):
    printed = json.loads(run("new-draft", "--json"))

    assert printed["base"] == "base-draft"


def test_aligning_saves_nothing(drafts):
    links = list(Provision.threads.through.objects.values_list("provision", "thread"))
    history = Provision.history.count()

    run("new-draft", "--json")
    run("new-draft")

    assert list(Provision.threads.through.objects.values_list("provision", "thread")) == links
    assert Thread.objects.count() == 3
    assert Provision.history.count() == history


def test_the_table_is_readable(drafts):
    printed = run("new-draft")

    assert "new-draft (3 provisions) against base-draft" in printed
    assert "base     new  relation   kept  new text" in printed
    assert "     2       2  same       1.00  Elections are to be held" in printed
    assert "     1       1  amended    0.81  The armed forces are to be capped" in printed
    assert re.search(r"\n {31}shared: armed forces, .*capped", printed)
    assert "added (continue nothing): 1a" in printed
    assert "dropped (not continued): #3" in printed
    assert "2 links (1 amended, 1 same), 1 added, 1 dropped" in printed
    assert "check" not in printed.split("new text", 1)[1]  # both links are strong


def test_a_weaker_link_asks_to_be_checked_in_the_table_and_the_json(drafts):
    base, _ = drafts
    weak = make_version(slug="weak-draft", based_on=base)
    make_provision(weak, number="1", text=ARMY_NEW)
    make_provision(weak, number="2", text="An amnesty is granted to all fighters.")

    printed = run("weak-draft")
    links = json.loads(run("weak-draft", "--json"))["links"]

    assert [(link["base"], link["new"], link["sure"]) for link in links] == [
        ("1", "1", True),
        ("#3", "2", False),
    ]
    assert links[1]["score"] < SURE_SCORE <= links[0]["score"]
    assert f"check: a link scoring below {SURE_SCORE:.2f}" in printed
    assert re.search(
        rf"\n {{31}}shared: amnesty.* · check \(score {links[1]['score']:.2f}\)\n", printed
    )
    assert printed.count("check (score") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-draft", "--to", "base-draft"], "No version has the slug 'no-such-draft'."),
        (["new-draft", "--to", "no-such-base"], "No version has the slug 'no-such-base'."),
        (
            ["base-draft"],
            "'base-draft' names no version it revises (based_on); give one with --to.",
        ),  # noqa: E501
        (["new-draft", "--to", "new-draft"], "'new-draft' cannot be aligned to itself."),
    ],
)
def test_bad_slugs_stop_with_one_line_and_exit_status_1(drafts, capsys, args, message):
    with pytest.raises(CommandError, match=f"^{re.escape(message)}$"):
        call_command("align_plan", *args)

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "align_plan", *args])
    assert exit_info.value.code == 1
    assert capsys.readouterr().err == f"CommandError: {message}\n"


def test_apply_links_unlinked_provisions_and_gives_additions_a_thread(drafts):
    base, new = drafts
    make_thread(slug="commercial-shipping-through-southern-ports")

    printed = run("new-draft", "--apply", "--user", "linker")

    threads = {p.number: [t.slug for t in p.threads.all()] for p in new.provisions.all()}
    assert threads["1"] == ["army"]
    assert threads["2"] == ["elections"]
    added = Thread.objects.get(provisions__version=new, provisions__number="1a")
    assert added.title == "Commercial shipping through the southern ports and the…"
    assert added.slug == "commercial-shipping-through-southern-ports-2"
    assert "3 provisions linked, 1 threads created, 0 already linked" in printed
    assert f"created thread {added.slug}" in printed


def test_apply_leaves_provisions_that_already_have_threads_alone(drafts):
    base, new = drafts
    elsewhere = make_thread(slug="elsewhere")
    new.provisions.get(number="1").threads.set([elsewhere])

    printed = run("new-draft", "--apply", "--user", "linker")

    assert [t.slug for t in new.provisions.get(number="1").threads.all()] == ["elsewhere"]
    assert "2 provisions linked, 1 threads created, 1 already linked" in printed


def test_apply_gives_an_unlinked_base_provision_a_thread_both_versions_share(drafts):
    base, new = drafts
    base.provisions.get(number="1").threads.clear()

    run("new-draft", "--apply", "--user", "linker")

    base_threads = list(base.provisions.get(number="1").threads.all())
    assert len(base_threads) == 1
    assert list(new.provisions.get(number="1").threads.all()) == base_threads
    assert base_threads[0].title == "The armed forces are to be capped at…"


def test_apply_records_the_new_links_in_the_provisions_history(drafts):
    base, new = drafts
    provision = new.provisions.get(number="1")

    run("new-draft", "--apply", "--user", "linker")

    latest = provision.history.first()
    assert [row.thread.slug for row in latest.threads.all()] == ["army"]
    assert latest.prev_record.threads.count() == 0


def test_apply_writes_nothing_when_it_fails_halfway(drafts, monkeypatch):
    base, new = drafts
    base.provisions.get(number="1").threads.clear()
    real_save = Thread.save
    saved = []

    def save_once(thread, *args, **kwargs):
        if saved:
            raise RuntimeError("disk full")
        saved.append(thread)
        return real_save(thread, *args, **kwargs)

    monkeypatch.setattr(Thread, "save", save_once)
    with pytest.raises(RuntimeError):
        run("new-draft", "--apply", "--user", "linker")

    assert len(saved) == 1  # the first thread was written, then rolled back
    assert Thread.objects.count() == 3
    assert not Provision.threads.through.objects.filter(provision__version=new).exists()
    assert not base.provisions.get(number="1").threads.exists()


def test_apply_names_the_user_in_the_history_of_everything_it_writes(drafts):
    base, new = drafts
    base.provisions.get(number="1").threads.clear()
    before = [Provision.history.latest().pk, Thread.history.latest().pk]

    run("new-draft", "--apply", "--user", "linker")

    records = [
        *Provision.history.filter(history_id__gt=before[0]),
        *Thread.history.filter(history_id__gt=before[1]),
    ]
    assert len(records) >= 6  # three new provisions, a base one, two new threads
    assert {record.history_user.username for record in records} == {"linker"}
    assert {record.history_change_reason for record in records} == {"align_plan --apply"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--apply", "--user", "nobody"], "No active user is named 'nobody'; nothing was changed."),
        (["--apply"], "--apply needs --user NAME: the history records who linked."),
        (["--user", "linker"], "--user goes with --apply."),
    ],
)
def test_apply_is_refused_without_a_known_user_and_writes_nothing(drafts, args, message):
    links = list(Provision.threads.through.objects.values_list("provision", "thread"))

    with pytest.raises(CommandError, match=f"^{re.escape(message)}$"):
        call_command("align_plan", "new-draft", *args, stdout=io.StringIO())

    assert list(Provision.threads.through.objects.values_list("provision", "thread")) == links
    assert Thread.objects.count() == 3


def test_json_and_apply_cannot_be_combined(drafts):
    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("align_plan", "new-draft", "--json", "--apply", "--user", "linker")


def test_the_e3_counterproposal_continues_the_us_draft_but_drops_points_3_and_26():
    call_command("import_plans", "fixtures/", stdout=io.StringIO())

    printed = json.loads(run("e3-counterproposal", "--to", "us-28", "--json"))

    # The data set's README: the E3 text deletes US points 3 and 26 and amends the rest.
    assert printed["dropped"] == ["3", "26"]
    assert printed["added"] == []
    links = {(link["base"], link["new"]): link for link in printed["links"]}
    assert set(links) == {(n, n) for n in map(str, range(1, 29)) if n not in ("3", "26")}
    assert links["6", "6"]["relation"] == "amended"  # 600,000 became 800,000
    confident = [link for link in printed["links"] if link["relation"] == "amended"]
    assert any(link["score"] == 1.0 for link in confident)  # the engine's match score
    table = run("e3-counterproposal", "--to", "us-28").splitlines()
    amended = [line.split() for line in table if line[16:24] == "amended "]
    assert len(amended) == len(confident)
    assert all(float(columns[3]) < 1 for columns in amended)  # words kept: never 1.00
