"""Stage 4, reassembly: a stream of page layouts → the document's raw rows.

The assembler walks the paragraphs and tables of each page in reading order,
keeping only the structure built so far (never earlier pages). It decides
which section and målområde text belongs to (:mod:`.headings`), what each
table is (goal table by its header row, overview grid, budget), and what
carries over a page break (:mod:`.continuation`). Each page's table readings
and decisions are returned by :meth:`Assembler.add_page` for the trace.

Texts stay "wrapped" (printed lines) here; repair and unwrapping come later.
"""

from __future__ import annotations

import re

from ..layout.page import PageLayout, Paragraph, Table, TableCell
from ..pages.writer import Writer
from ..layout.textlines import IsBrokenWord
from ..vocab import Code, OutcomeKind, Role, TableKind, TextSource, notice
from .budget import BudgetHeader, continue_post, read_budget, settle_by_sums
from .continuation import (
    breaks_word_between, continues_delmal, continues_paragraph, continues_row, continues_table, join_ends, join_parts, opens_own_row,
    reaches_bottom, same_tagged_cell,
    same_tagged_row,
)
from .goals import RowReading, carry_roles, find_header, read_rows
from .headings import read_heading
from .overview import OverviewReader, is_overview
from .raw import DelmalGroup, RawActivity, RawDocument, RawSection
from .template import BUDGET_SECTION, OVERVIEW_SECTION, column_role, fold, is_header_rest, outcome_kind
from .trace import Decision, Rule, TableReading, Why


def _short(before: TableCell | None, after: TableCell) -> bool | None:
    """Does a paragraph end between the delmål text in ``before`` and its continuation in ``after``?"""
    if before is None or before.ends is None or after.ends is None:
        return None
    return before.ends.paragraph_ends(after.ends)


def _same_cell(before: TableCell | None, after: TableCell) -> bool | None:
    """Does a tagged PDF put the delmål text in ``after`` in the table cell ``before`` ended in?"""
    return same_tagged_cell(before.ends if before is not None else None, after.ends)


def is_budget(t: Table, section_no: str | None) -> bool:
    """A table in section 10, or one naming HSNG, SUMMA, budget or utfall."""
    text = fold(" ".join(c.text for c in t.cells))
    return bool(re.search(r"\b(hsng|summa|budget|utfall)\b", text)) or section_no == BUDGET_SECTION


