"""OCR of one page: Tesseract (Swedish model) on the rendered, turned and deskewed image.

Stage 2b. The page image is rendered at 300 dpi; a page fed sideways or upside
down is turned (text-line direction from projection profiles, the direction
from Tesseract's OSD), small tilts are levelled, the table's ruling lines are
found by morphology and erased, and Tesseract reads the rest as words with
boxes and confidences (TSV). The result is a :class:`PageContent` in the
corrected image's coordinates scaled to PDF points — the same kind of object
the text layer gives, so one layout and reassembly path serves both.

Tesseract's reading order is never used: only word boxes. The program itself
is run by the thin wrapper :mod:`fca_extract.ocr.tesseract`.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import cv2
import numpy as np

from . import raster
from ..model import PageContent, Ruling, Word
from ..vocab import Code, TextSource, notice
from .tesseract import TsvWord, osd_rotation, read_tsv

#: a page whose mean word confidence is below this is retried turned by 180° (upside down?)
RETRY_CONF = 55.0


@dataclass
class PreparedPage:
    """The corrected page image and what was done to get it."""

    gray: np.ndarray  # upright, levelled
    ink: np.ndarray  # its ink mask
    turned: int  # degrees turned counter-clockwise (0, 90, 180, 270)
    skew: float  # degrees levelled
    segments: list[raster.Segment]

    @cached_property
    def leaders(self) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
        """Its dot leaders: their ink and boxes (:func:`raster.leaders`)."""
        return raster.leaders(self.ink)

    @cached_property
    def rules(self) -> np.ndarray:
        """The ink of its table rulings and dot leaders (erased before Tesseract reads the page; a leader
        comes back as the text layer has it, :func:`leader_words`)."""
        return cv2.bitwise_or(raster.ruling_mask(self.ink, self.segments), self.leaders[0])

    @cached_property
    def verticals(self) -> list[raster.Segment]:
        """Its vertical rulings: the column borders no unit of OCR'd words runs across."""
        return [s for s in self.segments if s.orientation == "v"]

    @cached_property
    def text_ink(self) -> np.ndarray:
        """Its ink without the rulings: the letters, bullets and specks."""
        return cv2.bitwise_and(self.ink, cv2.bitwise_not(self.rules))


#: column borders with no horizontal meeting them count only this long (share of the page's height)
COLUMN_MIN_SHARE = 0.15

#: below this |upright_score| the ink does not say which way up the page is: ask OSD. (Generated scans,
#: tuning seeds 636–755, 433 pages: pages turned 180° score −0.36 and lower; upright ones −0.10 and higher, the
#: lowest being budget pages of capitals and digits, whose lines have no x-height core to weigh ink against)
UPRIGHT_MARGIN = 0.15


def _level(gray: np.ndarray, turn: int) -> PreparedPage:
    """Turn by ``turn`` degrees, deskew, and find the rulings."""
    if turn:
        gray = raster.quarter_turn(gray, turn)
    ink = raster.binarize(gray)
    skew = raster.estimate_skew(ink)
    if skew:
        gray = raster.rotate(gray, skew)
        ink = raster.binarize(gray)
    # (a table's columns without any horizontal: only as long as a good part of the page)
    column_min = COLUMN_MIN_SHARE * ink.shape[0]
    return PreparedPage(gray, ink, turn, skew, raster.table_segments(raster.find_rulings(ink), column_min=column_min, ink=ink))


def _upright(prep: PreparedPage) -> float:
    return raster.upright_score(prep.text_ink)


def prepare(gray: np.ndarray, turn: int | None = None) -> PreparedPage:
    """Turn the page upright, level it, find its rulings.

    Which way the text lines run (a page fed sideways) comes from projection
    profiles, which way up from the ascender/descender balance
    (:func:`raster.upright_score`); Tesseract's OSD decides only when that
    balance is too close to call (its run costs a fifth of a page's OCR).
    A page whose lines run across is taken as upright unless the balance or
    OSD clearly says otherwise: pages come upright far more often than not,
    and a page of capitals and digits leans either way by a little.
    """
    if turn is not None:
        return _level(gray, turn)
    # (table borders erased first, whole however the scan tilted them: a page inside one tall row is mostly
    # long column borders, whose profile reads as text lines running down the page)
    sideways, _ = raster.is_sideways(raster.without_lines(raster.binarize(gray)))
    prep = _level(gray, 90 if sideways else 0)
    if is_upside_down(_upright(prep), sideways, lambda: osd_rotation(gray), prep.turned):
        prep = _level(gray, (prep.turned + 180) % 360)
    return prep


def is_upside_down(score: float, sideways: bool, osd: Callable[[], tuple[int, float]], turned: int) -> bool:
    """Is a page levelled by ``turned`` degrees upside down, by its ascender/descender balance ``score``
    (:func:`raster.upright_score`) and, where that is too close to call, Tesseract's ``osd`` (rotation, confidence)?
    A sideways page has no side to prefer: the balance's sign decides where OSD cannot.

    >>> never = lambda: (0, 0.0)
    >>> is_upside_down(-0.4, False, never, 0), is_upside_down(-0.09, False, never, 0), is_upside_down(-0.09, True, never, 90)
    (True, False, True)
    >>> is_upside_down(0.05, False, lambda: (180, 5.0), 0)
    True
    """
    if abs(score) >= UPRIGHT_MARGIN:
        return score < 0
    rot, conf = osd()
    if conf >= 2.0 and rot % 360 in (turned % 360, (turned + 180) % 360):
        return rot % 360 != turned % 360
    return sideways and score < 0


def _read_area(image: np.ndarray, box: tuple[int, int, int, int], psm: int) -> tuple[list[TsvWord], dict]:
    """Tesseract's words and lines in ``box`` (x0, y0, x1, y1) of ``image``, in the image's pixels."""
    x0, y0, x1, y1 = box
    words, lines = read_tsv(image[y0:y1, x0:x1], psm)
    if x0 or y0:
        words = [replace(w, left=w.left + x0, top=w.top + y0) for w in words]
        lines = {k: (b[0] + x0, b[1] + y0, b[2], b[3]) for k, b in lines.items()}
    return words, lines


def _boxes(shape: tuple[int, ...], words: list[TsvWord], pad: int) -> np.ndarray:
    """A mask (1) of the words' boxes grown by ``pad`` pixels."""
    mask = np.zeros(shape[:2], np.uint8)
    for w in words:
        mask[max(w.top - pad, 0) : w.top + w.height + pad, max(w.left - pad, 0) : w.left + w.width + pad] = 1
    return mask


def read_words(prep: PreparedPage, psm: int = 3, reread: bool = True) -> tuple[list[TsvWord], dict]:
    """Tesseract's words on the page with its table borders erased (a border touching a
    letter reads as ``|``, ``l`` or ``I``); doubtful words are read again (:func:`reread_doubtful`),
    text Tesseract passed over is read from the page in black and white (:func:`read_missed`), and a word's
    broken-off tail is read again after its head (:func:`reread_tails`)."""
    clean = raster.erase(prep.gray, prep.rules)
    # only the printed area: Tesseract's time grows with the image, blank margins read nothing
    box = raster.ink_bbox(prep.ink, margin=40)
    words, lines = _read_area(clean, box, psm)
    if reread:
        words = reread_doubtful(clean, words, prep.verticals)
    words = drop_read_twice(words)
    if reread:
        words, lines = read_missed(prep, box, words, lines, psm)
        space = word_gap(words)
        # (closer than TOUCH_GAP of a word space, two pieces of ink are one word's)
        words = with_leftovers(words, read_leftovers(clean, prep, words, space), TOUCH_GAP * space)
        words = reread_tails(clean, words, prep.verticals)
    return rings_put_back(words), lines


#: what Tesseract reads an å's ring as, read apart from its letter
_RING_READINGS = frozenset("oO°º0")
#: ... at most this many word heights high and wide (a ring is a fifth of one; a letter "o", half)
RING_MAX = 0.35


def rings_put_back(words: list[TsvWord]) -> list[TsvWord]:
    """The words with an å's ring that Tesseract read apart, as a word of its own over the line ("o" over "ar.",
    a LibreOffice scan's "år." alone at a page's top: tuning 1171), put back on its "a": a ring-sized "o"
    (:data:`RING_MAX`) whose box stands just over a word (its bottom within a third of a word height above the
    word's top) and over an "a" of it, by the letters' share of the word's width.

    >>> line = [TsvWord(t, x, 612, 120, 31, 96.0, (1, 5, 1, 1)) for t, x in (("Genomföra", 714), ("i", 1030), ("grundutbildning", 1050))]
    >>> ws = [TsvWord("o", 717, 439, 9, 8, 88.0, (1, 3, 1, 1)), TsvWord("ar.", 713, 450, 40, 20, 95.0, (1, 4, 1, 1))]
    >>> [w.text for w in rings_put_back(ws + line)]
    ['år.', 'Genomföra', 'i', 'grundutbildning']
    >>> [w.text for w in rings_put_back([ws[0], replace(ws[1], text="ur.")] + line)]  # no "a" under it: a word
    ['o', 'ur.', 'Genomföra', 'i', 'grundutbildning']
    """
    size = word_height(words)
    gone: set[int] = set()
    out = list(words)
    for i, r in enumerate(words):
        if r.text not in _RING_READINGS or max(r.height, r.width) >= RING_MAX * size:
            continue
        mid = r.left + r.width / 2
        for j, w in enumerate(out):
            if j == i or j in gone or not w.text or not w.left <= mid <= w.left + w.width:
                continue
            if not 0 <= w.top - (r.top + r.height) <= size / 3:
                continue
            k = min(int((mid - w.left) / max(w.width, 1) * len(w.text)), len(w.text) - 1)
            at = [n for n in (k, k - 1, k + 1) if 0 <= n < len(w.text) and w.text[n] in "aA"]
            if at:
                n = at[0]
                out[j] = replace(w, text=w.text[:n] + ("å" if w.text[n] == "a" else "Å") + w.text[n + 1:],
                                 top=r.top, height=w.top + w.height - r.top)
                gone.add(i)
                break
    return [w for n, w in enumerate(out) if n not in gone]


def _same_row(a: TsvWord, b: TsvWord) -> bool:
    """Do ``a`` and ``b`` stand on one printed line (their boxes share half the smaller's height)?"""
    return _overlap(a.top, a.height, b.top, b.height) >= 0.5 * min(a.height, b.height)


def _apart(a: TsvWord, b: TsvWord) -> int:
    """The white between ``a``'s and ``b``'s boxes across the line, in pixels (negative where they overlap)."""
    return max(b.left - (a.left + a.width), a.left - (b.left + b.width))


def _touches(a: TsvWord, b: TsvWord, gap: float) -> bool:
    """Is ``b`` the ink right after ``a`` on its line, closer than ``gap`` pixels?"""
    return _same_row(a, b) and a.left <= b.left and b.left - (a.left + a.width) < gap


def _past_overlap(a: TsvWord, b: TsvWord, size: int, ahead: bool = True) -> str:
    """The text of ``b`` (``ahead``) or ``a`` without the letters it read again where the two boxes overlap:
    as many as fit in the overlap (a letter is at least a fifth of the word height wide) and both read alike
    ("akti" + "ig" over the same "i").

    >>> ln = (1, 1, 1, 1)
    >>> _past_overlap(TsvWord("akti", 202, 0, 64, 30, 92.0, ln), TsvWord("ig", 262, 0, 28, 30, 97.0, ln), 30)
    'g'
    >>> _past_overlap(TsvWord("akti", 202, 0, 64, 30, 92.0, ln), TsvWord("ig", 268, 0, 28, 30, 97.0, ln), 30)
    'ig'
    """
    over = a.left + a.width - b.left
    most = min(math.ceil(over / (0.2 * size)), len(a.text), len(b.text)) if over > 0 else 0
    for k in range(most, 0, -1):
        if a.text[-k:] == b.text[:k]:
            return b.text[k:] if ahead else a.text[:-k]
    return b.text if ahead else a.text


def with_leftovers(words: list[TsvWord], found: list[TsvWord], gap: float) -> list[TsvWord]:
    """The page's words with the readings of unread ink (:func:`read_leftovers`) put in: a piece closer to a
    word than a word space is part of that word's ink (Tesseract read "akti" and "het" and left "ig" between
    unread: LibreOffice scan 777; it read the period of "år." and not the letters: scan 675), and joins it,
    text and box (``gap``: pixels, :data:`TOUCH_GAP` of :func:`word_gap`); any other piece is a word of the printed line it
    stands on (a line Tesseract read beside it), or of a line of its own.

    >>> ln = (1, 1, 1, 1)
    >>> ws = [TsvWord("akti", 202, 2017, 64, 30, 92.0, ln), TsvWord("het", 296, 2017, 58, 30, 96.0, ln),
    ...       TsvWord("i", 370, 2017, 4, 30, 96.0, ln)]
    >>> [(w.text, w.left, w.width) for w in with_leftovers(ws, [TsvWord("ig", 262, 2020, 28, 34, 97.0, (-1, 2, 0, 0))], 16.0)]
    [('aktighet', 202, 152), ('i', 370, 4)]
    >>> [(w.text, w.line) for w in with_leftovers(ws[2:], [TsvWord("år", 300, 2017, 30, 30, 97.0, (-1, 2, 0, 0))], 16.0)]
    [('i', (1, 1, 1, 1)), ('år', (1, 1, 1, 1))]
    >>> [(w.text, w.line) for w in with_leftovers(ws[2:], [TsvWord("år", 300, 2067, 30, 30, 97.0, (-1, 2, 0, 0))], 16.0)]
    [('i', (1, 1, 1, 1)), ('år', (-1, 2, 0, 0))]
    """
    if not found:
        return words
    size = word_height(words)
    out = list(words)
    n = len(words)  # (pieces join the words Tesseract read, not each other: a piece's reading parted its own words)
    for piece in found:
        before = next((k for k, w in enumerate(out[:n]) if _touches(w, piece, gap)), None)
        after = next((k for k, w in enumerate(out[:n]) if k != before and _touches(piece, w, gap)), None)
        if before is None and after is None:
            # (a missed word on a printed line Tesseract read is that line's: one bullet, one baseline; alone, it
            # was given a bullet of its own beside the line's, "• • Grundutbildning", LibreOffice scan 1132)
            row = [w for w in out[:n] if _same_row(piece, w)]
            if row:
                near = min(row, key=lambda w: _apart(piece, w))
                piece = replace(piece, line=near.line)
            out.append(piece)
            continue
        if before is not None:
            piece = replace(piece, text=_past_overlap(out[before], piece, size))
        if after is not None:
            piece = replace(piece, text=_past_overlap(piece, out[after], size, ahead=False))
        parts = [out[k] for k in (before, after) if k is not None]
        parts.insert(0 if before is None else 1, piece)
        left, right = min(p.left for p in parts), max(p.left + p.width for p in parts)
        top, bottom = min(p.top for p in parts), max(p.top + p.height for p in parts)
        home = before if before is not None else after
        joined = replace(out[home], text="".join(p.text for p in parts), left=left, top=top, width=right - left,
                         height=bottom - top, conf=min(p.conf for p in parts))
        out = [joined if k == home else w for k, w in enumerate(out) if k == home or k not in (before, after)]
        n -= 0 if before is None or after is None else 1
    return out


#: a piece of ink no word covers is read on its own where it is as tall as letters (this share of the page's word
#: height, to this many of them) and at least half a word height wide (a bullet or a speck is neither)
LEFTOVER_HEIGHT = (0.5, 1.6)
#: ... and this wide (of the word height) at least, where it is this tall at least (a digit one, an "l")
LEFTOVER_NARROW, LEFTOVER_TALL = 0.3, 0.8
#: ... or this wide with a mark standing apart over it (an "i", its stem 0.15 em wide)
LEFTOVER_DOTTED = 0.1


