"""Section 6's overview grid: a "Målområde" row naming the columns, "Delmål" rows under it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..layout.page import Table
from .continuation import join_parts
from .raw import RawGoal
from .template import DELMAL_NO, MALOMRADE_NO, fold


def is_overview(t: Table) -> bool:
    """A grid whose first column labels rows "Målområde …" and "Delmål"."""
    labels = [fold(c.text) for c in t.cells if c.col == 0]
    return any(lbl.startswith("malomrade") for lbl in labels) and any(lbl.startswith("delmal") for lbl in labels)


@dataclass
class OverviewReader:
    """Reads the grid (and its continuation on the next page) into goals."""

    columns: list[RawGoal] = field(default_factory=list)  # the målområde heading each grid column stands under

    def read(self, t: Table, continuing: bool, goals: list[RawGoal]) -> None:
        """Append the delmål of ``t`` to ``goals``; a label-less first row continues the last delmål per column."""
        for r in range(t.n_rows):
            cells = t.cells_in_row(r)
            label_cell = cells[0] if cells and cells[0].col == 0 else None
            label = fold(label_cell.text) if label_cell else ""
            values = [c for c in cells if c.col > 0 and c.row == r]
            if label.startswith("malomrade"):
                self.columns = []
                for k, c in enumerate(values):
                    txt = " ".join(c.text.split())
                    m = MALOMRADE_NO.match(txt)
                    no = m.group(1) if m else f"7.{k + 1}"
                    self.columns.append(RawGoal(no, c.text[m.end():] if m else c.text, None, None))
                continue
            is_delmal_row = label.startswith("delmal")
            is_cont = not label and continuing and r == 0 and goals
            if not (is_delmal_row or is_cont):
                continue
            for k, c in enumerate(values):
                if k >= len(self.columns) or not c.text.strip():
                    continue
                head = self.columns[k]
                if is_cont:
                    last = next((g for g in reversed(goals) if g.malomrade_no == head.malomrade_no), None)
                    if last is not None and last.delmal is not None:
                        last.delmal = join_parts(last.delmal, c.text)
                        continue
                flat = " ".join(c.text.split())
                m = DELMAL_NO.match(flat)
                text = c.text
                if m:
                    # drop the number from the wrapped text: it is on the first line
                    text = c.text.lstrip()[len(m.group(0).rstrip()):].lstrip(" .")
                goals.append(RawGoal(head.malomrade_no, head.malomrade, m.group(1) if m else None, text))

    def finish(self, goals: list[RawGoal]) -> None:
        """Målområden with no delmål listed still count as goals; goals sorted by målområde."""
        covered = {g.malomrade_no for g in goals}
        goals.extend(col for col in self.columns if col.malomrade_no not in covered)
        goals.sort(key=lambda g: tuple(int(x) for x in g.malomrade_no.split(".")))
