"""Goal tables (7.1–7.3) as rows: header → column roles → one reading per body row.

Pure functions of one page's :class:`~fca_extract.layout.page.Table`; what
carries over a page break is decided in :mod:`.continuation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..layout.page import Table, TableCell
from ..layout.textlines import CellText
from ..model import LOW_OCR_CONFIDENCE
from ..vocab import Role
from .template import HEADER_SEARCH_ROWS, header_roles


@dataclass(frozen=True)
class Header:
    body_start: int  # first atomic row after the header
    roles: dict[int, Role]  # atomic column → role
    cells: list[TableCell]


def find_header(t: Table, max_rows: int = HEADER_SEARCH_ROWS) -> Header | None:
    """The goal-table header among the first rows; a caption row above it (a title spanning the table) is skipped."""
    for r in range(min(max_rows, t.n_rows)):
        cells = [c for c in t.cells_in_row(r) if c.row == r]
        roles = header_roles([c.text for c in cells])
        if roles is None:
            continue
        by_col = {col: role for c, role in zip(cells, roles) if role for col in range(c.col, c.last_col + 1)}
        return Header(max(c.row + c.row_span for c in cells), by_col, cells)
    return None


def carry_roles(roles: list[tuple[float, float, Role]], t: Table) -> dict[int, Role]:
    """Roles for a header-less continuation table: each column takes the role of the header column it overlaps most."""
    out: dict[int, Role] = {}
    for col in range(t.n_cols):
        x0, x1 = t.xs[col], t.xs[col + 1]
        best = max(roles, key=lambda r: min(x1, r[1]) - max(x0, r[0]))
        if min(x1, best[1]) - max(x0, best[0]) > 0.5 * (x1 - x0):
            out[col] = best[2]
    return out


@dataclass
class RowReading:
    """One body row of a goal table on one page."""

    row: int  # atomic row where it starts
    texts: dict[Role, str]  # wrapped text per role (delmål included)
    delmal_cell: TableCell | None
    ends: dict[Role, CellText | None] = field(default_factory=dict)  # per role: room at the end, need of the first word
    low_conf: list[tuple[int, Role, float]] = field(default_factory=list)  # (page, role, mean OCR confidence)

    @property
    def body(self) -> dict[Role, str]:
        return {r: v for r, v in self.texts.items() if r != Role.DELMAL}

    @property
    def is_empty(self) -> bool:
        return not any(v.strip() for v in self.body.values())


def read_rows(t: Table, roles: dict[int, Role], body_start: int) -> list[RowReading]:
    """The body rows of a goal table, top to bottom.

    Rows are defined by the column with the most cells among the non-delmål
    ones (a merged delmål cell spans several of them).
    """
    role_cols: dict[Role, list[int]] = {}
    for col, role in sorted(roles.items()):
        role_cols.setdefault(role, []).append(col)
    delmal_col = role_cols.get(Role.DELMAL, [-1])[0]
    body_cols = [c for r, cols in role_cols.items() if r != Role.DELMAL for c in cols]
    def_col = max(body_cols, key=lambda col: sum(1 for c in t.cells if c.col == col), default=1)
    row_cells = sorted((c for c in t.cells if c.col == def_col and c.row >= body_start), key=lambda c: c.row)
    out = []
    for rc in row_cells:
        texts: dict[Role, str] = {}
        ends: dict[Role, CellText | None] = {}
        confs: list[tuple[int, Role, float]] = []
        for role, cols in role_cols.items():
            parts = sorted(
                (c for c in t.cells if any(c.col <= col <= c.last_col for col in cols) and c.row < rc.row + rc.row_span and rc.row < c.row + c.row_span),
                key=lambda c: (c.col, c.row),
            )
            if role == Role.DELMAL:
                parts = parts[:1]
            filled = [c for c in parts if c.text.strip()]
            texts[role] = "\n\n".join(c.text for c in filled)
            first, last = (filled[0].ends, filled[-1].ends) if filled else (None, None)
            ends[role] = CellText.spanning(first, last) if first and last else None
            confs += [(t.page_no, role, c.conf) for c in parts if c.conf is not None and c.conf < LOW_OCR_CONFIDENCE and c.text.strip()]
        delmal_cell = next((c for c in t.cells if c.col <= delmal_col <= c.last_col and c.row <= rc.row < c.row + c.row_span), None)
        out.append(RowReading(rc.row, texts, delmal_cell, ends, confs))
    return out