class Assembler:
    """Consumes :class:`PageLayout` objects one page at a time."""

    def __init__(self, is_broken: IsBrokenWord | None = None, writer: Writer = Writer.UNKNOWN) -> None:
        #: tells a word broken at a column's edge from two words (the lexicon's), also across a page break
        self.is_broken = is_broken
        self.writer = writer  # the kind of program that wrote the PDF: what its borders at a page break say
        self.doc = RawDocument()
        self.section: RawSection | None = None
        self.malomrade: tuple[str, str] | None = None
        self.last_kind: TableKind | None = None  # kind of the last table, while nothing came after it
        self.last_table: Table | None = None
        self.roles: list[tuple[float, float, Role]] | None = None  # (x0, x1, role) of the current goal table's columns
        self.outcome_kind = OutcomeKind.FORVANTAD_EFFEKT
        self.delmal: DelmalGroup | None = None
        self.budget_header: BudgetHeader | None = None
        self.header_open = False  # the last goal table ended in its header row: the page break may have cut it
        # the page of a row that began as its delmål's first lines alone at a page's bottom (its other cells'
        # text went overleaf whole): what continues overleaf is that row, not the one before it
        self.stub_page: int | None = None
        self.prose_page: int | None = None  # the page of the section's last paragraph, while nothing came after it
        self.page_top = False  # nothing but page furniture read yet on this page
        self.decisions: list[Decision] = []  # decisions on prose (a table's are in its reading)
        self.overview = OverviewReader(is_broken=is_broken)

    # --- paragraphs -------------------------------------------------------

    def add_paragraph(self, p: Paragraph) -> None:
        page_top, self.page_top = self.page_top, False
        prose_page, self.prose_page = self.prose_page, None
        h = read_heading(p, self.section.section_no if self.section else None)
        if h is not None:
            if h.unnumbered:
                self.doc.notices.append(notice(Code.HEADING_UNNUMBERED, p.page_no, heading=h.text, section=int(h.major)))
            self.last_kind = None
            if h.minor is None:
                self.section = RawSection(h.major, h.text, p.page_no)
                self.doc.sections.append(self.section)
                self.malomrade = None
            else:
                self.malomrade = (h.number, h.text)
                self.section.paragraphs.append(f"{h.number} {h.text}")
                self.roles = None
                self.delmal = None
            return
        if self.section is None:
            if p.page_no == 1:
                # (its lines kept: a word broken at a soft hyphen is joined by the metadata reader)
                self.doc.title_lines.append((p.size, "\n".join(" ".join(ln.split()) for ln in p.text.splitlines() if ln.strip())))
            self.doc.first_page_text.append(p.text)
            return
        if self.section.section_no == OVERVIEW_SECTION and self.doc.overview_heading is None and not self.doc.goals:
            self.doc.overview_heading = " ".join(p.text.split())
        if page_top and prose_page == p.page_no - 1 and self.section.paragraphs:
            # the page's first paragraph, right after the section's last one overleaf: a paragraph the page broke?
            d = continues_paragraph(self.section.paragraphs[-1], p.text)
            self.decisions.append(d)
            if d.yes:
                self.section.paragraphs[-1] += "\n" + p.text  # a wrapped line: the repair joins a hyphenated word
                self.prose_page = p.page_no
                self.last_kind = None
                return
        self.section.paragraphs.append(p.text)
        self.prose_page = p.page_no
        self.last_kind = None

    # --- tables -------------------------------------------------------------

    def add_table(self, t: Table, text_source: TextSource) -> TableReading:
        """Read ``t`` into the document; returns what it was read as and why."""
        self.page_top = False
        self.prose_page = None
        section = self.section.section_no if self.section else None
        cont = continues_table(self.last_kind, self.last_table, t)
        continuing = cont.yes
        header = find_header(t)
        header_open = False
        if header is not None:
            self.roles = [(t.xs[c], t.xs[c + 1], role) for c, role in sorted(header.roles.items())]
            for c in header.cells:
                if column_role(c.text) == Role.OUTCOME:
                    self.outcome_kind = outcome_kind(c.text)
                self.doc.header_texts.append(c.text)
            reading = TableReading(t, TableKind.GOAL, header.roles, header.body_start, decisions=[cont])
            self._goal_table(reading, text_source, continuing=continuing and self.last_kind == TableKind.GOAL)
            header_open = header.body_start >= t.n_rows
        elif continuing and self.last_kind == TableKind.GOAL and self.roles:
            # a header row the page break cut: its rest stands first overleaf, and is no row
            first = [c.text for c in t.cells_in_row(0) if c.row == 0]
            rest = self.header_open and is_header_rest(first)
            reading = TableReading(t, TableKind.GOAL, carry_roles(self.roles, t), int(rest), carried=True, decisions=[cont])
            if rest:
                reading.decisions.append(Decision(Rule.HEADER_CONTINUES, True, Why.HEADER_REST, 0))
                self.doc.header_texts.extend(x for x in first if x.strip())
                for x in first:
                    if column_role(x) == Role.OUTCOME:
                        self.outcome_kind = outcome_kind(x)  # the outcome column's name went overleaf
            self._goal_table(reading, text_source, continuing=not rest)
        elif is_overview(t) or (continuing and self.last_kind == TableKind.OVERVIEW):
            self.overview.read(t, continuing and self.last_kind == TableKind.OVERVIEW, self.doc.goals)
            reading = TableReading(t, TableKind.OVERVIEW, decisions=[cont])
        elif is_budget(t, section) or (continuing and self.last_kind == TableKind.BUDGET):
            if not continuing:
                self.doc.budget_headers.extend(c.text for c in t.cells if c.row == 0)
            cells, self.budget_header, notes, carried = read_budget(t, self.budget_header if continuing else None,
                                                                    ocr=text_source == TextSource.OCR)
            if carried is not None:
                continue_post(self.doc.budget, carried)
            self.doc.budget.extend(cells)
            self.doc.notices.extend(notes)
            reading = TableReading(t, TableKind.BUDGET, decisions=[cont])
        else:
            self.doc.notices.append(notice(Code.TABLE_SKIPPED, t.page_no, n_cols=t.n_cols))
            reading = TableReading(t, TableKind.OTHER, decisions=[cont])
        self.last_kind = reading.kind
        self.last_table = t
        self.header_open = header_open
        return reading

    def _goal_table(self, reading: TableReading, source: TextSource, continuing: bool) -> None:
        t = reading.table
        if self.malomrade is None:
            self.doc.notices.append(notice(Code.GOAL_TABLE_OUTSIDE, t.page_no))
        prev_reached_bottom = self.last_table is not None and reaches_bottom(self.last_table)
        # (the bottom decides: a page that slices a merged delmål cell may leave the next row's top border undrawn
        # too; where the rows overleaf draw their own under a repeated header's, :func:`opens_own_row` tells)
        cut = continuing and self.last_table is not None and self.last_table.cut_bottom
        # an HTML print engine's border at the break ends the row (a scan's borders are found in the image,
        # where a missing one proves nothing)
        cuts_open = self.writer == Writer.HTML_PRINT and source == TextSource.TEXT_LAYER
        if not continuing:
            self.stub_page = None
        for i, row in enumerate(read_rows(t, reading.roles, reading.body_start)):
            is_first = i == 0
            has_delmal = row.delmal_cell is not None and bool(row.delmal_cell.text.strip())
            if row.is_empty and not has_delmal:
                continue  # an empty row (spacing rows at the end of a table)
            prev = self.doc.activities[-1] if self.doc.activities else None
            if is_first and continuing and prev is not None:
                prev_delmal = prev.delmal.text if prev.delmal is not None else ""
                d = continues_row(prev.cells, row.texts, prev_reached_bottom, row.row, cut, prev_delmal, cuts_open,
                                  same_tagged_row(prev.ends, row.ends), opens_own_row(t.twice, row.row, reading.roles))
                reading.decisions.append(d)
                if d.yes and self.stub_page is not None:
                    # the row it continues is the delmål's first lines the last page ended with, not ``prev``
                    reading.decisions.append(Decision(Rule.ROW_CONTINUES, True, Why.DELMAL_STUB, row.row))
                    self._set_delmal(reading, row.delmal_cell, t.page_no, True)
                    self._append_row(reading, row, self.stub_page, t.page_no, source)
                    continue
                if d.yes:
                    self._continue_row(prev, row, t.page_no, source, reading.decisions)
                    reading.row_nos[row.row] = len(self.doc.activities)
                    self.stub_page = None
                    continue
            if row.is_empty:
                if has_delmal:  # a merged delmål cell that starts at the page's bottom, its rows overleaf
                    self._set_delmal(reading, row.delmal_cell, t.page_no, is_first and continuing)
                    self.stub_page = t.page_no
                continue
            self._set_delmal(reading, row.delmal_cell, t.page_no, is_first and continuing)
            self._append_row(reading, row, t.page_no, t.page_no, source)

    def _append_row(self, reading: TableReading, row: RowReading, page_start: int, page_end: int, source: TextSource) -> None:
        mal_no, mal = self.malomrade if self.malomrade else (None, None)
        own_empty = row.delmal_cell is not None and not row.delmal_cell.text.strip()
        self.doc.activities.append(
            RawActivity(
                mal_no, mal, self.delmal, row.body, self.outcome_kind, page_start, page_end, source, row.low_conf, dict(row.ends), own_empty
            )
        )
        reading.row_nos[row.row] = len(self.doc.activities)
        self.stub_page = None

    def _continue_row(self, prev: RawActivity, row: RowReading, page_no: int, source: TextSource,
                      decisions: list[Decision]) -> None:
        for role, txt in row.body.items():
            if txt.strip():
                before, after = prev.ends.get(role), row.ends.get(role)
                short = before.paragraph_ends(after) if before is not None and after is not None else None
                broken = before is not None and after is not None and before.breaks_word(after, self.is_broken)
                prev.cells[role] = join_parts(prev.cells.get(role, ""), txt, short, broken)
                prev.ends[role] = join_ends(before, after)
        prev.page_end = page_no
        cell = row.delmal_cell
        if cell is not None and cell.text.strip():
            own = None
            if prev.delmal is not None and prev.own_delmal_empty:
                own = continues_delmal(prev.delmal.text, cell.text, cell.row, _same_cell(prev.delmal.cell, cell), own_box=True)
                decisions.append(own)
            if prev.delmal is None or (own is not None and not own.yes):
                # the row began under an empty delmål box: the page break pushed its delmål's text overleaf, here
                prev.delmal = self.delmal = DelmalGroup(cell.text.strip(), page_no, cell)
                prev.own_delmal_empty = False
            else:
                prev.delmal.text = join_parts(
                    prev.delmal.text, cell.text, _short(prev.delmal.cell, cell), breaks_word_between(prev.delmal.cell, cell, self.is_broken)
                )
        if prev.delmal is not None and cell is not None:
            prev.delmal.cell = cell  # later rows under the same merged cell stay in this group
        prev.text_source = source
        prev.low_conf += row.low_conf

    def _set_delmal(self, reading: TableReading, cell, page_no: int, first_continued: bool) -> None:
        """Which delmål the row belongs to: the cell's own text, or the group it continues."""
        text = cell.text.strip() if cell is not None else ""
        if not text or (self.delmal is not None and self.delmal.cell is cell):
            return  # no delmål text of its own, or the same merged cell as the previous row
        if first_continued and self.delmal is not None:
            d = continues_delmal(self.delmal.text, text, cell.row, _same_cell(self.delmal.cell, cell))
            reading.decisions.append(d)
            if d.yes:
                self.delmal.text = join_parts(
                    self.delmal.text, text, _short(self.delmal.cell, cell), breaks_word_between(self.delmal.cell, cell, self.is_broken)
                )
                self.delmal.cell = cell
                return
        self.delmal = DelmalGroup(text, page_no, cell)

    # --- driver -----------------------------------------------------------------

    def add_page(self, layout: PageLayout) -> list[TableReading]:
        """Read one page's items in order; returns the readings of its tables."""
        readings = []
        self.page_top = True
        for item in layout.items:
            if isinstance(item, Table):
                readings.append(self.add_table(item, layout.text_source))
            else:
                self.add_paragraph(item)
        return readings

    def finish(self) -> RawDocument:
        self.overview.finish(self.doc.goals)
        self.doc.budget, notes = settle_by_sums(self.doc.budget)
        self.doc.notices.extend(notes)
        return self.doc
