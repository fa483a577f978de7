"""Relating comparison cells (provisions.relating) and the overview built from them
(provisions.overview), on stand-in rows: neither needs the database."""

from dataclasses import dataclass, field
from types import SimpleNamespace

from provisions import overview, relating
from provisions.engines import baselines
from provisions.engines.changes import NAME, Change


def version(slug, basis="paraphrase", completeness="full"):
    return SimpleNamespace(
        slug=slug, text_basis=basis, completeness=completeness, short_name=slug.title()
    )


@dataclass(eq=False)
class Cell:
    version: SimpleNamespace
    plain_text: str = ""
    numbers: list = field(default_factory=list)
    removals: list = field(default_factory=list)

    @property
    def present(self):
        return bool(self.plain_text)

    @property
    def text(self):
        return self.plain_text


DRAFT, TALKS, REVISION = (
    version("draft"),
    version("talks", "reported", "partial"),
    version("revision"),
)
VERSIONS = [DRAFT, TALKS, REVISION]
BASED_ON = {"draft": None, "talks": "draft", "revision": "talks"}


def row(*texts, numbers=("1", "1", "1")):
    return [
        Cell(v, text, [number] if text else [])
        for v, text, number in zip(VERSIONS, texts, numbers, strict=True)
    ]


def test_each_cell_gets_its_base_a_note_naming_it_and_a_diff_when_amended():
    cells = row(
        "Ukraine, Russia and Europe sign a pact.",
        "Reports said a pact was discussed at length by delegations.",
        "Ukraine, Russia and NATO sign a pact.",
    )
    relating.relate_cells(cells, VERSIONS, BASED_ON, names=["Ukraine", "Russia"])
    draft, talks, revision = cells
    assert [cell.status for cell in cells] == [
        baselines.FIRST,
        baselines.REPORTED_DIFFERENTLY,
        baselines.AMENDED,
    ]
    assert revision.base is draft  # the reported talks are passed over
    assert revision.base_note == (
        "Compared with Draft, earlier in its line (Talks only reports it)."
    )
    assert talks.pieces == [] and talks.changes == []
    assert [piece.op for piece in revision.pieces].count("insert") == 1
    assert revision.changes == [Change(NAME, "Europe", "NATO")]
    assert draft.base is None and draft.base_note == ""


def test_absent_cells_name_their_base_only_when_they_removed_the_subject():
    cells = row("A pact is signed.", "", "")
    relating.relate_cells(cells, VERSIONS, BASED_ON)
    assert cells[1].status == baselines.NOT_REPORTED
    assert cells[1].base_note == ""
    assert cells[2].status == baselines.REMOVED
    assert cells[2].base_note.startswith("Compared with Draft")


def test_a_fixed_base_and_renumbering():
    cells = row("A pact is signed.", "", "A pact is signed.", numbers=("1", "", "4"))
    relating.relate_cells(cells, VERSIONS, BASED_ON, base="draft")
    assert cells[0].status == baselines.BASE
    assert cells[2].status == baselines.UNCHANGED
    assert relating.renumbered(cells[2])
    assert cells[2].base_note == "Compared with Draft, the chosen base."


def test_the_overview_has_a_cell_per_version_linking_to_the_full_table():
    rows = []
    for anchor, texts in [("t-pact", ("A.", "", "B.")), ("t-army", ("", "", "C."))]:
        cells = row(*texts)
        relating.relate_cells(cells, VERSIONS, BASED_ON)
        rows.append(SimpleNamespace(anchor=anchor, title=anchor[2:], cells=cells, hidden=False))
    rows.append(SimpleNamespace(anchor="t-hidden", title="x", cells=row("", "", "D."), hidden=True))
    result = overview.build_overview(VERSIONS, rows, page_url="/compare/?v=a")
    assert [r.title for r in result.rows] == ["pact", "army"]
    pact = result.rows[0]
    assert [cell.status for cell in pact.cells] == [
        baselines.FIRST,
        baselines.NOT_REPORTED,
        baselines.REWRITTEN,
    ]
    assert pact.cells[2].href == "/compare/?v=a#c-pact-revision"
    assert pact.cells[2].description.startswith("pact, Revision: Rewritten. Compared with Draft")
    assert all(cell.symbol and cell.short_label for r in result.rows for cell in r.cells)
    legend = {entry.status: entry.count for entry in result.legend}
    assert legend == {
        baselines.FIRST: 1,
        baselines.REWRITTEN: 1,
        baselines.ADDED: 1,
        baselines.NOT_REPORTED: 2,
        baselines.NOT_IN_TEXT: 1,
    }
    assert result.width > overview.SUBJECT_WIDTH + 3 * overview.COLUMN_WIDTH
    assert result.height > result.table_height
