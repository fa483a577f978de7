import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from provisions.models import (
    Citation,
    Claim,
    Party,
    PlanVersion,
    Provision,
    Removal,
    Source,
    Thread,
)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"

pytestmark = pytest.mark.django_db


def load_yaml(path):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def plan_files(folder=FIXTURES):
    return sorted((Path(folder) / "plans").glob("*.yaml"))


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (PlanVersion, Provision, Thread, Source, Claim, Citation, Removal, Party)
    }


def run_import(*paths):
    from io import StringIO

    out = StringIO()
    call_command("import_plans", *map(str, paths), stdout=out)
    return out.getvalue()


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the data set, for breaking one file at a time."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def edit_yaml(path, change):
    data = load_yaml(path)
    change(data)
    Path(path).write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def import_error(*paths):
    with pytest.raises(CommandError) as caught:
        run_import(*paths)
    message = str(caught.value)
    assert "\n" not in message, "errors are one line"
    return message


def test_it_loads_every_fixture_file_with_the_counts_the_files_hold():
    run_import(FIXTURES)

    plans = [load_yaml(path) for path in plan_files()]
    assert PlanVersion.objects.count() == len(plans)
    assert Provision.objects.count() == sum(len(plan["provisions"]) for plan in plans)
    assert Removal.objects.count() == sum(len(p["version"].get("dropped") or []) for p in plans)
    assert Thread.objects.count() == len(load_yaml(FIXTURES / "threads.yaml"))
    assert Source.objects.count() == len(load_yaml(FIXTURES / "sources.yaml"))
    assert Claim.objects.count() == len(load_yaml(FIXTURES / "commentary.yaml"))
    provision_citations = sum(len(p["citations"]) for plan in plans for p in plan["provisions"])
    assert Citation.objects.filter(provision__isnull=False).count() == provision_citations


def test_it_keeps_the_fields_of_a_provision():
    run_import(FIXTURES)
    us28 = PlanVersion.objects.get(slug="us-28")
    raw = next(
        p for p in load_yaml(FIXTURES / "plans/us-28.yaml")["provisions"] if p["number"] == "6"
    )
    point = us28.provisions.get(number="6")

    assert point.text == raw["text"].strip()
    assert sorted(point.threads.values_list("slug", flat=True)) == sorted(raw["threads"])
    assert sorted(point.themes.values_list("slug", flat=True)) == sorted(raw["themes"])
    assert [c.source.slug for c in point.citations.all()] == [c["source"] for c in raw["citations"]]
    assert PlanVersion.objects.get(slug="e3-counterproposal").based_on == us28


def test_a_second_import_changes_nothing_and_says_so():
    run_import(FIXTURES)
    before = table_counts()

    output = run_import(FIXTURES)

    assert output.startswith("0 created, 0 updated, 0 deleted")
    assert table_counts() == before


def test_a_changed_provision_is_updated_in_place(data_copy):
    run_import(data_copy)
    point = Provision.objects.get(version__slug="us-28", number="6")

    def change(data):
        next(p for p in data["provisions"] if p["number"] == "6")["text"] = "A new text."

    edit_yaml(data_copy / "plans/us-28.yaml", change)
    output = run_import(data_copy)

    assert output.startswith("0 created, 1 updated, 0 deleted")
    point.refresh_from_db()
    assert point.text == "A new text."


