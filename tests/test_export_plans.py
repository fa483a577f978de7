import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from provisions.models import (
    Citation,
    Claim,
    Party,
    PartyPosition,
    PlanVersion,
    Provision,
    Removal,
    Source,
    Theme,
    Thread,
)
from tests.factories import make_party, make_provision, make_source, make_thread, make_version

pytestmark = pytest.mark.django_db

MODELS = (Party, Theme, Source, Thread, PlanVersion, Provision, PartyPosition, Removal, Citation)
NATURAL_KEYS = {
    Party: lambda party: party.name,
    Theme: lambda theme: theme.slug,
    Source: lambda source: source.slug,
    Thread: lambda thread: thread.slug,
    PlanVersion: lambda version: version.slug,
    Provision: lambda p: (p.version.slug, p.number, p.position),
    Removal: lambda removal: (removal.version.slug, removal.order),
}


def row_values(row):
    """A row's values with every reference by natural key instead of id."""
    values = {}
    for field in row._meta.concrete_fields:
        if not field.primary_key:
            value = getattr(row, field.name)
            related = field.is_relation and value is not None
            values[field.name] = NATURAL_KEYS[type(value)](value) if related else value
    for field in row._meta.many_to_many:
        values[field.name] = sorted(
            NATURAL_KEYS[field.related_model](r) for r in getattr(row, field.name).all()
        )
    return values


def snapshot():
    rows = {
        model.__name__: sorted(repr(row_values(r)) for r in model.objects.all())
        for model in (*MODELS, Claim)
    }
    assert all(rows.values())
    return rows


def empty_database():
    for model in (Claim, PlanVersion, Source, Thread, Party):
        model.objects.all().delete()
    Theme.objects.filter(slug="water").delete()


def run(command, *args):
    out = io.StringIO()
    call_command(command, *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def imported():
    run("import_plans", "fixtures/")


def add_admin_draft():
    """A draft as an editor makes it in the admin, with what the format must carry over."""
    base = PlanVersion.objects.get(slug="peace-framework-20")
    draft = make_version(slug="admin-draft", based_on=base, drafted_by=[make_party("Mediators")])
    thread, source = make_thread(slug="new-subject"), make_source(slug="new-source")
    water = Theme.objects.create(slug="water", name="Water", description="Rivers, dams, canals.")
    thread.themes.add(water)
    point = make_provision(
        draft,
        threads=[thread],
        themes=[Theme.objects.get(slug="energy"), water],
        sources=[source],
        text="First line.\n\n- a sub-point\n- another: with a colon",
        status="bracketed",
        reported=True,
    )
    point.positions.create(party=make_party("Ukraine"), position="Wants it out.", order=0)
    make_provision(draft, number=None, text="'Quoted', 12 and true")
    claim = Claim.objects.create(source=source, claim="It says so.", accuracy="unclear")
    claim.provisions.add(point)
    claim.removals.add(Removal.objects.first())


def test_export_then_import_into_an_empty_database_gives_the_same_rows(imported, tmp_path):
    add_admin_draft()
    before = snapshot()

    run("export_plans", tmp_path / "export")
    empty_database()
    run("import_plans", tmp_path / "export")

    assert snapshot() == before


def test_the_export_of_the_shipped_data_reimports_as_unchanged(imported, tmp_path):
    run("export_plans", tmp_path)

    output = run("import_plans", tmp_path)

    assert output.startswith("0 created, 0 updated, 0 deleted")


def test_the_files_are_readable_block_yaml_with_keys_in_the_documented_order(imported, tmp_path):
    add_admin_draft()
    run("export_plans", tmp_path)

    text = (tmp_path / "plans/admin-draft.yaml").read_text()
    plan = yaml.safe_load(text)
    assert text.startswith("version:\n  slug: admin-draft\n  title: ")
    assert "  text: |-\n    First line.\n\n    - a sub-point\n" in text
    assert list(plan["version"]) == [
        "slug", "title", "short_name", "drafted_by", "published", "stage", "based_on",
        "text_basis", "completeness", "summary",
    ]  # fmt: skip
    assert list(plan["provisions"][0]) == [
        "number", "threads", "themes", "text", "reported", "status", "positions", "citations",
    ]  # fmt: skip
    assert plan["provisions"][1]["number"] is None
    assert plan["provisions"][1]["text"] == "'Quoted', 12 and true"
    assert "{" not in (tmp_path / "sources.yaml").read_text().split("\n", 1)[0]


def test_it_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old.yaml").write_text("")

    with pytest.raises(CommandError, match="not an empty folder"):
        run("export_plans", tmp_path)


def test_what_the_format_cannot_express_is_named_on_stderr(imported, tmp_path):
    version = PlanVersion.objects.get(slug="us-28")
    version.citations.update(note="")
    version.citations.filter(order=0).update(note="The leak itself.")
    unnumbered = Provision.objects.filter(number__isnull=True).first()
    Claim.objects.first().provisions.add(unnumbered)
    err = io.StringIO()

    call_command("export_plans", str(tmp_path), stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert "version us-28: the note on its citation of axios-2025-11-20-full-text" in lines[0]
    assert f"its link to unnumbered {unnumbered.label} of {unnumbered.version.slug}" in lines[1]


def pages(client, paths):
    responses = {path: client.get(path) for path in paths}
    return {path: (r.status_code, r.content) for path, r in responses.items()}


def test_export_then_import_into_an_empty_database_gives_the_same_pages(imported, tmp_path, client):
    from scripts.snapshot_pages import paths

    add_admin_draft()
    # The home page and the pages of what the files hold (search reads the same rows).
    every_page = ["/"] + [
        p for p in paths() if p.startswith(("/versions/", "/threads/", "/compare/"))
    ]
    before = pages(client, every_page)

    run("export_plans", tmp_path)
    empty_database()
    run("import_plans", tmp_path)

    after = pages(client, every_page)
    assert [path for path in every_page if after[path] != before[path]] == []
    assert sum(status == 200 for status, _ in after.values()) > 50
