"""Section 6's overview grid: a "Målområde" row naming the columns, "Delmål" rows under it."""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..layout.page import Table, TableCell
from ..layout.textlines import IsBrokenWord
from .continuation import breaks_word_between, join_parts
from .raw import RawGoal
from .template import DELMAL_NO, MALOMRADE_NO, fold


#: how like the word a grid label's first letters must read (difflib's ratio) to be taken for it: a label in
#: bold on a grey fill scanned at 150 dpi reads "Mi lomri ide" (0.74), "Delmi iI" (0.73); another grid's first
#: column ("7.1.1 Nå föräldrar", 0.59 against "malomrade") stays below
LABEL_LIKENESS = 0.7


def reads_as(label: str, word: str) -> bool:
    """Does the folded grid label ``label`` start with ``word`` ("malomrade", "delmal"), as OCR may spell it?

    >>> reads_as("malomrade och overgripande malsattning", "malomrade"), reads_as("mi lomri ide", "malomrade")
    (True, True)
    >>> reads_as("delmi ii", "delmal"), reads_as("7.1.1 na foraldrar", "malomrade"), reads_as("delmal", "malomrade")
    (True, False, False)
    >>> reads_as("e malsattning", "malomrade")
    False
    """
    if label.startswith(word):
        return True
    letters = "".join(ch for ch in label if ch.isalpha())
    if letters[:1] != word[:1]:
        return False  # (a label's tail overleaf, "e|målsättning" of a broken "övergripande", reads much like it)
    return max(SequenceMatcher(None, letters[: len(word) + k], word).ratio() for k in (-1, 0, 1)) >= LABEL_LIKENESS


def is_overview(t: Table) -> bool:
    """A grid whose first column labels a row "Målområde …" (its "Delmål" rows may be on the next page),
    whose first row is one (:func:`is_malomrade_row`) above rows labelled "Delmål", or that is the målområde
    row's first part the page break cut (:func:`is_cut_malomrade_row`)."""
    if any(reads_as(fold(c.text), "malomrade") for c in t.cells if c.col == 0):
        return True
    if is_cut_malomrade_row(t):
        return True
    if t.n_rows < 2:
        return False
    first = t.cells_in_row(0)
    label = fold(first[0].text) if first and first[0].col == 0 else ""
    delmal_rows = sum(1 for c in t.cells if c.col == 0 and reads_as(fold(c.text), "delmal"))
    return delmal_rows >= 1 and is_malomrade_row(label, [c.text for c in first if c.col > 0])


#: a målområde number as OCR may misread it: a 7 read as Z or z (and doubled), a border's debris before it, its
#: point lost ("73": a Chromium scan with a bad OCR layer, tuning 1210)
_MISREAD_NO = re.compile(r"^\s*[^\w\s]*(?:[Zz7]+[.,]\d{1,2}[.,]?|7\d)\s+")


def split_malomrade_no(text: str) -> tuple[str | None, str]:
    """A målområde cell's wrapped text → (its number, the text without it).

    >>> split_malomrade_no("7.1. Familjer och\\nviktiga vuxna")
    ('7.1', 'Familjer och\\nviktiga vuxna')
    >>> split_malomrade_no("Familjer")
    (None, 'Familjer')

    A number OCR misread ("Z.2." for 7.2 over a grey fill, "=+z77.2." with a border's debris) is no text:
    it goes, and the number is left to the caller (the column's place).

    >>> split_malomrade_no("Z.2. Det familjecentrerade"), split_malomrade_no("=+z77.2. Bygga"), split_malomrade_no("73 Alla som")
    ((None, 'Det familjecentrerade'), (None, 'Bygga'), (None, 'Alla som'))
    """
    m = MALOMRADE_NO.match(" ".join(text.split()))
    if not m:
        misread = _MISREAD_NO.match(text)
        return None, text[misread.end():] if misread else text
    # the number is on the first line: drop as many characters of the wrapped text as it took
    return m.group(1), text.lstrip()[len(m.group(0).rstrip()):].lstrip()


def without_rule_stub(no: str, major: str) -> str:
    """A number whose major part is ``major`` with a "1" before it: a vertical rule left of the cell, read as
    a digit of the number ("17.2." between "7.1." and "7.3.", Chromium scan, tuning seed 990). The grid's
    numbers share their major part: the section's.

    >>> without_rule_stub("17.2", "7"), without_rule_stub("17.2.1", "7"), without_rule_stub("7.2", "7"), without_rule_stub("17.2", "17")
    ('7.2', '7.2.1', '7.2', '17.2')
    """
    head, _, rest = no.partition(".")
    return no[1:] if head == "1" + major and rest else no


