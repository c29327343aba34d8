"""Stage 3, page layout: one page's words and rulings → prose paragraphs and tables, in reading order.

Page furniture (running headers and footers, page numbers; see
:mod:`fca_extract.layout.furniture`) is dropped here, so nothing downstream
ever sees it as text.
"""

from __future__ import annotations

import re
import statistics

from dataclasses import dataclass, field

from ..model import PageContent, Word
from ..vocab import TextSource
from .furniture import band_of, furniture_key, is_repeated
from .tables import DEFAULT_SETTINGS, Grid, GridShape, TableSettings, find_grids, place_words
from .hyphenation import BreakPoints, break_points, ocr_break_points, ocr_word_limit, page_hyphenates
from .textlines import CellText, IsBrokenWord, Line, cell_padding, group_lines, join_split_words, line_pitch, line_spacing, read_cell, shows_paragraph_spacing, shows_wrap_spaces, split_paragraphs, word_space, wrapped_text

# a line that is nothing but a page number ("11", "- 11 -", "Sida 3 av 12", "3 (12)")
PAGE_NUMBER = re.compile(r"^(?:sida\s+)?[-–]?\s*\d{1,3}\s*[-–]?(?:\s*(?:av|/|\()\s*\d{1,3}\)?)?$", re.I)
MARGIN_SHARE = 0.085  # top and bottom share of the page where furniture lives


@dataclass
class Paragraph:
    text: str  # wrapped text (lines joined by \n)
    top: float
    bottom: float
    x0: float
    size: float
    bold: bool
    page_no: int

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]


@dataclass
class TableCell:
    row: int
    col: int
    row_span: int
    col_span: int
    text: str  # wrapped text
    bbox: tuple[float, float, float, float]
    conf: float | None = None  # mean OCR word confidence, None for the text layer
    ends: CellText | None = None  # the text with the room at its end and its first word's need, for page breaks

    @property
    def last_col(self) -> int:
        return self.col + self.col_span - 1


@dataclass
class Table(GridShape):
    """A grid on one page with the text of each cell."""

    page_no: int
    xs: list[float]
    ys: list[float]
    cells: list[TableCell]
    page_height: float
    body_bottom: float = 0.0  # lowest y any content reaches on this page (above the footer)
    # no border drawn where the page cut it (:func:`~fca_extract.layout.tables.cut_edges`): a row goes on
    cut_top: bool = False
    cut_bottom: bool = False
    # grid line → the columns where it is drawn twice: a row's own top border under a repeated header
    twice: dict[int, frozenset[int]] = field(default_factory=dict)

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def cells_in_row(self, r: int) -> list[TableCell]:
        """Cells that cover atomic row ``r`` (merged cells included), left to right."""
        return sorted((c for c in self.cells if c.row <= r < c.row + c.row_span), key=lambda c: c.col)

    def cell_at(self, r: int, col: int) -> TableCell | None:
        for c in self.cells:
            if c.row <= r < c.row + c.row_span and c.col <= col < c.col + c.col_span:
                return c
        return None


@dataclass
class PageLayout:
    page_no: int
    width: float
    height: float
    text_source: str
    items: list[Paragraph | Table] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # furniture and OCR specks removed, for --verbose and inspect
    # how the page's lines were read into paragraphs (shown by inspect --verbose)
    hyphenates: bool = False  # the writer hyphenates: a word's first syllables could have fitted
    # the shortest word taken as hyphenated (OCR'd pages: :func:`~.hyphenation.ocr_break_points`); None: any
    hyphen_min: int | None = None
    wrap_spaces: bool = False  # the writer prints a space where it wraps a line
    leading: float | None = None  # the gap between wrapped lines, points
    space: float | None = None  # the width of a space between words, of the type size
    edge_words: list = field(default_factory=list)  # decisions on words at a column's edge (printed.EdgeCall)


