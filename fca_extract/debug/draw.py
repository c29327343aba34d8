"""Drawing for ``fca-extract inspect``: what the pipeline found, on top of the page image.

Pure functions on a Pillow image; nothing here reads a PDF. Coordinates come
in PDF points with the origin at the page's top-left (the model's
convention) and are scaled to the image's pixels.

Every overlay has its own solid colour (no transparency), so a reviewer can
tell them apart and a test can find them:

* ruling lines as read from the page (vector graphics or the scanned image);
* table cells (merged cells as one box), drawn slightly inside their borders;
* row boundaries of each table: a tick and the row number in the left margin
  and a dashed line across (visible where no ruling covers it);
* column roles of goal tables (delmal / activity / ansvar / outcome) as labels
  on the header row, or above the table when they were carried over from the
  previous page's table;
* continuation decisions: a row joined to the previous page's row, a delmål
  continued (details with ``inspect --verbose``);
* OCR words with a confidence below :data:`LOW_CONF`, boxed; where Tesseract read one twice and the lexicon
  chose (:func:`~fca_extract.ocr.recognise.reading_as_word`), the reading not taken above it.
"""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from ..assemble.trace import Rule, TableReading
from ..layout.page import PageLayout, Paragraph
from ..model import LOW_OCR_CONFIDENCE, PageContent
from ..vocab import TableKind

RULING = (0, 102, 255)
CELL = (0, 170, 0)
ROW = (230, 0, 200)
ROLE = (255, 140, 0)
LOW_CONF_COLOUR = (255, 0, 0)
PARAGRAPH = (150, 150, 150)
DECISION = (120, 0, 160)
LOW_CONF = LOW_OCR_CONFIDENCE  # OCR word confidence below which a word is marked

LEGEND_HEIGHT = 24  # pixels added below the page for the legend
KIND_LABELS = {TableKind.GOAL: "goal table", TableKind.OVERVIEW: "overview grid", TableKind.BUDGET: "budget", TableKind.OTHER: "skipped table"}
#: what a row decision is drawn as: (yes, no)
ROW_LABELS = {
    Rule.ROW_CONTINUES: ("joined to previous row", "new row"),
    Rule.DELMAL_CONTINUES: ("delmål continued", "new delmål"),
    Rule.HEADER_CONTINUES: ("rest of the header", "body row"),
}


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