def test_one_bad_file_among_good_ones_writes_nothing(data_copy):
    edit_yaml(data_copy / "plans/us-28.yaml", lambda d: d["version"].update(stage="rumour"))

    message = import_error(data_copy)

    assert "us-28.yaml" in message
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_a_failing_run_leaves_earlier_data_untouched(data_copy):
    run_import(FIXTURES)
    before = table_counts()

    def add_duplicate(data):
        data["provisions"].append(dict(data["provisions"][0]))

    edit_yaml(data_copy / "plans/e3-counterproposal.yaml", add_duplicate)
    import_error(data_copy)

    assert table_counts() == before


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (
            "plans/us-28.yaml",
            lambda d: d["provisions"][2].update(colour="red"),
            "provision 3: field 'colour': unknown key",
        ),
        (
            "plans/us-28.yaml",
            lambda d: d["provisions"][2].update({"co\nlour": "red"}),
            "provision 3: a key must be one line of printable text, got 'co\\nlour'",
        ),
        (
            "plans/us-28.yaml",
            lambda d: d["version"].pop("title"),
            "version: field 'title': missing required key",
        ),
        (
            "plans/us-28.yaml",
            lambda d: d["version"].update(published="2025-13-40"),
            "version: field 'published': '2025-13-40' is not an ISO date",
        ),
        (
            "plans/us-28.yaml",
            lambda d: d["provisions"][0].update(themes=["astrology"]),
            "provision 1: field 'themes': unknown theme 'astrology'",
        ),
        (
            "plans/us-28.yaml",
            lambda d: d["provisions"][0].update(threads=["no-such-thread"]),
            "provision 1: field 'threads': unknown thread 'no-such-thread'",
        ),
        (
            "plans/us-28.yaml",
            lambda d: d["provisions"][0]["citations"].append({"source": "no-such-source"}),
            "provision 1: field 'citations': unknown source 'no-such-source'",
        ),
        (
            "plans/us-28.yaml",
            lambda d: d["version"].update(drafted_by=[]),
            "version: field 'drafted_by': a version needs at least one drafting party",
        ),
        (
            "plans/e3-counterproposal.yaml",
            lambda d: d["version"].update(based_on="us-99"),
            "version: field 'based_on': unknown version 'us-99'",
        ),
        (
            "plans/us-28.yaml",
            lambda d: d["provisions"][1].update(number="1"),
            "provision 1: field 'number': duplicate number '1'",
        ),
        (
            "commentary.yaml",
            lambda d: d[0]["provision_refs"].append({"plan": "us-28", "number": "99"}),
            "claim #1: field 'provision_refs': no provision '99' in plan 'us-28'",
        ),
        (
            "commentary.yaml",
            lambda d: d[0]["provision_refs"].append({"plan": "us-28", "thread": "sovereignty"}),
            "claim #1: field 'provision_refs': plan 'us-28' does not drop thread 'sovereignty'",
        ),
        (
            "sources.yaml",
            lambda d: d[0].update(kind="rumour"),
            "field 'kind': 'rumour' is not one of",
        ),
        (
            "sources.yaml",
            lambda d: d[1].update(id=d[0]["id"]),
            "field 'id': source 'axios-2025-11-20-full-text' is defined twice",
        ),
        (
            "threads.yaml",
            lambda d: d[0].update(themes=["astrology"]),
            "threads.yaml: thread sovereignty: field 'themes': unknown theme 'astrology'",
        ),
        (
            "plans/e3-counterproposal.yaml",
            lambda d: d["version"]["dropped"][0].update(thread="no-such-thread"),
            "version, dropped[0]: field 'thread': unknown thread 'no-such-thread'",
        ),
        (
            "plans/us-28.yaml",
            lambda d: d["provisions"][0]["citations"][0].update(page=3),
            "provision 1, citations[0]: field 'page': unknown key",
        ),
        (
            "commentary.yaml",
            lambda d: d[0].update(source="no-such-source"),
            "claim #1: field 'source': unknown source 'no-such-source'",
        ),
    ],
    ids=[
        "unknown-key", "newline-in-key", "missing-key", "bad-date", "unknown-theme",
        "unknown-thread",
        "unknown-source", "no-party", "bad-based-on", "duplicate-number",
        "bad-claim-number", "bad-claim-thread", "bad-choice", "duplicate-source",
        "thread-unknown-theme", "dropped-unknown-thread", "citation-unknown-key",
        "claim-unknown-source",
    ],
)  # fmt: skip
def test_bad_input_gives_a_one_line_error_naming_file_entry_and_field(
    data_copy, file, change, expected
):
    edit_yaml(data_copy / file, change)

    message = import_error(data_copy)

    assert Path(file).name in message
    assert expected in message
    assert PlanVersion.objects.count() == 0


def test_malformed_yaml_is_reported_with_the_file_name(data_copy):
    (data_copy / "plans/broken.yaml").write_text("version: {slug: [unclosed\n", encoding="utf-8")

    message = import_error(data_copy)

    assert "broken.yaml: not valid YAML" in message


def test_a_key_given_twice_is_an_error(data_copy):
    path = data_copy / "threads.yaml"
    path.write_text(path.read_text() + "- slug: x\n  slug: y\n  title: T\n", encoding="utf-8")

    assert "key 'slug' appears twice" in import_error(data_copy)


