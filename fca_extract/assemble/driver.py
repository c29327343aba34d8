"""Stage 4, reassembly: a stream of page layouts → the document's raw rows.

The assembler walks the paragraphs and tables of each page in reading order,
keeping only the structure it has built so far (never earlier pages), and
decides:

* which section and målområde the text belongs to (numbered headings);
* what each table is (goal table by its header row, overview grid, budget),
  and that a header-less table at the top of a page continues the one that
  ended the previous page;
* where a goal-table row broken across a page boundary continues
  (:func:`continues_row`), and which delmål a row belongs to when the delmål
  cell is merged over several rows or pages.

Texts stay "wrapped" (printed lines) here; repair and unwrapping come later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .budget import BudgetCell, BudgetHeader, read_budget
from ..layout.page import PageLayout, Paragraph, Table, TableCell
from ..model import LOW_OCR_CONFIDENCE
from ..vocab import Code, Notice, notice
from .template import (
    DELMAL_NO,
    HEADING,
    MALOMRADE_NO,
    column_role,
    fold,
    header_roles,
    is_caps_heading,
    outcome_kind,
)

# a table-of-contents entry ends in dot leaders and a page number
TOC_ENTRY = re.compile(r"(\.{3,}|…|\s{2,}|\t)\s*\d{1,3}$")

# words after which a line cannot end a paragraph
_OPEN_WORDS = {"och", "att", "för", "i", "på", "av", "med", "till", "som", "samt", "eller", "om", "från", "den", "det", "de", "en", "ett", "vid", "hos", "genom", "inom", "mellan", "under", "kring"}


@dataclass
class DelmalGroup:
    """A delmål cell, possibly merged over several rows and continued over pages."""

    text: str
    page_no: int
    cell: TableCell | None = None  # the (merged) cell on the page being read


@dataclass
class RawActivity:
    malomrade_no: str | None
    malomrade: str | None
    delmal: DelmalGroup | None
    cells: dict[str, str]  # role → wrapped text
    outcome_kind: str
    page_start: int
    page_end: int
    text_source: str
    low_conf: list[tuple[int, str, float]] = field(default_factory=list)  # (page, column role, mean OCR confidence)


@dataclass
class RawSection:
    section_no: str
    heading: str
    page_start: int
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class RawGoal:
    malomrade_no: str
    malomrade: str  # wrapped text as printed, number removed
    delmal_no: str | None
    delmal: str | None


@dataclass
class RawDocument:
    title_lines: list[tuple[float, str]] = field(default_factory=list)  # (font size, text) before section 1
    first_page_text: list[str] = field(default_factory=list)
    sections: list[RawSection] = field(default_factory=list)
    activities: list[RawActivity] = field(default_factory=list)
    goals: list[RawGoal] = field(default_factory=list)
    budget: list[BudgetCell] = field(default_factory=list)
    header_texts: list[str] = field(default_factory=list)  # goal-table headers seen (doc type evidence)
    budget_headers: list[str] = field(default_factory=list)
    overview_heading: str | None = None
    notices: list[Notice] = field(default_factory=list)


def join_parts(a: str, b: str) -> str:
    """Join wrapped text continued on the next page: a wrap or a paragraph break?

    >>> join_parts("besök i olika verksamheter och", "civilsamhällesorganisationer")
    'besök i olika verksamheter och\\ncivilsamhällesorganisationer'
    >>> join_parts("Okad narvaro i skolan.", "Nästa stycke")
    'Okad narvaro i skolan.\\n\\nNästa stycke'
    """
    a, b = a.rstrip(), b.lstrip()
    if not a:
        return b
    if not b:
        return a
    last_word = a.split()[-1].lower()
    if b[0].islower() or b[0].isdigit() or a[-1] in ",-–(" or last_word in _OPEN_WORDS:
        return a + "\n" + b
    return a + "\n\n" + b


def continues_row(prev: dict[str, str], first: dict[str, str], prev_reached_bottom: bool) -> bool:
    """Is the first body row of a table continued from the previous page part of the previous row?

    A row that Word breaks across pages leaves no mark in the drawing, so the
    decision rests on the text: a new row always has an activity, and
    continuing text starts with a lower-case letter; the previous page's
    table ending at the bottom margin supports a continuation when a cell of
    the previous row stops mid-sentence.
    """
    body = {r: t.strip() for r, t in first.items() if r != "delmal" and t.strip()}
    if not body:
        return True
    if not first.get("activity", "").strip():
        return True
    if any(t[0].islower() for t in body.values()):
        return True
    if prev_reached_bottom:
        if any(_ends_open(prev.get(role, "")) for role in body):
            return True
    return False


class Assembler:
    """Consumes :class:`PageLayout` objects one page at a time."""

    def __init__(self) -> None:
        self.doc = RawDocument()
        self.section: RawSection | None = None
        self.malomrade: tuple[str, str] | None = None
        self.last_kind: str | None = None  # kind of the last table, while nothing came after it
        self.last_table: Table | None = None
        self.roles: list[tuple[float, float, str]] | None = None  # (x0, x1, role) of the current goal table's columns
        # what was decided about the last goal table read (for inspect): role per column, first body row
        self.last_roles: dict[int, str] = {}
        self.last_body_start = 0
        self.outcome_kind = "forvantad_effekt"
        self.delmal: DelmalGroup | None = None
        self.budget_header: BudgetHeader | None = None
        self.overview_cols: list[list[RawGoal]] = []
        self.pages_seen = 0

    # --- paragraphs -------------------------------------------------------

    def _heading(self, p: Paragraph) -> tuple[str, str | None, str] | None:
        """(major, minor, text) if the paragraph is a numbered heading."""
        flat = " ".join(p.text.split())
        m = HEADING.match(flat)
        if not m:
            return None
        major, minor, rest = m.group(1), m.group(2), m.group(3)
        if not rest[:1].isupper():
            return None
        if TOC_ENTRY.search(rest):
            return None  # "1 INLEDNING ........ 3": a table of contents line, not the section
        last = int(self.section.section_no) if self.section else 0
        if minor is None:
            n = int(major)
            if not (last < n <= last + 3) or len(flat) > 120:
                return None
            if not (p.bold or is_caps_heading(rest)):
                return None
            return major, None, rest
        # "7.1 Erbjuda …": a målområde heading inside section 7 (or its number if 7 was missed)
        if self.section and major == self.section.section_no and (p.bold or len(flat) < 300):
            return major, minor, rest
        return None

    def add_paragraph(self, p: Paragraph) -> None:
        h = self._heading(p)
        if h is None and self.section is not None and is_caps_heading(p.text) and p.bold and len(p.text) < 80 and "\n" not in p.text:
            # an unnumbered caps heading in sequence (OCR lost the number)
            n = int(self.section.section_no) + 1
            h = (str(n), None, " ".join(p.text.split()))
            self.doc.notices.append(notice(Code.HEADING_UNNUMBERED, p.page_no, heading=h[2], section=n))
        if h is not None:
            major, minor, rest = h
            self.last_kind = None
            if minor is None:
                self.section = RawSection(major, rest, p.page_no)
                self.doc.sections.append(self.section)
                self.malomrade = None
            else:
                self.malomrade = (f"{major}.{minor}", rest)
                self.section.paragraphs.append(f"{major}.{minor} {rest}")
                self.roles = None
                self.delmal = None
            return
        if self.section is None:
            if p.page_no == 1:
                self.doc.title_lines.append((p.size, " ".join(p.text.split())))
            self.doc.first_page_text.append(p.text)
            return
        if self.section.section_no == "6" and self.doc.overview_heading is None and not self.doc.goals:
            self.doc.overview_heading = " ".join(p.text.split())
        self.section.paragraphs.append(p.text)
        self.last_kind = None

    # --- tables -------------------------------------------------------------

    def add_table(self, t: Table, text_source: str) -> None:
        header = find_header(t)
        section = self.section.section_no if self.section else None
        continuing = self.last_kind is not None and self.last_table is not None and self.last_table.page_no < t.page_no
        if header is not None:
            body_start, roles, cells = header
            self.roles = [(t.xs[c], t.xs[c + 1], role) for c, role in sorted(roles.items())]
            for c in cells:
                if column_role(c.text) == "outcome":
                    self.outcome_kind = outcome_kind(c.text)
                self.doc.header_texts.append(c.text)
            self._goal_table(t, roles, text_source, body_start, continuing=continuing and self.last_kind == "goal")
            self.last_roles, self.last_body_start = roles, body_start
            kind = "goal"
        elif continuing and self.last_kind == "goal" and self.roles:
            self.last_roles, self.last_body_start = carry_roles(self.roles, t), 0
            self._goal_table(t, self.last_roles, text_source, 0, continuing=True)
            kind = "goal"
        elif self._is_overview(t) or (continuing and self.last_kind == "overview"):
            self._overview(t, continuing=continuing and self.last_kind == "overview")
            kind = "overview"
        elif self._is_budget(t, section) or (continuing and self.last_kind == "budget"):
            if not continuing:
                self.doc.budget_headers.extend(c.text for c in t.cells if c.row == 0)
            cells, self.budget_header, warns = read_budget(t, self.budget_header if continuing else None)
            self.doc.budget.extend(cells)
            self.doc.notices.extend(warns)
            kind = "budget"
        else:
            self.doc.notices.append(notice(Code.TABLE_SKIPPED, t.page_no, n_cols=t.n_cols))
            kind = "other"
        self.last_kind = kind
        self.last_table = t

    def _is_overview(self, t: Table) -> bool:
        labels = [fold(c.text) for c in t.cells if c.col == 0]
        return any(lbl.startswith("malomrade") for lbl in labels) and any(lbl.startswith("delmal") for lbl in labels)

    def _is_budget(self, t: Table, section: str | None) -> bool:
        text = fold(" ".join(c.text for c in t.cells))
        return bool(re.search(r"\b(hsng|summa|budget|utfall)\b", text)) or section == "10"

    # goal tables ------------------------------------------------------------

    def _goal_table(self, t: Table, roles: dict[int, str], source: str, body_start: int, continuing: bool) -> None:
        if self.malomrade is None:
            self.doc.notices.append(notice(Code.GOAL_TABLE_OUTSIDE, t.page_no))
        role_cols: dict[str, list[int]] = {}
        for col, role in sorted(roles.items()):
            role_cols.setdefault(role, []).append(col)
        delmal_col = role_cols.get("delmal", [-1])[0]
        # rows are defined by the column with the most cells among the non-delmål ones
        body_cols = [c for r, cols in role_cols.items() if r != "delmal" for c in cols]
        def_col = max(body_cols, key=lambda col: sum(1 for c in t.cells if c.col == col), default=1)
        row_cells = sorted((c for c in t.cells if c.col == def_col and c.row >= body_start), key=lambda c: c.row)
        prev_bottom_reached = bool(self.last_table and self.last_table.bottom >= self.last_table.body_bottom - 2)
        for i, rc in enumerate(row_cells):
            texts: dict[str, str] = {}
            confs: list[tuple[int, str, float]] = []
            for role, cols in role_cols.items():
                parts = sorted(
                    (c for c in t.cells if any(c.col <= col <= c.last_col for col in cols) and c.row < rc.row + rc.row_span and rc.row < c.row + c.row_span),
                    key=lambda c: (c.col, c.row),
                )
                if role == "delmal":
                    parts = parts[:1]
                texts[role] = "\n\n".join(c.text for c in parts if c.text.strip())
                confs += [(t.page_no, role, c.conf) for c in parts if c.conf is not None and c.conf < LOW_OCR_CONFIDENCE and c.text.strip()]
            delmal_cell = next((c for c in t.cells if c.col <= delmal_col <= c.last_col and c.row <= rc.row < c.row + c.row_span), None)
            if not any(v.strip() for r, v in texts.items() if r != "delmal"):
                continue  # an empty row (spacing rows at the end of a table)
            prev = self.doc.activities[-1] if self.doc.activities else None
            is_first = i == 0
            if is_first and continuing and prev is not None and continues_row(prev.cells, texts, prev_bottom_reached):
                for role, txt in texts.items():
                    if role != "delmal" and txt.strip():
                        prev.cells[role] = join_parts(prev.cells.get(role, ""), txt)
                prev.page_end = t.page_no
                if prev.delmal is not None and delmal_cell is not None:
                    if delmal_cell.text.strip():
                        prev.delmal.text = join_parts(prev.delmal.text, delmal_cell.text)
                    prev.delmal.cell = delmal_cell  # later rows under the same merged cell stay in this group
                if source != prev.text_source:
                    prev.text_source = source
                prev.low_conf += confs
                continue
            # which delmål: the cell's own text, or the group it continues
            dtext = delmal_cell.text.strip() if delmal_cell is not None else ""
            if dtext:
                if self.delmal is not None and self.delmal.cell is delmal_cell:
                    pass  # same merged cell as the previous row
                elif is_first and continuing and self.delmal is not None and (dtext[0].islower() or not DELMAL_NO.match(dtext) and _ends_open(self.delmal.text)):
                    self.delmal.text = join_parts(self.delmal.text, dtext)
                    self.delmal.cell = delmal_cell
                else:
                    self.delmal = DelmalGroup(dtext, t.page_no, delmal_cell)
            mal_no, mal = self.malomrade if self.malomrade else (None, None)
            act = RawActivity(mal_no, mal, self.delmal, {r: v for r, v in texts.items() if r != "delmal"}, self.outcome_kind, t.page_no, t.page_no, source, confs)
            self.doc.activities.append(act)

    # overview grid --------------------------------------------------------------

    def _overview(self, t: Table, continuing: bool) -> None:
        for r in range(t.n_rows):
            cells = t.cells_in_row(r)
            label_cell = cells[0] if cells and cells[0].col == 0 else None
            label = fold(label_cell.text) if label_cell else ""
            values = [c for c in cells if c.col > 0 and c.row == r]
            if label.startswith("malomrade"):
                self.overview_cols = []
                for k, c in enumerate(values):
                    txt = " ".join(c.text.split())
                    m = MALOMRADE_NO.match(txt)
                    no = m.group(1) if m else f"7.{k + 1}"
                    self.overview_cols.append([RawGoal(no, c.text[m.end():] if m else c.text, None, None)])
                continue
            is_delmal_row = label.startswith("delmal")
            is_cont = not label and continuing and r == 0 and self.doc.goals
            if not (is_delmal_row or is_cont):
                continue
            for k, c in enumerate(values):
                if k >= len(self.overview_cols) or not c.text.strip():
                    continue
                head = self.overview_cols[k][0]
                if is_cont:
                    last = next((g for g in reversed(self.doc.goals) if g.malomrade_no == head.malomrade_no), None)
                    if last is not None and last.delmal is not None:
                        last.delmal = join_parts(last.delmal, c.text)
                        continue
                flat = " ".join(c.text.split())
                m = DELMAL_NO.match(flat)
                text = c.text
                if m:
                    # drop the number from the wrapped text: it is on the first line
                    text = c.text.lstrip()[len(m.group(0).rstrip()):].lstrip(" .")
                self.doc.goals.append(RawGoal(head.malomrade_no, head.malomrade, m.group(1) if m else None, text))

    # --- driver -----------------------------------------------------------------

    def add_page(self, layout: PageLayout) -> None:
        self.pages_seen += 1
        for item in layout.items:
            if isinstance(item, Table):
                self.add_table(item, layout.text_source)
            else:
                self.add_paragraph(item)

    def finish(self) -> RawDocument:
        # målområden with no delmål listed in the overview still count as goals
        covered = {g.malomrade_no for g in self.doc.goals}
        for col in self.overview_cols:
            if col and col[0].malomrade_no not in covered:
                self.doc.goals.append(col[0])
        self.doc.goals.sort(key=lambda g: tuple(int(x) for x in g.malomrade_no.split(".")))
        return self.doc


def find_header(t: Table, max_rows: int = 3) -> tuple[int, dict[int, str], list[TableCell]] | None:
    """The goal-table header among the first rows: (first body row, role per atomic column, header cells).

    A caption row above the header (a title spanning the table) is skipped.
    """
    for r in range(min(max_rows, t.n_rows)):
        cells = [c for c in t.cells_in_row(r) if c.row == r]
        roles = header_roles([c.text for c in cells])
        if roles is None:
            continue
        by_col = {col: role for c, role in zip(cells, roles) if role for col in range(c.col, c.last_col + 1)}
        return max(c.row + c.row_span for c in cells), by_col, cells
    return None


def carry_roles(roles: list[tuple[float, float, str]], t: Table) -> dict[int, str]:
    """Roles for a header-less continuation table: each column takes the role of the header column it overlaps most."""
    out: dict[int, str] = {}
    for col in range(t.n_cols):
        x0, x1 = t.xs[col], t.xs[col + 1]
        best = max(roles, key=lambda r: min(x1, r[1]) - max(x0, r[0]))
        if min(x1, best[1]) - max(x0, best[0]) > 0.5 * (x1 - x0):
            out[col] = best[2]
    return out


def _ends_open(prev: str) -> bool:
    """Does ``prev`` stop mid-sentence (after "och", "för", …), so that the next part continues it?"""
    last = prev.rstrip()
    return bool(last) and last[-1] not in ".!?:)”\"" and last.split()[-1].lower() in _OPEN_WORDS
