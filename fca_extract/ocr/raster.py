"""Page images for OCR: render, binarise, orientation, deskew, ruling lines.

Pure image functions on 8-bit grayscale numpy arrays (ink dark, paper light)
and binary masks (ink = 255), so each can be tested on a synthetic image.
Coordinates are pixels of the image they are given; :mod:`fca_extract.ocr.recognise`
scales them to PDF points.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: resolution pages are rendered at for OCR
OCR_DPI = 300


@dataclass(frozen=True)
class Segment:
    """A ruling found in an image, in pixels: ``"h"`` at y from x0 to x1, ``"v"`` at x from y0 to y1."""

    orientation: str
    pos: float
    start: float
    end: float
    thickness: float


def render_page(pdf_path: str | bytes, index: int, dpi: int = OCR_DPI) -> np.ndarray:
    """Page ``index`` (0-based) of the PDF (a path or its bytes) as a grayscale array at ``dpi``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[index]
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        img = bitmap.to_numpy()
        if img.ndim == 3:  # some pdfium builds give a 3/4-channel array for grayscale
            img = cv2.cvtColor(img[..., :3], cv2.COLOR_BGR2GRAY)
        return np.ascontiguousarray(img)
    finally:
        pdf.close()


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink mask (255 = ink): Otsu's threshold on a lightly smoothed image.

    A global threshold suits scans and renders (even lighting); shaded table
    headers are light grey and fall on the paper side.
    """
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    _, mask = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def ink_bbox(mask: np.ndarray, margin: int = 0, min_ink: int = 3) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) of the rows and columns holding more than ``min_ink`` ink pixels
    (lone specks of scanner noise do not count), grown by ``margin``; the whole image if blank."""
    h, w = mask.shape[:2]
    rows = np.flatnonzero(np.count_nonzero(mask, axis=1) > min_ink)
    cols = np.flatnonzero(np.count_nonzero(mask, axis=0) > min_ink)
    if not len(rows) or not len(cols):
        return 0, 0, w, h
    return max(int(cols[0]) - margin, 0), max(int(rows[0]) - margin, 0), min(int(cols[-1]) + margin + 1, w), min(int(rows[-1]) + margin + 1, h)


