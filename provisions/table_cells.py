"""The HTML of the comparison tables' rows and cells and of the pieces they share with other
pages (status marks, badges, party positions, citation lists), written in Python.

A synoptic table of 12 versions has thousands of cells; rendered through template partials
each cell cost a dozen includes and a hundred variable lookups, most of a cold page's time.
Every text is escaped here (html.escape, as the templates' autoescape does); diff markup comes
from the diff engine, which escapes its pieces. The output keeps the partials' layout,
line breaks included, so the pages read the same.
"""

from functools import wraps
from html import escape

from django.utils.safestring import mark_safe

from .engines import diffing

NOT_REPORTED = "not-reported"
TAGS = []  # what provisions_tags offers the templates, by the names of the functions


def _tag(renderer):
    """Offer `renderer` to the templates as a simple tag whose output is marked safe: every
    text it writes is escaped. Called from here, it returns its plain string."""

    @wraps(renderer)
    def tag(*args, **kwargs):
        return mark_safe(renderer(*args, **kwargs))  # noqa: S308 - escaped by the renderer

    TAGS.append(tag)
    return renderer


def _capfirst(text):
    # django.utils.text.capfirst without its lazy-string wrapper, for thousands of labels.
    return text[:1].upper() + text[1:]


@_tag
def provision_badges(provision):
    """A provision's status (unless as proposed) and "Reported" badges."""
    status = ""
    if provision.status != "proposed":
        label = escape(str(provision.get_status_display()))
        status = f'<span class="badge status-{escape(provision.status)}">{label}</span>'
    reported = ""
    if provision.reported:
        reported = (
            '<span class="badge reported" title="Known only from reports, not from a published'
            ' text">Reported</span>'
        )
    return f"{status}\n{reported}\n"


@_tag
def party_positions(positions):
    """Each party's position on a provision, as a definition list."""
    if not positions:
        return "\n"
    items = "".join(
        f"\n  <div><dt>{escape(position.party.name)}</dt><dd>{escape(position.position)}</dd>"
        "</div>\n  "
        for position in positions
    )
    return f'\n<dl class="positions">\n  {items}\n</dl>\n\n'


@_tag
def citation_list(citations, compact=False):
    """Sources of a provision, removal or version: each article's title (linking to the
    article) and publisher, never hidden behind a hover; `compact` (table cells): no link to
    our page on the source, so one link per source."""
    if not citations:
        return "\n\n"
    items = []
    for citation in citations:
        source = citation.source
        title = escape(source.title)
        item = (
            f'<li><a class="citation" href="{escape(source.url)}" rel="noopener noreferrer">'
            f'{title}</a> <span class="publisher">{escape(source.publisher)}</span>'
        )
        if not compact:
            item += (
                f' · <a class="source-page" href="{escape(source.get_absolute_url())}"'
                f' aria-label="What “{title}” supports">what it supports</a>'
            )
        if citation.note:
            item += f' <span class="citation-note">({escape(citation.note)})</span>'
        items.append(f"\n  {item}</li>\n  ")
    kind = "citations citations-compact" if compact else "citations"
    return f'\n\n<ul class="{kind}" aria-label="Sources">\n  {"".join(items)}\n</ul>\n\n'


def _sources_folded(citations):
    if not citations:
        return "\n\n"
    count = len(citations)
    summary = f"{count} source{'' if count == 1 else 's'}"
    folded = citation_list(citations, compact=True)
    return f'\n<details class="cell-sources"><summary>{summary}</summary>{folded}</details>\n'


def _status(cell):
    label = "Renumbered" if cell.renumbered else escape(cell.status_label)
    mark = (
        f'<span class="mark mark-{escape(cell.status)}"><span aria-hidden="true">'
        f"{escape(cell.symbol)}</span> {label}</span>"
    )
    if cell.base_note:
        mark += f' <span class="base-note">{escape(cell.base_note)}</span>'
    return f"\n{mark}\n"


def _absence(cell):
    hint = ""
    if cell.status == NOT_REPORTED:
        basis = escape(str(cell.version.get_text_basis_display()).lower())
        hint = f' <span class="hint">({basis}, partial text)</span>'
    notes = "".join(
        f'<p class="removal-note">{escape(removal.note)}</p>'
        for removal in cell.removals
        if removal.note
    )
    status = escape(cell.status)
    return f'\n<p class="absence absence-{status}">{_status(cell)}{hint}</p>\n{notes}\n'


def _labels(cell):
    return " · ".join(
        f'<a href="{escape(provision.get_absolute_url())}">{escape(_capfirst(provision.label))}</a>'
        f"{provision_badges(provision)}"
        for provision in cell.provisions
    )


def _texts(cell):
    """Each provision's text, headed by its label when the row needs labels."""
    texts = []
    for provision in cell.provisions:
        heading = ""
        if cell.labelled:
            heading = f'<span class="text-heading">{escape(_capfirst(provision.label))}</span>\n'
        texts.append(f'<div class="text">{heading}{escape(provision.text)}</div>')
    return "".join(texts)