def common_major(nos: list[str | None]) -> str | None:
    """The major part most of the numbers ``nos`` share (None without a majority).

    >>> common_major(["7.1", "17.2", "7.3"]), common_major(["7.1", None]), common_major(["7.1", "17.2"])
    ('7', '7', None)
    """
    heads = [no.partition(".")[0] for no in nos if no]
    best = max(set(heads), key=heads.count, default=None)
    return best if best is not None and 2 * heads.count(best) > len(heads) else None


def unread_label(label: str) -> bool:
    """Is a grid row's label empty or no word (OCR lost a "Delmål" printed on a grey fill)?

    Under the målområde row the template's grid has only "Delmål" rows.

    >>> unread_label(""), unread_label("[ i"), unread_label("övrigt")
    (True, True, False)
    """
    return not any(len(w) >= 3 and w.isalpha() for w in label.split())


def is_malomrade_row(label: str, values: list[str]) -> bool:
    """Is a grid row the målområde row: labelled "Målområde …", or with a label OCR lost or misread past
    knowing (bold on a grey fill: "Miilomriide", a 150 dpi LibreOffice scan, tuning 1140) over cells that all
    but one start with a målområde's number? (A delmål's number is no målområde's: "7.1.1." is not "7.1.".)

    >>> is_malomrade_row("malomrade och overgripande malsattning", []), is_malomrade_row("", ["7.1. Familjer", "7.2. Bygga", "7.3 Alla"])
    (True, True)
    >>> is_malomrade_row("miilomriide", ["7.1. Familjer", "7.2. Bygga", "7.3 Alla"])
    True
    >>> is_malomrade_row("", ["Samordna", "7.2.1 Lika"]), is_malomrade_row("delmal", ["7.1. Familjer", "7.2. Bygga"])
    (False, False)
    >>> is_malomrade_row("miilomriide", ["7.1.1. Familjer", "7.2.1. Bygga", "7.3.1. Alla"])
    False
    """
    if reads_as(label, "malomrade"):
        return True
    numbered = sum(1 for v in values if split_malomrade_no(v)[0])
    return not reads_as(label, "delmal") and numbered >= 2 and numbered >= len(values) - 1


def starts_malomrade_row(label: str, values: list[str]) -> bool:
    """Could a row the page break cut be the målområde row's first part: no label (it went overleaf with the
    rest of the row), and every cell with text starting with a målområde's number (an HTML writer can set a
    cell's first lines before the break and move its neighbours' whole)?

    >>> starts_malomrade_row("", ["", "7.2. Tidig upptäckt och tidiga, samordnade in-", ""]), starts_malomrade_row("", ["", "", ""])
    (True, False)
    >>> starts_malomrade_row("", ["Samordna", "7.2. Bygga"]), starts_malomrade_row("delmal", ["7.2. Bygga"])
    (False, False)
    """
    texts = [v for v in values if v.strip()]
    return unread_label(label) and bool(texts) and all(split_malomrade_no(v)[0] for v in texts)


def is_cut_malomrade_row(t: Table) -> bool:
    """Is ``t`` one row the page break cut without a border (:attr:`Table.cut_bottom`) that starts the
    målområde row (:func:`starts_malomrade_row`)? (WeasyPrint, tuning seed 969: "7.2. Tidig upptäckt …"
    alone at a page's foot, the row's label and the other målområden overleaf.)"""
    if not t.cut_bottom or t.n_rows != 1:
        return False
    cells = t.cells_in_row(0)
    label = fold(cells[0].text) if cells and cells[0].col == 0 else ""
    return starts_malomrade_row(label, [c.text for c in cells if c.col > 0])