def rotate(img: np.ndarray, angle: float, border: int = 255) -> np.ndarray:
    """Rotate counter-clockwise by ``angle`` degrees about the centre, keeping the size."""
    if abs(angle) < 1e-3:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def quarter_turn(img: np.ndarray, degrees: int) -> np.ndarray:
    """Turn counter-clockwise by a multiple of 90° (lossless)."""
    k = (degrees // 90) % 4
    return np.ascontiguousarray(np.rot90(img, k)) if k else img


def _work_scale(mask: np.ndarray, width: int = 900) -> np.ndarray:
    """A smaller copy of an ink mask for angle searches (ink kept as coverage)."""
    f = width / max(mask.shape[1], 1)
    if f >= 1:
        return mask.astype(np.float32)
    return cv2.resize(mask.astype(np.float32), (width, max(int(mask.shape[0] * f), 1)), interpolation=cv2.INTER_AREA)


def _profile_score(small: np.ndarray, angle: float, axis: int = 1) -> float:
    """Sharpness of the projection profile after rotating by ``angle``: text lines parallel
    to the projection give alternating full and empty bins (high squared differences)."""
    r = rotate(small, angle, border=0) if angle else small
    prof = r.sum(axis=axis)
    d = np.diff(prof)
    return float((d * d).sum())


def estimate_skew(mask: np.ndarray, max_angle: float = 3.0) -> float:
    """The angle (degrees, counter-clockwise positive as in :func:`rotate`) that levels the
    text lines of an ink mask: the projection-profile search of Postl / Bloomberg,
    coarse then fine. Upright text (within ±``max_angle``) is assumed.
    """
    small = _work_scale(mask, 700)
    best = max(np.arange(-max_angle, max_angle + 1e-9, 0.5), key=lambda a: _profile_score(small, float(a)))
    fine = np.arange(best - 0.45, best + 0.45 + 1e-9, 0.05)
    best = max(fine, key=lambda a: _profile_score(small, float(a)))
    return round(float(best), 3)


def is_sideways(mask: np.ndarray) -> tuple[bool, float]:
    """Do the text lines run vertically (a page fed turned by 90°)? And the row/column score ratio.

    Compares the sharpest row profile with the sharpest column profile over a
    small range of tilts; rulings should be erased first (they give both).
    """
    small = _work_scale(mask, 700)
    angles = np.arange(-2.0, 2.01, 0.5)
    rows = max(_profile_score(small, float(a), axis=1) for a in angles)
    cols = max(_profile_score(small, float(a), axis=0) for a in angles)
    ratio = cols / rows if rows else float("inf")
    return ratio > 1.0, ratio


def upright_score(mask: np.ndarray) -> float:
    """Is the (levelled, rulings erased) text upright (> 0) or upside down (< 0)? −1…1.

    Latin script puts more ink above the x-height band (ascenders, capitals,
    digits, å ä ö) than below it (the descenders of g j p q y): in each text
    line the ink above the line's dense core is compared with the ink below.
    Turned by 180° the sign flips; near 0 means no evidence (no text lines).
    """
    prof = (mask > 0).sum(axis=1).astype(np.float64)
    on = prof > 0.0005 * mask.shape[1]
    runs, start = [], None
    for y, v in enumerate(list(on) + [False]):
        if v and start is None:
            start = y
        elif not v and start is not None:
            runs.append((start, y))
            start = None
    if not runs:
        return 0.0
    med = float(np.median([b - a for a, b in runs]))
    above = below = 0.0
    for a, b in runs:
        if not (0.5 * med <= b - a <= 2.5 * med):
            continue  # a speck or several lines run together
        p = prof[a:b]
        core = np.flatnonzero(p >= 0.5 * p.max())
        above += float(p[: core[0]].sum())
        below += float(p[core[-1] + 1 :].sum())
    return (above - below) / max(above + below, 1.0)


def _long_runs(mask: np.ndarray, orient: str, length: int) -> np.ndarray:
    """The ink of runs at least ``length`` pixels long in one direction (gaps of a pixel or two bridged)."""
    if orient == "h":
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    else:
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, length))
    return cv2.morphologyEx(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, bridge), cv2.MORPH_OPEN, kernel)


def without_lines(mask: np.ndarray, min_h: int = 90, min_v: int = 45) -> np.ndarray:
    """``mask`` with its long straight runs erased, tilted ones whole (a segment's band, as
    :func:`ruling_mask` erases, misses the ends of a line the scan tilted: they read as strokes)."""
    lines = cv2.bitwise_or(_long_runs(mask, "h", min_h), _long_runs(mask, "v", min_v))
    return cv2.bitwise_and(mask, cv2.bitwise_not(cv2.dilate(lines, np.ones((5, 5), np.uint8))))


def find_rulings(mask: np.ndarray, min_h: int = 90, min_v: int = 45, max_thickness: int = 12, orientations: str = "hv") -> list[Segment]:
    """Long straight horizontal and vertical runs of ink (table borders) by morphology.

    An opening with a long thin kernel keeps only runs at least ``min_h`` /
    ``min_v`` pixels long (text strokes are shorter); each connected piece
    that stays thin becomes a segment. Only gaps of a pixel or two (scanning
    noise) are bridged first: a longer closing would fuse the letters of a
    word into a run; longer breaks are joined by the table finder.
    """
    segs: list[Segment] = []
    for orient, length in (("h", min_h), ("v", min_v)):
        if orient not in orientations:
            continue
        lines = _long_runs(mask, orient, length)
        # contours, not connected-component labelling: 7× faster on this sparse image
        contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for c in contours:
            x, y, w, h = cv2.boundingRect(c)
            area = cv2.countNonZero(lines[y : y + h, x : x + w])
            if orient == "h":
                thick = area / max(w, 1)
                if thick <= max_thickness:
                    segs.append(Segment("h", y + h / 2, float(x), float(x + w), float(thick)))
            else:
                thick = area / max(h, 1)
                if thick <= max_thickness:
                    segs.append(Segment("v", x + w / 2, float(y), float(y + h), float(thick)))
    return segs