def is_running(line: Line, height: float, repeated: frozenset[tuple[str, str, float]]) -> bool:
    """A line of the margin bands that the neighbouring pages repeat (a running header or footer)."""
    band = band_of(line.top, line.bottom, height)
    return bool(band) and is_repeated(band, furniture_key(line.text), line.top, repeated)


#: the least gap (in line heights) between a page's text and a running footer above it, or a running header below
#: it: a margin. (A header may stand closer to the text than a footer, a line's height; a table's repeated header
#: row stands closer still, a cell's padding from its first row.)
FOOTER_GAP = 2.0
HEADER_GAP = 1.0


def margin_lines_apart(lines: list[Line], height: float, repeated: frozenset[tuple[str, str, float]]) -> list[Line]:
    """The running header and footer lines of a page (``lines`` top to bottom): repeated lines of the margin bands
    that a margin's gap sets apart from the page's text (below a header, above a footer). A cell's line that
    happens to repeat a line at the same height overleaf ("så att fler föräldrar får tillgång till stöd.") runs on
    from its neighbour, and so does a table's header row repeated on every page.

    >>> ln = lambda top, text: Line([Word(text, 50, top, 200, top + 10, 10.0)])
    >>> rep = frozenset({("bottom", "sida # av #", 803.0), ("bottom", "så att fler", 752.0), ("top", "delmål ansvar", 60.0),
    ...                  ("top", "göteborgs stad", 30.0)})
    >>> page = [ln(30, "Göteborgs Stad"), ln(60, "Delmål Ansvar"), ln(72, "Stärka BVC"), ln(740, "familjer"),
    ...         ln(752, "så att fler"), ln(803, "Sida 9 av 14")]
    >>> [x.text for x in margin_lines_apart(page, 842, rep)]
    ['Göteborgs Stad', 'Sida 9 av 14']
    >>> [x.text for x in margin_lines_apart([ln(14, "GÖTEBORGS STAD"), *page, ln(815, "Tryckt 2024")], 842, rep)]
    ['GÖTEBORGS STAD', 'Göteborgs Stad', 'Sida 9 av 14', 'Tryckt 2024']
    """
    def apart(seq: list[Line], band: str, gap, least: float) -> list[Line]:
        out: list[Line] = []
        prev: Line | None = None
        for ln in seq:
            if band_of(ln.top, ln.bottom, height) == band and is_running(ln, height, repeated):
                if prev is None or gap(prev, ln) >= least * ln.height or (out and prev is out[-1]):
                    out.append(ln)
            prev = ln
        return out

    feet = apart(lines, "bottom", lambda above, ln: ln.top - above.bottom, FOOTER_GAP)
    heads = apart(lines[::-1], "top", lambda below, ln: below.top - ln.bottom, HEADER_GAP)
    return beyond_furniture(lines, heads + feet, height)


def beyond_furniture(lines: list[Line], furniture: list[Line], height: float) -> list[Line]:
    """``furniture`` (lines of the margin bands) with what stands beyond it, between it and the sheet's edge:
    furniture too, repeated or not (a logo's lettering OCR reads on one page only: "GÖTEBORGS STAD" over the
    running header, tuning scan 627).

    >>> ln = lambda top, text: Line([Word(text, 50, top, 200, top + 10, 10.0)])
    >>> page = [ln(14, "GÖTEBORGS STAD"), ln(30, "Göteborgs Stad"), ln(60, "Stärka BVC"), ln(803, "Sida 9 av 14"), ln(815, "x")]
    >>> [x.text for x in beyond_furniture(page, [page[1], page[3]], 842)]
    ['GÖTEBORGS STAD', 'Göteborgs Stad', 'Sida 9 av 14', 'x']
    """
    bands = {id(ln): band_of(ln.top, ln.bottom, height) for ln in lines}
    chosen = {id(f) for f in furniture}
    head = max((f.bottom for f in furniture if bands.get(id(f)) == "top"), default=None)
    foot = min((f.top for f in furniture if bands.get(id(f)) == "bottom"), default=None)
    return [
        ln for ln in lines
        if id(ln) in chosen
        or (head is not None and bands[id(ln)] == "top" and ln.bottom <= head)
        or (foot is not None and bands[id(ln)] == "bottom" and ln.top >= foot)
    ]