@dataclass
class OverviewReader:
    """Reads the grid (and its continuation on the next page) into goals."""

    columns: list[RawGoal] = field(default_factory=list)  # the målområde heading each grid column stands under
    last_row: list[tuple[int, RawGoal]] | None = None  # the delmål of the last row read, by column; None: the målområde row
    is_broken: IsBrokenWord | None = None  # tells a word too long for its column, broken at its edge
    last_cells: dict[int, TableCell] = field(default_factory=dict)  # the last row's cells, by column
    #: the last grid part read ended in its målområde row's first part, cut by the page break (:func:`is_cut_malomrade_row`)
    malomrade_cut: bool = False

    def read(self, t: Table, continuing: bool, goals: list[RawGoal]) -> None:
        """Append the delmål of ``t`` to ``goals``.

        On a continued grid, a first row that starts no row of its own (no
        label, or a label going on in lower case) continues the last row read
        on the previous page, column by column; so does a målområde row whose
        first part (no label) the page break cut without a border, where this
        part opens without one (:attr:`Table.cut_top`).
        """
        cut_before, self.malomrade_cut = self.malomrade_cut, is_cut_malomrade_row(t)
        for r in range(t.n_rows):
            cells = t.cells_in_row(r)
            label_cell = cells[0] if cells and cells[0].col == 0 else None
            label = fold(label_cell.text) if label_cell else ""
            values = [c for c in cells if c.col > 0 and c.row == r]
            before, self.last_cells = self.last_cells, dict(enumerate(values))
            if continuing and r == 0 and not (reads_as(label, "malomrade") or reads_as(label, "delmal")) and (not label or label_cell.text.strip()[:1].islower()):
                self._continue_row(values, goals, before)
                continue
            if continuing and r == 0 and cut_before and t.cut_top and self.last_row is None and reads_as(label, "malomrade"):
                self._continue_row(values, goals, before)
                continue
            if self.malomrade_cut or is_malomrade_row(label, [c.text for c in values]):
                self.columns = []
                for k, c in enumerate(values):
                    no, text = split_malomrade_no(c.text)
                    self.columns.append(RawGoal(no or f"7.{k + 1}", text, None, None))
                self._settle_numbers()
                self.last_row = None
                continue
            if not reads_as(label, "delmal") and not (self.columns and unread_label(label)):
                continue
            self.last_row = []
            for k, c in enumerate(values):
                if k >= len(self.columns) or not c.text.strip():
                    continue
                goal = self._goal(k, c.text)
                goals.append(goal)
                self.last_row.append((k, goal))

    def _settle_numbers(self) -> None:
        """The målområde row's numbers without a rule's stub read before one (:func:`without_rule_stub`)."""
        major = common_major([col.malomrade_no for col in self.columns])
        if major is not None:
            for col in self.columns:
                col.malomrade_no = without_rule_stub(col.malomrade_no, major)

    def _goal(self, k: int, wrapped: str) -> RawGoal:
        """The delmål in column ``k``'s cell, with its number when it has one."""
        head = self.columns[k]
        m = DELMAL_NO.match(" ".join(wrapped.split()))
        text = wrapped
        if m:
            # drop the number from the wrapped text: it is on the first line
            text = wrapped.lstrip()[len(m.group(0).rstrip()):].lstrip(" .")
        no = m.group(1) if m else None
        if no is not None:
            no = without_rule_stub(no, head.malomrade_no.partition(".")[0])
        return RawGoal(head.malomrade_no, head.malomrade, no, text)

    def _join(self, a: str, before: TableCell | None, after: TableCell) -> str:
        """``a`` (the text of ``before``) and ``after``'s text overleaf, as a table's cells join: a word too long
        for its column broken at the page break goes on without a space ("föräldraskapsstödsprogramme|n",
        LibreOffice 813)."""
        return join_parts(a, after.text, broken_word=breaks_word_between(before, after, self.is_broken))

    def _continue_row(self, values: list, goals: list[RawGoal], before: dict[int, TableCell]) -> None:
        """Texts that go on from the last row of the previous page: its delmål, or the målområde names
        (``before``: that row's cells, by column)."""
        if self.last_row is None:  # the målområde row was cut by the page break
            for k, c in enumerate(values):
                if k < len(self.columns) and c.text.strip():
                    col = self.columns[k]
                    if not col.malomrade.strip():  # only the row's label came before the break: the number is here
                        no, col.malomrade = split_malomrade_no(c.text)
                        col.malomrade_no = no or col.malomrade_no
                    else:
                        col.malomrade = self._join(col.malomrade, before.get(k), c)
            self._settle_numbers()
            return
        last = dict(self.last_row)
        for k, c in enumerate(values):
            if c.text.strip() and k in last and last[k].delmal is not None:
                last[k].delmal = self._join(last[k].delmal, before.get(k), c)
            elif c.text.strip() and k not in last and k < len(self.columns):
                # the cell stood empty before the break: the page pushed its delmål overleaf whole
                goal = self._goal(k, c.text)
                goals.append(goal)
                self.last_row.append((k, goal))

    def finish(self, goals: list[RawGoal]) -> None:
        """Målområden with no delmål listed still count as goals; goals sorted by målområde."""
        covered = {g.malomrade_no for g in goals}
        goals.extend(col for col in self.columns if col.malomrade_no not in covered)
        goals.sort(key=lambda g: tuple(int(x) for x in g.malomrade_no.split(".")))