#: where a letter's neighbours stand beside its stroke (pixels out from the stroke's edge, at 300 dpi): a table's
#: border has its cells' padding there (4 pt, 17 pixels, in the HTML exports; more in LibreOffice's)
BESIDE_STROKE = (5, 11)
#: the share of a stroke's rows with ink beside it from which it is a letter's, among its word's letters
BESIDE_SHARE = 0.3


def among_letters(ink: np.ndarray, v: Segment, ends: int = 6) -> bool:
    """Does ink stand right beside the vertical ``v`` (within :data:`BESIDE_STROKE` of it) along a good part of its
    length (:data:`BESIDE_SHARE`), its ends aside (they meet lines): a letter's stroke among its word's
    letters, not a border, which its cells' padding keeps clear. (Blur fuses a bold header's "å", ring and all,
    into a stroke the height of a tight row, meeting its top and bottom lines: LibreOffice scans 1180, 1192.)

    >>> ink = np.zeros((60, 60), np.uint8); ink[5:55, 29:31] = 255
    >>> v = Segment("v", 30.0, 5.0, 55.0, 2.0)
    >>> among_letters(ink, v)
    False
    >>> ink[15:50, 37:45] = 255; among_letters(ink, v)   # a letter's bowl beside it
    True
    """
    half = max(v.thickness / 2, 1.0)
    y0, y1 = int(v.start) + ends, int(v.end) - ends
    if y1 - y0 < 4:
        return False
    near, far = BESIDE_STROKE
    left = ink[y0:y1, max(int(v.pos - half - far), 0) : max(int(v.pos - half - near), 0)]
    right = ink[y0:y1, int(v.pos + half + near) : int(v.pos + half + far)]
    rows = np.zeros(y1 - y0, bool)
    for band in (left, right):
        if band.size:
            rows |= band.any(axis=1)
    return bool(rows.mean() >= BESIDE_SHARE)