def is_furniture(line: Line, height: float, repeated: frozenset[tuple[str, str, float]]) -> bool:
    """A line of the margin bands that the neighbouring pages repeat, or a page number there."""
    if is_running(line, height, repeated):
        return True
    in_margin = line.bottom > height * (1 - MARGIN_SHARE) or line.top < height * MARGIN_SHARE * 0.6
    return in_margin and bool(PAGE_NUMBER.match(line.text.strip()))


#: an OCR'd line under this share of the page's body type size is a picture's specks read as letters
SPECK_SIZE = 0.5


def is_speck(line: Line, body_size: float | None) -> bool:
    """An OCR'd "line" far smaller than the page's type: a logo's or a stamp's marks read as letters ("Ne"
    beside a running header's logo, 3.7 pt on a page of 9 pt text). Left in, it reads as prose between two
    pages of one table, and the table is not continued.

    >>> ln = lambda size, conf: Line([Word("Ne", 55, 44, 62, 47, size, conf=conf)])
    >>> is_speck(ln(3.67, 30.0), 9.0), is_speck(ln(8.5, 30.0), 9.0), is_speck(ln(3.67, None), 9.0)
    (True, False, False)
    """
    return body_size is not None and line.words[0].conf is not None and max(w.size for w in line.words) < SPECK_SIZE * body_size


#: marks a table rule's stub leaves in an OCR'd line: bars, dashes, dots (no letter or digit says anything)
_RULE_MARKS = frozenset("|!l'`_=~-–—.:;,")


def is_rule_debris(line: Line) -> bool:
    """An OCR'd line of nothing but a rule's marks, outside every table: a vertical rule's stub under a tilted
    scan's table read as "|" (LibreOffice scan with a bad OCR layer, tuning seed 994). Left in, it reads as prose
    after the table, and the table is not continued overleaf. A text layer's marks are the writer's.

    >>> ln = lambda conf, *ts: Line([Word(t, 50 + 40 * i, 534, 60 + 40 * i, 547, 9.5, conf=conf) for i, t in enumerate(ts)])
    >>> is_rule_debris(ln(40.0, "|")), is_rule_debris(ln(40.0, "|", "_")), is_rule_debris(ln(None, "|"))
    (True, True, False)
    >>> is_rule_debris(ln(40.0, "l")), is_rule_debris(ln(40.0, "|", "Ja")), is_rule_debris(ln(40.0, "1"))
    (False, False, False)
    """
    if line.words[0].conf is None:
        return False
    text = "".join(w.text for w in line.words)
    # (a lone "l" is as likely a letter: only with a bar or another mark)
    return all(ch in _RULE_MARKS for ch in text) and text.strip("l") != ""


#: capitals whose accent rises above the line box: the part of a glyph that a page break can leave behind
_TALL_CAPITALS = frozenset("ÅÄÖÉÜÆØ")


def is_overflow_ghost(line: Line) -> bool:
    """A line of lone accented capitals: the ink of a heading that begins the next page, painted above its
    line box and so also on this page's foot (Chromium paints a line's overflowing ink on both pages: "Ö Å Ä"
    of "ÖVERSIKT MÅLSÄTTNINGAR"). Read as text, it ends the section before with stray letters.

    >>> ln = lambda *ts: Line([Word(t, 50 + 40 * i, 534, 60 + 40 * i, 547, 12.5) for i, t in enumerate(ts)])
    >>> is_overflow_ghost(ln("Ö", "Å", "Ä")), is_overflow_ghost(ln("Å")), is_overflow_ghost(ln("Ö", "bo"))
    (True, True, False)
    """
    return all(len(w.text) == 1 and w.text in _TALL_CAPITALS for w in line.words)