def leftover_units(left: np.ndarray, words: list[TsvWord], ink: np.ndarray | None = None) -> list[TsvWord]:
    """The pieces of unread ink (``left``, :func:`unread_ink`) the size of a word or more, each as an empty
    word at no confidence, on a line of its own; each takes in the specks of ``ink`` just above it and within
    its width (the ring of "å", the dots of "ä": specks no reading counts as unread).

    >>> left = np.zeros((200, 400), np.uint8); left[50:78, 100:120] = 255; left[50:78, 124:140] = 255
    >>> left[150:155, 10:15] = 255  # a speck
    >>> sure = [TsvWord("ord", 300, 50, 60, 28, 95.0, (1, 1, 1, 1))]
    >>> [(u.left, u.top, u.width, u.height) for u in leftover_units(left, sure)]
    [(100, 50, 40, 28)]
    >>> left[100:128, 200:210] = 255  # a "1": narrow, but as tall as the line
    >>> [(u.left, u.width) for u in leftover_units(left, sure)]
    [(100, 40), (200, 10)]
    >>> left[100:128, 200:210] = 0
    >>> ink = left.copy(); ink[40:46, 104:110] = 255  # a ring over the first letter
    >>> [(u.left, u.top, u.width, u.height) for u in leftover_units(left, sure, ink)]
    [(100, 40, 40, 38)]
    """
    if not left.any() or not any(w.conf >= REREAD_MIN_CONF for w in words):
        return []
    size = word_height(words)
    # (a word's letters are a few pixels apart: joined across gaps narrower than half a word height)
    _, groups = cv2.connectedComponents(cv2.dilate(left, np.ones((1, max(size // 2, 1)), np.uint8)), connectivity=8)
    ys, xs = np.nonzero(left)
    g = groups[ys, xs]
    order = np.argsort(g, kind="stable")
    ys, xs, g = ys[order], xs[order], g[order]
    keys, starts = np.unique(g, return_index=True)
    boxes = {  # group → its pixels' box (x0, y0, x1, y1)
        int(k): (int(a), int(b), int(c) + 1, int(d) + 1)
        for k, a, b, c, d in zip(keys, np.minimum.reduceat(xs, starts), np.minimum.reduceat(ys, starts),
                                 np.maximum.reduceat(xs, starts), np.maximum.reduceat(ys, starts))
    }
    ends = dict(zip(keys.tolist(), np.append(starts[1:], len(g)).tolist()))
    pieces: list[tuple[int, tuple[int, int, int, int], bool]] = []  # (group, box, cut from a piece above)
    for k, start in zip(keys.tolist(), starts.tolist()):
        if boxes[k][3] - boxes[k][1] > LEFTOVER_HEIGHT[1] * size:
            # (pieces of two lines run together where a descender meets the ring under it: "bokgåvor" over "år."
            # both unread, a blurred 200 dpi Chromium scan, tuning 1166) cut apart at their thinnest row
            parts = split_lines(ys[start : ends[k]], xs[start : ends[k]], size)
            pieces += [(k, b, n > 0) for n, b in enumerate(parts)]
        else:
            pieces.append((k, boxes[k], False))
    out = []
    for n, (g, (x0, y0, x1, y1), cut) in enumerate(sorted(pieces)):
        top, dotted = y0, False
        if ink is not None and LEFTOVER_HEIGHT[0] * size <= y1 - y0 and not cut:
            above = ink[max(y0 - size // 2, 0) : y0, x0:x1]
            rows = np.flatnonzero(above.any(axis=1))
            if rows.size:
                # only the specks that stand clear of the line above: the rows nearest the piece, up to a gap
                gaps = np.flatnonzero(np.diff(rows) > 1)
                first = rows[gaps[-1] + 1] if gaps.size else rows[0]
                dotted = bool(rows[-1] < above.shape[0] - 1)  # (a mark apart from the piece, not its own top)
                top = max(y0 - size // 2, 0) + int(first)
        # (narrower only when as tall as a line's digits: a lone "1" of "1 010 000", Chromium scan 820; or with a
        # mark apart over it counted, an "i" with its dot, the narrowest, at a line's end: WeasyPrint scan 1160; a
        # rule's remnant is as thin as an "i" but has no dot)
        tall = y1 - (top if dotted else y0) >= LEFTOVER_TALL * size
        narrowest = (LEFTOVER_DOTTED if dotted else LEFTOVER_NARROW) if tall else 0.5
        if not (LEFTOVER_HEIGHT[0] * size <= y1 - y0 <= LEFTOVER_HEIGHT[1] * size and x1 - x0 >= narrowest * size):
            continue
        out.append(TsvWord("", x0, top, x1 - x0, y1 - top, 0.0, (-1, g, n, 0)))  # (each a line of its own)
    return out


def split_lines(ys: np.ndarray, xs: np.ndarray, size: int) -> list[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1) of one piece of ink (its pixels ``ys``, ``xs``) taller than a line
    (:data:`LEFTOVER_HEIGHT`), cut at its thinnest row at least half a word height (``size``) from its top and
    bottom; whole where it is no taller, or taller than two lines and a half.

    >>> mask = np.zeros((70, 20), bool); mask[0:30, :] = True; mask[30:40, 5] = True; mask[40:70, 2:18] = True
    >>> ys, xs = np.nonzero(mask)   # a line's letters, a descender touching the next line's, that line's letters
    >>> split_lines(ys, xs, 30), split_lines(ys[ys < 45], xs[ys < 45], 30)
    ([(0, 0, 20, 30), (2, 30, 18, 70)], [(0, 0, 20, 45)])
    """
    y0, y1 = int(ys.min()), int(ys.max()) + 1
    whole = [(int(xs.min()), y0, int(xs.max()) + 1, y1)]
    if y1 - y0 > 2.5 * size or y1 - y0 <= LEFTOVER_HEIGHT[1] * size:
        return whole
    rows = np.bincount(ys - y0, minlength=y1 - y0)
    lo, hi = size // 2, y1 - y0 - size // 2
    if hi <= lo:
        return whole
    cut = y0 + lo + int(np.argmin(rows[lo:hi]))
    out = []
    for sel in (ys < cut, ys >= cut):
        if sel.any():
            out.append((int(xs[sel].min()), int(ys[sel].min()), int(xs[sel].max()) + 1, int(ys[sel].max()) + 1))
    return out


def read_leftovers(clean: np.ndarray, prep: PreparedPage, words: list[TsvWord], space: float | None = None) -> list[TsvWord]:
    """Words Tesseract passed over where the rest of the page read well: a short line's "år." under a cell's
    text, of which it read only the period (LibreOffice scan 675). Each piece of unread ink the size of a
    word (:func:`leftover_units`) is read alone, as a doubtful line is (:func:`reread_doubtful`), and what reads
    confidently is taken, unless it repeats the word less than a word space away (:func:`repeats_neighbour`;
    ``space``: :func:`word_gap`, from the page when not given); a piece that reads as nothing alone is read with
    the word beside it (:func:`read_with_neighbour`). The crops keep their grey: they fill a hole, where a doubtful word's reading replaces
    one (thresholded, a bold header's "HSNG" went unread on a blurred 150 dpi scan, tuning seed 702; on 20 tuning
    scans, grey crops for doubtful words too read "visar" as "Wisar" and lost two rows net; grey for leftovers only: budget on
    those scans 93.2 -> 96.4 %, rows unchanged)."""
    units = leftover_units(unread_ink(prep.text_ink, words), words, prep.text_ink)
    if not units or len(units) > MAX_REREADS:
        return []
    if space is None:
        space = word_gap(words)
    got = [w for w in reread_doubtful(clean, units, prep.verticals, grey=True) if w.text]
    # (a piece read as several words is taken as its reading is sure, on the whole: "1 240 000" read at 73, 73 and
    # 97 %, its "1 240" dropped and the amount read as 0, a WeasyPrint scan's budget, tuning 1172; a word under
    # the doubt bar goes still)
    sure = {key: statistics.mean(w.conf for w in got if w.line == key) for key in {w.line for w in got}}
    read = [w for w in got if w.conf >= DOUBT_CONF and sure[w.line] >= REREAD_MIN_CONF]
    unread = [u for u in units if not any(_inside(w, u) for w in read)]
    # (a piece as near as "0-1"'s unread "1", 7 pixels on a page of 10-pixel word spaces, is no word of its own:
    # WeasyPrint scan, tuning 1139)
    return [w for w in read if not repeats_neighbour(w, words, space)] + read_with_neighbour(clean, prep, unread, words, space)


def _inside(w: TsvWord, box: TsvWord) -> bool:
    """Is the middle of ``w`` inside ``box``?"""
    x, y = w.left + w.width / 2, w.top + w.height / 2
    return box.left <= x <= box.left + box.width and box.top <= y <= box.top + box.height


def word_beside(unit: TsvWord, words: list[TsvWord], gap: float) -> int | None:
    """The index of the nearest confident word on ``unit``'s line closer than ``gap`` pixels to it, on either
    side, or None.

    >>> ln = (1, 1, 1, 1)
    >>> ws = [TsvWord("öräldraskapsstöd.", 1667, 824, 316, 42, 91.0, ln), TsvWord("Ökad", 1999, 824, 97, 33, 96.0, ln)]
    >>> word_beside(TsvWord("", 1653, 824, 13, 33, 0.0, (-1, 2, 0, 0)), ws, 10.0)
    0
    >>> word_beside(TsvWord("", 1600, 824, 13, 33, 0.0, (-1, 2, 0, 0)), ws, 10.0)  # a word space away
    """
    best = None
    for i, w in enumerate(words):
        if w.conf < REREAD_MIN_CONF or not _same_row(unit, w):
            continue
        dist = _apart(unit, w)
        if dist < gap and (best is None or dist < best[0]):
            best = (dist, i)
    return best[1] if best else None


def _added_letters(reading: str, word: str, before: bool) -> str | None:
    """What ``reading`` adds to ``word``: one or two letters before it (``before``) or after it, then end marks;
    None where it reads ``word`` otherwise.

    >>> _added_letters("föräldraskapsstöd.", "öräldraskapsstöd.", True), _added_letters("ffräm", "främ", True)
    ('f', 'f')
    >>> _added_letters("koordinatorer.", "koordinatore", False), _added_letters("förälder", "öräldrar", True)
    ('r.', None)
    """
    if before:
        extra = reading[: len(reading) - len(word)] if reading.endswith(word) else ""
        letters = extra
    else:
        extra = reading[len(word):] if reading.startswith(word) else ""
        letters = extra.rstrip(END_MARKS)
    return extra if 1 <= len(letters) <= TAIL_MAX_LETTERS and letters.isalpha() else None


#: a piece of unread ink is read with the word beside it up to this many word spaces away
NEIGHBOUR_REACH = 2.0


def read_with_neighbour(clean: np.ndarray, prep: PreparedPage, units: list[TsvWord], words: list[TsvWord],
                        space: float) -> list[TsvWord]:
    """Unread pieces that no reading of their own gave, read with the word beside them (:data:`NEIGHBOUR_REACH`
    word spaces at most: ``space``, :func:`word_gap`). Alone, one letter reads as nothing; cut out with its word,
    it reads in context. A piece touching the word (closer than :data:`TOUCH_GAP` of a space) is a letter of it
    Tesseract's page layout lost to a box over two lines ("öräldraskapsstöd." with its "f" unread, WeasyPrint
    scan, tuning 1136): it takes the letters the reading adds to the word as read before. A piece a space away is
    a word of its own, where the reading is the word as read before and one more, over the piece: the "i" ending
    "hembesök i|samverkan", passed over by Tesseract and too narrow alone (WeasyPrint 200 dpi scan, tuning 1160).
    One or two letters only, and only where the reading is sure (:data:`REREAD_MIN_CONF`)."""
    touch = TOUCH_GAP * space
    pairs = [(u, i) for u in units if (i := word_beside(u, words, NEIGHBOUR_REACH * space)) is not None]
    if not pairs or len(pairs) > MAX_REREADS:
        return []
    joined = []
    for k, (u, i) in enumerate(pairs):
        w = words[i]
        x0, y0 = min(u.left, w.left), min(u.top, w.top)
        x1, y1 = max(u.left + u.width, w.left + w.width), max(u.top + u.height, w.top + w.height)
        joined.append(TsvWord("", x0, y0, x1 - x0, y1 - y0, 0.0, (-2, k, 0, 0)))
    read = reread_doubtful(clean, joined, prep.verticals, grey=True)
    out = []
    for (u, i), box in zip(pairs, joined):
        w = words[i]
        mine = sorted((a for a in read if _inside(a, box) and a.text and a.conf >= REREAD_MIN_CONF), key=lambda a: a.left)
        if not mine:
            continue
        if _apart(u, w) < touch:
            extra = _added_letters("".join(a.text for a in mine), w.text, u.left < w.left)
            if extra is not None:
                out.append(replace(u, text=extra, conf=min(a.conf for a in mine)))
            continue
        pad = max(int(0.2 * space), 2)
        own = [a for a in mine if _inside(a, replace(u, left=u.left - pad, width=u.width + 2 * pad))]
        rest = [a.text for a in mine if a not in own]
        letters = own[0].text.rstrip(END_MARKS) if len(own) == 1 else ""
        if rest == [w.text] and 1 <= len(letters) <= TAIL_MAX_LETTERS and letters.isalpha():
            out.append(replace(u, text=own[0].text, conf=own[0].conf))
    return out


#: two pieces of ink closer than this share of the page's word gap (:func:`word_gap`) are one word's
TOUCH_GAP = 0.7


def word_gap(words: list[TsvWord]) -> float:
    """The page's gap between two words of a line (pixels of white between their boxes): the median over
    confident neighbours less than two word heights apart (farther, they stand in two columns). A typeface's
    space is its own (Carlito's is two thirds of DejaVu Sans's), so a gap is measured, not taken from the height.

    >>> ln = (1, 1, 1, 1)
    >>> word_gap([TsvWord("FCA", 100, 0, 60, 30, 96.0, ln), TsvWord("i", 170, 0, 7, 30, 96.0, ln),
    ...           TsvWord("med", 189, 0, 70, 30, 96.0, ln), TsvWord("BUP", 500, 0, 70, 30, 96.0, ln)])
    11.0
    """
    size = word_height(words)
    by_line: dict[tuple, list[TsvWord]] = {}
    for w in words:
        if w.conf >= REREAD_MIN_CONF:
            by_line.setdefault(w.line, []).append(w)
    gaps = [b.left - (a.left + a.width) for ws in by_line.values()
            for a, b in itertools.pairwise(sorted(ws, key=lambda w: w.left))]
    gaps = [g for g in gaps if 0 < g < 2 * size]
    return float(statistics.median(gaps)) if gaps else 0.4 * size


def _core_text(text: str) -> str:
    return text.strip(".,;:!?()")


def repeats_neighbour(new: TsvWord, words: list[TsvWord], gap: float) -> bool:
    """Is ``new`` (a reading of unread ink) the end or start of a word beside it read again? Tesseract's box can
    fall short of a word it read whole ("0-1" boxed without its "1", or "3" boxed ten pixels left of its ink):
    what the box left out is unread ink, and reads as the word's last glyphs once more ("0–1 1 år",
    "vid 3 3 tillfällen": Chromium and WeasyPrint scans 759, 786). A missed word stands a word space apart:
    ``gap`` pixels or more.

    >>> ln = (1, 1, 1, 1)
    >>> words = [TsvWord("0-1", 693, 407, 38, 27, 94.0, ln), TsvWord("år.", 800, 407, 33, 30, 96.0, ln)]
    >>> repeats_neighbour(TsvWord("1", 739, 407, 15, 28, 97.0, ln), words, 10.0)
    True
    >>> repeats_neighbour(TsvWord("1", 760, 407, 15, 28, 97.0, ln), words, 10.0)  # a word space away: a word
    False
    >>> repeats_neighbour(TsvWord("barn", 739, 407, 50, 28, 97.0, ln), words, 10.0)  # other text
    False
    """
    mine = _core_text(new.text)
    if not mine:
        return False
    for w in words:
        if not _same_row(new, w):
            continue
        theirs = _core_text(w.text)
        if new.left >= w.left and new.left - (w.left + w.width) < gap and theirs.endswith(mine):
            return True
        if new.left < w.left and w.left - (new.left + new.width) < gap and theirs.startswith(mine):
            return True
    return False


#: two words of different Tesseract lines are one printed word read twice where the narrower lies this much (of
#: its width, and of its height) inside the wider
TWICE_OVERLAP = 0.7
#: ... and the wider is no taller than this many word heights (a box over two printed lines, 2.5 or more, is a
#: misreading of both, and says nothing of either's words; one word reaches 1.55, a capital's ring over a
#: descender: "RÅDET" boxed 44 pixels on a page of 29, read again whole over Tesseract's "DET", tuning 1124);
#: a word this much of a word's height or less is a speck, whose line is not taken for the other's
LINE_TALL, SPECK_HEIGHT = 1.8, 0.5


def _overlap(a: int, alen: int, b: int, blen: int) -> int:
    return max(0, min(a + alen, b + blen) - max(a, b))


def drop_read_twice(words: list[TsvWord]) -> list[TsvWord]:
    """The words without those another Tesseract line read again over the same ink.

    On a tilted scan Tesseract's layout can lay two of its lines over one printed line, each reading
    the words (or their pieces: "m" of "genom", "rn" of "barn") again. Of two words of different lines
    where the narrower lies inside the wider, the wider is kept (it read the whole word), or at equal
    width the more confident one. Words of one line overlap only where the line reader put out a stretch twice
    (the same words over the same ink: the less confident goes), so nothing else goes. The two lines
    are one printed line: what is left of both is keyed as the one with more words, so that the words
    share one baseline (:func:`normalise_line`).

    >>> w = lambda t, x, wd, c, ln: TsvWord(t, x, 100, wd, 28, c, (1, 1, 1, ln))
    >>> [(x.text, x.line[3]) for x in drop_read_twice([w("m", 342, 27, 92, 1), w("genom", 259, 110, 96, 2),
    ...                                                w("i", 380, 5, 97, 2), w("Kärra", 400, 80, 95, 1)])]
    [('genom', 2), ('i', 2), ('Kärra', 2)]
    >>> [x.text for x in drop_read_twice([w("för", 100, 40, 90, 1), w("med", 150, 40, 90, 2)])]
    ['för', 'med']
    >>> [x.text for x in drop_read_twice([w("årskurs", 1063, 126, 96, 1), w("4-6", 1200, 66, 61, 1), w("årskurs", 1071, 122, 93, 1),
    ...                                   w("4-6", 1200, 66, 86, 1)])]
    ['årskurs', '4-6']
    >>> ring = TsvWord("nå", 1922, 769, 9, 9, 96.0, (1, 1, 1, 8))  # a speck whose box only touches the word's
    >>> [x.text for x in drop_read_twice([ring, TsvWord("nås", 1894, 774, 58, 29, 96.0, (1, 1, 1, 9))])]
    ['nås']
    >>> [x.text for x in drop_read_twice([replace(ring, top=740), TsvWord("nås", 1894, 774, 58, 29, 96.0, (1, 1, 1, 9))])]
    ['nå', 'nås']
    """
    size = word_height(words)
    gone: set[int] = set()
    same: list[tuple[tuple, tuple]] = []  # lines that read one printed line
    order = sorted(range(len(words)), key=lambda i: words[i].left)
    for n, i in enumerate(order):
        a = words[i]
        for j in order[n + 1:]:
            b = words[j]
            if b.left >= a.left + a.width:
                break
            if i in gone or j in gone:
                continue
            if a.line == b.line:
                # ... but Tesseract's line reader can put out a stretch of a line twice, over the same ink
                # ("Skolfrånvaron i årskurs 4-6 årskurs 4-6", a tilted 150 dpi scan, tuning 1020): the less sure goes
                if (_core_text(a.text) == _core_text(b.text) and a.width and b.width
                        and _overlap(a.left, a.width, b.left, b.width) >= TWICE_OVERLAP * min(a.width, b.width)):
                    gone.add(i if a.conf < b.conf else j)
                continue
            small, big = (i, j) if (a.width, a.conf) < (b.width, b.conf) else (j, i)
            s, g = words[small], words[big]
            # (a speck's box need only touch the wider's: a ring boxed and read as "nå" over "nås", WeasyPrint scan,
            # tuning 1136; no printed word is that small)
            tall = TWICE_OVERLAP * s.height if s.height >= SPECK_HEIGHT * size else 1
            if (s.width and s.height and g.height <= LINE_TALL * size
                    and _overlap(s.left, s.width, g.left, g.width) >= TWICE_OVERLAP * s.width
                    and _overlap(s.top, s.height, g.top, g.height) >= tall):
                gone.add(small)
                if s.height >= SPECK_HEIGHT * size:  # (a speck's box says nothing of its line)
                    same.append((g.line, s.line))  # (on a tie the line of the word kept keys both)
    if not gone:
        return words
    count = Counter(w.line for w in words)
    home: dict[tuple, tuple] = {}

    def find(key: tuple) -> tuple:
        while key in home:
            key = home[key]
        return key

    for a_key, b_key in same:
        ra, rb = find(a_key), find(b_key)
        if ra != rb:
            keep, other = (ra, rb) if count[ra] >= count[rb] else (rb, ra)
            home[other] = keep
            count[keep] += count[other]
    return [replace(w, line=find(w.line)) for k, w in enumerate(words) if k not in gone]


#: share of a page's text ink, in pieces bigger than specks, that no word's box covers, above which the
#: page is read a second time in black and white (a page's logo is about 1 %; a column of cells Tesseract's
#: page layout passed over, 5-6 %)
MISSED_INK_SHARE = 0.02
#: a second reading's word is taken where at least this share of its ink is ink the first left unread
MISSED_WORD_SHARE = 0.5
#: ... and it is at least this confident
MISSED_MIN_CONF = 60.0
SPECK_AREA = 30  # pixels: scanner noise, a dot


def unread_ink(ink: np.ndarray, words: list[TsvWord], pad: int = 4) -> np.ndarray:
    """The ink (mask, 255) of the pieces no word's box covers at least half of.

    >>> ink = np.zeros((40, 100), np.uint8); ink[5:15, 5:25] = 255; ink[25:35, 50:90] = 255
    >>> left = unread_ink(ink, [TsvWord("ab", 5, 5, 20, 10, 90.0, (1, 1, 1, 1))])
    >>> int(left[10, 10]), int(left[30, 60])
    (0, 255)
    """
    cover = _boxes(ink.shape, words, pad)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    covered = np.bincount(labels[cover > 0].ravel(), minlength=n)
    area = stats[:, cv2.CC_STAT_AREA]
    keep = (area >= SPECK_AREA) & (2 * covered < area)
    keep[0] = False  # the background
    # (a lookup by label: np.isin over a page's labels cost a sixth of a second a page)
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def read_missed(prep: PreparedPage, box: tuple[int, int, int, int], words: list[TsvWord],
                lines: dict, psm: int = 3) -> tuple[list[TsvWord], dict]:
    """Add the words of text Tesseract's page layout passed over.

    On some scans whole cells go unread (a grid's label column on a grey fill,
    a header row: JPEG noise on the fill, it seems, which the page layout
    takes for a picture); the same page in black and white reads them. Only
    where the reading so far left much ink unread is the page read again, and
    only words standing on that ink are taken from the new reading (the first
    reads the rest better: it keeps the letters' grey edges). Two black and
    white renderings are tried in turn, as each reads cells the other misses:
    each pixel against its own background (:func:`raster.black_and_white`),
    then the page's one threshold (the ink mask the rulings came from).
    """
    text_ink = prep.text_ink
    total = int(np.count_nonzero(text_ink))
    out_words, out_lines = list(words), dict(lines)
    renderings = (lambda: raster.erase(raster.black_and_white(prep.gray), prep.rules), lambda: cv2.bitwise_not(text_ink))
    for n, render in enumerate(renderings, 1):
        left = unread_ink(text_ink, out_words)
        if not total or np.count_nonzero(left) < MISSED_INK_SHARE * total:
            break
        try:
            second, second_lines = _read_area(render(), box, psm)
        except RuntimeError:
            break
        # where a word was read already, even in a box too small for its ink (Tesseract's "i" one pixel wide)
        read = _boxes(text_ink.shape, out_words, 3)
        taken = []
        for w in second:
            if w.conf < MISSED_MIN_CONF or w.width <= 0 or w.height <= 0:
                continue
            region = (slice(w.top, w.top + w.height), slice(w.left, w.left + w.width))
            ink_px = np.count_nonzero(text_ink[region])
            if ink_px and np.count_nonzero(left[region]) >= MISSED_WORD_SHARE * ink_px and not read[region].any():
                taken.append(w)

        # (each reading's lines are keyed apart from the others': the same keys name other lines)
        keys = {w.line: (w.line[0], w.line[1] + 10_000 * n, *w.line[2:]) for w in taken}
        out_lines.update({keys[k]: second_lines[k] for k in keys if k in second_lines})
        out_words += [replace(w, line=keys[w.line]) for w in taken]
    return out_words, out_lines


#: words below this confidence are read again on their own
DOUBT_CONF = 60.0
#: a second reading replaces the first when it is at least this confident, and by this margin more
REREAD_MIN_CONF, REREAD_MARGIN = 80.0, 20.0
MAX_REREADS = 40  # per page: a page of doubt is a bad scan, not a few slips
_GAP = 48  # white pixels between the stacked word crops


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha() or c == "-").strip("-").lower()


@dataclass(frozen=True)
class _Reread:
    """One crop read again: the words it replaces and the box cut out around them."""

    words: tuple[int, ...]  # indices into the page's words
    left: int
    top: int
    right: int
    bottom: int
    regroup: bool  # the new reading's words replace the old, with their own boxes (else one word, its box kept)
    pad: int  # white kept around the words in the crop; new boxes may reach half of it out of top…bottom


def _median_int(xs: list[int]) -> int:
    return int(np.median(xs))


def word_height(words: list[TsvWord]) -> int:
    """The page's word height (ink, pixels): the median of its confident words', else of all.

    >>> word_height([TsvWord("a", 0, 0, 9, 20, 95.0, (1, 1, 1, 1)), TsvWord("b", 0, 0, 9, 60, 10.0, (1, 1, 1, 1))])
    20
    """
    sure = [w.height for w in words if w.conf >= REREAD_MIN_CONF]
    return _median_int(sure or [w.height for w in words] or [0])


def _between_walls(words: list[TsvWord], idx: list[int], walls: Sequence[raster.Segment]) -> list[list[int]]:
    """The words ``idx`` of one line, left to right, parted where a column border (``walls``) runs between two
    (between their middles: the border's own debris, read as ``|``, straddles it).

    >>> ws = [TsvWord("750", 10, 0, 30, 20, 0.0, (1, 1, 1, 1)), TsvWord("tkr", 45, 0, 30, 20, 0.0, (1, 1, 1, 1)),
    ...       TsvWord("375", 110, 0, 30, 20, 0.0, (1, 1, 1, 1))]
    >>> _between_walls(ws, [0, 1, 2], [raster.Segment("v", 95, -50, 60, 2)])
    [[0, 1], [2]]
    """
    parts: list[list[int]] = []
    last = None
    for i in sorted(idx, key=lambda j: words[j].left):
        w = words[i]
        mid = w.top + w.height / 2
        if last is None or any(last.left + last.width / 2 < s.pos < w.left + w.width / 2 and s.start <= mid <= s.end for s in walls):
            parts.append([])
        parts[-1].append(i)
        last = w
    return parts


def doubtful_units(words: list[TsvWord], walls: Sequence[raster.Segment] = ()) -> list[_Reread]:
    """What to read again, each unit cut out alone (none across a column border of ``walls``, vertical
    rulings).

    * a line whose words are mostly doubtful: the whole line. It is most often a
      short line alone in a narrow cell (a delmål number ``7.1.2.`` over its text
      read ``7 fö Br``): its words are pieces of Tesseract's wrong segmentation,
      so each alone is no better; the line cut out as one reads clean;
    * else a run of doubtful words side by side (short ones: ``7.2.2.`` read
      ``JT idada``; the ``r.`` a narrow column broke off ``FCA-koordinator``,
      read ``fr``), with the short words touching it: the run, regrouped;
    * a doubtful word of three letters or more alone: the word, its box kept.

    >>> ws = [TsvWord("7", 10, 0, 5, 20, 82.0, (1, 1, 1, 1)), TsvWord("fö", 20, 0, 5, 20, 0.0, (1, 1, 1, 1)),
    ...       TsvWord("Br", 30, 0, 20, 20, 23.0, (1, 1, 1, 1)), TsvWord("fträmjande", 10, 40, 90, 20, 34.0, (1, 1, 1, 2)),
    ...       TsvWord("barn", 110, 40, 40, 20, 96.0, (1, 1, 1, 2)), TsvWord("fr", 10, 80, 8, 14, 24.0, (1, 1, 1, 3)),
    ...       TsvWord("Ökad", 300, 80, 40, 20, 95.0, (1, 1, 1, 3)), TsvWord("kunskap", 350, 80, 70, 20, 96.0, (1, 1, 1, 3))]
    >>> [(u.words, u.regroup) for u in doubtful_units(ws)]
    [((0, 1, 2), True), ((3,), False), ((5,), True)]

    A rule's stub as tall as the line is no word to read again:

    >>> [u.words for u in doubtful_units(ws + [TsvWord("=", 200, 75, 8, 30, 46.0, (1, 1, 1, 3))])]
    [(0, 1, 2), (3,), (5,)]
    """
    size = word_height(words)
    pad = max(int(0.4 * size), 4)
    by_line: dict[tuple, list[int]] = {}
    for i, w in enumerate(words):
        by_line.setdefault(w.line, []).append(i)
    if walls:
        # Tesseract's line runs across a table's cells; a unit never does: the border between them (erased,
        # its debris read as "|" or "-—") would be read into it
        by_line = {(k, n): part for k, idx in by_line.items() for n, part in enumerate(_between_walls(words, idx, walls))}

    def unit(idx: list[int], regroup: bool) -> _Reread:
        ws = [words[i] for i in idx]
        if not regroup:
            w = ws[0]
            return _Reread((idx[0],), w.left, w.top, w.left + w.width, w.top + w.height, False, max(w.height // 3, 4))
        # the band from the median word: a misread piece's box can reach into the next line
        top, bottom = _median_int([w.top for w in ws]), _median_int([w.top + w.height for w in ws])
        return _Reread(tuple(idx), min(w.left for w in ws), top, max(w.left + w.width for w in ws), bottom, True, pad)

    units: list[_Reread] = []
    for idx in by_line.values():
        # (not a rule's stub: alone, its stroke reads as "1" or "l" at a confidence that replaces "=", and a
        # stroke in a word's place survives as one, "stadsområdets 1 behovsanalys": Chromium scan 759)
        idx = [i for i in idx if not is_rule_remnant(words[i], size)]
        doubt = [i for i in idx if words[i].conf < DOUBT_CONF]
        if not doubt:
            continue
        if 2 * len(doubt) >= len(idx) and sum(words[i].conf for i in idx) / len(idx) < DOUBT_CONF:
            units.append(unit(idx, True))
            continue
        # runs of neighbours (less than a word height apart), each doubtful or at most two characters long
        runs: list[list[int]] = [[]]
        for i in sorted(idx, key=lambda j: words[j].left):
            w = words[i]
            if w.conf >= DOUBT_CONF and len(w.text) > 2:
                runs.append([])
                continue
            if runs[-1]:
                last = words[runs[-1][-1]]
                if w.left - (last.left + last.width) > size:
                    runs.append([])
            runs[-1].append(i)
        for run in runs:
            if not any(words[i].conf < DOUBT_CONF for i in run):
                continue
            single_word = len(run) == 1 and len(_letters(words[run[0]].text)) >= 3
            units.append(unit(run, not single_word))
    units.sort(key=lambda u: u.words[0])
    return units


def clean_crop(crop: np.ndarray, inner: tuple[int, int, int, int] | None = None, grey: bool = False) -> np.ndarray:
    """A word's crop as black ink on white (``grey``: the ink in its grey), without the pieces of its neighbours.

    Each crop gets its own threshold: the grey left where a border touching
    the words was erased misleads Tesseract on a small crop (``7.1.2.`` read
    ``Teli`` grey, right at 88 % once thresholded). With ``grey`` the ink and
    a pixel's rim around it keep their grey, the rest is whitened: a bold
    word on a blurred 150 dpi scan thresholds into blots (``HSNG`` unread,
    ``1 350 000`` read ``2 350 000``; in grey 90 % and right). Ink touching the crop's
    edges is what the crop cut of its neighbours: the lines' above and below
    descenders and ascenders (``7.2.2.`` read at 58 % over the tops of the
    next line's letters, at 91 % without them), the next word's first letter
    (``En`` read ``En.`` over a sliver of ``lärdom``). Ink mostly inside
    ``inner`` (the words' box, l, t, r, b in the crop) is theirs even where it
    reaches an edge (a box Tesseract drew too small: ``0–18`` read ``0–1``).

    >>> img = np.full((20, 12), 255, np.uint8); img[0:3, 2:5] = 0; img[8:12, 4:8] = 40; img[6:14, 10:12] = 0
    >>> img[16:18, 2:4] = 200  # faint grey: no ink
    >>> out = clean_crop(img); int(out[1, 3]), int(out[10, 5]), int(out[10, 11]), int(out[17, 3])
    (255, 0, 255, 255)
    >>> out = clean_crop(img, grey=True); int(out[1, 3]), int(out[10, 5]), int(out[10, 11]), int(out[17, 3])
    (255, 40, 255, 255)
    >>> int(clean_crop(img, inner=(2, 5, 12, 15))[10, 11])  # more inside the words' box than out
    0
    """
    _, bw = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(bw), connectivity=8)
    h, w = bw.shape
    x, y, cw, ch = (stats[:, i] for i in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    def mostly_inside(k: int) -> bool:
        if inner is None:
            return False
        il, it, ir, ib = inner
        ox = max(0, min(x[k] + cw[k], ir) - max(x[k], il))
        oy = max(0, min(y[k] + ch[k], ib) - max(y[k], it))
        return 2 * ox * oy > cw[k] * ch[k]

    cut = [k for k in range(1, n) if (x[k] == 0 or y[k] == 0 or x[k] + cw[k] >= w or y[k] + ch[k] >= h) and not mostly_inside(k)]
    gone = np.isin(labels, cut) if cut else None
    if gone is not None:
        bw = bw.copy()
        bw[gone] = 255
    if not grey:
        return bw
    keep = cv2.dilate(cv2.bitwise_not(bw), np.ones((3, 3), np.uint8)) > 0
    if gone is not None:
        keep &= ~gone  # (the rim does not bring a cut neighbour's edge back)
    return np.where(keep, crop, 255).astype(np.uint8)


def _without_marks_above(words: list[TsvWord]) -> list[TsvWord]:
    """The words of a crop's reading without the marks read as a line of their own over another word (the ring of
    "år" read "o" over "ar." at 61 %: it would pull the crop's confidence under the bar).

    >>> line = (1, 1, 1, 1)
    >>> [w.text for w in _without_marks_above([TsvWord("o", 52, 100, 10, 9, 61.0, line), TsvWord("ar.", 44, 112, 33, 20, 96.0, line)])]
    ['ar.']
    """
    def over(m: TsvWord, w: TsvWord) -> bool:
        return (m is not w and m.height < 0.6 * w.height and m.top + m.height <= w.top + 0.25 * w.height
                and w.left <= m.left and m.left + m.width <= w.left + w.width)
    return [m for m in words if not any(over(m, w) for w in words)]


def crop_line_keys(mine: list[TsvWord], line: tuple, middle: float, unit_no: int) -> dict[tuple, tuple]:
    """The page's line key for each line the reading of one cut-out unit (``mine``, in the page's frame)
    found, in place of old words of Tesseract's ``line``, whose other words stand at ``middle``. A unit cut from
    words Tesseract boxed two printed lines tall (a row's cells set a line apart: "a", "ES", "send" on one of its
    lines, LibreOffice scan 777) holds two printed lines, and reads both: the line nearest ``middle`` keeps the
    key, each other line gets one of its own (numbered after ``unit_no``); under one key, the two lines' words
    were laid on one baseline and interleaved ("inbjudfamiljer ningar via än BVC").

    >>> a = lambda t, top, ln: TsvWord(t, 0, top, 20, 30, 96.0, (1, 1, 1, ln))
    >>> crop_line_keys([a("ningar", 18, 1), a("via", 18, 1), a("familjer", 61, 2)], (1, 5, 1, 3), 35.0, 7)
    {(1, 1, 1, 1): (1, 5, 1, 3), (1, 1, 1, 2): (-2, 7, 2, 0)}
    >>> crop_line_keys([a("via", 18, 1)], (1, 5, 1, 3), 90.0, 7)
    {(1, 1, 1, 1): (1, 5, 1, 3)}
    """
    mids: dict[tuple, list[float]] = {}
    for w in mine:
        mids.setdefault(w.line, []).append(w.top + w.height / 2)
    home = min(mids, key=lambda k: abs(statistics.median(mids[k]) - middle))
    return {k: line if k == home else (-2, unit_no, n, 0) for n, k in enumerate(mids, 1)}


def read_stacked(crops: list[np.ndarray]) -> tuple[list[TsvWord], list[tuple[int, int]]] | None:
    """The crops stacked one under the other, :data:`_GAP` white pixels apart and from the sheet's edges, read in
    one Tesseract run (``--psm 6``: a block of lines, one line per crop): its words in the sheet's pixels and each
    crop's rows there (top, bottom); None where Tesseract failed."""
    spans = []
    y = _GAP
    for crop in crops:
        spans.append((y, y + crop.shape[0]))
        y += crop.shape[0] + _GAP
    sheet = np.full((y, max(c.shape[1] for c in crops) + 2 * _GAP), 255, np.uint8)
    for crop, (y0, y1) in zip(crops, spans):
        sheet[y0:y1, _GAP : _GAP + crop.shape[1]] = crop
    try:
        # the crops are thresholded; softened edges read as printed type does ("7.2.3 En" at 14 % confidence
        # in black and white, 88 % softened: a 150 dpi scan's stair-stepped edges)
        alt, _ = read_tsv(cv2.GaussianBlur(sheet, (3, 3), 0), psm=6)
    except RuntimeError:
        return None
    return alt, spans


def reread_doubtful(image: np.ndarray, words: list[TsvWord], walls: Sequence[raster.Segment] = (), grey: bool = False) -> list[TsvWord]:
    """Read low-confidence words, or lines, again, each alone, all in one Tesseract run.

    On a full page Tesseract now and then doubles or adds a letter where a
    word sits close to others (``fträmjande``, ``ffrämjande`` at 34 and 52 %
    confidence); alone, the same word reads clean (``främjande``, 97 %). The
    doubtful crops (:func:`doubtful_units`) are stacked one under the other
    with white space between (``--psm 6``: a block of lines, one line per
    crop) and the new reading replaces the old one when it is confident and
    clearly more so. ``grey``: the crops keep their ink's grey (:func:`clean_crop`).
    """
    units = doubtful_units(words, walls)
    if not units or len(units) > MAX_REREADS:
        return words
    h_img, w_img = image.shape[:2]
    crops, corners = [], []
    for u in units:
        # (a word read in pieces can have boxes that clip its glyphs: regrouped units get a word height's margin)
        pad_y, pad_x = u.pad, (u.pad if u.regroup else max(u.pad // 2, 3))
        y0, x0 = max(u.top - pad_y, 0), max(u.left - pad_x, 0)
        crop = image[y0 : min(u.bottom + pad_y, h_img), x0 : min(u.right + pad_x, w_img)]
        crops.append(clean_crop(crop, (u.left - x0, u.top - y0, u.right - x0, u.bottom - y0), grey))
        corners.append((x0, y0))
    read = read_stacked(crops)
    if read is None:
        return words
    alt, spans = read
    origins = [(x0 - _GAP, y0 - top) for (x0, y0), (top, _) in zip(corners, spans)]  # sheet → page
    replaced: dict[int, list[TsvWord]] = {}  # first word of a unit → its new words
    dropped: set[int] = set()
    height = word_height(words)
    for u, (y0, y1), (dx, dy) in zip(units, spans, origins):
        mine = _without_marks_above([a for a in alt if y0 <= a.top + a.height / 2 <= y1])
        if not mine:
            continue
        old = [words[i] for i in u.words]
        old_conf = sum(w.conf for w in old) / len(old)
        new_conf = sum(a.conf for a in mine) / len(mine)
        # a word read alone as several ("Z50:tkt" → "750" "tkr", "91l0tkr" → "910" "tkr" in a budget's amount
        # cells): the pieces, each with its box, as a regrouped run's
        splits = not u.regroup and len(mine) > 1 and min(a.conf for a in mine) >= REREAD_MIN_CONF
        if u.regroup or splits:
            if new_conf >= max(REREAD_MIN_CONF, old_conf + REREAD_MARGIN):
                line = old[0].line
                # (the line's middle from its other words where it has any: a box two lines tall has its middle between)
                rest = [w for k, w in enumerate(words) if w.line == line and k not in u.words] or old
                middle = statistics.median(w.top + w.height / 2 for w in rest)
                keys = crop_line_keys([replace(a, top=a.top + dy) for a in mine], line, middle, u.words[0])
                # (boxes kept inside the line's band, as the crop's margin may hold the next line's accents)
                lo, hi = u.top - u.pad // 2, u.bottom + u.pad // 2
                replaced[u.words[0]] = [
                    replace(a, left=a.left + dx, top=top, height=bottom - top, line=keys[a.line])
                    for a in mine
                    for top, bottom in [(max(a.top + dy, lo), min(a.top + a.height + dy, hi))]
                ]
                dropped.update(u.words[1:])
                # (a rule's stub inside the cut-out run, left out of it (:func:`doubtful_units`), was read with it)
                dropped.update(k for k, w in enumerate(words) if w.line == line and u.left <= w.left + w.width / 2 <= u.right
                               and k not in u.words and is_rule_remnant(w, height))
            continue
        best = max(mine, key=lambda a: a.width)  # the word itself, not a speck beside it
        w = old[0]
        if best.text == w.text:
            replaced[u.words[0]] = [replace(w, conf=max(w.conf, best.conf))]
        elif best.conf >= max(REREAD_MIN_CONF, w.conf + REREAD_MARGIN) and len(mine) == 1:
            replaced[u.words[0]] = [replace(w, text=best.text, conf=best.conf)]
        elif len(mine) == 1:
            # neither reading sure ("avaqifter)" 34 %, alone "avgifter)" 37 %): both kept, the lexicon chooses
            # later (:func:`reading_as_word`), as this stage has none
            replaced[u.words[0]] = [replace(w, alt=best.text)]
    out: list[TsvWord] = []
    for i, w in enumerate(words):
        if i in dropped:
            continue
        out.extend(replaced.get(i, [w]))
    return out


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


# glyph classes for estimating a word's baseline and font size from its box:
# OCR boxes are tight around the ink, the text layer's are the font's full
# height; layout (line grouping, paragraph gaps) expects the latter
_ASCENDERS = set("bdfhijklt0123456789ÅÄÖåäöéü()[]{}/|!?%&@#§$'\"") | {c for c in map(chr, range(65, 91))}
_DESCENDERS = set("gjpqy()[]{}|§@")
X_HEIGHT, ASCENT, DESCENT = 0.5, 0.72, 0.21  # of the em, typical of Liberation/DejaVu
# the text layer's word box (pdfminer): one em high, from the font's descent below the
# baseline, and from the advance widths, a little wider than the ink (side bearings)
BOX_ASCENT, BOX_DESCENT = 0.788, 0.212
BEARING_LEFT, BEARING_RIGHT = 0.07, 0.05


#: a capital's ring or dots reach this far above the baseline (ems): "STADSOMRÅDET" alone on a heading's line
#: measured a quarter too large against :data:`ASCENT`
ACCENTED_CAP = 0.9


def _glyph_extent(text: str) -> tuple[float, float]:
    """(ems above the baseline, ems below it) the word's ink reaches.

    >>> _glyph_extent("STADSOMRÅDET"), _glyph_extent("barn"), _glyph_extent("gå")
    ((0.9, 0.0), (0.72, 0.0), (0.72, 0.21))
    """
    up = (ACCENTED_CAP if any(c in "ÅÄÖ" for c in text) else ASCENT if any(c in _ASCENDERS for c in text)
          else X_HEIGHT if any(c.isalnum() for c in text) else 0.3)
    down = DESCENT if any(c in _DESCENDERS for c in text) else 0.0
    return up, down


def normalise_line(words: list[tuple[str, float, float]]) -> tuple[float, float] | None:
    """Baseline and font size (pixels) of a printed line from its words' (text, top, bottom).

    Each word's ink extent in ems follows from its letters (ascenders,
    descenders); the medians over the line are robust to a misread word.
    """
    sizes, bases = [], []
    for text, top, bottom in words:
        up, down = _glyph_extent(text)
        if up + down < 0.45:  # punctuation: says nothing about the size
            continue
        size = (bottom - top) / (up + down)
        sizes.append(size)
        bases.append((bottom, down))
    if not sizes:
        return None
    size = float(np.median(sizes))
    base = float(np.median([b - d * size for b, d in bases]))
    return base, size


def line_estimate(ws: list[TsvWord]) -> tuple[float, float] | None:
    """Baseline and size of a line (:func:`normalise_line`), measured on its confident words where they tell
    them. A rule's sliver read as words ("IC", "=", "SRA:" 5 pixels high, 1–25 % sure, on the line of a 32-pixel
    "rastödsinsatser": a Chromium 200 dpi scan, tuning 1008) would otherwise be most of the line and make it a
    line of specks.

    >>> w = lambda t, h, c: TsvWord(t, 0, 100, 50, h, c, (1, 1, 1, 1))
    >>> line_estimate([w("rastödsinsatser", 32, 90.8), w("IC", 6, 12.2), w("SRA:", 5, 0.9)])[1] > 30
    True
    >>> round(line_estimate([w("IC", 6, 12.2), w("SRA:", 5, 0.9)])[1]) < 10
    True
    """
    def measure(xs: list[TsvWord]) -> tuple[float, float] | None:
        return normalise_line([(w.text, w.top, w.top + w.height) for w in xs])
    sure = [w for w in ws if w.conf >= DOUBT_CONF]
    return (measure(sure) if sure else None) or measure(ws)


#: a lone piece of a word on its own line: at most this many letters (the writer broke the word a letter or two
#: before its end, "FCA-koordinatore|r")
TAIL_MAX_LETTERS = 2
#: a broken word's head ends at most this many word heights before its column's border
TAIL_EDGE = 2.5


def _part_at(words: list[TsvWord], idx: list[int], walls: Sequence[raster.Segment], left: float, reach: float) -> list[int]:
    """Of one line's words ``idx``, the part between two column borders whose first word starts within
    ``reach`` of ``left`` (a cell's lines start at its left edge); empty when none does."""
    for part in _between_walls(words, idx, walls):
        if abs(words[part[0]].left - left) <= reach:
            return part
    return []


def broken_tails(words: list[TsvWord], walls: Sequence[raster.Segment] = ()) -> list[tuple[int, int]]:
    """(head, tail) index pairs: a word's last letter or two, alone on the next line of its column, under the
    word it was broken from.

    A writer breaks a word wider than its column at the edge, without a
    hyphen, and may leave one letter for the next line ("FCA-koordinatore|r").
    Alone, with nothing to read it by, Tesseract reads that letter as it
    looks: "F" at 87 %, ";" or "-" at 16 % and 0 % (Chromium scan, tuning
    1085). The tail is the only word of its line in its column, one or two
    characters besides end marks and no digit (a page number is no tail); the
    head is the last word of the line above in the same column, starting
    where the tail does, ending in a letter and, where the column's border is
    known, near it.

    >>> w = lambda t, x, y, wd, ln: TsvWord(t, x, y, wd, 34, 90.0, (1, 1, 1, ln))
    >>> ws = [w("FCA-", 100, 0, 90, 1), w("koordinatore", 100, 50, 270, 2), w("r", 100, 100, 14, 3),
    ...       w("Fler", 500, 100, 70, 3), w("7", 1200, 400, 18, 9)]
    >>> broken_tails(ws, [raster.Segment("v", 450, 0, 200, 2)])
    [(1, 2)]
    >>> ws[1] = w("koordinatore", 100, 50, 150, 2); broken_tails(ws, [raster.Segment("v", 450, 0, 200, 2)])
    []
    >>> broken_tails(ws)  # no border known: "r" shares its line with "Fler"
    []
    """
    size = word_height(words)
    by_line: dict[tuple, list[int]] = {}
    for i, w in enumerate(words):
        by_line.setdefault(w.line, []).append(i)
    pairs = []
    for idx in by_line.values():
        for part in _between_walls(words, idx, walls):
            if len(part) != 1:
                continue
            t = words[part[0]]
            core = t.text.rstrip(END_MARKS) or t.text  # (a letter read as a mark: "r" as ";")
            if not 1 <= len(core) <= TAIL_MAX_LETTERS or any(c.isdigit() for c in t.text):
                continue
            # the line above: the nearest line whose words end above the tail's top, less than two lines up
            above = [k for k, ks in by_line.items()
                     if k != t.line and any(t.top - 2.2 * size < words[j].top + words[j].height <= t.top + 0.2 * size for j in ks)]
            heads = [(words[head[-1]].top, head[-1]) for k in above
                     if (head := _part_at(words, by_line[k], walls, t.left, 0.8 * size))]
            if not heads:
                continue
            h = max(heads)[1]
            hw = words[h]
            # (a column border to the head's right: the broken word reached it, but for a letter or two and the
            # cell's padding)
            right = [s.pos for s in walls if s.pos > hw.left + hw.width and s.start <= hw.top + hw.height / 2 <= s.end]
            if hw.text[-1:].isalpha() and (not right or min(right) - (hw.left + hw.width) <= TAIL_EDGE * size):
                pairs.append((h, part[0]))
    return sorted(pairs)


def reread_tails(image: np.ndarray, words: list[TsvWord], walls: Sequence[raster.Segment] = ()) -> list[TsvWord]:
    """Each word's broken-off tail (:func:`broken_tails`) read again where it belongs: right after its head.

    The head's crop and the tail's, baselines level, are set side by side a
    letter's gap apart, so Tesseract reads one word ("koordinatorer", its
    model's context) and the tail is what follows the head's letters. The
    tail's text changes only when that reading starts with the head as read
    before, adds letters (and end marks) only, and is sure (at least
    :data:`REREAD_MIN_CONF`); whether head and tail are one word stays
    the layout's decision.
    """
    pairs = broken_tails(words, walls)
    if not pairs or len(pairs) > MAX_REREADS:
        return words
    h_img, w_img = image.shape[:2]
    size = word_height(words)
    pad = max(int(0.4 * size), 4)
    rows = []
    for hi, ti in pairs:
        h, t = words[hi], words[ti]
        # both crops from one band around their own baselines: the head's from its letters ("förvaltninge" reaches
        # under it), the tail's its box's bottom (its reading is what is in doubt; most letters sit on the line)
        measured = normalise_line([(h.text, h.top, h.top + h.height)])
        base_h, base_t = (round(measured[0]) if measured else h.top + h.height), t.top + t.height
        up, down = max(h.height, t.height) + pad, pad
        def cut(w: TsvWord, base: int) -> np.ndarray:
            x0, x1 = max(w.left - 2, 0), min(w.left + w.width + 2, w_img)
            band = np.full((up + down, x1 - x0), 255, np.uint8)
            y0, y1 = max(base - up, 0), min(base + down, h_img)
            band[y0 - (base - up) : y0 - (base - up) + (y1 - y0)] = image[y0:y1, x0:x1]
            top = w.top - (base - up)  # the word's box in the band
            return clean_crop(band, (2, top, band.shape[1] - 2, top + w.height))
        head, tail = cut(h, base_h), cut(t, base_t)
        gap = np.full((up + down, max(size // 10, 2)), 255, np.uint8)
        rows.append(np.hstack([head, gap, tail]))
    read = read_stacked(rows)
    if read is None:
        return words
    alt, spans = read
    out = list(words)
    for (hi, ti), (y0, y1) in zip(pairs, spans):
        mine = [a for a in alt if y0 <= a.top + a.height / 2 <= y1]
        head, tail = words[hi], words[ti]
        if len(mine) != 1 or mine[0].conf < REREAD_MIN_CONF:
            continue
        rest = _added_letters(mine[0].text, head.text, before=False)
        if rest is not None and rest != tail.text:
            out[ti] = replace(tail, text=rest, conf=mine[0].conf)
    return out


_DASHES = "-–—~"
#: flat marks: what Tesseract makes of a dash, and of the stub of an erased rule
_FLAT_MARKS = set(_DASHES) | set("=_")
#: what is left of a table rule a tilted scan's erasing missed: flat marks, and the dots and bars of its broken stub
_RULE_DEBRIS = _FLAT_MARKS | set(":;.|!'")
# ems of ink, where the page has no hyphen to measure against: on the fixtures (Liberation) hyphens measure
# 0.2–0.34, en dashes 0.49–0.57; DejaVu Sans's en dash measures 0.37–0.38 (generated scans, tuning seed 122)
HYPHEN_MAX, EN_DASH_MAX = 0.36, 0.78


#: an en dash is at least this many times as wide as the page's hyphens, an em dash this many
#: (measured: en dashes 1.3–1.4 (Carlito, 9 pt), 1.5 (DejaVu Sans) to 2.2 (Liberation Sans) hyphens, up to 2.8
#: on a blurred 200 dpi Liberation scan (tuning seed 962: 0.65 em against 0.23); em dashes 3.3 to 4; a page's
#: hyphens spread ±0.03 em about their median)
EN_DASH_RATIO, EM_DASH_RATIO = 1.2, 3.05


def word_baseline(ink: np.ndarray, word: TsvWord) -> float | None:
    """The baseline of a word without descenders, from its own ink: the bottom of the tallest run of inked
    rows in its box (a box can reach a line above's descenders or the next line's tops, apart from its letters
    by a blank row or two). None for a word with descenders or no ink.

    >>> ink = np.zeros((80, 60), np.uint8); ink[20:50, 5:55] = 255; ink[55:60, 5:20] = 255
    >>> word_baseline(ink, TsvWord("0-1", 0, 10, 60, 55, 90.0, (1, 1, 1, 1)))
    50.0
    """
    if _glyph_extent(word.text)[1]:
        return None
    rows = np.flatnonzero(ink[word.top : word.top + word.height, word.left : word.left + word.width].any(axis=1))
    if rows.size == 0:
        return None
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 2) + 1)
    tallest = max(runs, key=len)
    return float(word.top + tallest[-1] + 1)


def _dash_char(width_em: float, hyphen: float | None = None, en_from: float | None = None) -> str:
    if hyphen is not None:
        en = en_from if en_from is not None else EN_DASH_RATIO * hyphen
        return "-" if width_em < en else "–" if width_em < EM_DASH_RATIO * hyphen else "—"
    return "-" if width_em < HYPHEN_MAX else "–" if width_em < EN_DASH_MAX else "—"


def _after_digit(text: str, m: re.Match) -> bool:
    return text[m.start() - 1 : m.start()].isdigit()


def range_dash_from(measured: list[tuple[str, list[float]]], hyphen: float | None) -> float | None:
    """The width from which a dash after a digit (a range's: "3-12", a line's end "0-") is an en dash on a page
    whose range dashes are en dashes as a rule: where their median is one (:data:`EN_DASH_RATIO` of ``hyphen``
    or more), halfway between the hyphens and that median. A blurred scan's dashes spread: Carlito's en dashes
    measured 0.33–0.43 em against hyphens of 0.24–0.32 (median 0.28), so one in three ranges read "3-12" by the
    hyphens alone (WeasyPrint scan, tuning 1170). None where the page's ranges are no en dashes by their median,
    or fewer than two (each dash then as :func:`clean_word` decides alone); a hyphen typed in a range among en
    dashes (real documents mix them) measures a hyphen's width, under the halfway mark.

    >>> m = [("3-12", [0.349]), ("6-12", [0.327]), ("13-18", [0.36]), ("FCA-koordinator", [0.28])]
    >>> round(range_dash_from(m, 0.284), 3), range_dash_from(m[:1], 0.284), range_dash_from(m, None)
    (0.317, None, None)
    >>> range_dash_from([("0-6", [0.29]), ("2-5", [0.3])], 0.284) is None   # hyphens typed in ranges
    True
    """
    if hyphen is None:
        return None
    ranges = [w for text, m, w in _measured_dashes(measured) if _after_digit(text, m)]
    if len(ranges) < 2:
        return None
    mid = float(np.median(ranges))
    return (hyphen + mid) / 2 if mid >= EN_DASH_RATIO * hyphen else None


def _dash_runs(text: str) -> list[re.Match]:
    return list(re.finditer(r"~" if text == "~" else r"[-–—]+", text))


def _hyphen_after_letter(text: str, m: re.Match) -> bool:
    """Is the dash run ``m`` of ``text`` a hyphen by its place: after a letter (FCA-koordinator, a line-end
    familje-, a suspended barn-; Swedish sets a dash between words apart), not after a lone capital O, a zero
    misread, where a number or the line's end follows ("O-|5 år" for "0–|5 år": LibreOffice scan 984)?"""
    zero = m.start() == 1 and text[0] == "O" and text[m.end() : m.end() + 1] in ("", *"0123456789")
    return text[m.start() - 1 : m.start()].isalpha() and not zero


def hyphen_refs(measured: list[tuple[str, list[float]]]) -> list[float]:
    """The widths of the page's hyphens: dashes that are hyphens by their place (:func:`_hyphen_after_letter`);
    those between two letters alone where there are two or more: a writer's hyphenation can print another glyph
    at a line's end (WeasyPrint's U+2010, 0.29 em in Carlito, against the typed hyphen's 0.26 and the en dash's
    0.35–0.38: tuning seed 982).

    >>> hyphen_refs([("FCA-koordinator", [0.24]), ("0-18", [0.38]), ("barn-", [0.25]), ("O-", [0.38])])
    [0.24, 0.25]
    >>> hyphen_refs([("FCA-koordinator", [0.26]), ("SIP-utbildning", [0.25]), ("famil-", [0.29])])
    [0.26, 0.25]
    """
    refs, inner = [], []
    for text, m, w in _measured_dashes(measured):
        if _hyphen_after_letter(text, m):
            refs.append(w)
            if text[m.end() : m.end() + 1].isalpha():
                inner.append(w)
    return inner if len(inner) >= 2 else refs


def _measured_dashes(measured: list[tuple[str, list[float]]]) -> Iterator[tuple[str, re.Match, float]]:
    """Each dash of the words ``measured`` (text, one ink width per dash run) with its width: (text, run, width);
    none of a word whose widths do not pair with its runs (as :func:`clean_word` uses them)."""
    for text, widths in measured:
        runs = _dash_runs(text)
        if len(widths) == len(runs):
            yield from ((text, m, w) for m, w in zip(runs, widths))


def hyphen_width(refs: list[float]) -> float | None:
    """The width of the hyphens ``refs`` (:func:`hyphen_refs`, a page's or a document's): their median; None
    without one.

    >>> hyphen_width(hyphen_refs([("FCA-koordinator", [0.24]), ("0-18", [0.38]), ("barn-", [0.25])])), hyphen_width([])
    (0.245, None)
    """
    return float(np.median(refs)) if refs else None


def settle_dashes(content: PageContent, hyphens: list[float]) -> None:
    """Re-read the dashes of a page that had no hyphen of its own to measure them against
    (:attr:`PageContent.dash_readings`) against ``hyphens``, the widths of the document's hyphens on the pages
    before. (Carlito's en dash measures 0.35–0.37 em, about the absolute :data:`HYPHEN_MAX`; the font's
    hyphens measure 0.23–0.27.)

    >>> page = PageContent(2, 595, 842, [Word("0-18", 50, 100, 70, 110, 10.0, conf=90.0)], [], dash_readings=[(0, "0-18", [0.35])])
    >>> settle_dashes(page, []); page.words[0].text                  # no hyphen seen yet: as read
    '0-18'
    >>> settle_dashes(page, [0.25, 0.26]); page.words[0].text, page.dash_readings
    ('0–18', [])
    """
    ref = hyphen_width(hyphens)
    if ref is None:
        return
    for i, raw, widths in content.dash_readings:
        content.words[i] = replace(content.words[i], text=clean_word(raw, widths, ref))
    content.dash_readings = []


#: the marks that end a word, which OCR confuses on a blurred or noisy scan (a period read ";" or ":" where a
#: speck sits above it, "," where one sits below)
END_MARKS = ".,;:"
#: a mark at most this wide (ems) is one glyph; its ink reaching above this (ems over the baseline) has a dot at
#: the x-height (":" ";"); its bottom this far below the glyph before it has a tail ("," ";"), this little none
MARK_MAX_WIDTH, UPPER_DOT, TAIL = 0.25, -0.3, 0.04
#: letters whose bottom is no baseline to measure a mark's tail against
DESCENDERS = frozenset("gjpqyQ,;")


def _core_span(text: str) -> tuple[int, int]:
    """Where a word's letters run in ``text``, without the marks around them (``"(avgifter),"`` → 1, 9)."""
    start = next((i for i, c in enumerate(text) if c.isalpha()), len(text))
    end = next((i for i in range(len(text), start, -1) if text[i - 1].isalpha()), start)
    return start, end


def reading_as_word(word: Word, is_word: Callable[[str], bool]) -> Word:
    """(Not :func:`fca_extract.repair.rules.known_reading`, the repair's test of a core.) The word with its other
    reading's letters (:attr:`Word.alt`, from :func:`reread_doubtful`) where
    only that one is a word (``is_word``, the lexicon's); its own marks kept, as the page settled them.

    >>> lex = {"avgifter"}.__contains__
    >>> reading_as_word(Word("avaqifter),", 0, 0, 1, 1, alt="avgifter)"), lex).text
    'avgifter),'
    >>> reading_as_word(Word("Tuve", 0, 0, 1, 1, alt="Tave"), lex).text  # neither a word: the first reading stays
    'Tuve'
    """
    if not word.alt:
        return word
    s, e = _core_span(word.text)
    a0, a1 = _core_span(word.alt)
    mine, other = word.text[s:e], word.alt[a0:a1]
    if len(other) < 3 or mine.lower() == other.lower() or not all(c.isalpha() or c == "-" for c in mine + other):
        return word
    if is_word(mine) or not is_word(other):
        return word
    return replace(word, text=word.text[:s] + other + word.text[e:], alt=word.text)


def settle_readings(content: PageContent, is_word: Callable[[str], bool]) -> None:
    """Each word of an OCR'd page that has two readings settled by :func:`reading_as_word`, in place."""
    content.words[:] = [reading_as_word(w, is_word) for w in content.words]


def settled_end_mark(text: str, ink: raster.MarkInk | None) -> str:
    """``text`` with its end mark as its ink shows it: a ";" or ":" with no dot at the x-height is a period, or a
    comma where it has a tail below the letters. Only a reading the ink contradicts changes, and only where the
    ink is plain: a glyph of its own, standing on the line, after a letter without a descender. On tuning scans
    "hösten 2021;" and "betyget 3,8 av 5;" were periods with no ink at the x-height. (A comma read for a period
    stays: a blurred comma's tail can be too short to tell, "tidiga, samordnade" on Chromium scan 783.)

    >>> period, comma, colon = raster.MarkInk(0.11, -0.15, 0.0), raster.MarkInk(0.13, -0.15, 0.09), raster.MarkInk(0.12, -0.5, 0.0)
    >>> settled_end_mark("2021;", period), settled_end_mark("2025:", period), settled_end_mark("5,", period)
    ('2021.', '2025.', '5,')
    >>> settled_end_mark("året:", colon), settled_end_mark("barn,", comma), settled_end_mark("barn;", comma)
    ('året:', 'barn,', 'barn,')
    >>> settled_end_mark("skap.", raster.MarkInk(0.13, -0.12, -0.2)), settled_end_mark("San;", raster.MarkInk(0.13, -0.49, -0.4))
    ('skap.', 'San;')
    >>> settled_end_mark("Avvikelse:", raster.MarkInk(0.077, 0.213, 0.271))  # ink all under a misplaced baseline
    'Avvikelse:'

    (A comma is not made a colon by ink at the x-height: a tilted line's baseline is as far off the other way,
    "tidiga," measured so on a WeasyPrint 150 dpi scan, tuning 1027.)
    """
    if ink is None or len(text) < 2 or text[-1] not in END_MARKS or not text[-2].isalnum() or text[-2] in DESCENDERS:
        return text
    if ink.width > MARK_MAX_WIDTH or ink.drop < -0.06 or ink.top > 0.0:
        # no mark's ink of its own, on the line; or all of it under the line, whose baseline is off here (a tilted
        # line: "Avvikelse:" measured 0.21 em under it, and read as a comma by its "tail", tuning 1085)
        return text
    mark = text[-1]
    if ink.top > UPPER_DOT and mark in ":;":
        mark = "," if ink.drop >= TAIL else "."
    return text[:-1] + mark


def clean_word(text: str, widths: list[float] | None = None, hyphen: float | None = None,
               range_from: float | None = None) -> str:
    """Dashes as printed. Tesseract's Swedish model confuses hyphen, en dash and em
    dash (``0–18`` comes out as ``0—-18`` or ``0-18``); the measured ink widths
    (:func:`raster.dash_widths`, ems) decide, against the page's own hyphens
    (``hyphen``, :func:`hyphen_width`) where it has some: fonts draw their dashes
    differently wide. Without a measurement a run of dashes inside a word becomes one en dash.

    >>> clean_word("0-18", [0.38], hyphen=0.24), clean_word("0-18", [0.3]), clean_word("FCA—koordinator", [0.4], hyphen=0.2)
    ('0–18', '0-18', 'FCA-koordinator')
    >>> clean_word("familje–", [0.36], hyphen=0.28)
    'familje-'
    >>> clean_word("O-", [0.38], hyphen=0.25), clean_word("O-ringar", [0.38], hyphen=0.25)
    ('O–', 'O-ringar')
    >>> clean_word("6-12", [0.327], hyphen=0.284), clean_word("6-12", [0.327], hyphen=0.284, range_from=0.316)
    ('6-12', '6–12')

    ``range_from``: the width from which a dash after a digit is an en dash (:func:`range_dash_from`).
    """
    runs = _dash_runs(text)
    if not runs:
        return text
    if widths is not None and len(widths) == len(runs):
        out, last = [], 0
        for m, w in zip(runs, widths):
            en_from = range_from if _after_digit(text, m) else None
            out += [text[last : m.start()], "-" if _hyphen_after_letter(text, m) else _dash_char(w, hyphen, en_from)]
            last = m.end()
        return "".join(out) + text[last:]
    return re.sub(r"[—–][-—–]*|-[—–][-—–]*", "–", text)


# what Tesseract makes of a bullet glyph (•) at the start of a line
_BULLET_READINGS = {"e", "o", "ee", "eo", "oe", "0", "O", "*", "«", "»", "°", "+", "¢", "©", "®", "·", "•", "-", "—", "–", "~", "=", "«-", "»-"}


def _indent_min(words: list[TsvWord], size: float) -> float:
    """The least gap after a bullet: clearly wider than the line's word spaces.

    Writers indent list text by 0.5–1.5 em after the marker; a word space is
    about a quarter em. With too few words to measure spaces, 0.8 em.

    >>> line = (1, 1, 1, 1)
    >>> ws = [TsvWord(t, x, 0, w, 30, 90.0, line) for t, x, w in (("Hur", 614, 66), ("familjer", 695, 138), ("med", 850, 60))]
    >>> round(_indent_min(ws, 45.8), 1)
    25.6
    """
    gaps = [b.left - (a.left + a.width) for a, b in zip(words, words[1:])]
    if len(gaps) < 2:
        return 0.8 * size
    return max(0.55 * size, 1.6 * float(np.median(gaps)))


_BULLET_CHARS = set("".join(_BULLET_READINGS))
#: a bullet dot's ink is at most this much of the em high and wide (measured 0.28–0.30 at 300 dpi, 0.41 on a
#: blurred 150 dpi scan; a lower-case "e" or "o" is an x-height high, 0.47 (Carlito) to 0.55 em (DejaVu))
DOT_MAX = 0.45
#: a bullet's dot is at least this much of the em high and wide (less is a speck), and fills this much of its box
#: (a disc fills 0.79; a letter's stroke or a comma far less)
DOT_MIN, DOT_FILL = 0.12, 0.55


#: a mark whose ink starts this much of the em above the baseline or lower, and reaches it (to within
#: :data:`BASELINE_SLACK` of the em: a line's baseline is estimated, a period 1 pixel above one at 42 pixels an em
#: was taken for a bullet, LibreOffice scan 1132), sits on the baseline: a comma or period, not a bullet (whose dot
#: stands at half the x-height, its top 0.35 em up or more, its bottom 0.1 em or more)
ON_BASELINE, BASELINE_SLACK = 0.22, 0.05


def sits_on_baseline(word: TsvWord, base: float, size: float) -> bool:
    """Does ``word``'s ink sit on the line's baseline, as punctuation does (not at half the x-height, as a bullet)?

    >>> comma, dot = TsvWord(",", 1379, 547, 7, 10, 92.0, (1,)), TsvWord("•", 1379, 536, 12, 13, 92.0, (1,))
    >>> sits_on_baseline(comma, 554.0, 45.8), sits_on_baseline(dot, 554.0, 45.8)
    (True, False)
    >>> sits_on_baseline(TsvWord(".", 1729, 2123, 4, 5, 75.0, (1,)), 2129.0, 41.7)  # a pixel above the estimate
    True
    """
    return word.top > base - ON_BASELINE * size and word.top + word.height >= base - BASELINE_SLACK * size


def mark_bullets(words: list[TsvWord], size: float, base: float | None = None) -> list[TsvWord]:
    """A line's words with a leading bullet (misread as ``«``, ``e``, ``°`` …) made ``•``.

    A bullet is a short mark at the line start followed by a space (some writers
    set the marker one space before the text), a letter-like reading whose ink
    is a dot far smaller than a letter, followed by a space, or another
    letter-like reading (``e``, ``o``) followed by a gap much wider than a
    space (the list indent);
    specks read inside that indent are dropped. As :data:`textlines.BULLETS` knows ``•``, the
    layout then starts a paragraph there as it does for the text layer's
    bullets. Not a mark on the line's ``base`` (:func:`sits_on_baseline`): a comma a writer wrapped to the next
    line, after a word wider than its column (", Funktionsstöd och": Chromium 150 dpi scan, tuning 1071). Not a
    speck (:func:`is_speck_reading`):

    >>> ln = (1, 1, 1, 1)
    >>> word = TsvWord("arbetssätt.", 705, 2897, 176, 30, 96.0, ln)
    >>> [w.text for w in mark_bullets([TsvWord("«", 686, 2903, 9, 9, 40.0, ln), word], 30.0)]
    ['•', 'arbetssätt.']
    >>> [w.text for w in mark_bullets([TsvWord("'", 688, 2895, 1, 4, 0.0, ln), word], 30.0)]
    ["'", 'arbetssätt.']
    """
    ws = sorted(words, key=lambda w: w.left)
    if len(ws) < 2:
        return ws
    first = ws[0]
    if base is not None and not first.text[:1].isalnum() and sits_on_baseline(first, base, size):
        return ws
    # (a dot's box says bullet whatever Tesseract named it: "LJ" at 90 % for a blurred •; Swedish has no word
    # of one or two letters that fits it: "i", "å", "ö" are a letter's height)
    dot_box = len(first.text) <= 2 and all(DOT_MIN * size <= d <= DOT_MAX * size for d in (first.height, first.width))
    if not (dot_box or first.text in _BULLET_READINGS
            or (len(first.text) <= 2 and all(c in _BULLET_CHARS or not c.isalnum() for c in first.text))):
        return ws
    if first.width > 0.6 * size or (not any(c.isalnum() for c in first.text) and is_speck_reading(first, size)):
        # (a mark's speck is no bullet: "'" one pixel by four before "arbetssätt." split its paragraph, Chromium scan
        # 1151; a dot read as a letter is judged by its box below)
        return ws
    k = 1
    while k < len(ws) - 1 and k <= 2 and not any(c.isalnum() for c in ws[k].text):
        k += 1  # specks in the indent
    gap = ws[k].left - (first.left + first.width)
    # a round dot well under the x-height: a bullet whatever Tesseract named it ("e", 0.28 em square, one space
    # before the text: WeasyPrint's list marker), not a letter, which is at least half an em tall
    dot = first.text not in _FLAT_MARKS and first.height <= DOT_MAX * size and first.width <= DOT_MAX * size
    if dot:
        if gap < 0.1 * size:
            return ws
    elif any(c.isalnum() or c in _FLAT_MARKS for c in first.text):
        # a letter ("e", "o") or a dash is a bullet only where it stands apart more than a word does:
        # prose wraps before a spaced dash too ("det till | – vilket vi hoppas")
        if gap < _indent_min(ws[k:], size):
            return ws
    elif gap < 0.2 * size:
        return ws  # a mark against the word is punctuation ("»citat»"); after a space it is a list's marker
    return [TsvWord("•", first.left, first.top, first.width, first.height, first.conf, first.line), *ws[k:]]


def split_glued_bullet(ink: np.ndarray, word: TsvWord, size: float) -> list[TsvWord]:
    """``word`` as two where Tesseract glued a list's bullet to its first word ("«Öppna", Chromium scan 978):
    its reading starts with a mark before a capital, and its box's ink starts with a dot no bigger than
    :data:`DOT_MAX` of the em, a list's indent (a fifth of the em or more) left of the rest. Else ``[word]``.

    >>> ink = np.zeros((60, 300), np.uint8); ink[22:31, 10:19] = 255; ink[10:40, 40:200] = 255
    >>> [w.text for w in split_glued_bullet(ink, TsvWord("«Öppna", 10, 10, 190, 30, 7.0, (1, 1, 1, 1)), 30.0)]
    ['«', 'Öppna']
    >>> [w.text for w in split_glued_bullet(ink, TsvWord("»Citat", 10, 10, 190, 30, 7.0, (1, 1, 1, 1)), 30.0)]
    ['»', 'Citat']
    >>> ink[22:31, 10:19] = 0; ink[22:31, 34:40] = 255                  # a mark against the word: punctuation
    >>> [w.text for w in split_glued_bullet(ink, TsvWord("«Öppna", 34, 10, 166, 30, 7.0, (1, 1, 1, 1)), 30.0)]
    ['«Öppna']
    """
    if len(word.text) < 3 or word.text[0] not in _BULLET_CHARS or word.text[0].isalnum() or not word.text[1].isupper():
        return [word]
    box = ink[word.top : word.top + word.height, word.left : word.left + word.width]
    if box.size == 0:
        return [word]
    cols = np.flatnonzero(box.any(axis=0))
    if cols.size == 0:
        return [word]
    gaps = np.flatnonzero(np.diff(cols) > 1)
    if gaps.size == 0:
        return [word]
    dot_end, text_start = int(cols[gaps[0]]) + 1, int(cols[gaps[0] + 1])
    rows = np.flatnonzero(box[:, cols[0] : dot_end].any(axis=1))
    if dot_end - cols[0] > DOT_MAX * size or rows.size == 0 or rows[-1] - rows[0] + 1 > DOT_MAX * size:
        return [word]
    if text_start - dot_end < 0.2 * size:
        return [word]
    mark = TsvWord(word.text[0], word.left + int(cols[0]), word.top + int(rows[0]), dot_end - int(cols[0]), int(rows[-1] - rows[0]) + 1, word.conf, word.line)
    rest = TsvWord(word.text[1:], word.left + text_start, word.top, word.width - text_start, word.height, word.conf, word.line)
    return [mark, rest]


#: how far (ems) a misread bullet may stand from where the page's read bullets stand, and its text from theirs
BULLET_ALIGN = 0.25

Placed = tuple[TsvWord, float, float, "list[float] | None"]  # a word, its baseline, its line's size, its dash widths


def _next_on_line(placed: Sequence[Placed], i: int) -> int | None:
    """The word nearest right of word ``i`` on its printed line (its box spans ``i``'s middle height), if any
    within :data:`DOT_REACH` of its line's size (a list's text; not a word in the next column)."""
    w = placed[i][0]
    mid = w.top + w.height / 2
    right = [j for j, (v, _, size, _) in enumerate(placed)
             if j != i and w.left + w.width - 1 <= v.left <= w.left + w.width + DOT_REACH * size and v.top <= mid <= v.top + v.height]
    return min(right, key=lambda j: placed[j][0].left, default=None)


def settle_bullets(placed: list[Placed], alone: set[int]) -> list[Placed]:
    """Bullets the line-by-line reading (:func:`mark_bullets`) could not see, made ``•``:

    - a mark Tesseract read as a line of its own (``alone``: indexes into ``placed``), left of a line's first
      word on the same printed line ("-." and "Workshops" as two lines, LibreOffice scan 984), judged by
      :func:`mark_bullets` as if one line;
    - a letter-like reading ("e") where the page's read bullets stand, before text where theirs starts: one
      space apart, as a list item of one long word ("e Föräldraskapsstödsprogrammet", WeasyPrint scan 980),
      not before a lower-case word;
    - the same ink read twice, as a mark on a line beside and as a bullet, is the bullet.

    >>> line = (1, 1, 1, 1)
    >>> dot = lambda y: (TsvWord("•", 100, y + 8, 10, 10, 90.0, line), y + 30.0, 30.0, None)
    >>> word = lambda t, x, y: (TsvWord(t, x, y, 200, 30, 95.0, line), y + 30.0, 30.0, None)
    >>> page = [dot(0), word("Bokgåvor", 130, 0), (TsvWord("-.", 100, 50, 9, 9, 19.0, (1, 2, 1, 1)), 59.0, 9.0, None),
    ...         word("Workshops", 160, 42), (TsvWord("e", 100, 92, 14, 14, 60.0, line), 112.0, 30.0, None), word("Föräldraskapsstöd", 130, 84)]
    >>> [w.text for w, _, _, _ in settle_bullets(page, {2})]
    ['•', 'Bokgåvor', '•', 'Workshops', '•', 'Föräldraskapsstöd']
    >>> [w.text for w, _, _, _ in settle_bullets(page[2:], {0})]  # no bullet read on the page: "e" stays
    ['•', 'Workshops', 'e', 'Föräldraskapsstöd']
    >>> read = (TsvWord("•", 99, 49, 10, 10, 90.0, line), 72.0, 30.0, None)  # the mark's ink read as a bullet already
    >>> [w.text for w, _, _, _ in settle_bullets([read, *page[2:4]], {1})]
    ['•', 'Workshops']
    >>> beside = (TsvWord(".", 100, 50, 9, 9, 89.0, (1, 5, 1, 1)), 80.0, 30.0, None)  # ... or as a line's period beside
    >>> [w.text for w, _, _, _ in settle_bullets([beside, read, page[3]], set())]
    ['•', 'Workshops']
    """
    out = list(placed)

    def bullet(i: int, j: int) -> None:
        w, _, _, _ = out[i]
        _, base, size, _ = out[j]
        out[i] = (TsvWord("•", w.left, w.top, w.width, w.height, w.conf, w.line), base, size, None)

    def over_bullet(i: int) -> bool:
        """Is word ``i``'s ink that of a bullet read already (another word ``•`` overlapping it)?"""
        a = out[i][0]
        return any(k != i and b.text == "•" and _overlap(a.left, a.width, b.left, b.width) > 0
                   and _overlap(a.top, a.height, b.top, b.height) > 0 for k, (b, _, _, _) in enumerate(out))

    gone: set[int] = set()
    for i in sorted(alone):
        w = out[i][0]
        if not (w.text in _BULLET_READINGS or (len(w.text) <= 2 and not any(c.isalnum() for c in w.text))):
            continue
        if over_bullet(i):
            gone.add(i)  # the ink of a bullet read from the ink already (:func:`with_dropped_bullets`): one bullet
            continue
        j = _next_on_line(out, i)
        if j is not None and mark_bullets([w, out[j][0]], out[j][2], out[j][1])[0].text == "•":
            bullet(i, j)
    marks = [(out[i][0], out[j][0]) for i in range(len(out)) if out[i][0].text == "•" and (j := _next_on_line(out, i)) is not None]
    for i, (w, _, size, _) in enumerate(out):
        if not marks or w.text not in _BULLET_READINGS or not any(c.isalpha() for c in w.text):
            continue
        j = _next_on_line(out, i)
        if j is None or out[j][0].text[:1].islower():
            continue  # (a list item starts as a sentence does; "Folkhälsoutvecklar|e tillsammans": a word's tail)
        text_x = out[j][0].left
        if any(abs(w.left - m.left) <= BULLET_ALIGN * size and abs(text_x - t.left) <= BULLET_ALIGN * size for m, t in marks):
            bullet(i, j)
    # a mark on the line of the column beside, over a bullet read from the ink: the bullet's dot read twice (". •"
    # where Tesseract ran a line across the columns, as the period of "skola" left of it: Chromium scan 1063)
    for i, (w, _, _, _) in enumerate(out):
        if w.text != "•" and len(w.text) <= 2 and not any(c.isalnum() for c in w.text) and over_bullet(i):
            gone.add(i)
    return [p for i, p in enumerate(out) if i not in gone]


#: how far left of a line's first word a dropped bullet is looked for (ems): list text stands 0.5–2 em after it
DOT_REACH = 3.0


def dropped_bullet(ink: np.ndarray, word: TsvWord, base: float, size: float, after: float = 0.0) -> TsvWord | None:
    """The bullet Tesseract left unread before ``word`` (a line's or a column's first), from the ink (mask, 255;
    table rules erased): the nearest piece left of it, within :data:`DOT_REACH` ems, is a round dot no bigger
    than :data:`DOT_MAX` of the em, filled, standing at the letters' middle height (not a period's baseline),
    a space or more from the word, and right of ``after`` (the x where the word before it, read, ends). A scan's
    bullet items then start paragraphs as the text layer's do.

    >>> ink = np.zeros((60, 200), np.uint8); ink[20:40, 80:160] = 255     # a word, its baseline at y 40
    >>> ink[26:35, 52:61] = 255                                            # a dot 9 px square, 30 px left of it
    >>> w = TsvWord("Bokgåvor", 80, 20, 80, 20, 95.0, (1, 1, 1, 1))
    >>> dropped_bullet(ink, w, 40.0, 28.0).text
    '•'
    >>> ink[26:35, 52:61] = 0; ink[36:41, 70:75] = 255                     # a period at the baseline instead
    >>> dropped_bullet(ink, w, 40.0, 28.0) is None
    True
    >>> ink[36:41, 70:75] = 0; ink[28:34, 50:62] = 255                     # a hyphen: long, not round
    >>> dropped_bullet(ink, w, 40.0, 28.0) is None
    True
    >>> ink[28:34, 50:62] = 0; ink[24:31, 52:59] = 255; dropped_bullet(ink, w, 40.0, 28.0).text
    '•'
    >>> ink[33:40, 52:59] = 255; dropped_bullet(ink, w, 40.0, 28.0) is None   # a stem under it: an "i"
    True
    """
    x0, x1 = max(int(word.left - DOT_REACH * size), int(after), 0), int(word.left - 0.15 * size)
    y0, y1 = max(int(base - 0.9 * size), 0), int(base + 0.2 * size)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    crop = ink[y0:y1, x0:x1]
    n, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    pieces = [stats[k] for k in range(1, n) if stats[k][cv2.CC_STAT_AREA] >= (DOT_MIN * size) ** 2 / 2]
    if not pieces:
        return None
    x, y, w, h, area = max(pieces, key=lambda st: st[cv2.CC_STAT_LEFT] + st[cv2.CC_STAT_WIDTH])  # the nearest
    touches = x == 0 or y == 0 or x + w >= crop.shape[1] or y + h >= crop.shape[0]
    middle = y0 + y + h / 2
    if (touches or not DOT_MIN * size <= min(w, h) <= max(w, h) <= DOT_MAX * size or max(w, h) > 1.5 * min(w, h)
            or area < DOT_FILL * w * h or not base - 0.6 * size <= middle <= base - 0.15 * size):
        return None  # (a round dot: a hyphen is as high up, but long)
    if any(st[cv2.CC_STAT_LEFT] + st[cv2.CC_STAT_WIDTH] > x - 0.4 * size for st in pieces if st[cv2.CC_STAT_LEFT] < x):
        return None  # a bullet starts its line: ink just before it is a word's (a period in mid-line)
    if any(st[cv2.CC_STAT_TOP] >= y + h and st[cv2.CC_STAT_LEFT] < x + w and x < st[cv2.CC_STAT_LEFT] + st[cv2.CC_STAT_WIDTH]
           for st in pieces):
        return None  # a dot over a stem is an "i"'s (the last word of the column before: "familjer i|samverkan")
    return TsvWord("•", x0 + int(x), y0 + int(y), int(w), int(h), word.conf, word.line)


def with_dropped_bullets(ink: np.ndarray, words: list[TsvWord], base: float, size: float,
                         walls: Sequence[raster.Segment] = ()) -> list[TsvWord]:
    """A line's words (left to right) with the bullets Tesseract dropped put back (:func:`dropped_bullet`),
    before its first word and before each word that starts a column (a gap wider than an em before it: one
    Tesseract line may run across a table's columns). A bullet stands in its word's cell: never across a
    column border (``walls``) from it (the period after "dinator." in the column before, read as the bullet of
    "stadsområdet.": a LibreOffice scan, tuning 1131)."""
    out: list[TsvWord] = []
    for i, w in enumerate(words):
        after = words[i - 1].left + words[i - 1].width + 2 if i else 0.0
        mid = w.top + w.height / 2
        after = max([after] + [s.pos + 2 for s in walls if s.pos < w.left and s.start <= mid <= s.end])
        starts = i == 0 or w.left - after > 1.0 * size
        if starts and w.text != "•" and (dot := dropped_bullet(ink, w, base, size, after)) is not None:
            out.append(dot)
        out.append(w)
    return out


#: a period is a dot this wide and high (ems): a bullet is bigger (:data:`DOT_MIN`), a scanner's speck smaller
PERIOD_SIZE = (0.06, 0.2)
#: where a period wrapped alone onto the next line stands: its bottom this far below the line's baseline (ems,
#: one line pitch) and its left at most this far right of the line's start
PERIOD_DROP, PERIOD_INDENT = (1.0, 1.7), 0.5


def dropped_period(ink: np.ndarray, line: list[TsvWord], base: float, size: float, read: Sequence[TsvWord] = ()) -> TsvWord | None:
    """The period a narrow column wrapped alone onto the next line, which Tesseract left unread (a dot too
    small to be a word to it): ``line`` is one column's part of a printed line, left to right, its last word
    ending in a letter; the next line, under the part's start, holds one piece of ink (``ink``: mask, 255,
    table rules erased), a filled round dot the size of a period on that line's baseline, and no word
    (``read``). A browser breaks a word longer than its column anywhere, before its period too
    ("civilsamhälle|." in a narrow delmål column, Chromium 820, WeasyPrint 819).

    >>> ink = np.zeros((200, 300), np.uint8); ink[40:70, 20:250] = 255          # a line, its baseline at y 70
    >>> w = TsvWord("civilsamhälle", 20, 40, 230, 30, 91.0, (1, 1, 1, 1))
    >>> dropped_period(ink, [w], 70.0, 40.0) is None                             # nothing on the next line
    True
    >>> ink[114:119, 22:27] = 255                                                # a 5 px dot on the next baseline
    >>> dropped_period(ink, [w], 70.0, 40.0)
    TsvWord(text='.', left=22, top=114, width=5, height=5, conf=91.0, line=(1, 1, 1, 1))
    >>> ink[110:119, 40:90] = 255                                                # a word goes on after it
    >>> dropped_period(ink, [w], 70.0, 40.0) is None
    True
    >>> ink[110:119, 40:90] = 0; dropped_period(ink, [replace(w, text="civilsamhälle.")], 70.0, 40.0) is None
    True
    """
    last = line[-1]
    if not last.text[-1:].isalnum():
        return None
    left = line[0].left
    x0, x1 = max(int(left - 0.3 * size), 0), int(left + 2.0 * size)
    y0, y1 = int(base + 0.4 * size), int(base + PERIOD_DROP[1] * size + 0.1 * size)
    if x1 - x0 < 2 or y1 - y0 < 2 or y1 > ink.shape[0]:
        return None
    if any(w.left < x1 and w.left + w.width > x0 and w.top < y1 and w.top + w.height > y0 for w in read):
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink[y0:y1, x0:x1], connectivity=8)
    # (pieces cut by the crop's bottom are the line below's tops; a pixel or two is no ink to heed)
    pieces = [stats[k] for k in range(1, n)
              if stats[k][cv2.CC_STAT_AREA] > 2 and stats[k][cv2.CC_STAT_TOP] + stats[k][cv2.CC_STAT_HEIGHT] < y1 - y0]
    if len(pieces) != 1:
        return None
    x, y, w, h, area = (int(v) for v in pieces[0])
    if x == 0 or y == 0 or x + w >= x1 - x0 or not _period_dot(w, h, area, size):
        return None
    if x0 + x > left + PERIOD_INDENT * size or not PERIOD_DROP[0] * size <= y0 + y + h - base <= PERIOD_DROP[1] * size:
        return None
    return TsvWord(".", x0 + x, y0 + y, w, h, last.conf, last.line)


def _period_dot(w: int, h: int, area: int, size: float) -> bool:
    """Is a piece of ink ``w`` × ``h`` pixels (``area`` inked) a period's dot at type size ``size``: of
    :data:`PERIOD_SIZE`, round, filled?"""
    lo, hi = PERIOD_SIZE
    return lo * size <= min(w, h) <= max(w, h) <= hi * size and max(w, h) <= 1.6 * min(w, h) and area >= DOT_FILL * w * h


#: where an unread period after a line's last word stands: its left at most this far right of the word's box,
#: its bottom this close to the baseline (ems)
PERIOD_AFTER, PERIOD_ON_BASE = 0.3, 0.12


def unread_period(ink: np.ndarray, word: TsvWord, base: float, size: float) -> TsvWord | None:
    """``word`` (a line's last in its column, ending in a letter) with the period printed right after it,
    where Tesseract read the word and left the period out (a small italic dot after "barnpass-|ning", WeasyPrint
    scan, tuning seed 992): the space from the word's box to :data:`PERIOD_AFTER` em right of it, from the
    x-height's top down to just under the baseline, holds one piece of ink (``ink``: mask, 255, table rules
    erased), a filled round dot the size of a period (:data:`PERIOD_SIZE`) on the baseline. A colon's or a
    semicolon's upper dot makes two pieces; a comma's tail, no round dot.

    >>> ink = np.zeros((120, 300), np.uint8); ink[40:70, 20:200] = 255           # a word, its baseline at y 70
    >>> w = TsvWord("ning", 20, 40, 180, 30, 91.0, (1, 1, 1, 1))
    >>> unread_period(ink, w, 70.0, 40.0) is None                                 # nothing after it
    True
    >>> ink[65:70, 203:208] = 255; unread_period(ink, w, 70.0, 40.0).text          # a 5 px dot on the baseline
    'ning.'
    >>> ink[50:55, 203:208] = 255; unread_period(ink, w, 70.0, 40.0) is None      # a colon's upper dot too
    True
    >>> ink[50:55, 203:208] = 0; unread_period(ink, replace(w, text="ning."), 70.0, 40.0) is None
    True
    """
    if not word.text[-1:].isalpha():
        return None
    x0, x1 = word.left + word.width, int(word.left + word.width + PERIOD_AFTER * size)
    y0, y1 = max(int(base - 0.8 * size), 0), int(base + PERIOD_ON_BASE * size) + 1
    if x1 - x0 < 2 or y1 > ink.shape[0] or x1 > ink.shape[1]:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink[y0:y1, x0:x1], connectivity=8)
    pieces = [stats[k] for k in range(1, n) if stats[k][cv2.CC_STAT_AREA] > 2]
    if len(pieces) != 1:
        return None
    x, y, w, h, area = (int(v) for v in pieces[0])
    if x + w >= x1 - x0 or y + h >= y1 - y0 or not _period_dot(w, h, area, size):
        return None  # (a piece the window cuts is the next word's or the line below's)
    if abs(y0 + y + h - base) > PERIOD_ON_BASE * size:
        return None
    return replace(word, text=word.text + ".", width=x0 + x + w - word.left)


#: marks Tesseract makes of an "i" (a dot over a stem) at low resolution
_I_READINGS = frozenset(";:!")
#: readings of a lone upright stroke
_STROKES = frozenset("|lI1")


def has_i_dot(ink: np.ndarray, word: TsvWord) -> bool:
    """Does the ink in ``word``'s box stand as an i's: a dot (a short run of rows, at most a third of the box) over
    a stem (half of it or more), a blank row between? (:func:`dotted_stem` looks above a box that holds the stem
    alone, as Tesseract boxes an "i" it read.)

    >>> ink = np.zeros((40, 20), np.uint8); ink[10:31, 8:12] = 255
    >>> stroke = TsvWord("|", 8, 2, 4, 29, 0.0, (1, 1, 1, 1))
    >>> has_i_dot(ink, stroke)
    False
    >>> ink[2:8, 8:12] = 255; has_i_dot(ink, stroke)
    True
    """
    box = ink[max(word.top, 0) : word.top + word.height, max(word.left, 0) : word.left + word.width]
    rows = np.flatnonzero(box.any(axis=1))
    if rows.size < 3:
        return False
    gaps = np.flatnonzero(np.diff(rows) > 1)
    if gaps.size != 1:
        return False
    dot = rows[gaps[0]] - rows[0] + 1
    stem = rows[-1] - rows[gaps[0] + 1] + 1
    return bool(dot <= word.height / 3 and stem >= word.height / 2)


def misread_i(words: list[TsvWord], size: float, walls: Sequence[raster.Segment] = (), ink: np.ndarray | None = None) -> list[TsvWord]:
    """A line's words with an "i" read as a mark made "i" again: ``;``, ``:`` or ``!`` alone, as tall as an
    "i" (0.62 em or more) and narrow, a space after the word before it (punctuation leans on its word) and before a
    lower-case word, away from a column border (``walls``: a rule's stub is :func:`is_rule_remnant`). Swedish
    sets no such mark apart ("parter ; styrgruppen": a 150 dpi LibreOffice scan, tuning 1062). A stroke read
    ``|`` or ``l`` is one too where its ``ink`` shows an i's dot over its stem (:func:`has_i_dot`), even against a
    border: a rule's stub has none ("| samverkan" opening an ansvar cell, Chromium scan 1153).

    >>> line = (1, 1, 1, 1)
    >>> ws = [TsvWord("parter", 1000, 1937, 200, 31, 96.0, line), TsvWord(";", 1324, 1955, 9, 28, 71.0, line),
    ...       TsvWord("styrgruppen.", 1346, 1933, 217, 34, 97.0, line)]
    >>> [w.text for w in misread_i(ws, 44.4)], [w.text for w in misread_i(ws, 44.4, [raster.Segment("v", 1320, 1800, 2100, 3)])]
    (['parter', 'i', 'styrgruppen.'], ['parter', ';', 'styrgruppen.'])
    """
    ws = sorted(words, key=lambda w: w.left)
    out = list(ws)
    for k, w in enumerate(ws):
        dotted = w.text in _STROKES and ink is not None and has_i_dot(ink, w)
        if not (w.text in _I_READINGS or dotted) or w.height < 0.62 * size or w.width > 0.3 * size or k + 1 >= len(ws):
            continue
        nxt, prev = ws[k + 1], ws[k - 1] if k else None
        if not nxt.text[:1].islower() or not 0 < nxt.left - (w.left + w.width) <= 0.6 * size:
            continue
        if prev is not None and w.left - (prev.left + prev.width) < 0.15 * size:
            continue
        mid = w.top + w.height / 2
        if not dotted and any(abs(s.pos - (w.left + w.width / 2)) < 0.3 * size and s.start <= mid <= s.end for s in walls):
            continue
        out[k] = TsvWord("i", w.left, w.top, w.width, w.height, w.conf, w.line)
    return out


#: capitals whose small letter stands no higher than the x-height (a small initial Tesseract can read as one
#: of them where its line's baseline is misjudged); å, ä, ö reach up with their marks, i and j with their dots
X_HEIGHT_INITIALS = frozenset("ACEMNORSUVWXZ")
#: letters that reach the ascender line: the height a small initial is measured against
_ASCENDING = frozenset("bdfhklt")
#: an initial whose ink tops out this much of the em or more below the word's ascenders is a small letter (the
#: x-height is 0.2 em or so under a capital's height, which is within 0.05 em of the ascenders)
SMALL_INITIAL_DROP = 0.12
#: an ascending letter is at least this tall (ems; an x-height letter is half an em, a ring or dots a fifth)
ASCENDER_MIN = 0.6


def small_initial(ink: np.ndarray, word: TsvWord, size: float) -> TsvWord:
    """``word`` with its first letter made small where Tesseract read a capital that the ink shows no taller
    than the x-height: its leftmost glyph tops out well under the ascenders of the letters after it
    ("Medarbetare" at 73 % for "medarbetare", the line's first word on a tilted 200 dpi Chromium scan read
    with the next column's line: tuning 1168). Only where one of the next four letters ascends to measure by.

    >>> ink = np.zeros((60, 140), np.uint8)
    >>> ink[20:40, 2:22] = 255; ink[20:40, 26:40] = 255; ink[6:40, 44:56] = 255   # "m", "e", "d": d ascends
    >>> small_initial(ink, TsvWord("Med", 0, 4, 60, 38, 73.0, (1,)), 40.0).text
    'med'
    >>> ink[8:40, 2:22] = 255; small_initial(ink, TsvWord("Med", 0, 4, 60, 38, 73.0, (1,)), 40.0).text  # a capital
    'Med'
    >>> ink[8:30, 2:22] = 0; small_initial(ink, TsvWord("Med", 0, 4, 60, 38, 73.0, (1,)), 40.0).text  # a capital's foot
    'Med'
    >>> ink = np.zeros((60, 140), np.uint8)
    >>> ink[10:40, 2:22] = 255; ink[2:8, 28:36] = 255; ink[20:40, 26:40] = 255; ink[8:40, 44:56] = 255  # "Vå" + "d"
    >>> small_initial(ink, TsvWord("Vårda", 0, 2, 60, 38, 90.0, (1,)), 40.0).text  # the ring is no ascender
    'Vårda'
    >>> ink[2:8, 28:36] = 0; ink[0:20, 30:34] = 255   # a ring touching its letter: as tall as an ascender, higher
    >>> small_initial(ink, TsvWord("Vårda", 0, 0, 60, 40, 90.0, (1,)), 40.0).text
    'Vårda'
    """
    t = word.text
    if len(t) < 3 or t[0] not in X_HEIGHT_INITIALS or not t[1:].islower() or not set(t[1:5]) & _ASCENDING:
        return word
    crop = ink[max(word.top, 0) : word.top + word.height, max(word.left, 0) : word.left + word.width]
    n, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    glyphs = sorted((stats[i] for i in range(1, n) if stats[i][cv2.CC_STAT_AREA] >= (0.1 * size) ** 2),
                    key=lambda st: st[cv2.CC_STAT_LEFT])
    if len(glyphs) < 2:
        return word
    # (the next few glyphs: a tilt left in the page moves a far one's top; the ascending ones only, as tall as an
    # ascender: an å's ring stands higher still and apart, and made "Vårda", "Målområden" small, tuning 1145–1175)
    first, rest = glyphs[0], [st for st in glyphs[1:5] if st[cv2.CC_STAT_HEIGHT] >= ASCENDER_MIN * size]
    if not rest:
        return word
    bottom = max(st[cv2.CC_STAT_TOP] + st[cv2.CC_STAT_HEIGHT] for st in rest)
    # (a whole letter, not a broken glyph's piece: as tall as an x-height letter and standing on the line)
    whole = (first[cv2.CC_STAT_HEIGHT] >= 0.3 * size
             and abs(first[cv2.CC_STAT_TOP] + first[cv2.CC_STAT_HEIGHT] - bottom) <= 0.08 * size)
    # (against the lowest of their tops: an å whose ring touches its letter is as tall as an ascender, and higher)
    if not whole or first[cv2.CC_STAT_TOP] - max(st[cv2.CC_STAT_TOP] for st in rest) < SMALL_INITIAL_DROP * size:
        return word
    return replace(word, text=t[0].lower() + t[1:])


def is_rule_remnant(word: TsvWord, size: float) -> bool:
    """Is this "dash" the stub of an erased vertical rule? A dash, an equals sign or a tilde is a flat
    mark; a box as tall as the line (at least 0.6 of its size) holds something else: what is left of a
    tilted table rule between two cells, which Tesseract reads as ``-`` or ``=``.

    >>> line = (1, 1, 1, 1)
    >>> is_rule_remnant(TsvWord("=", 400, 383, 13, 50, 50.0, line), 43.6)
    True
    >>> is_rule_remnant(TsvWord("–", 400, 400, 23, 6, 90.0, line), 43.6)
    False
    >>> is_rule_remnant(TsvWord("=:", 1688, 2771, 30, 52, 13.0, line), 43.6)  # a rule's broken stub, dots and all
    True
    """
    return bool(word.text) and set(word.text) <= _RULE_DEBRIS and word.height > 0.6 * size


#: a dash's middle stands about a quarter of the type size over the baseline (half the x-height): a doubtful flat
#: mark whose middle is closer to it than this is a sliver of a rule (a row's border), not a dash
DASH_RISE_MIN = 0.12


def is_rule_sliver(word: TsvWord, base: float, size: float) -> bool:
    """Is this doubtful flat mark a sliver of a row's rule, lying on the line's baseline (``base``, pixels) where no
    dash lies? ("=" 5 pixels square, 25 % sure, at the foot of a cell's line: Chromium 200 dpi scan, tuning 1008.)

    >>> line = (1, 1, 1, 1)
    >>> is_rule_sliver(TsvWord("=", 1999, 1525, 5, 5, 24.9, line), 1529.0, 38.0)
    True
    >>> is_rule_sliver(TsvWord("-", 1999, 1516, 11, 4, 24.9, line), 1529.0, 38.0), is_rule_sliver(TsvWord("=", 1999, 1525, 5, 5, 91.0, line), 1529.0, 38.0)
    (False, False)
    """
    return (bool(word.text) and set(word.text) <= _FLAT_MARKS and word.conf < DOUBT_CONF
            and word.top + word.height / 2 > base - DASH_RISE_MIN * size)


#: a letter or digit is at least this tall (of the type size; an x-height is about half); one of these, a single
#: stem, at least this tall (an "i" with its dot is about 0.7 of the type size; one whose dot the scan lost, its
#: x-height, 0.49: "arabiska i samverkan", LibreOffice scan 1078; a speck read as a stem 0.38)
GLYPH_MIN_HEIGHT, STEM_MIN_HEIGHT, MARK_MIN = 0.3, 0.44, 0.05
STEMS = frozenset({"i", "l", "I", "1", "j"})
#: a period, comma or apostrophe read as a word of its own (a rule's one-pixel sliver reads as "'": Chromium
#: 250 dpi scan, tuning 1005)
LONE_MARKS = frozenset({".", ",", "'", "`", "\u2018", "\u2019"})


#: a cell's part of a line Tesseract ran across a table's columns stands on a baseline of its own where the
#: two lie this far apart (of the type size): the cells' lines are not level with each other. A third of an em
#: let a cell's lines stand two points off their print, as much as the spacing that shows a paragraph's end
#: ("familjerelationer.|Personalen", 3 pt after a paragraph, read 0.5 pt closer than a wrap: a Chromium 150 dpi
#: scan, tuning 1001); a part's own baseline is a pixel or two from its print
PART_APART = 0.1
#: ... measured on its boxes unless they measure a type size this far (a share) from the line's: then a box is off
#: (reaching under or over its letters) and the part's ink tells its baseline. One font's words measure within a
#: tenth or so
PART_SIZE_OFF = 0.25


def _part_baselines(ws: list[TsvWord], parts: list[list[int]], est: tuple[float, float],
                    ink: np.ndarray | None = None) -> dict[int, float]:
    """The baselines (by word id) of the cells' parts (``parts``, :func:`_between_walls`) of one Tesseract line
    that stand off its own ``est`` (baseline, size): Tesseract runs a line across a table's columns where their
    lines are close to level, and "föräldraskapsstöd." in the last column stood a line below "anpassat till olika
    grupper" in the first (LibreOffice scan 675); on the line's common baseline it was laid into the line above it.

    >>> line = (1, 1, 1, 1)
    >>> ws = [TsvWord("anpassat", 259, 1130, 150, 32, 96.0, line), TsvWord("grupper", 555, 1134, 129, 29, 96.0, line),
    ...       TsvWord("föräldraskapsstöd.", 2167, 1152, 304, 36, 93.0, line)]
    >>> est = normalise_line([(w.text, w.top, w.top + w.height) for w in ws])
    >>> parts = _between_walls(ws, [0, 1, 2], [raster.Segment("v", 2100, 0, 3000, 2)])
    >>> {ws.index(w): round(b) for w in ws for i, b in _part_baselines(ws, parts, est).items() if id(w) == i}
    {2: 1180}

    A part whose boxes measure another type size than the line's has a box that is off: Tesseract boxed a lone
    "behov." 45 pixels high on a line of 28-pixel words, its bottom 15 pixels under its letters (LibreOffice 300 dpi
    scan, tuning 1070), and on that bottom it stood a paragraph's gap under the line above; "FCA-koordinato-" 62
    high, its top far over its letters and its bottom right (a line's own, WeasyPrint 200 dpi scan, tuning 1034).
    The part's ink (``ink``) then tells its baseline, where its words have no descenders
    (:func:`word_baseline`); otherwise it keeps the line's.

    >>> ws = [TsvWord("behov.", 642, 1323, 107, 45, 95.0, line), TsvWord("Personalen", 1926, 1325, 184, 28, 67.0, line),
    ...       TsvWord("känner", 2125, 1325, 112, 28, 96.0, line)]
    >>> est = normalise_line([(w.text, w.top, w.top + w.height) for w in ws])
    >>> parts = _between_walls(ws, [0, 1, 2], [raster.Segment("v", 1800, 0, 3000, 2)])
    >>> _part_baselines(ws, parts, est)
    {}
    >>> ink = np.zeros((1400, 2300), np.uint8); ink[1325:1353, 642:749] = 255; ink[1362:1368, 700:705] = 255
    >>> _part_baselines(ws, parts, est, ink)  # its letters stand on the line's baseline
    {}
    >>> ink[1325:1353] = 0; ink[1340:1368, 642:749] = 255
    >>> [round(b) for b in _part_baselines(ws, parts, est, ink).values()]  # ... or 15 pixels under it
    [1368]
    """
    out: dict[int, float] = {}
    if len(parts) < 2:
        return out
    for part in parts:
        own = normalise_line([(ws[i].text, ws[i].top, ws[i].top + ws[i].height) for i in part])
        if own is None:
            continue
        base = own[0]
        if abs(own[1] - est[1]) > PART_SIZE_OFF * est[1]:
            # its boxes measure another type size than the line's: a box is off; its letters' ink tells
            inked = [b for i in part if (b := word_baseline(ink, ws[i])) is not None] if ink is not None else []
            if not inked:
                continue
            base = float(np.median(inked))
        if abs(base - est[0]) > PART_APART * est[1]:
            out.update((id(ws[i]), base) for i in part)
    return out


def is_speck_reading(word: TsvWord, size: float) -> bool:
    """Is this word of letters or digits too flat to be any: a speck or a sliver of a rule Tesseract
    read as text (``3`` in a box 4 pixels high, ``dan`` in one 10 high, on a line of 37-pixel type)?

    >>> line = (1, 1, 1, 1)
    >>> is_speck_reading(TsvWord("dan", 3106, 1809, 69, 10, 36.0, line), 37.0), is_speck_reading(TsvWord("om", 2316, 1861, 48, 15, 93.0, line), 37.0)
    (True, False)
    >>> is_speck_reading(TsvWord("–", 400, 400, 23, 4, 90.0, line), 37.0)  # a dash is flat
    False

    A letter that is one stem ("i", "l", "I", "1") reaches from the x-height's top or higher: a short stroke is
    a speck (an "I" 14 pixels high between "BHV" and "och", LibreOffice scan 765; a real "i" is boxed 29 high,
    and at times one pixel wide, so the width tells nothing):

    >>> is_speck_reading(TsvWord("I", 1186, 768, 1, 14, 81.0, line), 37.0), is_speck_reading(TsvWord("i", 90, 768, 1, 29, 97.0, line), 37.0)
    (True, False)
    >>> is_speck_reading(TsvWord("i", 657, 2634, 8, 21, 97.0, line), 43.1)   # its dot lost: an x-height high
    False
    >>> is_speck_reading(TsvWord(".", 1184, 3176, 1, 4, 4.8, line), 40.0), is_speck_reading(TsvWord(".", 1184, 3176, 5, 5, 40.0, line), 40.0)
    (True, False)
    >>> is_speck_reading(TsvWord("'", 623, 262, 1, 22, 4.1, line), 30.0)
    True
    """
    if word.text in LONE_MARKS:
        # a mark's ink is a dot at least a twentieth of the type wide and high; a doubtful one thinner is a speck
        # ("." at 5 %, one pixel by four, beside "mötesplatser": LibreOffice scan 765)
        return word.conf < DOUBT_CONF and min(word.width, word.height) < MARK_MIN * size
    if not any(c.isalnum() for c in word.text):
        return False
    return word.height < (STEM_MIN_HEIGHT if word.text in STEMS else GLYPH_MIN_HEIGHT) * size


def dotted_stem(ink: np.ndarray, word: TsvWord) -> bool:
    """Is ``word`` an "i" or "j" whose dot stands over its box, apart from it? A stem read as "i" with its dot
    is no speck, however flat the line's size makes it: boxes a blurred scan drew too tall make the size so
    ("föräldragrupper i Älskade": the "i" boxed 22 pixels, its dot apart, on a line measured 54 pixels high;
    a WeasyPrint scan, tuning 1097).

    >>> ink = np.zeros((60, 20), np.uint8); ink[30:52, 8:11] = 255
    >>> i = TsvWord("i", 8, 30, 3, 22, 97.0, (1, 1, 1, 1))
    >>> dotted_stem(ink, i)
    False
    >>> ink[21:25, 8:11] = 255; dotted_stem(ink, i)
    True
    """
    if word.text not in ("i", "j") or word.height <= 0:
        return False
    x0, x1 = max(word.left - 2, 0), word.left + word.width + 2
    above = ink[max(word.top - int(0.8 * word.height), 0) : word.top, x0:x1]
    rows = np.flatnonzero(above.any(axis=1))
    # (the dot: a short run of inked rows, a blank row at least between it and the stem)
    return bool(rows.size and rows[-1] < above.shape[0] - 1 and rows[-1] - rows[0] + 1 <= 0.5 * word.height)


#: the text a dot leader is given back as (a table of contents' entry ends in one and a page number)
LEADER_TEXT = "…"


def leader_words(boxes: list[tuple[int, int, int, int]], lines: list[tuple[float, float]], k: float) -> list[Word]:
    """A word "…" for each dot leader (``boxes``, erased before OCR, pixels), on the baseline and in the
    size of the words read beside it (``lines``: the read words' baseline and size), else its dots' bottom
    and the page's median size; ``k`` points per pixel.

    >>> [(w.text, w.x0, round(w.bottom - w.top)) for w in leader_words([(100, 93, 300, 100)], [(100.0, 40.0)], 1.0)]
    [('…', 100.0, 40)]
    """
    sizes = sorted(size for _, size in lines)
    out = []
    for x0, y0, x1, y1 in boxes:
        beside = [(base, size) for base, size in lines if abs(base - y1) <= 0.25 * size]
        base, size = (min(beside, key=lambda b: abs(b[0] - y1)) if beside
                      else (float(y1), sizes[len(sizes) // 2] if sizes else float(y1 - y0) * 6))
        out.append(Word(LEADER_TEXT, x0 * k, (base - BOX_ASCENT * size) * k, x1 * k, (base + BOX_DESCENT * size) * k,
                        round(size * k, 2), False, 100.0))
    return out


def _ruling(s: raster.Segment, k: float) -> Ruling:
    """An image's ruling in PDF points (``k`` points per pixel)."""
    if s.orientation == "h":
        return Ruling("h", s.start * k, s.pos * k, s.end * k, s.pos * k)
    return Ruling("v", s.pos * k, s.start * k, s.pos * k, s.end * k)


def stacked_lines(words: list[TsvWord]) -> list[list[TsvWord]]:
    """One Tesseract line's words as the printed lines they stand on: one, unless two of them lie one above the
    other (words of a printed line never overlap across), when the line is parted where the words' middles step
    down by more than half the least word height. Down a narrow column Tesseract ran "under" and the line
    below's "graviditet" into one line, and one baseline laid them side by side, swapped (Chromium scan 818).

    >>> ln = (1, 3, 1, 5)
    >>> under, grav = TsvWord("under", 234, 723, 115, 35, 96.0, ln), TsvWord("graviditet", 233, 742, 184, 81, 96.0, ln)
    >>> [[w.text for w in part] for part in stacked_lines([under, grav])]
    [['under'], ['graviditet']]
    >>> och = TsvWord("och", 380, 725, 70, 35, 96.0, ln)
    >>> [[w.text for w in part] for part in stacked_lines([under, och])]
    [['under', 'och']]
    """
    if not any(_overlap(a.left, a.width, b.left, b.width) > 0.5 * min(a.width, b.width)
               for a, b in itertools.combinations(words, 2)):
        return [words]
    least = min(w.height for w in words)
    parts: list[list[TsvWord]] = []
    for w in sorted(words, key=lambda w: w.top + w.height / 2):
        mid = w.top + w.height / 2
        if parts and mid - statistics.mean(v.top + v.height / 2 for v in parts[-1]) <= 0.5 * least:
            parts[-1].append(w)
        else:
            parts.append([w])
    return [sorted(p, key=lambda w: w.left) for p in parts]


def to_page_content(prep: PreparedPage, words: list[TsvWord], lines: dict, page_no: int, dpi: int = raster.OCR_DPI) -> PageContent:
    """Pixels → PDF points (72/dpi) in the corrected image's frame.

    Words of one printed line get the line's baseline and a font-height box
    (as the text layer has), so line grouping and paragraph gaps work alike.
    """
    k = 72.0 / dpi
    by_line: dict[tuple, list[TsvWord]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    by_line = {(*key, k): part for key, ws in by_line.items() for k, part in enumerate(stacked_lines(ws))}
    placed: list[Placed] = []
    periods: list[Placed] = []  # periods wrapped alone (:func:`dropped_period`)
    alone: set[int] = set()  # the words Tesseract read as a line of their own
    for ws in by_line.values():
        est = line_estimate(ws)
        if est is not None:
            ws = [small_initial(prep.text_ink, w, est[1]) for w in misread_i(ws, est[1], prep.verticals, prep.text_ink)
                  if not is_rule_remnant(w, est[1])]
            ws = [part for w in ws for part in split_glued_bullet(prep.text_ink, w, est[1])]
            # (each cell's part of a line Tesseract ran across a table's columns may start with a bullet)
            # (its own baseline: a line run across the columns stands a few pixels off in each, as much as a bullet's
            # dot from a comma's, tuning 1057)
            parts = [[ws[i] for i in part] for part in _between_walls(ws, list(range(len(ws))), prep.verticals)]
            ws = [m for pw in parts for m in mark_bullets(pw, est[1], (line_estimate(pw) or est)[0])]
            ws = with_dropped_bullets(prep.text_ink, ws, *est, prep.verticals)
            ws = [w for w in ws if not (is_speck_reading(w, est[1]) and not dotted_stem(prep.text_ink, w))
                  and not is_rule_sliver(w, *est)]
        bases: dict[int, float] = {}
        if est is not None:
            # (each cell's part of the line: its own baseline where it stands off the line's, its dropped period)
            parts = _between_walls(ws, list(range(len(ws))), prep.verticals)
            bases = _part_baselines(ws, parts, est, prep.text_ink)
            for part in parts:
                last = ws[part[-1]]
                base = bases.get(id(last), est[0])
                if (dotted := unread_period(prep.text_ink, last, base, est[1])) is not None:
                    ws[part[-1]] = dotted
                    bases[id(dotted)] = base
                pw = [ws[i] for i in part]
                if (dot := dropped_period(prep.text_ink, pw, bases.get(id(pw[-1]), est[0]), est[1], words)) is not None:
                    periods.append((dot, float(dot.top + dot.height), est[1], None))
        for w in ws:
            if est is None:
                base, size = w.top + w.height, w.height
            else:
                base, size = bases.get(id(w), est[0]), est[1]
            widths = None
            # the line's own band, from its cap height (not the line above's descenders)
            y0 = max(int(base - 0.8 * size), 0)
            if any(c in _DASHES for c in w.text):
                # (its letters' ink alone: a row's border right over the line, in the band, filled the dashes'
                # columns, "6-12" under a repeated header, Chromium scan 1153)
                crop = prep.text_ink[y0 : int(base + 0.25 * size) + 1, w.left : w.left + w.width]
                widths = raster.dash_widths(crop, base - y0, size)
                if not widths and (own := word_baseline(prep.ink, w)) is not None and abs(own - base) > 0.05 * size:
                    # the line's baseline misses this word's ("0-1" in a cell whose line stands a few pixels off)
                    y1 = max(int(own - 0.8 * size), 0)
                    widths = raster.dash_widths(prep.text_ink[y1 : int(own + 0.25 * size) + 1, w.left : w.left + w.width], own - y1, size)
                if not widths and len(w.text) == 1:  # a lone dash: its box is its ink
                    widths = [w.width / size]
            if w.text[-1:] in END_MARKS:
                crop = prep.ink[y0 : int(base + 0.25 * size) + 1, w.left : w.left + w.width + int(0.1 * size)]
                w = replace(w, text=settled_end_mark(w.text, raster.mark_ink(crop, base - y0, size)))
            if len(ws) == 1:
                alone.add(len(placed))
            placed.append((w, base, size, widths))
    placed = settle_bullets(placed, alone) + periods
    measured = [(w.text, widths) for w, _, _, widths in placed if widths]
    refs = hyphen_refs(measured)
    hyphen = hyphen_width(refs)
    range_from = range_dash_from(measured, hyphen)
    out_words = []
    unsettled: list[tuple[int, str, list[float]]] = []  # dashes read without a hyphen of the page's own
    for w, base, size, widths in placed:
        text = clean_word(w.text, widths, hyphen, range_from) if widths is not None else w.text
        if widths and hyphen is None:
            unsettled.append((len(out_words), w.text, widths))
        out_words.append(
            Word(
                text,
                (w.left - BEARING_LEFT * size) * k,
                (base - BOX_ASCENT * size) * k,
                (w.left + w.width + BEARING_RIGHT * size) * k,
                (base + BOX_DESCENT * size) * k,
                round(size * k, 2),
                False,
                max(w.conf, 0.0),
                alt=w.alt,
            )
        )
    # (the page's confidence is Tesseract's: the leaders given back as "…" were not read by it)
    conf = _mean([x.conf for x in out_words if x.conf is not None])
    out_words += leader_words(prep.leaders[1], [(base, size) for _, base, size, _ in placed], k)
    rulings = [_ruling(s, k) for s in prep.segments]
    h, w = prep.gray.shape[:2]
    notes = [notice(Code.PAGE_TURNED, page_no, turn=prep.turned)] if prep.turned else []
    return PageContent(
        page_no, w * k, h * k, out_words, rulings, text_source=TextSource.OCR,
        ocr_confidence=round(conf, 2) if conf is not None else None, notices=notes, image_turn=prep.turned,
        hyphen_widths=refs, dash_readings=unsettled,
    )


def ocr_image(gray: np.ndarray, page_no: int, dpi: int = raster.OCR_DPI) -> PageContent:
    """OCR a page image (grayscale at ``dpi``) into a PageContent."""
    prep = prepare(gray)
    words, lines = read_words(prep)
    conf = _mean([w.conf for w in words if w.conf >= 0])
    if conf is None or conf < RETRY_CONF:
        # nothing read well: a wrong turn? OSD has the last word, the better reading is kept
        rot, osd_conf = osd_rotation(gray)
        if osd_conf >= 2.0 and rot != prep.turned:
            alt = prepare(gray, turn=rot)
            words2, lines2 = read_words(alt)
            conf2 = _mean([w.conf for w in words2 if w.conf >= 0])
            if conf2 is not None and (conf is None or conf2 > conf):
                prep, words, lines = alt, words2, lines2
    return to_page_content(prep, words, lines, page_no, dpi)


def ocr_pdf_page(pdf_path: str | bytes, index: int, page_no: int, dpi: int = raster.OCR_DPI) -> PageContent:
    """Render page ``index`` (0-based) of a PDF and OCR it. Runs in a worker process."""
    return ocr_image(raster.render_page(pdf_path, index, dpi), page_no, dpi)


def image_verticals(pdf_source: str | bytes, index: int, dpi: int = 150) -> list[Ruling]:
    """Vertical ruling pieces visible in the image of page ``index`` (0-based), in PDF points
    (not deskewed: short pieces follow a tilted line closely enough to test words against)."""
    gray = raster.render_page(pdf_source, index, dpi)
    segs = raster.find_rulings(raster.binarize(gray), min_v=max(dpi // 6, 12), orientations="v")
    return [_ruling(s, 72.0 / dpi) for s in segs]