def table_segments(segments: list[Segment], tol: float = 12.0, column_min: float | None = None, stub_max: float = 120.0,
                   ink: np.ndarray | None = None) -> list[Segment]:
    """The segments that cross or touch a perpendicular one: table borders.

    A lone horizontal run is more often an underline or letters of a bold
    word fused by blur than a border; erasing it would cost text. A lone
    vertical that runs exactly as far as a kept one is a border too, and so
    are three or more at least ``column_min`` long that run as far as each
    other (the columns of a row taller than the page, which has no horizontal).
    A vertical under ``stub_max`` pixels (1 cm at 300 dpi) with one end free
    and nothing in line with it is a letter's stem that blur fused with a line;
    a horizontal with both ends free that crosses no vertical is a bold word. So is a vertical that short with
    letters beside it in ``ink`` (:func:`among_letters`), whatever its ends meet.

    >>> h = Segment("h", 243.5, 813.0, 3276.0, 3.0)
    >>> right = Segment("v", 3273.5, 236.0, 2186.0, 2.7)
    >>> left = Segment("v", 235.0, 237.0, 2186.0, 2.5)   # the first column's, which no horizontal meets
    >>> stroke = Segment("v", 100.0, 900.0, 960.0, 3.0)
    >>> [s.pos for s in table_segments([h, right, left, stroke])]
    [243.5, 3273.5, 235.0]
    >>> columns = [Segment("v", x, 60.0, 2400.0, 2.5) for x in (235.0, 813.0, 1773.0, 2241.0, 3273.0)]
    >>> len(table_segments(columns + [stroke], column_min=500.0))
    5
    >>> stem = Segment("v", 400.0, 243.0, 290.0, 5.0)  # a header letter's stem fused with the top border
    >>> top, bottom = Segment("h", 243.5, 200.0, 3276.0, 3.0), Segment("h", 2186.0, 200.0, 3276.0, 3.0)
    >>> [s.pos for s in table_segments([top, bottom, left, right, stem], column_min=500.0) if s.orientation == "v"]
    [235.0, 3273.5]
    >>> cut = [Segment("v", x, 243.0, 330.0, 3.0) for x in (235.0, 813.0, 1773.0, 3273.0)]  # a row's rest overleaf
    >>> len(table_segments([Segment("h", 330.0, 200.0, 3276.0, 3.0), *cut], column_min=500.0))
    5
    >>> word = Segment("h", 1151.0, 1950.0, 2180.0, 8.0)  # a bold caption's letters, just above a column border
    >>> column = Segment("v", 2065.0, 1164.0, 2186.0, 3.0)
    >>> word in table_segments([top, bottom, left, right, column, word], column_min=500.0)
    False
    >>> bold = [Segment("h", 2630.0, 700.0, 839.0, 1.7), Segment("h", 2617.0, 926.0, 1018.0, 3.0)]  # a bold line's
    >>> stems = [Segment("v", 805.5, 2601.0, 2648.0, 4.9), Segment("v", 963.5, 2601.0, 2647.0, 5.0)]  # run-together pieces
    >>> [s for s in table_segments([top, bottom, left, right] + bold + stems, column_min=500.0) if s in bold + stems]
    []
    >>> title = [Segment("v", x, 400.0, 470.0, 6.0) for x in (300.0, 420.0, 520.0, 700.0)]  # a title's letters
    >>> len(table_segments(title, column_min=500.0))
    0
    >>> serifs = Segment("h", 470.0, 400.0, 490.0, 1.0)  # ... standing on their serifs, fused into a short run
    >>> table_segments(title + [serifs], column_min=500.0)  # (nor the run: no border meets it)
    []
    """
    hs = [s for s in segments if s.orientation == "h"]
    vs = [s for s in segments if s.orientation == "v" and not (ink is not None and s.end - s.start < stub_max and among_letters(ink, s))]

    def touch(h: Segment, v: Segment) -> bool:
        return h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol

    def ends_on(h: Segment, v: Segment, end: float) -> bool:
        return h.start - tol <= v.pos <= h.end + tol and abs(h.pos - end) <= tol

    def stub(v: Segment) -> bool:
        # a letter's stem fused by blur with the line above or below it ("l" of a bold "Delmål" under the
        # table's top): short, one end on a line, the other free, nothing in line with it and nothing beside
        # it running as far (the borders of a row's last lines cut by a page break do, WeasyPrint scan 529)
        both = any(ends_on(h, v, v.start) for h in hs) and any(ends_on(h, v, v.end) for h in hs)
        if v.end - v.start >= stub_max:
            return False
        # a large bold title's stems run as far as each other and stand on its serifs' baseline, fused into a
        # short run (LibreOffice scan 693): a table's short border meets a line as long as a cell at least
        if not any(h.end - h.start >= stub_max for h in hs if touch(h, v)):
            return True
        # (borders running as far as each other meet one line, as a row's do; two bold letters' stems in one
        # line of text, fused with the pieces of it blur ran together, meet different pieces: WeasyPrint scan 819)
        return (not both
                and not any(u is not v and abs(u.pos - v.pos) <= tol for u in vs)
                and not any(u is not v and abs(u.start - v.start) <= tol and abs(u.end - v.end) <= tol
                            and any(touch(h, u) and touch(h, v) for h in hs) for u in vs))

    def stands_on(v: Segment, end: float) -> Segment | None:
        """The horizontal a vertical's end meets: the nearest one in reach."""
        near = [h for h in hs if h.start - tol <= v.pos <= h.end + tol and abs(h.pos - end) <= tol]
        return min(near, key=lambda h: abs(h.pos - end)) if near else None

    def crosses(h: Segment, v: Segment) -> bool:
        return v.start + tol < h.pos < v.end - tol and h.start - tol <= v.pos <= h.end + tol

    keep_v = [v for v in vs if any(touch(h, v) for h in hs) and not stub(v)]
    # a column's border that no horizontal meets (a merged cell cut by a page break has no top or bottom
    # line) is still the table's when it runs from the same top to the same bottom as one that does
    def same_run(a: Segment, b: Segment) -> bool:
        return abs(a.start - b.start) <= tol and abs(a.end - b.end) <= tol

    keep_v += [v for v in vs if v not in keep_v and any(same_run(v, k) for k in keep_v)]
    # a page inside one tall row (a cell longer than the page) has its columns' borders and no horizontal:
    # three or more verticals running from the same top to the same bottom are a table's, not letters'
    # (long ones only, ``column_min`` pixels: a large title's letters have aligned vertical strokes too)
    rest = [v for v in vs if v not in keep_v and column_min is not None and v.end - v.start >= column_min]
    keep_v += [v for v in rest if sum(1 for u in rest if same_run(u, v)) >= 3]
    # a vertical's end belongs to the nearest horizontal: a bold word's letters fused by blur into a run just
    # above a column's border ("Budget 2024" over the funders' row) reach that border's end too, but are no line.
    # (Only the borders kept, not letters' stems: those cross and meet the pieces of a bold line blur ran together)
    met = {id(h) for v in keep_v for end in (v.start, v.end) if (h := stands_on(v, end)) is not None}
    keep_h = [h for h in hs if id(h) in met or any(crosses(h, v) for v in keep_v)]
    return keep_h + keep_v