def _mean_conf(words: list[Word]) -> float | None:
    confs = [w.conf for w in words if w.conf is not None]
    return sum(confs) / len(confs) if confs else None


def to_table(
    grid: Grid, page: PageContent, is_broken: IsBrokenWord | None = None, breaks: BreakPoints | None = None,
    wrap_spaces: bool = False,
    space: float | None = None,
) -> Table:
    cells = []
    # where the table's paragraphs stand apart by a gap, a line that stops short ends no paragraph
    runs = [group_lines(c.words) for c in grid.cells if len(c.words) > 1]  # each cell's lines, top to bottom
    pitch = line_pitch(runs)
    spaced = shows_paragraph_spacing(runs, pitch)
    # a cell of two lines (a post and its remark, two one-line paragraphs) has no wrap gap of its own: the
    # table's tells it, whether or not this table's cells show their spacing (a continued table's few rows may not).
    # (A text layer's only: OCR'd lines stand too unevenly for the least gap of a table to be a wrap's.)
    leading = None
    if page.text_source == TextSource.TEXT_LAYER:
        leading = line_spacing(runs)
    pad = cell_padding([(c.x0, c.words) for c in grid.cells])
    for c in grid.cells:
        read = read_cell(c.words, c.x0, c.x1, is_broken, breaks, room_rule=not spaced, wrap_spaces=wrap_spaces, space=space,
                         leading=leading, pad=pad, spaced=spaced, box=(c.top, c.bottom), pitch=pitch,
                         closed=c.row + c.row_span < grid.n_rows)
        cells.append(TableCell(c.row, c.col, c.row_span, c.col_span, read.text, (c.x0, c.top, c.x1, c.bottom), _mean_conf(c.words), read))
    return Table(page.page_no, grid.xs, grid.ys, cells, page.height, cut_top=grid.cut_top, cut_bottom=grid.cut_bottom,
                 twice=grid.twice)


def _below(line: Line, bottom: float) -> bool:
    """Does ``line`` stand below ``bottom`` (its middle does; a text layer's box may overlap a border by a point)?"""
    return (line.top + line.bottom) / 2 >= bottom


def _below_in_column(lines: list[Line], bottom: float, x0: float, x1: float) -> list[Line]:
    """The lines that run on right under ``bottom`` (closer than a line's height, no wider gap between them)
    inside the column ``x0``–``x1``; empty if any of them strays out of it. A line is below by its middle: an
    OCR'd line's box is the font's height about its baseline, and the first line under a border can reach a
    point above it (Chromium scan 741: "het i" under a sliced delmål cell).

    >>> ln = lambda top, x0: Line([Word("het", x0, top, x0 + 14, top + 11, 10.5, conf=90.0), Word("i", x0 + 17, top, x0 + 20, top + 11, 10.5, conf=90.0)])
    >>> [x.text for x in _below_in_column([ln(751.3, 75.4)], 752.4, 70.9, 133.8)]
    ['het i']
    >>> _below_in_column([ln(751.3, 60.0)], 752.4, 70.9, 133.8)  # strays out of the column
    []
    """
    below = [ln for ln in lines if _below(ln, bottom)]
    if not below:
        return []
    h = statistics.median(ln.height for ln in below)
    run = [below[0]] if below[0].top - bottom <= 0.8 * h else []
    for ln in below[1:]:
        if run and ln.top - run[-1].bottom <= 0.5 * h:
            run.append(ln)
        else:
            break
    if any(ln.x0 < x0 - 1.0 or ln.x1 > x1 + 1.0 for ln in run):
        return []
    return run


