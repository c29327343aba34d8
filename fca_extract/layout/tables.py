"""Table structure from ruling lines: a chain of pure steps.

    rulings → merged segments → grids (connected groups) → atomic cells
    → merged cells (where a border is missing) → words placed in cells

This mirrors pdfplumber's edges → intersections → cells → tables, but keeps
cells that span columns (two-level budget headers) and rows (a delmål merged
over several activities) as first-class objects with their column and row
spans, which the reassembly needs. It works the same on rulings read from a
PDF's vector graphics and on rulings found in a scanned page image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Ruling, Word


@dataclass(frozen=True)
class TableSettings:
    """Every tolerance of the table finder, in PDF points."""

    snap_tolerance: float = 2.5  # rulings closer than this are one line
    join_tolerance: float = 4.0  # collinear segments with a gap up to this are joined
    intersect_tolerance: float = 3.0  # an h and a v segment this close touch
    min_ruling_length: float = 4.0
    min_columns: int = 2
    min_rows: int = 1
    coverage: float = 0.6  # share of a cell side a ruling must cover to count as a border


DEFAULT_SETTINGS = TableSettings()


@dataclass
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    col: int  # first atomic column
    row: int  # first atomic row
    col_span: int = 1
    row_span: int = 1
    words: list[Word] = field(default_factory=list)

    @property
    def last_col(self) -> int:
        return self.col + self.col_span - 1

    @property
    def last_row(self) -> int:
        return self.row + self.row_span - 1


class GridShape:
    """Column boundaries ``xs`` and row boundaries ``ys`` (len = count + 1), shared by
    a grid of cells and the text table made from it."""

    xs: list[float]
    ys: list[float]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1


@dataclass
class Grid(GridShape):
    """One table on one page: column/row boundaries and its (merged) cells."""

    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    # a page break cut the table here without a border (HTML writers slice a row that goes on overleaf)
    cut_top: bool = False
    cut_bottom: bool = False
    # columns whose last cell has no bottom border: a row-spanning cell a page break sliced, its text running
    # on below the table (Chromium lets such a cell's text overflow the last row on the page)
    open_bottom: frozenset[int] = frozenset()
    # grid line → the columns where it is drawn twice a hair apart (:func:`twice_ruled`)
    twice: dict[int, frozenset[int]] = field(default_factory=dict)

    def contains(self, w: Word, margin: float = 1.0) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 - margin <= w.xc <= x1 + margin and top - margin <= w.yc <= bottom + margin


# --- step 1: merge segments ---------------------------------------------------


def _cluster(values: list[float], tol: float) -> list[list[int]]:
    """Indices of ``values`` grouped so that neighbours in each group are within ``tol``."""
    order = sorted(range(len(values)), key=values.__getitem__)
    groups: list[list[int]] = []
    for i in order:
        if groups and values[i] - values[groups[-1][-1]] <= tol:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def merge_rulings(rulings: list[Ruling], s: TableSettings = DEFAULT_SETTINGS) -> list[Ruling]:
    """Snap near-collinear segments to one position and join overlapping ones.

    >>> merge_rulings([Ruling("h", 0, 10, 50, 10), Ruling("h", 52, 11, 90, 11)])
    [Ruling(orientation='h', x0=0, top=10.5, x1=90, bottom=10.5)]
    """
    out: list[Ruling] = []
    for orient in ("h", "v"):
        segs = [r for r in rulings if r.orientation == orient]
        if orient == "h":
            pos = [(r.top + r.bottom) / 2 for r in segs]
            spans = [(r.x0, r.x1) for r in segs]
        else:
            pos = [(r.x0 + r.x1) / 2 for r in segs]
            spans = [(r.top, r.bottom) for r in segs]
        for group in _cluster(pos, s.snap_tolerance):
            p = sum(pos[i] for i in group) / len(group)
            for a, b in _join_spans([spans[i] for i in group], s.join_tolerance):
                if b - a < s.min_ruling_length:
                    continue
                out.append(Ruling("h", a, p, b, p) if orient == "h" else Ruling("v", p, a, p, b))
    return out


def _join_spans(spans: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    joined: list[list[float]] = []
    for a, b in sorted(spans):
        if joined and a <= joined[-1][1] + tol:
            joined[-1][1] = max(joined[-1][1], b)
        else:
            joined.append([a, b])
    return [(a, b) for a, b in joined]


# --- step 2: connected groups of rulings = tables -------------------------------


def _touches(h: Ruling, v: Ruling, tol: float) -> bool:
    return h.x0 - tol <= v.x0 <= h.x1 + tol and v.top - tol <= h.top <= v.bottom + tol


def group_rulings(rulings: list[Ruling], s: TableSettings = DEFAULT_SETTINGS) -> list[list[Ruling]]:
    """Split merged rulings into groups that touch each other (one group per table)."""
    hs = [r for r in rulings if r.orientation == "h"]
    vs = [r for r in rulings if r.orientation == "v"]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    touched = set()
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touches(h, v, s.intersect_tolerance):
                parent[find(i)] = find(len(hs) + j)
                touched.add(j)
    # a page break slices a merged cell (a delmål spanning the rows of the page) with neither top nor bottom
    # border: its outer border touches no line, but starts and stops with the table's other column borders
    for j, v in enumerate(vs):
        if j in touched:
            continue
        for k, o in enumerate(vs):
            if k in touched and abs(o.top - v.top) <= s.snap_tolerance and abs(o.bottom - v.bottom) <= s.snap_tolerance:
                parent[find(len(hs) + j)] = find(len(hs) + k)
                break
    groups: dict[int, list[Ruling]] = {}
    for i, r in enumerate(hs + vs):
        groups.setdefault(find(i), []).append(r)
    out = [g for g in groups.values() if any(r.orientation == "h" for r in g) and any(r.orientation == "v" for r in g)]
    # a page in the middle of one tall row: only its column borders, all cut at the top and the bottom
    # (grouped by nearness, not by rounding: a scan's tilt spreads their ends over a few points)
    loose: list[list[Ruling]] = []
    for j, v in sorted(enumerate(vs), key=lambda jv: jv[1].top):
        if j in touched or len(groups[find(len(hs) + j)]) != 1:
            continue
        near = 2 * s.snap_tolerance
        g = next((g for g in loose if abs(g[0].top - v.top) <= near and abs(g[0].bottom - v.bottom) <= near), None)
        if g is None:
            loose.append([v])
        else:
            g.append(v)
    out += [g for g in loose if len(g) >= s.min_columns + 1]
    return out


# --- step 3: atomic grid and merged cells --------------------------------------


def _covered(segs: list[tuple[float, float, float]], pos: float, a: float, b: float, s: TableSettings) -> bool:
    """Is the interval [a, b] at position ``pos`` covered by a segment (pos, start, end)?"""
    need = (b - a) * s.coverage
    for p, x0, x1 in segs:
        if abs(p - pos) <= s.snap_tolerance and min(b, x1) - max(a, x0) >= need:
            return True
    return False


def close_cut_edges(hs: list[Ruling], vs: list[Ruling], s: TableSettings = DEFAULT_SETTINGS) -> list[Ruling]:
    """Horizontal rulings, with the borders a page break cut off put back.

    HTML-to-PDF writers cut a table at a page break without drawing its
    closing (or opening) border: its column borders run on, all ending at the
    same height, past the last horizontal line. That height closes the table.

    >>> vs = [Ruling("v", x, 80, x, 770) for x in (50, 200, 400)]
    >>> [h.top for h in close_cut_edges([Ruling("h", 50, 80, 400, 80), Ruling("h", 50, 110, 400, 110)], vs)]
    [80, 110, 770]
    """
    top, bottom = cut_edges(hs, vs, s)
    return hs + [ln for ln in (bottom, top) if ln is not None]


def cut_edges(hs: list[Ruling], vs: list[Ruling], s: TableSettings = DEFAULT_SETTINGS) -> tuple[Ruling | None, Ruling | None]:
    """The (top, bottom) borders a page break cut off, where column borders run on past every horizontal line."""
    if not hs or len(vs) < 2:
        return None, None
    lowest, highest = max(h.top for h in hs), min(h.top for h in hs)
    ends = [(v.x0, v.bottom) for v in vs if v.bottom > lowest + s.snap_tolerance]
    starts = [(v.x0, v.top) for v in vs if v.top < highest - s.snap_tolerance]
    return _cut_line(starts, min((y for _, y in starts), default=0.0), s), _cut_line(ends, max((y for _, y in ends), default=0.0), s)


def dangling_cell(hs: list[Ruling], vs: list[Ruling], s: TableSettings = DEFAULT_SETTINGS) -> list[Ruling]:
    """Borders that close a first-column cell a page break cut below the table's last row.

    An HTML writer may start a merged (row-spanning) delmål cell at the page's
    bottom and move its rows overleaf: only the cell's left border runs on
    below the table. It is closed at the column's right boundary and where
    the border stops.

    >>> vs = [Ruling("v", 50, 80, 50, 140), Ruling("v", 150, 80, 150, 110), Ruling("v", 300, 80, 300, 110)]
    >>> [(r.orientation, r.x0, r.top, r.x1, r.bottom) for r in dangling_cell([Ruling("h", 50, 80, 300, 80), Ruling("h", 50, 110, 300, 110)], vs)]
    [('h', 50, 140, 150, 140), ('v', 150, 110, 150, 140)]
    """
    if not hs or len(vs) < 2:
        return []
    lowest = max(h.top for h in hs)
    left = min(v.x0 for v in vs)
    ends = [v for v in vs if v.bottom > lowest + s.snap_tolerance]
    if len(ends) != 1 or abs(ends[0].x0 - left) > s.snap_tolerance:
        return []
    v = ends[0]
    right = min((o.x0 for o in vs if o.x0 > left + s.snap_tolerance), default=None)
    if right is None:
        return []
    return [Ruling("h", v.x0, v.bottom, right, v.bottom), Ruling("v", right, lowest, right, v.bottom)]


def _cut_line(ends: list[tuple[float, float]], y: float, s: TableSettings) -> Ruling | None:
    """The border through the (x, y) ends of column borders that stop together at ``y``, if two or more do."""
    xs = [x for x, e in ends if abs(e - y) <= s.snap_tolerance]
    return Ruling("h", min(xs), y, max(xs), y) if len(xs) >= 2 else None


def build_grid(group: list[Ruling], s: TableSettings = DEFAULT_SETTINGS) -> Grid | None:
    """The cells of one table from its rulings; ``None`` if it is not a table (a lone box, a line)."""
    vs = [r for r in group if r.orientation == "v"]
    drawn = [r for r in group if r.orientation == "h"]
    if not drawn and vs:  # column borders only: both ends cut by page breaks
        x0, x1 = min(v.x0 for v in vs), max(v.x0 for v in vs)
        cut_top, cut_bottom = Ruling("h", x0, min(v.top for v in vs), x1, min(v.top for v in vs)), Ruling("h", x0, max(v.bottom for v in vs), x1, max(v.bottom for v in vs))
    else:
        cut_top, cut_bottom = cut_edges(drawn, vs, s)
    hs = drawn + [ln for ln in (cut_bottom, cut_top) if ln is not None]
    for r in dangling_cell(drawn, vs, s) if cut_bottom is None else []:
        (hs if r.orientation == "h" else vs).append(r)
    xs = _positions([r.x0 for r in vs], s.snap_tolerance)
    ys = _positions([r.top for r in hs], s.snap_tolerance)
    hsegs = [(r.top, r.x0, r.x1) for r in hs]
    vsegs = [(r.x0, r.top, r.bottom) for r in vs]
    xs = bordering(xs, ys, vsegs, s)
    if len(xs) < s.min_columns + 1 or len(ys) < s.min_rows + 1:
        return None
    n_c, n_r = len(xs) - 1, len(ys) - 1
    parent = list(range(n_c * n_r))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_r):
        for c in range(n_c):
            i = r * n_c + c
            # no border between this atomic cell and its right neighbour → same cell
            if c + 1 < n_c and not _covered(vsegs, xs[c + 1], ys[r], ys[r + 1], s):
                parent[find(i)] = find(i + 1)
            if r + 1 < n_r and not _covered(hsegs, ys[r + 1], xs[c], xs[c + 1], s):
                parent[find(i)] = find(i + n_c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_r):
        for c in range(n_c):
            members.setdefault(find(r * n_c + c), []).append((r, c))
    cells = []
    for m in members.values():
        r0, r1 = min(r for r, _ in m), max(r for r, _ in m)
        c0, c1 = min(c for _, c in m), max(c for _, c in m)
        cells.append(Cell(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1], c0, r0, c1 - c0 + 1, r1 - r0 + 1))
    cells.sort(key=lambda c: (c.row, c.col))
    # (drawn borders only: a page break's cut line is no cell's border; under a cut table every column is open)
    drawn_segs = [(r.top, r.x0, r.x1) for r in drawn]
    open_bottom = frozenset(c for c in range(n_c) if not _covered(drawn_segs, ys[-1], xs[c], xs[c + 1], s))
    return Grid(xs, ys, cells, cut_top is not None, cut_bottom is not None, open_bottom)


def bordering(xs: list[float], ys: list[float], vsegs: list[tuple[float, float, float]], s: TableSettings = DEFAULT_SETTINGS) -> list[float]:
    """The column lines ``xs`` that border a cell: the outer two, and each inner one a vertical segment covers
    down one row (between two of ``ys``) at least. A stroke no row's height long is no border: a letter's stem a
    150 dpi scan joined to the rule above it ("Delmål"'s "l", 11 points down from each row's top: the overview
    read as a table of seven columns and skipped, LibreOffice scan, tuning 1140).

    >>> ys = [0.0, 50.0, 100.0]
    >>> bordering([10.0, 35.0, 60.0, 200.0], ys, [(10.0, 0, 100), (35.0, 0, 11), (35.0, 50, 61), (60.0, 0, 100), (200.0, 0, 100)])
    [10.0, 60.0, 200.0]
    >>> bordering([10.0, 35.0, 60.0], ys, [(10.0, 0, 100), (35.0, 50, 100), (60.0, 0, 100)])  # a merged cell above
    [10.0, 35.0, 60.0]
    """
    if len(xs) < 3 or len(ys) < 2:
        return xs
    inner = [x for x in xs[1:-1] if any(_covered(vsegs, x, a, b, s) for a, b in zip(ys, ys[1:]))]
    return [xs[0], *inner, xs[-1]]


def _positions(values: list[float], tol: float) -> list[float]:
    return [sum(values[i] for i in g) / len(g) for g in _cluster(values, tol)]


#: two rules of one grid line this far apart (points) or more are two borders, not one line drawn thick
TWICE_APART = 1.0


def twice_ruled(xs: list[float], ys: list[float], rulings: list[Ruling], s: TableSettings = DEFAULT_SETTINGS) -> dict[int, frozenset[int]]:
    """The grid lines (indices into ``ys``) drawn twice a hair apart, each with the columns where it is.

    A writer that splits a table at a page break and repeats its header row
    draws the header's bottom border and, just under it, the first body row's
    own top border (WeasyPrint: 2 pt lower); a row the break cut has no top
    border of its own. Snapping (:func:`merge_rulings`) makes both one grid
    line, so the raw ``rulings`` are read: a column counts where two rules both
    cover it, one below the other (two pieces of one tilted line cover
    different columns).

    >>> hs = [Ruling("h", 0, 94.2, 300, 94.2), Ruling("h", 100, 96.2, 300, 96.2), Ruling("h", 0, 200, 300, 200)]
    >>> twice_ruled([0, 100, 200, 300], [94.7, 200], hs)
    {0: frozenset({1, 2})}
    >>> twice_ruled([0, 100, 200, 300], [94.7, 200], [Ruling("h", 0, 94.0, 150, 94.0), Ruling("h", 150, 95.5, 300, 95.5)])
    {}
    """
    hs = [(r.x0, (r.top + r.bottom) / 2, r.x1) for r in rulings if r.orientation == "h"]
    out: dict[int, frozenset[int]] = {}
    for k, y in enumerate(ys):
        near = [h for h in hs if abs(h[1] - y) <= s.snap_tolerance]
        cols = []
        for c in range(len(xs) - 1):
            need = (xs[c + 1] - xs[c]) * s.coverage
            mids = [m for a, m, b in near if min(b, xs[c + 1]) - max(a, xs[c]) >= need]
            if mids and max(mids) - min(mids) >= TWICE_APART:
                cols.append(c)
        if cols:
            out[k] = frozenset(cols)
    return out


def find_grids(rulings: list[Ruling], s: TableSettings = DEFAULT_SETTINGS) -> list[Grid]:
    """All tables on a page, top to bottom."""
    grids = [g for g in (build_grid(grp, s) for grp in group_rulings(merge_rulings(rulings, s), s)) if g]
    for g in grids:
        g.twice = twice_ruled(g.xs, g.ys, rulings, s)
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


# --- step 4: words into cells ---------------------------------------------------


def place_words(grid: Grid, words: list[Word]) -> list[Word]:
    """Put each word whose centre lies in a cell into that cell; return the words outside the grid."""
    outside = []
    for w in words:
        if not grid.contains(w):
            outside.append(w)
            continue
        cell = _cell_at(grid, w.xc, w.yc)
        if cell is not None:
            cell.words.append(w)
    return outside


def _cell_at(grid: Grid, x: float, y: float) -> Cell | None:
    best, dist = None, float("inf")
    for c in grid.cells:
        dx = max(c.x0 - x, 0, x - c.x1)
        dy = max(c.top - y, 0, y - c.bottom)
        d = dx + dy
        if d < dist:
            best, dist = c, d
            if d == 0:
                break
    return best