def ruling_mask(mask: np.ndarray, segments: list[Segment], pad: int = 2) -> np.ndarray:
    """The ink of the given rulings (to erase them before OCR): the line pixels only, grown by ``pad``."""
    out = np.zeros_like(mask)
    for s in segments:
        half = int(np.ceil(s.thickness / 2)) + pad
        if s.orientation == "h":
            y0, y1 = int(s.pos) - half, int(s.pos) + half + 1
            x0, x1 = int(s.start), int(s.end) + 1
        else:
            x0, x1 = int(s.pos) - half, int(s.pos) + half + 1
            y0, y1 = int(s.start), int(s.end) + 1
        out[max(y0, 0) : y1, max(x0, 0) : x1] = 255
    return cv2.bitwise_and(out, cv2.dilate(mask, np.ones((3, 3), np.uint8)))


#: a leader's dot: at most this many pixels either way (a period of 8–14 pt type at 300 dpi is 4–8), at least 2
LEADER_DOT_MAX, LEADER_DOT_MIN = 12, 2
#: a leader: at least this many dots on one baseline (±2 px), each gap within this share of the run's first gap
LEADER_MIN_DOTS, LEADER_GAP_SPREAD = 8, 0.35


def _even_runs(items: list[int], xs: list[float]) -> list[list[int]]:
    """``items`` (at ``xs``, ascending) parted into runs whose gaps are alike: each within
    :data:`LEADER_GAP_SPREAD` of the run's first gap, and no wider than a few dots.

    >>> _even_runs(list(range(7)), [0, 10, 20, 30, 100, 110, 121])
    [[0, 1, 2, 3], [4, 5, 6]]
    """
    runs: list[list[int]] = []
    for i, item in enumerate(items):
        if runs and len(runs[-1]) >= 2:
            first = xs[i - len(runs[-1]) + 1] - xs[i - len(runs[-1])]
            if abs(xs[i] - xs[i - 1] - first) <= LEADER_GAP_SPREAD * first:
                runs[-1].append(item)
                continue
            runs.append([item])
        elif runs and xs[i] - xs[i - 1] <= 6 * LEADER_DOT_MAX:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def leaders(ink: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """The ink of dot leaders (a table of contents' ``1 Inledning ........ 3``), to be erased before OCR, and
    each leader's box (left, top, right, bottom).

    Tesseract reads a row of dots on a low-resolution scan as a line of capitals at next to no confidence
    (``MEANS blire NR NIE KR``), bigger than the text around it, so a page's title could take it in. A
    leader is eight dots or more on one baseline, evenly spaced, with no other ink between them: a
    sentence's periods, an ellipsis, the dots over i and ä are neither so many nor so even.

    >>> page = np.zeros((40, 400), np.uint8)
    >>> for x in range(100, 360, 20): page[20:25, x:x + 5] = 255
    >>> page[10:25, 10:14] = 255  # a letter
    >>> m, boxes = leaders(page); int(m[22, 102]), int(m[15, 12]), int(np.count_nonzero(m)) // 25, boxes
    (255, 0, 13, [(100, 20, 345, 25)])
    >>> page[20:25, 205:215] = 255  # ink between two dots: no leader
    >>> int(np.count_nonzero(leaders(page)[0]))
    0
    """
    out = np.zeros_like(ink)
    boxes: list[tuple[int, int, int, int]] = []
    n, labels, stats, cents = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, w, h, area = (stats[:, i] for i in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH,
                                               cv2.CC_STAT_HEIGHT, cv2.CC_STAT_AREA))
    dot = ((w >= LEADER_DOT_MIN) & (h >= LEADER_DOT_MIN) & (w <= LEADER_DOT_MAX) & (h <= LEADER_DOT_MAX)
           & (2 * area >= w * h) & (2 * np.minimum(w, h) >= np.maximum(w, h)))
    dot[0] = False
    # rows: dots whose middles lie within 2 pixels of the next one's, top to bottom
    rows: list[list[int]] = []
    for k in sorted(np.flatnonzero(dot), key=lambda k: cents[k][1]):
        if rows and cents[k][1] - cents[rows[-1][-1]][1] <= 2:
            rows[-1].append(k)
        else:
            rows.append([k])
    for row in rows:
        row.sort(key=lambda k: cents[k][0])
        for run in _even_runs(row, [float(cents[k][0]) for k in row]):
            if len(run) < LEADER_MIN_DOTS:
                continue
            x0, x1 = int(x[run[0]]), int(x[run[-1]] + w[run[-1]])
            y0, y1 = int(min(y[k] for k in run)), int(max(y[k] + h[k] for k in run))
            band = labels[y0:y1, x0:x1]
            if not np.isin(band[band > 0], run).all():
                continue  # other ink between the dots: text, not a leader
            out[y0:y1, x0:x1][np.isin(band, run)] = 255
            boxes.append((x0, y0, x1, y1))
    return out, boxes