def take_overflow(grid: Grid, lines: list[Line], text_layer: bool = True) -> list[Line]:
    """Give a sliced row-spanning cell the text it runs on with below ``grid``; returns the other lines.

    Chromium cuts a table at a page break after the last row that fits, but a
    cell spanning that row and the next ones (a delmål) keeps printing its
    text below the table, and leaves its bottom border undrawn
    (:attr:`Grid.open_bottom`); WeasyPrint draws no bottom border at all there
    (a cut table). The lines right under such a column are the end of that
    cell on this page, not a new row or prose. (Not under a scan's cut table:
    a border the image lost proves nothing.)
    """
    if grid.n_cols < 2 or (grid.cut_bottom and not text_layer):
        return lines
    bottom = grid.ys[-1]
    for cell in (c for c in grid.cells if c.last_row == grid.n_rows - 1 and c.col in grid.open_bottom):
        run = _below_in_column(lines, bottom, cell.x0, cell.x1)
        if run:
            cell.words.extend(w for ln in run for w in ln.words)
            lines = [ln for ln in lines if ln not in run]
    return lines


def close_sliced_cell(
    table: Table, lines: list[Line], is_broken: IsBrokenWord | None = None, breaks: BreakPoints | None = None
) -> list[Line]:
    """Take into ``table`` the start of a first-column cell that a page break sliced below its last row.

    An HTML writer may begin a merged (row-spanning) delmål cell at the
    page's bottom and move its rows overleaf: the cell's first lines stand
    right under the table (closer than a line's height), inside its first
    column, with only the cell's top border drawn. They become a last row of
    the table with that one cell. Returns the lines that stay prose.
    """
    if table.n_cols < 2:
        return lines
    x0, x1 = table.xs[0], table.xs[1]
    below = _below_in_column(lines, table.bottom, x0, x1)
    if not below or len(below) < sum(1 for ln in lines if _below(ln, table.bottom)):
        return lines
    words = [w for ln in below for w in ln.words]
    read = read_cell(words, x0, x1, is_broken, breaks)
    bottom = below[-1].bottom + 2.0
    row = len(table.ys) - 1
    table.cells.append(TableCell(row, 0, 1, 1, read.text, (x0, table.bottom, x1, bottom), _mean_conf(words), read))
    for col in range(1, table.n_cols):  # the row's other cells are overleaf: empty here
        table.cells.append(TableCell(row, col, 1, 1, "", (table.xs[col], table.bottom, table.xs[col + 1], bottom)))
    table.ys.append(bottom)
    return [ln for ln in lines if ln not in below]


