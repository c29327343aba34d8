"""Stage 1, load: open a PDF safely and read each page's text layer.

Bad files are turned into the errors of :mod:`fca_extract.errors` here, with a
reason a person can act on. Pages are yielded one at a time and their caches
released, so memory does not grow with the number of pages.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .errors import CorruptPdfError, EmptyFileError, EncryptedPdfError, NotAPdfError
from .model import TEXT_LAYER, PageContent, Ruling, Word

log = logging.getLogger(__name__)

# a rectangle thinner than this is a drawn line (Word and LibreOffice draw
# table borders as thin filled rectangles as often as as strokes)
THIN = 3.0


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """pdfplumber's PDF, with parser failures mapped to our errors."""
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise EncryptedPdfError(f"encrypted PDF, cannot be read without its password ({type(e).__name__})") from e
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as e:
        raise CorruptPdfError(f"corrupt PDF: {type(e).__name__}: {e}".strip().rstrip(":")) from e
    except Exception as e:  # pdfminer raises many private exception types on damaged files
        if "password" in str(e).lower() or "encrypt" in type(e).__name__.lower():
            raise EncryptedPdfError(f"encrypted PDF ({type(e).__name__})") from e
        raise CorruptPdfError(f"corrupt PDF: {type(e).__name__}: {e}") from e
    try:
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise CorruptPdfError(f"corrupt PDF: page tree unreadable ({type(e).__name__}: {e})") from e
        if n == 0:
            raise CorruptPdfError("corrupt PDF: no pages found")
        yield pdf
    finally:
        pdf.close()


def _is_bold(fontname: str) -> bool:
    f = fontname.lower()
    return "bold" in f or "black" in f or "heavy" in f or f.endswith(",b")


def text_layer_words(page: pdfplumber.page.Page) -> list[Word]:
    raw = page.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False, extra_attrs=["fontname", "size"])
    return [
        Word(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]), float(w["size"]), _is_bold(w["fontname"]))
        for w in raw
        if w["text"].strip()
    ]


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


def read_text_layer(page: pdfplumber.page.Page, page_no: int) -> PageContent:
    """The page as words and rulings from its text layer and vector graphics."""
    rulings, fills = page_rulings(page)
    return PageContent(
        page_no=page_no,
        width=float(page.width),
        height=float(page.height),
        words=text_layer_words(page),
        rulings=rulings,
        text_source=TEXT_LAYER,
        fills=fills,
    )
