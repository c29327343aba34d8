"""The reassembly's output: a document's raw structure, texts still wrapped as printed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..layout.page import TableCell
from ..layout.textlines import CellText
from ..vocab import Notice, OutcomeKind, Role, TextSource
from .budget import BudgetCell


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
    cells: dict[Role, str]  # role → wrapped text (delmål excluded)
    outcome_kind: OutcomeKind
    page_start: int
    page_end: int
    text_source: TextSource
    low_conf: list[tuple[int, Role, float]] = field(default_factory=list)  # (page, column role, mean OCR confidence)
    ends: dict[Role, CellText | None] = field(default_factory=dict)  # per role, of the last part read (for a page break)
    # its own delmål cell was empty where it began (it took the delmål of the rows above, or its delmål text was
    # pushed overleaf by a page break)
    own_delmal_empty: bool = False


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
