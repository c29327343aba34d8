"""Stage 1, load: open a PDF safely and read each page's text layer.

Bad files are turned into the errors of :mod:`fca_extract.errors` here, with a
reason a person can act on. Pages are yielded one at a time and their caches
released, so memory does not grow with the number of pages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfplumber.utils import extract_words
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psparser import PSEOF

from ..errors import CorruptPdfError, EmptyFileError, EncryptedPdfError, NotAPdfError
from ..model import PageContent, Ruling, Word
from ..vocab import TextSource
from .normalise import normalise_chars
from .tags import Tag, document_blocks, track_nested_sections

log = logging.getLogger(__name__)

# a rectangle thinner than this is a drawn line (Word and LibreOffice draw
# table borders as thin filled rectangles as often as as strokes)
THIN = 3.0


def check_header(path: Path) -> list[str]:
    """Raise for files that are not PDFs at all; return warnings for damaged ones."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError("empty file (0 bytes)")
    with open(path, "rb") as f:
        head = f.read(1024)
        f.seek(max(size - 2048, 0))
        tail = f.read()
    if b"%PDF-" not in head:
        shown = head[:16].decode("latin-1").encode("unicode_escape").decode()
        raise NotAPdfError(f"not a PDF (no %PDF- header; starts with {shown!r})")
    if b"%%EOF" not in tail:
        return ["file looks truncated (no %%EOF at the end)"]
    return []


def _parser_error(e: BaseException) -> Exception:
    """Map a pdfminer/pdfplumber failure (often wrapped in PdfminerException) to our error."""
    inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else (e.__cause__ or e.__context__ or e)
    name = type(inner).__name__
    if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in name.lower() or "encrypt" in name.lower():
        return EncryptedPdfError(f"encrypted PDF, cannot be read without its password ({name})")
    if isinstance(inner, PSEOF) or "EOF" in str(inner):
        return CorruptPdfError("truncated or corrupt PDF: unexpected end of file")
    detail = str(inner).strip()
    return CorruptPdfError(f"corrupt PDF: {name}" + (f": {detail}" if detail else ""))


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """pdfplumber's PDF, with parser failures mapped to our errors."""
    track_nested_sections()
    try:
        pdf = pdfplumber.open(path)
    except Exception as e:  # pdfminer raises many private exception types on damaged files
        raise _parser_error(e) from e
    try:
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise _parser_error(e) from e
        if n == 0:
            raise CorruptPdfError("corrupt PDF: no pages found")
        yield pdf
    finally:
        pdf.close()


def _is_bold(fontname: str) -> bool:
    f = fontname.lower()
    return "bold" in f or "black" in f or "heavy" in f or f.endswith(",b")


def _is_italic(fontname: str) -> bool:
    f = fontname.lower()
    return "italic" in f or "oblique" in f or f.endswith((",i", ",bi"))


def text_layer_words(page: pdfplumber.page.Page) -> list[Word]:
    """The page's words, from its chars as :func:`~fca_extract.pages.normalise.normalise_chars` leaves them."""
    chars = normalise_chars(page.chars)
    after = {id(c): n.get("text", "").isspace() for c, n in zip(chars, chars[1:])}
    raw = extract_words(chars, x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False, extra_attrs=["fontname", "size"], return_chars=True)
    blocks = document_blocks(page.pdf)
    n = page.page_number

    def tag(w: dict) -> Tag | None:
        # (an MCID may change inside a word: its first tagged letter decides)
        return next((blocks[(n, c["mcid"])] for c in w["chars"] if (n, c.get("mcid")) in blocks), None)

    out = []
    for w in raw:
        if not w["text"].strip():
            continue
        t = tag(w) if blocks else None
        out.append(Word(
            w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]), float(w["size"]), _is_bold(w["fontname"]),
            italic=_is_italic(w["fontname"]), space_after=after.get(id(w["chars"][-1]), False),
            para=t.block if t else None, cell=t.cell if t else None,
        ))
    return out


def page_rulings(page: pdfplumber.page.Page) -> tuple[list[Ruling], list[tuple[float, float, float, float]]]:
    """Ruling segments from strokes and thin rectangles; big filled rectangles are fills (shading)."""
    rulings: list[Ruling] = []
    fills: list[tuple[float, float, float, float]] = []
    for ln in page.lines:
        x0, x1, top, bottom = float(ln["x0"]), float(ln["x1"]), float(ln["top"]), float(ln["bottom"])
        if x1 - x0 >= bottom - top:
            y = (top + bottom) / 2
            rulings.append(Ruling("h", x0, y, x1, y))
        else:
            x = (x0 + x1) / 2
            rulings.append(Ruling("v", x, top, x, bottom))
    for r in page.rects:
        x0, x1, top, bottom = float(r["x0"]), float(r["x1"]), float(r["top"]), float(r["bottom"])
        w, h = x1 - x0, bottom - top
        if h <= THIN and w > THIN:
            y = (top + bottom) / 2
            rulings.append(Ruling("h", x0, y, x1, y))
        elif w <= THIN and h > THIN:
            x = (x0 + x1) / 2
            rulings.append(Ruling("v", x, top, x, bottom))
        elif w > THIN and h > THIN:
            if r.get("stroke"):
                rulings += [Ruling("h", x0, top, x1, top), Ruling("h", x0, bottom, x1, bottom), Ruling("v", x0, top, x0, bottom), Ruling("v", x1, top, x1, bottom)]
            if r.get("fill"):
                fills.append((x0, top, x1, bottom))
    return rulings, fills


#: a filled shape at most this wide and high (points) in front of text is a list bullet drawn, not written
MAX_BULLET = 6.0


def drawn_bullets(page: pdfplumber.page.Page, words: list[Word]) -> list[Word]:
    """List bullets drawn as small filled shapes (HTML writers draw ``list-style: disc`` so) as "•" words.

    A bullet counts when a word starts just right of it on the same line; it
    takes that line's height, so it groups with its line.
    """
    out = []
    for o in [*page.curves, *page.rects]:
        x0, x1, top, bottom = float(o["x0"]), float(o["x1"]), float(o["top"]), float(o["bottom"])
        w, h = x1 - x0, bottom - top
        if not (o.get("fill") and 0 < w <= MAX_BULLET and 0 < h <= MAX_BULLET and 0.5 <= w / h <= 2):
            continue
        yc = (top + bottom) / 2
        nxt = [wd for wd in words if wd.top <= yc <= wd.bottom and 0 <= wd.x0 - x1 <= 4 * max(wd.size, 1.0)]
        if nxt:
            first = min(nxt, key=lambda wd: wd.x0)
            out.append(Word("•", x0, first.top, x1, first.bottom, first.size))
    return out


def read_text_layer(page: pdfplumber.page.Page, page_no: int) -> PageContent:
    """The page as words and rulings from its text layer and vector graphics."""
    rulings, fills = page_rulings(page)
    words = text_layer_words(page)
    return PageContent(
        page_no=page_no,
        width=float(page.width),
        height=float(page.height),
        words=words + drawn_bullets(page, words),
        rulings=rulings,
        text_source=TextSource.TEXT_LAYER,
        fills=fills,
    )
