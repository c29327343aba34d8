"""The small object model every stage shares.

A PDF page, whether read from its text layer or OCR'd from its image, becomes
one :class:`PageContent`: words with boxes and ruling-line segments, in PDF
points with the origin at the page's top-left (pdfplumber's convention).
Everything downstream (tables, reassembly) sees only this, so one code path
serves exported and scanned documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .vocab import Notice, TextSource

# an OCR word (or a cell's mean) below this confidence (0-100) is flagged for review:
# named in the warnings, boxed by ``inspect``
LOW_OCR_CONFIDENCE = 60.0


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0  # font size in points (glyph height for OCR)
    bold: bool = False
    conf: float | None = None  # OCR word confidence 0-100; None for the text layer
    space_after: bool = False  # the text layer has a space after it (at a line end: the word is whole)
    italic: bool = False
    # the paragraph a tagged PDF puts it in (a number per block element of the page); None when untagged
    para: int | None = None
    # the table cell a tagged PDF puts it in (a number per TD element, the same on every page the cell runs over)
    cell: int | None = None
    # OCR: another reading Tesseract gave the word read alone, where neither reading was sure
    alt: str | None = None

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Ruling:
    """A straight ruling segment: ``orientation`` is ``"h"`` or ``"v"``."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(slots=True)
class PageContent:
    page_no: int  # 1-based
    width: float
    height: float
    words: list[Word]
    rulings: list[Ruling]
    text_source: TextSource = TextSource.TEXT_LAYER
    ocr_confidence: float | None = None
    notices: list[Notice] = field(default_factory=list)
    #: quarter turn (0, 90, 180, 270) the OCR applied to read a sheet fed sideways or upside down
    image_turn: int = 0
    # rectangles with a fill (shaded header rows); (x0, top, x1, bottom)
    fills: list[tuple[float, float, float, float]] = field(default_factory=list)
    #: OCR: the ink widths (ems) of the page's hyphens, and the dashes it read with none of its own to measure
    #: them against, as (word index, Tesseract's text, widths), for the document's hyphens to settle
    #: (:func:`fca_extract.ocr.recognise.settle_dashes`)
    hyphen_widths: list[float] = field(default_factory=list)
    dash_readings: list[tuple[int, str, list[float]]] = field(default_factory=list)

    @property
    def n_chars(self) -> int:
        return sum(len(w.text) for w in self.words)
