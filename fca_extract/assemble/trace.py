"""What the reassembly decided on a page, kept for ``inspect`` to draw.

Every continuation rule returns a :class:`Decision` (which rule, yes or no,
and why); the driver files it, with the table reading it concerns, in the
page's :class:`TableReading` list. Nothing here decides anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..layout.page import Table
from ..vocab import Role, TableKind


class Rule(StrEnum):
    """The continuation decisions of the reassembly."""

    TABLE_CONTINUES = "table continues"  # a table at the top of a page continues the last one
    ROW_CONTINUES = "row continues"  # the first row of a continued table is the previous row's tail
    DELMAL_CONTINUES = "delmål continues"  # a delmål cell continues the previous page's delmål
    HEADER_CONTINUES = "header continues"  # the first row of a continued table is the rest of a cut header row
    PARAGRAPH_CONTINUES = "paragraph continues"  # a page's first paragraph goes on with the last page's last one


class Why(StrEnum):
    """The reason a rule gave; its value is what ``inspect`` prints."""

    # TABLE_CONTINUES
    NOTHING_BETWEEN = "nothing but page furniture since the last table, which is on an earlier page"
    TEXT_BETWEEN = "text or a heading came after the last table"
    SAME_PAGE = "the last table is on this page"
    NO_TABLE_BEFORE = "no table before it"
    # ROW_CONTINUES
    TAGGED_SAME_CELLS = "a tagged PDF puts the row's text in the table cells the previous row ended in"
    TAGGED_OTHER_CELLS = "a tagged PDF puts the row's text in other table cells than the previous row's: a new row"
    BORDER_CUT = "the page cut the table without a border: the row goes on overleaf"
    OWN_TOP_BORDER = "the row has a top border of its own under the repeated header: the break cut a merged delmål cell, not this row"
    BORDER_DRAWN = "an HTML print engine cuts a row it continues overleaf without a border, and this one has its border"
    NO_BODY_TEXT = "the row has no text outside the delmål column"
    NO_ACTIVITY = "the row has no activity: a new row always has one"
    LOWER_CASE = "a cell starts with a lower-case letter"
    NO_ANSVAR = "the row has no ansvar: the row before's ansvar was finished before the page break (or it had none)"
    NO_OUTCOME = "the row has no outcome, the row before has one: a cell that was finished before the page break"
    PREV_ENDS_OPEN = "the previous page's table reached the bottom and a cell of its last row stops mid-sentence"
    NEW_ROW = "the row starts like a new row"
    OWN_DELMAL = "the row starts a delmål of its own"
    DELMAL_STUB = "the last page ended in a row holding only its delmål's first lines: this is that row's rest"
    # DELMAL_CONTINUES
    DELMAL_TAGGED_SAME_CELL = "a tagged PDF puts it in the delmål cell the previous page ended in"
    DELMAL_TAGGED_OTHER_CELL = "a tagged PDF puts it in another table cell than the previous page's delmål"
    SAME_CELL = "the same merged delmål cell"
    DELMAL_LOWER_CASE = "the delmål text starts with a lower-case letter"
    DELMAL_ENDS_OPEN = "the previous delmål stops mid-sentence and this one has no number"
    NEW_DELMAL = "a new delmål"
    DELMAL_OWN_BOX = "the row began under a delmål box of its own, empty: the page break pushed its delmål overleaf"
    # PARAGRAPH_CONTINUES
    PARAGRAPH_LOWER_CASE = "the paragraph starts with a lower-case letter"
    PARAGRAPH_ENDS_OPEN = "the last page's paragraph stops at a hyphen or mid-sentence"
    NEW_PARAGRAPH = "the paragraph starts like a new one"
    # HEADER_CONTINUES
    HEADER_REST = "the last page's table ended in its header row, and this row only names columns"


@dataclass(frozen=True)
class Decision:
    rule: Rule
    yes: bool
    why: Why
    row: int | None = None  # the atomic row of the table it concerns

    def __str__(self) -> str:
        return f"{self.rule}: {'yes' if self.yes else 'no'} ({self.why})"


@dataclass
class TableReading:
    """What one table on a page was read as."""

    table: Table
    kind: TableKind
    roles: dict[int, Role] = field(default_factory=dict)  # atomic column → role (goal tables)
    body_start: int = 0  # first body row (after header and caption rows)
    carried: bool = False  # roles carried over from the table this one continues
    decisions: list[Decision] = field(default_factory=list)
    row_nos: dict[int, int] = field(default_factory=dict)  # atomic row → 1-based activity row_no in the document

    @property
    def role_list(self) -> list[Role | None]:
        return [self.roles.get(c) for c in range(self.table.n_cols)]
