"""Page furniture: running headers and footers, found per document from what repeats.

A line in a page's top or bottom margin band that also stands at about the
same height on a neighbouring page (digits aside: "Sida 3 av 8" repeats as
"Sida # av #") is furniture, whatever it says: an organisation's name, a
title, a page number. A document of one page falls back to the page-number
pattern of :mod:`fca_extract.layout.page`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..model import PageContent
from .textlines import group_lines

#: share of the page height at the top and at the bottom where running headers and footers stand
BAND = 0.12
#: how far (points) the same furniture may move between pages
Y_TOLERANCE = 6.0
#: how alike two OCR readings of the same furniture line must be
MIN_SIMILARITY = 0.85


#: a page number OCR read as letters ("u" for 11 on a tilted 150 dpi scan) is at most this long
MISREAD_NUMBER_LEN = 3
#: how far (points) a page number's ends move between pages ("9" and "10" set flush right or centred)
X_TOLERANCE = 12.0


@dataclass(frozen=True)
class MarginLine:
    band: str  # "top" or "bottom"
    key: str  # folded text, digits as "#"
    top: float
    x0: float = 0.0
    x1: float = 0.0


def furniture_key(text: str) -> str:
    """The text a running header or footer keeps from page to page.

    >>> furniture_key("Sida 3 av 12"), furniture_key("  Göteborgs   Stad ")
    ('sida # av #', 'göteborgs stad')
    """
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def band_of(top: float, bottom: float, height: float) -> str | None:
    """The margin band a line stands in, by its middle: an OCR'd line's box is a point or two taller or
    shorter from page to page, and the same header must fall in its band on every page.

    >>> band_of(63.0, 72.0, 595.0), band_of(63.0, 84.0, 595.0), band_of(560.0, 570.0, 595.0)
    ('top', None, 'bottom')
    """
    middle = (top + bottom) / 2
    if middle <= height * BAND:
        return "top"
    if middle >= height * (1 - BAND):
        return "bottom"
    return None


def margin_lines(page: PageContent) -> list[MarginLine]:
    """The printed lines of the page's top and bottom bands."""
    words = [w for w in page.words if band_of(w.top, w.bottom, page.height)]
    out = []
    for ln in group_lines(words):
        band = band_of(ln.top, ln.bottom, page.height)
        if band:
            out.append(MarginLine(band, furniture_key(ln.text), ln.top, ln.x0, ln.x1))
    return out


def _same(a: MarginLine, b: MarginLine) -> bool:
    if a.band != b.band or abs(a.top - b.top) > Y_TOLERANCE:
        return False
    return a.key == b.key or difflib.SequenceMatcher(None, a.key, b.key).ratio() >= MIN_SIMILARITY or misread_number(a, b)


def misread_number(a: MarginLine, b: MarginLine) -> bool:
    """Is ``a`` the page number that ``b`` (the same band and height of a neighbouring page) prints, misread?
    A page number alone ("#", "- # -") repeats as no text does: a word of a few characters where it stands
    on the next page, no space inside, is that number OCR read as letters.

    >>> num, u = MarginLine("bottom", "#", 800.0, 540.0, 551.0), MarginLine("bottom", "u", 801.0, 541.0, 549.0)
    >>> misread_number(u, num), misread_number(u, MarginLine("bottom", "#", 800.0, 290.0, 301.0)), misread_number(num, u)
    (True, False, False)
    """
    return (re.fullmatch(r"[^\w]*#[^\w]*", b.key) is not None and 0 < len(a.key) <= MISREAD_NUMBER_LEN and " " not in a.key
            and a.x0 < b.x1 + X_TOLERANCE and b.x0 - X_TOLERANCE < a.x1)


def repeated_lines(page: list[MarginLine], neighbours: list[list[MarginLine]]) -> frozenset[tuple[str, str, float]]:
    """(band, key, top) of the page's margin lines that a neighbouring page repeats, where it stands under no
    changing text (:func:`under_changing_text`).

    >>> ln = lambda top, key: MarginLine("top", key, top)
    >>> p7 = [ln(73.5, "#.# tidig upptäckt och tidiga insatser"), ln(91.5, "insatserna nedan är prioriterade")]
    >>> p8 = [ln(73.5, "#.# ge medarbetare kunskap"), ln(91.5, "insatserna nedan är prioriterade")]
    >>> repeated_lines(p7, [p8])
    frozenset()
    >>> sorted(k for _, k, _ in repeated_lines([ln(30, "göteborgs stad"), ln(50, "fca årsrapport")], [[ln(50, "fca årsrapport")]]))
    ['fca årsrapport']
    """
    return frozenset(
        (ln.band, ln.key, ln.top) for ln in page
        if any(_same(ln, o) and not under_changing_text(ln, page, o, other) for other in neighbours for o in other)
    )


def _outside(line: MarginLine, lines: list[MarginLine]) -> list[MarginLine]:
    """The lines of ``line``'s band between it and the sheet's edge."""
    if line.band == "top":
        return [x for x in lines if x.band == "top" and x.top < line.top - Y_TOLERANCE]
    return [x for x in lines if x.band == "bottom" and x.top > line.top + Y_TOLERANCE]


def under_changing_text(line: MarginLine, page: list[MarginLine], twin: MarginLine, other: list[MarginLine]) -> bool:
    """Does ``line``, which ``twin`` on the neighbouring page ``other`` repeats, stand under text that changes
    from page to page: on both pages a line between it and the sheet's edge that the other page does not print?

    Then it is the page's text, not its furniture: the same sentence under each målområde's heading where every
    målområde begins a page ("7.2 Tidig upptäckt …" over "Insatserna nedan är prioriterade …" on one page, "7.3
    Ge medarbetare …" over it on the next: Chromium, tuning 1089). A running header's lines repeat together;
    a logo's lettering OCR reads on one page only (:func:`fca_extract.layout.page.beyond_furniture`) or reads
    another way on each is no phrase (:func:`is_phrase`).
    """
    mine, theirs = _outside(line, page), _outside(twin, other)
    return (any(is_phrase(x) and not any(_same(x, y) for y in theirs) for x in mine)
            and any(is_phrase(y) and not any(_same(y, x) for x in mine) for y in theirs))


#: the least words and letters of a line that is text, not a logo's lettering OCR read another way on each page
#: ("ne" and "nee" of a logo over a running header: a Chromium 300 dpi scan, tuning 1108)
PHRASE_WORDS, PHRASE_LETTERS = 3, 15


def is_phrase(line: MarginLine) -> bool:
    """Is ``line`` a phrase of a few words, not a logo's lettering or a speck?

    >>> is_phrase(MarginLine("top", "#.# tidig upptäckt och tidiga insatser", 73.5)), is_phrase(MarginLine("top", "nee", 43.7))
    (True, False)
    """
    return len(line.key.split()) >= PHRASE_WORDS and sum(ch.isalpha() for ch in line.key) >= PHRASE_LETTERS


def is_repeated(band: str | None, key: str, top: float, repeated: frozenset[tuple[str, str, float]]) -> bool:
    """Is a line the furniture ``repeated`` holds: the same text at the same height?

    The title under a running header that repeats it ("FCA Årsrapport 2024 – Centrum" at 70 pt, the header
    at 28 pt) is not furniture.
    """
    return any(b == band and k == key and abs(t - top) <= Y_TOLERANCE for b, k, t in repeated)