def analyse_page(
    page: PageContent,
    settings: TableSettings = DEFAULT_SETTINGS,
    is_broken: IsBrokenWord | None = None,
    furniture: frozenset[tuple[str, str, float]] = frozenset(),
    hyphenates: bool | None = None,
    wrap_spaces: bool = False,
    shortest_break: int | None = None,
) -> PageLayout:
    """Tables from rulings, prose paragraphs from the words outside them, ordered top to bottom.

    ``is_broken`` (the lexicon's) tells a word broken at a narrow column's edge from two words;
    ``furniture`` are the (band, key) of the margin lines the neighbouring pages repeat
    (:func:`fca_extract.layout.furniture.repeated_lines`): they are dropped. ``hyphenates``: the document's
    writer hyphenates (as the pages read so far show); None: judged from this page alone. ``wrap_spaces``:
    the pages before showed a writer that prints a space where it wraps a line (a page of one-line budget
    cells shows too few line ends to tell on its own). ``shortest_break``: the shortest word the OCR'd pages
    read so far show broken at a line end (:func:`~.hyphenation.broken_word_lengths`).
    """
    layout = PageLayout(page.page_no, page.width, page.height, page.text_source)
    words = page.words
    # a page whose writer hyphenates: a line stopped short only if not even a word's first syllables fitted,
    # and a word broken without a hyphen where it allows one is two words. (Not on a tagged page: its tags tell
    # paragraphs, and its soft hyphens may be an author's few, not the writer's everywhere: Chromium's.)
    tagged = any(w.para is not None for w in words)
    if hyphenates is None:
        hyphenates = page_hyphenates(words)
    breaks = None
    if hyphenates and not tagged:
        # (an OCR'd page does not show which writer broke its lines: the words it broke tell,
        # :func:`~.hyphenation.ocr_break_points`)
        breaks = break_points if page.text_source == TextSource.TEXT_LAYER else ocr_break_points(shortest_break)
        if page.text_source != TextSource.TEXT_LAYER:
            layout.hyphen_min = ocr_word_limit(shortest_break)
    grids = find_grids(page.rulings, settings)
    # running headers and footers go first: a table cut at the page's foot (or top) can reach past them (Chromium
    # draws a sliced row's borders to the sheet's edge), and their words would be read into its cells
    running = margin_lines_apart(group_lines(words), page.height, furniture) if furniture else []
    if running:
        gone = {id(w) for ln in running for w in ln.words}
        words = [w for w in words if id(w) not in gone]
        layout.dropped.extend(ln.text for ln in running)
    # a "grid" with no words in it is decoration (a box, a shaded band), not a table
    filled: list[Grid] = []
    for g in grids:
        words = place_words(g, words)
        if any(c.words for c in g.cells):
            filled.append(g)
    lines = group_lines(words)
    if filled:
        lines = take_overflow(filled[-1], lines, page.text_source == TextSource.TEXT_LAYER)
    cell_lines = [group_lines(c.words) for g in filled for c in g.cells if len(c.words) > 1]
    wrap_spaces = wrap_spaces or shows_wrap_spaces([lines, *cell_lines])
    space = word_space([lines, *cell_lines])
    tables = [to_table(g, page, is_broken, breaks, wrap_spaces, space) for g in filled]
    kept = []
    # (OCR'd pages only: a text layer's small print is text)
    body_size = statistics.median(w.size for w in page.words) if page.words and page.text_source == TextSource.OCR else None
    furniture_lines = {id(ln) for ln in beyond_furniture(lines, [ln for ln in lines if is_furniture(ln, page.height, furniture)], page.height)}
    for ln in lines:
        if id(ln) in furniture_lines or is_speck(ln, body_size) or is_overflow_ghost(ln) or is_rule_debris(ln):
            layout.dropped.append(ln.text)
        else:
            kept.append(join_split_words(ln, is_broken))
    if tables:
        kept = close_sliced_cell(tables[-1], kept, is_broken, breaks)
    body_bottom = max([ln.bottom for ln in kept] + [t.bottom for t in tables] + [0.0])
    for t in tables:
        t.body_bottom = body_bottom
    # prose between tables: split the lines into runs separated by tables
    right = max((ln.x1 for ln in kept), default=page.width)
    leading = line_spacing([kept, *cell_lines])
    layout.hyphenates, layout.wrap_spaces, layout.leading, layout.space = breaks is not None, wrap_spaces, leading, space
    items: list[Paragraph | Table] = list(tables)
    run: list[Line] = []

    def flush() -> None:
        if run:
            # (prose without the hyphenation rule: headings, often in capitals, are not hyphenated)
            for p in split_paragraphs(run, right_limit=right, leading=leading, wrap_edge=right if wrap_spaces else None, space=space,
                                     by_size=True):
                items.append(
                    Paragraph(
                        wrapped_text([p]), p[0].top, p[-1].bottom, min(ln.x0 for ln in p), max(ln.size for ln in p), all(ln.bold for ln in p), page.page_no
                    )
                )
            run.clear()

    bounds = sorted((t.top, t.bottom) for t in tables)
    zone = None
    for ln in kept:
        z = sum(1 for top, _ in bounds if ln.top >= top)
        if z != zone:
            flush()
            zone = z
        run.append(ln)
    flush()
    items.sort(key=lambda it: it.top)
    layout.items = items
    return layout