def _row(row, attributes, head, cells):
    """A table row: its subject heading (thread anchors, `head`, title, thread links) and
    its cells, laid out as the tables' templates had them."""
    anchors = "".join(f'<span id="{escape(anchor)}"></span>' for anchor in row.extra_anchors)
    several = len(row.threads) > 1
    links = "".join(
        f'<a class="thread-link" href="{escape(thread.get_absolute_url())}">'
        f"{escape(thread.title) + ': ' if several else ''}this subject through every version</a>"
        for thread in row.threads
    )
    title = escape(row.title)
    changed = f' data-change="{title}"' if row.changed else ""
    hidden = " hidden" if row.hidden else ""
    kind, anchor = escape(row.kind), escape(row.anchor)
    lines = "".join(f"\n      {cell}\n      " for cell in cells)
    return (
        f'<tr id="{anchor}" class="row kind-{kind}" data-row data-kind="{kind}"'
        f' data-themes="{escape(" ".join(row.themes))}"{attributes}{changed}{hidden}>\n'
        '      <th scope="row" class="subject">\n'
        f"        {anchors}\n"
        f"        {head}\n"
        f"        {links}\n"
        f"      </th>\n      {lines}\n    </tr>"
    )


@_tag
def status_mark(kind, label, symbol=""):
    """A status by symbol and word (the line break ends it, as in the page layouts)."""
    sign = f'<span aria-hidden="true">{escape(symbol)}</span> ' if symbol else ""
    return f'<span class="mark mark-{escape(kind)}">{sign}{escape(label)}</span>\n'


@_tag
def pair_row(row):
    """A row of the pair table: the change by mark, the subject, and both cells."""
    marks = status_mark(row.kind, row.kind_label, row.symbol)
    if row.rewritten:
        marks += " " + status_mark("rewritten", "Rewritten", "≠")
    hint = '<span class="hint">Not yet linked to a subject</span>' if row.unaligned else ""
    renumbering = ""
    if row.renumbered:
        old, new = (escape(cell.number_label) for cell in row.cells)
        renumbering = f'<span class="renumbering">point {old} → point {new}</span>'
    head = (
        f'{marks}\n        <a class="row-title" href="#{escape(row.anchor)}" title="Permalink to'
        f' this row">{escape(row.title)}</a>\n        {hint}\n        {renumbering}'
    )
    # The row's diff, drawn once: deletions show on the older side, insertions on the newer.
    sides = diffing.render_sides(row.pieces) if row.pieces else (None, None)
    cells = (
        f'<td data-label="{escape(cell.version.short_name)}">{compare_cell(cell, diff)}</td>'
        for cell, diff in zip(row.cells, sides, strict=True)
    )
    return _row(row, " data-rewritten" if row.rewritten else "", head, cells)


@_tag
def synoptic_row(row):
    """A row of the synoptic table: the subject and a cell per version."""
    head = f'<a class="row-title" href="#{escape(row.anchor)}">{escape(row.title)}</a>'
    return _row(row, "", head, (synoptic_cell(cell, row) for cell in row.cells))


def compare_cell(cell, diff):
    """A cell of the pair table; `diff` is its side of the row's word diff, or None."""
    if not cell.present:
        body = f"\n  {_absence(cell)}\n"
    else:
        body = f'\n  <p class="cell-labels">{_labels(cell)}</p>\n  '
        if diff is not None:
            body += f'\n  <div class="text diff-text">{diff}</div>\n  '
        else:
            body += f"\n  {_texts(cell)}\n  "
        body += "\n  "
        for provision in cell.provisions:
            positions = provision.positions.all()
            if positions:
                on = f" on {escape(provision.label)}" if cell.labelled else ""
                body += (
                    f'\n  <details class="cell-positions"><summary>Positions{on}</summary>'
                    f"{party_positions(positions)}</details>\n  "
                )
        body += "\n  "
        if cell.removals:
            notes = " / ".join(escape(removal.note) for removal in cell.removals)
            body += f'<p class="absence-note">Also recorded as removed: {notes}</p>'
        body += "\n"
    return f"\n{body}\n{_sources_folded(cell.citations)}\n"


@_tag
def overview_cells(row):
    """The cells of a row of the overview matrix (provisions.overview.OverviewRow)."""
    return "".join(
        f'<td class="ov ov-{escape(cell.status)}"><a href="{escape(cell.href)}"'
        f' title="{escape(cell.description)}" aria-label="{escape(cell.description)}">'
        f'<span class="ov-symbol" aria-hidden="true">{escape(cell.symbol)}</span>'
        f" {escape(cell.short_label)}</a></td>"
        for cell in row.cells
    )


def synoptic_cell(cell, row):
    """A cell of the synoptic table, with its <td>: the cell marked against its base."""
    if not cell.present:
        body = f"\n  {_absence(cell)}\n"
    else:
        body = (
            f'\n  <p class="cell-labels">{_labels(cell)}</p>\n'
            f'  <p class="cell-status">{_status(cell)}</p>\n  '
        )
        if cell.pieces:
            diff = diffing.render_inline(cell.pieces)
            body += f'\n  <div class="text diff-text">{diff}</div>\n  '
        else:
            body += f"\n  {_texts(cell)}\n  "
        body += f"\n  {_sources_folded(cell.citations)}\n"
    version = cell.version
    base = f' data-base="{escape(cell.base.version.slug)}"' if cell.base else ""
    status = escape(cell.status)
    return (
        f'<td id="c-{escape(row.key)}-{escape(version.slug)}" class="cell cell-{status}"'
        f' data-label="{escape(version.short_name)}" data-status="{status}"{base}>'
        f"\n{body}\n</td>"
    )