def black_and_white(gray: np.ndarray, reach: int = 31) -> np.ndarray:
    """The page thresholded to black text on white, each pixel against its own background.

    The background (a grey cell fill, uneven lighting) is the page with its
    dark strokes closed over (a maximum then minimum filter ``reach`` pixels
    wide, wider than a letter's stroke); dividing by it makes every fill white
    before Otsu's threshold, so bold letters on a fill keep their counters
    (a global threshold set between paper and fill swells them into blobs).

    >>> page = np.full((60, 60), 255, np.uint8); page[:, 30:] = 200; page[20:40, 10:14] = 40; page[20:40, 40:44] = 40
    >>> bw = black_and_white(page); int(bw[30, 12]), int(bw[30, 42]), int(bw[5, 45])
    (0, 0, 255)
    """
    bg = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach)))
    flat = np.clip(gray.astype(np.float32) / np.maximum(bg, 1).astype(np.float32) * 255.0, 0, 255).astype(np.uint8)
    _, bw = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return bw


def erase(gray: np.ndarray, where: np.ndarray) -> np.ndarray:
    """``gray`` with the pixels of mask ``where`` set to paper white."""
    out = gray.copy()
    out[where > 0] = 255
    return out


@dataclass(frozen=True)
class MarkInk:
    """Where the ink of a word's last glyph lies, in ems of the type size: its ``width``, its ``top`` against
    the baseline (negative: above it) and its ``drop``, how far its bottom reaches below the bottom of the
    glyph before it (the letter's baseline, whatever the line's estimate)."""

    width: float
    top: float
    drop: float


