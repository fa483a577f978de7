"""The overview of a comparison: subjects × versions, one status per cell, in HTML and SVG.

Built from rows whose cells relating.relate_cells has marked; each overview cell names its
status by symbol and short text (never colour alone) and links to its cell of the full table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .engines import baselines

# Short words for the matrix (the legend and the accessible names give the full label).
SHORT_LABELS = {
    baselines.FIRST: "First",
    baselines.BASE: "Base",
    baselines.UNCHANGED: "Same",
    baselines.AMENDED: "Amended",
    baselines.REWRITTEN: "Rewritten",
    baselines.REPORTED_DIFFERENTLY: "Report differs",
    baselines.ADDED: "Added",
    baselines.REMOVED: "Removed",
    baselines.NOT_COMPARED: "Not in base",
    baselines.NOT_IN_TEXT: "Not in text",
    baselines.NOT_REPORTED: "Not reported",
}
# (background, ink) per status in the SVG, where the page's stylesheet does not reach; the
# same colours as site.css. Colour only repeats the symbol and the word.
COLOURS = {
    baselines.FIRST: ("#ffffff", "#1d1f23"),
    baselines.BASE: ("#ffffff", "#1d1f23"),
    baselines.UNCHANGED: ("#f1f3f5", "#4a4f57"),
    baselines.AMENDED: ("#fff4e0", "#7a4100"),
    baselines.REWRITTEN: ("#f3ecfa", "#5b2a86"),
    baselines.REPORTED_DIFFERENTLY: ("#e8eef8", "#1f4e8c"),
    baselines.ADDED: ("#e3f4e6", "#145a25"),
    baselines.REMOVED: ("#fde8e8", "#8a1c1c"),
    baselines.NOT_COMPARED: ("#ffffff", "#555b66"),
    baselines.NOT_IN_TEXT: ("#ffffff", "#555b66"),
    baselines.NOT_REPORTED: ("#ffffff", "#555b66"),
}

# SVG geometry, in pixels.
SUBJECT_WIDTH = 290
COLUMN_WIDTH = 104
HEAD_HEIGHT = 58
ROW_HEIGHT = 18
LEGEND_ROW = 18
MARGIN = 8


def cell_id(row, version) -> str:
    """The id of a row's cell in the full synoptic table."""
    return f"c-{row.anchor.removeprefix('t-')}-{version.slug}"


class StatusLook:
    """How a status shows: symbol, words and (in the SVG) colours; `status` is set by the
    dataclasses below."""

    status: str

    @property
    def fill(self):
        return COLOURS[self.status][0]

    @property
    def ink(self):
        return COLOURS[self.status][1]

    @property
    def symbol(self):
        return baselines.SYMBOLS[self.status]

    @property
    def label(self):
        return baselines.LABELS[self.status]

    @property
    def short_label(self):
        return SHORT_LABELS[self.status]

    @property
    def meaning(self):
        return baselines.MEANINGS[self.status]


@dataclass
class OverviewCell(StatusLook):
    status: str
    href: str
    description: str
    x: int = 0


@dataclass
class OverviewRow:
    title: str
    href: str
    cells: list[OverviewCell]
    y: int = 0


@dataclass
class LegendEntry(StatusLook):
    status: str
    count: int
    y: int = 0


@dataclass
class Overview:
    versions: list
    rows: list[OverviewRow]
    legend: list[LegendEntry]
    column_x: list[int] = field(default_factory=list)

    @property
    def width(self):
        return SUBJECT_WIDTH + COLUMN_WIDTH * len(self.versions) + 2 * MARGIN

    @property
    def table_height(self):
        return HEAD_HEIGHT + ROW_HEIGHT * len(self.rows)

    @property
    def height(self):
        return self.table_height + LEGEND_ROW * (len(self.legend) + 1) + 3 * MARGIN

    @property
    def legend_y(self):
        return self.table_height + 2 * MARGIN + LEGEND_ROW

    @property
    def columns(self):
        return list(zip(self.versions, self.column_x, strict=True))


def build_overview(versions, rows, page_url="") -> Overview:
    """The overview of `rows` (visible ones only) over `versions`; cells link to
    `page_url#<cell id>` (the full table on the same page when `page_url` is empty)."""
    shown = [row for row in rows if not row.hidden]
    counts = dict.fromkeys(baselines.STATUSES, 0)
    overview_rows = []
    for index, row in enumerate(shown):
        cells = []
        for column, cell in enumerate(row.cells):
            counts[cell.status] += 1
            description = (
                f"{row.title}, {cell.version.short_name}: {baselines.LABELS[cell.status]}."
            )
            if cell.base_note:
                description += f" {cell.base_note}"
            cells.append(
                OverviewCell(
                    cell.status,
                    f"{page_url}#{cell_id(row, cell.version)}",
                    description,
                    x=MARGIN + SUBJECT_WIDTH + COLUMN_WIDTH * column,
                )
            )
        y = MARGIN + HEAD_HEIGHT + ROW_HEIGHT * index
        overview_rows.append(OverviewRow(row.title, f"{page_url}#{row.anchor}", cells, y))
    legend = [LegendEntry(status, count) for status, count in counts.items() if count]
    overview = Overview(list(versions), overview_rows, legend)
    overview.column_x = [MARGIN + SUBJECT_WIDTH + COLUMN_WIDTH * i for i in range(len(versions))]
    for index, entry in enumerate(legend):
        entry.y = overview.legend_y + LEGEND_ROW * (index + 1)
    return overview