def test_a_new_draft_without_thread_links_is_accepted(tmp_path):
    run_import(FIXTURES)
    draft = load_yaml(FIXTURES / "plans/e3-counterproposal.yaml")
    draft["version"].update(slug="e3-unaligned", based_on="us-28")
    draft["version"].pop("dropped")
    for provision in draft["provisions"]:
        provision["threads"] = []
    (tmp_path / "draft.yaml").write_text(yaml.safe_dump(draft), encoding="utf-8")

    run_import(tmp_path / "draft.yaml")

    new = PlanVersion.objects.get(slug="e3-unaligned")
    assert new.provisions.count() == len(draft["provisions"])
    assert not Provision.threads.through.objects.filter(provision__version=new).exists()


def import_in_a_subprocess(path):
    return subprocess.run(
        [sys.executable, "manage.py", "import_plans", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
    )


def test_the_command_exits_with_status_1_and_no_traceback_on_bad_input(tmp_path):
    bad = tmp_path / "sources.yaml"
    bad.write_text("- id: x\n  title: T\n", encoding="utf-8")

    result = import_in_a_subprocess(bad)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "sources.yaml: source x: field 'publisher': missing required key" in result.stderr


def test_an_unknown_path_is_an_error():
    assert "no such file or folder" in import_error("/nonexistent/plans")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"title: T\x00\n", "field 'title': contains the control character U+0000"),
        (b'title: "T\\0"\n', "field 'title': contains the control character U+0000"),
        (b"title: Line\x0bbreak\n", "field 'title': contains the control character U+000B"),
        (b'title: "T\\e"\n', "field 'title': contains the control character U+001B"),
        (b"title: T\xc2\x9b\n", "field 'title': contains the control character U+009B"),
        (b"ti\x00tle: T\n", "thread x: contains the control character U+0000"),
    ],
    ids=["raw-nul", "escaped-nul", "vertical-tab", "escape", "c1-control", "nul-in-key"],
)
def test_control_characters_are_refused_naming_file_entry_and_field(tmp_path, raw, expected):
    run_import(FIXTURES)
    before = table_counts()
    path = tmp_path / "threads.yaml"
    path.write_bytes(b"- slug: x\n  " + raw + b"  description: |\n    Tabs\tand\n    lines.\n")

    message = import_error(path)

    assert message.startswith(f"{path}: thread x: ")
    assert expected in message
    assert table_counts() == before


def test_line_breaks_and_tabs_are_kept_in_texts(tmp_path):
    path = tmp_path / "threads.yaml"
    path.write_text('- slug: x\n  title: T\n  description: "Tabs\\tand\\nlines."\n')

    run_import(path)

    assert Thread.objects.get(slug="x").description == "Tabs\tand\nlines."


def test_a_file_with_a_nul_byte_exits_1_with_one_line_and_no_traceback(tmp_path):
    bad = tmp_path / "sources.yaml"
    bad.write_bytes(b"- id: x\n  title: T\x00\n  publisher: P\n  url: https://e.org/\n")

    result = import_in_a_subprocess(bad)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {bad}: source x: field 'title': contains the control character U+0000 "
        "(only line breaks and tabs are allowed)"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d[0].update(slug="s" * 101),
            "thread #1: field 'slug': is 101 characters long; the limit is 100",
        ),
        (lambda d: d.append(["a", "list"]), "thread #35: expected a mapping, got a list"),
    ],
    ids=["slug-too-long", "not-a-mapping"],
)
def test_values_the_database_would_refuse_are_refused_first(data_copy, change, expected):
    edit_yaml(data_copy / "threads.yaml", change)

    assert expected in import_error(data_copy)


def test_a_themes_file_adds_themes_that_the_same_run_may_use(tmp_path):
    (tmp_path / "themes.yaml").write_text("- slug: water\n  name: Water\n")
    (tmp_path / "threads.yaml").write_text("- slug: dams\n  title: Dams\n  themes: [water]\n")

    output = run_import(tmp_path)

    assert output.startswith("2 created")
    assert list(Thread.objects.get(slug="dams").themes.values_list("name", flat=True)) == ["Water"]
    (tmp_path / "themes.yaml").write_text("- slug: water\n  name: Water and dams\n")
    assert run_import(tmp_path).startswith("0 created, 1 updated")