def mark_ink(ink: np.ndarray, baseline: float, size: float) -> MarkInk | None:
    """The ink of the last glyph of a word's crop (``ink``; ``baseline``, in the crop's rows, and ``size`` in
    pixels): the columns after the last blank one. None where the last two glyphs touch (no blank column).

    >>> ink = np.zeros((60, 40), np.uint8); ink[10:41, 2:20] = 1  # a letter on the baseline (row 40)
    >>> ink[35:41, 25:30] = 1  # a period
    >>> mark_ink(ink, 40.0, 40.0)
    MarkInk(width=0.125, top=-0.125, drop=0.0)
    >>> ink[41:45, 27:30] = 1  # a comma's tail
    >>> mark_ink(ink, 40.0, 40.0).drop
    0.1
    """
    on = ink > 0
    cols = np.flatnonzero(on.any(axis=0))
    if cols.size == 0 or size <= 0:
        return None
    right = cols[-1]
    blank = np.flatnonzero(~on[:, : right + 1].any(axis=0))
    if blank.size == 0:
        return None
    left = blank[-1] + 1
    before = cols[cols < left]
    if before.size == 0:
        return None
    prev_left = blank[blank < before[-1]][-1] + 1 if (blank < before[-1]).any() else before[0]
    rows = np.flatnonzero(on[:, left : right + 1].any(axis=1))
    prev_rows = np.flatnonzero(on[:, prev_left : before[-1] + 1].any(axis=1))
    return MarkInk(round(float(right - left + 1) / size, 3), round(float(rows[0] - baseline) / size, 3),
                   round(float(rows[-1] - prev_rows[-1]) / size, 3))


def dash_widths(ink: np.ndarray, baseline: float, size: float) -> list[float]:
    """Widths (in ems) of the dashes in a word's ink crop, left to right.

    A dash column holds ink only in a thin band at dash height (about a
    quarter em above the baseline); a run of such columns is a dash, even one
    touching the digits beside it (``0–18`` blurred together). Widths tell a
    hyphen (≈0.25 em of ink) from an en dash (≈0.5 em) and an em dash (≈1 em).
    """
    if ink.size == 0 or size <= 0:
        return []
    # dashes sit 0.2–0.35 em above the baseline; the arm of an r (at the x-height) stays above the band
    lo, hi = int(round(baseline - 0.43 * size)), int(round(baseline - 0.1 * size))
    max_h = max(0.16 * size, 2.0)
    # nothing below the baseline counts: a dash has no ink there, and the next line's ascenders reach up
    # into a crop that goes below it (for descenders) and would make a dash's columns look tall
    on = ink[: max(int(round(baseline + 0.1 * size)) + 1, 0)] > 0
    has = on.any(axis=0)
    top = np.where(has, np.argmax(on, axis=0), 0)
    bottom = np.where(has, on.shape[0] - 1 - np.argmax(on[::-1], axis=0), -1)
    thin = has & (bottom - top + 1 <= max_h) & (top >= lo) & (bottom <= hi)
    widths: list[float] = []
    run = 0
    for t in list(thin) + [False]:
        if t:
            run += 1
        elif run:
            if run >= 0.17 * size:
                widths.append(run / size)
            run = 0
    return widths