class _Scale:
    def __init__(self, page_width: float, page_height: float, image: Image.Image) -> None:
        self.sx = image.width / page_width
        self.sy = image.height / page_height

    def x(self, v: float) -> int:
        return round(v * self.sx)

    def y(self, v: float) -> int:
        return round(v * self.sy)

    def box(self, b: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        return self.x(b[0]), self.y(b[1]), self.x(b[2]), self.y(b[3])


def _dashed_hline(d: ImageDraw.ImageDraw, x0: int, x1: int, y: int, colour, dash: int = 6, width: int = 1) -> None:
    x = x0
    while x < x1:
        d.line([(x, y), (min(x + dash, x1), y)], fill=colour, width=width)
        x += 2 * dash


def _label(d: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, bg, font, fg=(255, 255, 255)) -> tuple[int, int, int, int]:
    x, y = xy
    l, t, r, b = d.textbbox((x + 2, y + 1), text, font=font)
    box = (x, y, r + 2, b + 2)
    d.rectangle(box, fill=bg)
    d.text((x + 2, y + 1), text, fill=fg, font=font)
    return box


def draw_overlay(
    image: Image.Image,
    content: PageContent,
    layout: PageLayout | None,
    notes: list[TableReading],
    *,
    title: str | None = None,
    legend: bool = True,
) -> Image.Image:
    """The page image with everything the pipeline found on the page drawn on top.

    ``image`` is the rendered page (any resolution, same aspect as the page);
    the result is a new RGB image, ``LEGEND_HEIGHT`` pixels taller when
    ``legend`` is set.
    """
    img = image.convert("RGB")
    if legend:
        framed = Image.new("RGB", (img.width, img.height + LEGEND_HEIGHT), (255, 255, 255))
        framed.paste(img, (0, 0))
        img = framed
    page_px = Image.new("RGB", (image.width, image.height))
    s = _Scale(content.width, content.height, page_px)
    d = ImageDraw.Draw(img)
    small = _font(max(9, round(7 * s.sy)))
    w = max(1, round(s.sx))  # line width ~1 pt

    # prose paragraphs: a grey bracket left of each, so tables vs text can be told apart
    if layout is not None:
        for it in layout.items:
            if isinstance(it, Paragraph):
                x = max(s.x(it.x0) - 4, 0)
                d.line([(x + 3, s.y(it.top)), (x, s.y(it.top)), (x, s.y(it.bottom)), (x + 3, s.y(it.bottom))], fill=PARAGRAPH, width=1)

    for note in notes:
        t = note.table
        # cells, inset so they do not hide the rulings
        inset = 2 * w + 1
        for c in t.cells:
            x0, y0, x1, y1 = s.box(c.bbox)
            if x1 - x0 > 2 * inset and y1 - y0 > 2 * inset:
                d.rectangle((x0 + inset, y0 + inset, x1 - inset, y1 - inset), outline=CELL, width=1)
        # row boundaries: dashed across, tick and row number in the margin
        left, right = s.x(t.xs[0]), s.x(t.xs[-1])
        for i, y in enumerate(t.ys):
            py = s.y(y)
            _dashed_hline(d, left, right, py, ROW)
            d.line([(max(left - 14, 0), py), (max(left - 2, 0), py)], fill=ROW, width=2 * w)
        for r in range(t.n_rows):
            mid = s.y((t.ys[r] + t.ys[r + 1]) / 2)
            if r < note.body_start:
                text = "H"
            elif r in note.row_nos:
                text = str(note.row_nos[r])  # the row's row_no in the dataset
            else:
                continue
            tb = d.textbbox((0, 0), text, font=small)
            d.text((max(left - 16 - (tb[2] - tb[0]), 0), mid - (tb[3] - tb[1]) // 2), text, fill=ROW, font=small)

    # the rulings themselves, on top of cells and row lines
    for rl in content.rulings:
        if rl.orientation == "h":
            y = s.y(rl.top)
            d.line([(s.x(rl.x0), y), (s.x(rl.x1), y)], fill=RULING, width=w)
        else:
            x = s.x(rl.x0)
            d.line([(x, s.y(rl.top)), (x, s.y(rl.bottom))], fill=RULING, width=w)

    # table kind and column roles, last so nothing covers them, in one line
    # just above the table's top border: a label per column (marked * when
    # the roles were carried from the previous page's table), the table's
    # kind right-aligned
    for note in notes:
        t = note.table
        kind = KIND_LABELS[note.kind]
        if any(d.rule is Rule.TABLE_CONTINUES and d.yes for d in note.decisions):
            kind += ", continued"
        if note.carried:
            kind += ", roles* carried"
        line_h = d.textbbox((0, 0), "Hg", font=small)[3] + 4
        y = max(s.y(t.ys[0]) - line_h - 1, 0)
        kw = round(d.textlength(kind, font=small)) + 4
        _label(d, (max(s.x(t.xs[-1]) - kw, 0), y), kind, (60, 60, 60), small)
        if note.kind != TableKind.GOAL or not note.roles:
            continue
        for col, role in enumerate(note.role_list):
            if not role or col + 1 >= len(t.xs):
                continue
            _label(d, (s.x(t.xs[col]) + 2, y), role + ("*" if note.carried else ""), ROLE, small)

    # continuation decisions on rows, at the row's top left inside the table:
    # "joined" (the row is the previous row's tail) or "new row"/"new delmål"
    for note in notes:
        t = note.table
        for dec in note.decisions:
            if dec.row is None or dec.row >= t.n_rows:
                continue
            text = ROW_LABELS[dec.rule][0 if dec.yes else 1]
            _label(d, (s.x(t.xs[0]) + 3, s.y(t.ys[dec.row]) + 3), text, DECISION, small)

    # OCR words the recogniser was unsure of
    for word in content.words:
        if word.conf is not None and word.conf < LOW_CONF:
            x0, y0, x1, y1 = s.box((word.x0, word.top, word.x1, word.bottom))
            d.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), outline=LOW_CONF_COLOUR, width=2)
            if word.alt:
                _label(d, (x0 - 2, max(y0 - 2 - (y1 - y0), 0)), f"not {word.alt}", LOW_CONF_COLOUR, small)

    if legend:
        _draw_legend(d, img.width, image.height, title, small)
    return img


def _draw_legend(d: ImageDraw.ImageDraw, width: int, top: int, title: str | None, font) -> None:
    d.line([(0, top), (width, top)], fill=(0, 0, 0), width=1)
    x = 6
    y = top + 5
    for name, colour in (("ruling", RULING), ("cell", CELL), ("row boundary", ROW), ("column role", ROLE), (f"OCR conf<{LOW_CONF:.0f}", LOW_CONF_COLOUR), ("paragraph", PARAGRAPH), ("decision", DECISION)):
        d.rectangle((x, y + 2, x + 14, y + 12), fill=colour)
        d.text((x + 18, y), name, fill=(0, 0, 0), font=font)
        x += 18 + round(d.textlength(name, font=font)) + 14
    if title:
        tw = round(d.textlength(title, font=font))
        d.text((max(width - tw - 6, x), y), title, fill=(0, 0, 0), font=font)
