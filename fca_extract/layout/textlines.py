"""Words → printed lines → paragraphs, for a table cell or a run of prose.

The result is "wrapped text": printed lines joined by ``\\n``, paragraphs by a
blank line. Joining wrapped lines (and deciding about a line-end hyphen) is
left to the repair stage, which has the lexicon to decide with.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..model import Word
from .hyphenation import PUNCTUATION_AFTER, BreakPoints

# bullet glyphs; a dash starting a line is as often a wrapped "– " inside a sentence
#: Symbol and Wingdings bullets as a word processor's text layer gives them (private-use code points)
SYMBOL_BULLETS = "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf06e\uf0a8"
BULLETS = "•◦▪‣●○■·" + SYMBOL_BULLETS
#: extra space above a line, as a share of the line height, that starts a paragraph
#: (3 pt after a paragraph of 10 pt text must count: writers put as little between paragraphs in a cell)
PARAGRAPH_GAP = 0.18
OCR_PARAGRAPH_GAP = 0.3
#: OCR'd lines measured from middle to middle against the table's line pitch: more than this share of the line
#: height more starts a paragraph (3 pt after a paragraph of 10.5 pt text scanned at 200 dpi: 2.9 pt more; wraps
#: 0.5 pt at most, generated LibreOffice scan 583, tuning). The least gap between two OCR'd boxes, which the gap
#: rule measures from, is the noisiest of all.
OCR_PITCH_EXCESS = 0.18
#: ... and more than this share, on a table whose paragraphs stand apart, a break under a line that stopped short
#: (a wrap's excess is a quarter of it at most)
OCR_NEAR_EXCESS = 0.09
#: the widest gap (of the line height, over a wrap's) that spacing between paragraphs leaves: a blank line's
#: (writers' spacing after a paragraph in a cell: 3–6 pt, up to a blank line of 10–12 pt)
SPACING_MAX = 2.0
#: how much narrower (of the type size) an OCR'd word's box, its ink, is than the room it took on its line: its
#: letters' side bearings and the last word's of the line before (about a tenth of an em each), a pixel or two
OCR_INK_SLACK = 0.25


def ink_slack(word: Word, size: float) -> float:
    """The room an OCR'd ``word`` takes beyond its box, its ink (:data:`OCR_INK_SLACK` of its type size, else of
    ``size``); none for a text layer's word, whose box is its advance."""
    return OCR_INK_SLACK * (word.size or size) if word.conf is not None else 0.0


@dataclass
class Line:
    words: list[Word]
    #: (top, bottom) of the printed lines it starts and ends on, where a word broken at a column's edge was put back
    #: together over two or more (:func:`join_forced_breaks`); None: one printed line, its own box
    first_box: tuple[float, float] | None = None
    last_box: tuple[float, float] | None = None

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def first_middle(self) -> float:
        """The middle of the printed line it starts on."""
        top, bottom = self.first_box or (self.top, self.bottom)
        return (top + bottom) / 2

    @property
    def last_middle(self) -> float:
        """The middle of the printed line it ends on."""
        top, bottom = self.last_box or (self.top, self.bottom)
        return (top + bottom) / 2

    @property
    def size(self) -> float:
        sizes = [w.size for w in self.words if w.size]
        return statistics.median(sizes) if sizes else self.height

    @property
    def bold(self) -> bool:
        letters = [w for w in self.words if any(ch.isalpha() for ch in w.text)]
        return bool(letters) and all(w.bold for w in letters)

    @property
    def italic(self) -> bool | None:
        """Set in italics (None for a line without letters: "50/50" says nothing of the type it is set in)."""
        letters = [w for w in self.words if any(ch.isalpha() for ch in w.text)]
        return all(w.italic for w in letters) if letters else None


def group_lines(words: list[Word]) -> list[Line]:
    """Cluster words into printed lines by vertical overlap, each sorted left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.yc, w.x0)):
        if lines:
            last = lines[-1]
            ref_top = statistics.median(x.top for x in last)
            ref_bottom = statistics.median(x.bottom for x in last)
            h = max(ref_bottom - ref_top, 1.0)
            if abs(w.yc - (ref_top + ref_bottom) / 2) <= 0.45 * h:
                last.append(w)
                continue
        lines.append([w])
    return [Line(sorted(ws, key=lambda w: w.x0)) for ws in lines]


def join_split_words(line: Line, is_broken: IsBrokenWord | None) -> Line:
    """An OCR'd line with each word Tesseract cut in two (the pieces' boxes touching) put back together.

    Tesseract sometimes cuts a long word where two letters touch
    (``föräldrastödsi`` | ``nsatser.``). The boxes alone do not tell it from a
    narrow space before a narrow word (``stöd`` | ``i``): the pieces join only
    when the lexicon takes them for one word.

    >>> ws = [Word("stöd", 10.0, 0, 30.0, 10, 10.0, conf=96.0), Word("i", 29.8, 0, 33.0, 10, 10.0, conf=96.0),
    ...       Word("föräldrastödsi", 36.0, 0, 90.4, 10, 10.0, conf=92.0), Word("nsatser.", 90.1, 0, 120.0, 10, 10.0, conf=93.0)]
    >>> broken = lambda head, tail: head + tail.rstrip(".") == "föräldrastödsinsatser"
    >>> join_split_words(Line(ws), broken).text
    'stöd i föräldrastödsinsatser.'
    """
    if is_broken is None or len(line.words) < 2 or line.words[0].conf is None:
        return line
    out = [line.words[0]]
    for w in line.words[1:]:
        prev = out[-1]
        touching = w.x0 - prev.x1 <= 0.05 * max(prev.size, w.size, 1.0)
        if touching and prev.text[-1:].isalpha() and w.text[:1].isalpha() and is_broken(prev.text, w.text.rstrip(PUNCTUATION_AFTER)):
            out[-1] = replace(prev, text=prev.text + w.text, x1=max(prev.x1, w.x1), conf=min(prev.conf or 0.0, w.conf or 0.0))
        else:
            out.append(w)
    return line if len(out) == len(line.words) else Line(out)


def lead_width(line: Line, h: float | None = None, breaks: BreakPoints | None = None) -> float:
    """The room a line's first word needs at the end of the line before it (space included).

    A word with a hyphen between letters needs its part up to the hyphen: every writer breaks a line after it
    ("FCA-|koordinator", WeasyPrint 876). ``breaks`` (a writer that hyphenates): the word's first syllables
    and a hyphen are enough ("Ar-").

    By hand: a space (0.28 em) and half a point, plus the word, or its share up to the hyphen with a twentieth to
    spare ("FCA-" is 2301 of "FCA-koordinatorer"'s 8192 thousandths of Helvetica's advances: 1.05 · 85 · 0.281).

    >>> whole = lambda t, x1: round(lead_width(Line([Word(t, 0, 0, x1, 10, 10.0)])), 1)
    >>> whole("koordinatorer", 68), whole("FCA-koordinatorer", 85), whole("0-18", 20)
    (71.3, 28.4, 23.3)
    """
    first = line.words[0]
    size = first.size or h or line.height
    width = first.x1 - first.x0
    word = first.text.rstrip(".,;:!?)")
    cuts = breaks(word) if breaks is not None and word else ()
    inner = re.search(r"(?<=[^\W\d_])-(?=[^\W\d_])", word)
    if inner is not None:
        width = min(width, 1.05 * width * prefix_share(first.text, inner.end()))
    if cuts:
        # the prefix's share of the word by its letters' widths ("sam|hällets": an m is wide, an l narrow),
        # with a little to spare, and its hyphen
        width = min(width, 1.05 * width * prefix_share(first.text, cuts[0]) + 0.33 * size)
    return 0.28 * size + width + 0.5


# advance widths (thousandths of an em) of a proportional sans serif's letters (Helvetica's AFM, which
# Liberation Sans and Arial share; serif and other sans faces keep nearly the same proportions)
_NARROW = dict.fromkeys("ijl", 222) | dict.fromkeys("ft", 278) | {"r": 333, "m": 833, "w": 722, "I": 278, "M": 833, "W": 944}
_SHORT = dict.fromkeys("cksvxyz", 500)


def _advance(c: str) -> int:
    if c in _NARROW:
        return _NARROW[c]
    if c in _SHORT:
        return _SHORT[c]
    if c.isupper():
        return 667
    return 556 if c.isalnum() else 300


def prefix_share(word: str, n: int) -> float:
    """The share of ``word``'s printed width its first ``n`` characters take.

    >>> round(prefix_share("samhällets", 3), 2)
    0.4
    >>> round(prefix_share("illa", 2), 2)
    0.36
    """
    total = sum(_advance(c) for c in word)
    return sum(_advance(c) for c in word[:n]) / total if total else n / max(len(word), 1)


#: lines closer than this share of a line's height overlap (an OCR'd line boxed too tall), not lines apart
OVERLAP = 0.2


def _least_gap(gaps: list[float], h: float) -> float:
    """The least gap between lines that do not overlap: an OCR'd line boxed too tall overlaps its neighbour,
    and measured against that every wrap would look like a paragraph break."""
    apart = [g for g in gaps if g >= -OVERLAP * h]
    return min(apart or gaps)


def shows_paragraph_spacing(runs: list[list[Line]], pitch: float | None = None) -> bool:
    """Do the paragraphs in these cells (one table's, each cell's lines top to bottom) stand apart by a gap,
    where a cell holds more than one?

    Then every paragraph break shows, and a line that stops short is only a
    line that stops short (the next word was long, or not hyphenated).
    ``pitch``: the table's line pitch (:func:`line_pitch`), which OCR'd lines are measured against.
    A gap wider than any paragraph spacing (:data:`SPACING_MAX`) is no paragraph's: a speck or a rule's
    remnant read as a line at a cell's foot.

    >>> from fca_extract.model import Word
    >>> ln = lambda top, t="ord": Line([Word(t, 50, top, 80, top + 10, 10.0)])
    >>> shows_paragraph_spacing([[ln(100), ln(112), ln(128), ln(140)]]), shows_paragraph_spacing([[ln(100), ln(112), ln(124)]])
    (True, False)
    >>> shows_paragraph_spacing([[ln(100), ln(112), ln(124), ln(400, "|")]])
    False
    """
    for lines in runs:
        if len(lines) < 3:
            continue
        h = statistics.median(ln.height for ln in lines)
        ocr = any(w.conf is not None for ln in lines for w in ln.words)
        if pitch is not None and ocr:
            if any(OCR_PITCH_EXCESS * h < _excess(a, b, pitch) <= SPACING_MAX * h for a, b in zip(lines, lines[1:])):
                return True
            continue
        gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])]
        factor = OCR_PARAGRAPH_GAP if ocr else PARAGRAPH_GAP
        base = min(_least_gap(gaps, h), 0.3 * h)
        if any(factor * h < gap - base <= SPACING_MAX * h for gap in gaps):
            return True
    return False


def line_spacing(runs: list[list[Line]]) -> float | None:
    """The gap between wrapped lines (the least over runs of lines read top to bottom: a page's prose,
    each of its cells; lines that overlap left out), or None with too few to tell.

    A run of prose too short to learn its own leading from (a heading and one
    line under it) learns it from the page.

    >>> from fca_extract.model import Word
    >>> ln = lambda top: Line([Word("ord", 50, top, 80, top + 11, 10.0)])
    >>> line_spacing([[ln(t) for t in (100, 112, 124)], [ln(t) for t in (300, 312, 336)]])
    1
    >>> line_spacing([[ln(100), ln(112)]]) is None
    True
    """
    gaps = [b.top - a.bottom for run in runs for a, b in zip(run, run[1:]) if -OVERLAP * a.height <= b.top - a.bottom < a.height]
    if len(gaps) < 3:
        return None
    # the least: a page's prose may hold more paragraph breaks than wraps (headings, one-line paragraphs)
    return min(gaps)


# words after which a line cannot end a paragraph
OPEN_WORDS = frozenset(
    "och att för i på av med till som samt eller om från den det de en ett vid hos genom inom mellan under kring"
    " via utan mot åt bland enligt inför utifrån trots".split()
)


def ends_open(text: str) -> bool:
    """Does ``text`` stop mid-sentence (after "och", "för", …), so that the next part continues it?

    >>> ends_open("i samverkan med"), ends_open("i samverkan med BVC."), ends_open("ARBETSSÄTTET I")
    (True, False, True)

    The last word is the whole of one hyphenated at the line's end ("… I STADSOMRÅ-|DET": the tail "DET" of
    "STADSOMRÅDET" is no "det"):

    >>> ends_open("ARBETSSÄTTET I STADSOMRÅ-\\nDET"), ends_open("Idrotts- och")
    (False, True)
    >>> ends_open("familjer i stadsområ\u2010\\ndet")  # an HTML writer's hyphen (U+2010) breaks a word as well
    False
    """
    last = re.sub(r"(?<=[^\W\d_])[-\u00ad\u2010]\n(?=[^\W\d_])", "", text.rstrip())
    return bool(last) and last[-1] not in ".!?:)”\"" and last.split()[-1].lower() in OPEN_WORDS


def _para_text(lines: list[Line]) -> str:
    return "\n".join(ln.text for ln in lines)


def _excess(a: Line, b: Line, pitch: float) -> float:
    """How much further apart than ``pitch`` lines ``a`` and ``b`` stand, middle to middle: from the printed line
    ``a`` ends on to the one ``b`` starts on (a word put back together over a line's break spans two).

    >>> from fca_extract.model import Word
    >>> a = Line([Word("med", 50, 100, 80, 112, 10.0)])
    >>> head, tail = Word("Funktionsstö", 50, 113, 120, 125, 10.0), Word("d", 50, 126, 56, 138, 10.0)
    >>> joined = join_forced_breaks([Line([head]), Line([tail, Word("och", 60, 126, 80, 138, 10.0)])], 121.0, lambda h, t: True)
    >>> [ln.text for ln in joined], round(_excess(a, joined[0], 13.0), 1)
    (['Funktionsstöd och'], 0.0)
    """
    return b.first_middle - a.last_middle - pitch


def line_pitch(runs: list[list[Line]]) -> float | None:
    """The distance from a wrapped line's top to the next's (the median over runs of lines read top to
    bottom; distances over 1.5 line heights left out), or None with too few to tell. The median: a writer that
    sets lines on its device's pixel grid spaces them a fraction of a point unevenly, and a cell's few paragraph
    gaps do not move it.

    >>> from fca_extract.model import Word
    >>> ln = lambda top: Line([Word("ord", 50, top, 80, top + 10, 10.0)])
    >>> line_pitch([[ln(t) for t in (100, 112, 124, 136.5, 160)]])
    12
    """
    pitches = sorted(b.top - a.top for run in runs for a, b in zip(run, run[1:])
                     if a.height * (1 - OVERLAP) <= b.top - a.top < 1.5 * a.height)
    if len(pitches) < 3:
        return None
    return statistics.median(pitches)


#: a line that ends in one of these ends inside a word or a range, whatever the writer prints after it
_OPEN_LINE_ENDS = "-\u00ad/–—‐"
#: share of a page's inner line ends with a space after them that shows a writer printing wrap spaces
WRAP_SPACE_SHARE = 0.25
#: room (of the line height) a line's end must leave for its missing space to mean a paragraph's end, where
#: the page shows too few spaces to measure one: a space is 0.23–0.32 em
WRAP_SPACE_ROOM = 0.4
#: room beyond the page's own space width that a line's end must leave for its missing space to mean a
#: paragraph's end. A writer that prints wrap spaces leaves one out only where it does not fit; the inner
#: edge is estimated from the text's left padding (tuning seeds 60–79, untagged LibreOffice: 420 wraps between
#: words left at most 0.05 pt beyond the space, paragraph ends without a space 0.4 pt and more)
WRAP_SPACE_SLACK = 0.3
#: room for a line more under a cell's last line at a page break (in line pitches, :meth:`CellText.line_left_room`)
#: that shows its paragraph ended there: above the lower bound clear of the estimate's error (tuning seeds
#: WeasyPrint 536–575, Chromium 370–409: 143 wraps at most +0.01, where the next page's first paragraph ran over
#: three lines or more; paragraph ends from +0.2), below the upper one what a paragraph's spacing and orphan
#: control can leave (more is a cell whose lines a writer moved for another reason)
LINE_LEFT_ROOM = (0.1, 2.5)
#: ... where either part was OCR'd (its lines and rules a point or so off either way: tuning scans 996–1025, 30
#: documents, 129 joins at a page break: wraps widow control did not move at most +0.26, paragraph ends from +0.45;
#: two of these more, none wrongly)
LINE_LEFT_ROOM_OCR = (0.3, 2.5)
#: an inter-word gap narrower than this share of the type size is a font change inside a word, not a space
_MIN_SPACE_EM = 0.12


def word_space(runs: list[list[Line]]) -> float | None:
    """The width of the space between words, as a share of the type size: a low percentile of the gaps
    between words on these lines (justified lines stretch theirs), None with too few to tell.

    >>> from fca_extract.model import Word
    >>> ln = Line([Word("a", 0, 0, 10, 10, 10.0), Word("b", 12.5, 0, 20, 10, 10.0), Word("c", 25, 0, 30, 10, 10.0)])
    >>> word_space([[ln] * 5])
    0.25
    >>> word_space([[ln]]) is None
    True
    """
    ems = sorted(
        (b.x0 - a.x1) / a.size for run in runs for ln in run for a, b in zip(ln.words, ln.words[1:])
        if a.size and b.x0 - a.x1 >= _MIN_SPACE_EM * a.size
    )
    if len(ems) < 8:
        return None
    return ems[len(ems) // 10]


def wrap_room(line: Line, space: float | None) -> float:
    """The room a wrapped ``line``'s end can leave without its wrap space: the page's space (``space``, of the
    type size) and a little slack, or a share of the line's height where the page shows no space to measure."""
    if space is None:
        return WRAP_SPACE_ROOM * line.height
    return space * (line.words[-1].size or line.height) + WRAP_SPACE_SLACK


def line_wrap_space(line: Line, edge: float | None, space: float | None) -> bool | None:
    """With a writer that prints wrap spaces (``edge``: where text must stop, None otherwise): True where
    ``line`` ends with one (it wrapped there), False where it had room for one and printed none (a paragraph
    ends there), None where it could not have printed one (no room, a dash or hyphen end, OCR'd text).

    >>> from fca_extract.model import Word
    >>> ln = lambda x1, sp: Line([Word("ord", 50, 0, x1, 11, 10.0, space_after=sp)])
    >>> line_wrap_space(ln(90, True), 100, 0.25), line_wrap_space(ln(90, False), 100, 0.25), line_wrap_space(ln(98, False), 100, 0.25)
    (True, False, None)
    """
    if edge is None or line.words[-1].conf is not None or line.words[-1].text[-1:] in _OPEN_LINE_ENDS:
        return None
    if line.words[-1].space_after:
        return True
    return False if edge - line.x1 > wrap_room(line, space) else None


def shows_wrap_spaces(runs: list[list[Line]]) -> bool:
    """Does the writer print the space where a line wraps (LibreOffice does; Chromium and WeasyPrint do not)?

    Then a line inside a paragraph ends with a space and a paragraph's last
    line does not, gap or no gap, full or not. Judged on the lines that are
    not the last of their cell or run: with a writer that prints wrap spaces
    most of them end with one; with one that does not, none does.

    >>> from fca_extract.model import Word
    >>> ln = lambda t, sp: Line([Word(t, 50, 0, 80, 11, 10.0, space_after=sp)])
    >>> shows_wrap_spaces([[ln("a", True), ln("b", True), ln("c.", False), ln("d", True), ln("e.", False)]])
    True
    >>> shows_wrap_spaces([[ln("a", False), ln("b", False), ln("c.", False), ln("d", False), ln("e.", False)]])
    False
    """
    ends = [run_line for run in runs for run_line in run[:-1] if run_line.words[-1].text[-1:] not in _OPEN_LINE_ENDS]
    if len(ends) < 3 or any(ln.words[-1].conf is not None for ln in ends):
        return False
    return sum(ln.words[-1].space_after for ln in ends) >= WRAP_SPACE_SHARE * len(ends)


def split_paragraphs(
    lines: list[Line],
    right_limit: float | None = None,
    gap_factor: float | None = None,
    breaks: BreakPoints | None = None,
    leading: float | None = None,
    wrap_edge: float | None = None,
    space: float | None = None,
    pitch: float | None = None,
    by_size: bool = False,
    room_rule: bool = True,
    closed: bool = False,
) -> list[list[Line]]:
    """Group printed lines into paragraphs.

    In a tagged PDF, a new paragraph starts where the line's first word lies
    in another block element than the previous line's last word, or at (a).
    Otherwise a new paragraph starts where (a) the vertical gap to the previous line is
    clearly larger than the normal leading, (b) the line starts with a bullet,
    starts left of a list item's text or changes between upright and italic type, or (c) the previous line
    stopped short although the next line's first word would have fitted after
    it (a hard break, not a wrap). ``right_limit`` is
    the x where text must stop (a cell's inner right edge); without it
    (or where paragraphs stand apart anyway, :func:`shows_paragraph_spacing`),
    only (a) and (b) apply. ``leading``: the gap between wrapped lines where it is known from
    more lines than these (:func:`line_spacing`). ``wrap_edge``: the writer prints a space
    where a line wraps if it fits before this x (:func:`shows_wrap_spaces`), so (d) a line
    with room for one but without one ends its paragraph; ``space``: the page's space width
    (:func:`word_space`). OCR'd lines with the table's line ``pitch`` known are measured by (a) against it
    (:data:`OCR_PITCH_EXCESS`), not against their least gap. ``by_size`` (prose, not a table's cells): (e) a
    line in a type size clearly another than the line's before (:func:`changes_size`) starts a paragraph.
    ``room_rule`` False (the table's paragraphs stand apart, :func:`shows_paragraph_spacing`): (c) only where an
    OCR'd line's gap is more than half a paragraph's (:data:`OCR_NEAR_EXCESS`), a scan's spacing measured short.
    ``closed``: no page break cuts these lines' last paragraph (a table cell with a row below it), so (f) a last
    line that is a label after a full line's sentence (:func:`is_label_after_sentence`) is a paragraph of its own.
    """
    if not lines:
        return []
    if gap_factor is None:
        # OCR'd lines stand less evenly than a text layer's: their gaps need more to mean a paragraph
        gap_factor = OCR_PARAGRAPH_GAP if any(w.conf is not None for w in lines[0].words) else PARAGRAPH_GAP
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])]
    heights = [ln.height for ln in lines]
    h = statistics.median(heights)
    # normal leading: the smallest gap seen, but never more than single spacing
    # gives (a cell of two paragraphs has no wrap gap to learn from)
    base_gap = min(_least_gap(gaps, h), 0.3 * h if leading is None else leading) if gaps else 0.0
    paras: list[list[Line]] = [[lines[0]]]
    style = lines[0].italic  # the last line's with letters ("50/50" alone on a line is in no type)
    for prev, line, gap in zip(lines, lines[1:], gaps):
        tagged = prev.words[-1].para, line.words[0].para
        # not before a lower-case letter where the gap may be an OCR'd line's uneven box ("barn- och|ungdomshälsa"),
        # or inside a word a hyphen broke ("familjecentralsliknan-|de"): a paragraph starts with a capital
        ocr = line.words[0].conf is not None
        apart = _excess(prev, line, pitch) > OCR_PITCH_EXCESS * h if ocr and pitch is not None else gap - base_gap > gap_factor * h
        new = apart and not (line.text[:1].islower() and (ocr or _breaks_word(prev)))
        # nor after an OCR'd line that stops mid-phrase ("i samverkan med|Folktandvården."): an OCR'd line's middle
        # is a point or so off, as much as a small paragraph gap exceeds the pitch. (A comma may end a paragraph:
        # "ABC 3–12 år,|ABC föräldraträffar har erbjudits …" in the Sydväst årsrapport.)
        # (the paragraph's last two lines hold its last word, a word hyphenated at the line's end whole)
        open_end = ends_open(_para_text(paras[-1][-2:]))
        new = new and not (ocr and open_end)
        new = new or (by_size and changes_size(prev, line))
        if None not in tagged:
            # a tagged PDF says where each paragraph begins, seen or not (no spacing, a last line filled to the edge)
            new = new or tagged[0] != tagged[1]
        else:
            if not new and line.text[:1] in BULLETS and len(line.words[0].text) == 1:
                new = True
            if not new and _ends_list_item(paras[-1], line):
                new = True
            if not new and None not in (line.italic, style) and line.italic != style:
                new = True  # a remark set in italics under upright text (or back) is a paragraph of its own
            # not before a lower-case letter: a paragraph starts with a capital, a digit or a mark, and a line end
            # before a word that goes on a sentence only looks like a paragraph's by a misjudged width (the inner
            # edge's estimate, a hyphenation the writer did not do, an OCR'd word's box)
            goes_on = line.text[:1].islower()
            wrapped = line_wrap_space(prev, wrap_edge, space)
            if not new and wrapped is False and not goes_on:
                new = True  # the writer prints a space where it wraps a line (if it fits), and printed none here
            # (c) room for the next line's first word at the end of this one (not after a word no sentence ends on);
            # where paragraphs stand apart, only with a gap that is most of one: a scan measures 3 pt of spacing as
            # 1.8 (Chromium scan, tuning 1149: "hösten 2019.|Exempel på insatser:" joined)
            room = room_rule or (ocr and pitch is not None and _excess(prev, line, pitch) > OCR_NEAR_EXCESS * h)
            if (not new and right_limit is not None and room and prev.text[-1:] not in _OPEN_LINE_ENDS and not goes_on
                    and not open_end):
                # (an OCR'd word's box is its ink: the line that wrapped before it seems to have had room for it,
                # "Totalt deltog|133 föräldrar", Chromium 300 dpi scan, tuning 997)
                need = lead_width(line, h, breaks) + ink_slack(line.words[0], h)
                if wrapped:
                    # the writer printed its wrap space: only room clear of the edge's uncertainty outweighs it
                    # (an author's space before a paragraph's end prints too)
                    need += wrap_room(prev, space)
                new = right_limit - prev.x1 > need
            if not new and room_rule and wrapped is None and line is lines[-1] and closed:
                new = is_label_after_sentence(prev.text, line.text)
        if new:
            paras.append([line])
        else:
            paras[-1].append(line)
        if line.italic is not None:
            style = line.italic
    return paras


#: a text's end that ends a sentence: a stop, and the quotes or brackets that close it
SENTENCE_END = re.compile(r"[.!?][\"'”’»)]*$")


def is_label_after_sentence(prev: str, last: str) -> bool:
    """Is ``last``, a cell's last line, a label of its own (a name, a role: "BVC", "FCA-koordinator") although
    the line before, ``prev``, ended a sentence at the column's edge, where a paragraph's end and a wrap look
    the same? A paragraph's last sentence ends in a stop like its others ("… med MVC. Samverkan har fördjupats."
    goes on a paragraph); a capitalised line with no stop, after a sentence that had one, is the cell's next
    paragraph. (A colon, a comma or a semicolon ends it as a sentence's part, a list's lead or item: no label.)

    >>> is_label_after_sentence("Enhetschef med stöd av BVC.", "FCA-koordinator"), is_label_after_sentence("av FCA-koordinator.", "Folktandvården")
    (True, True)
    >>> is_label_after_sentence("i samverkan med BVC.", "Arbetet fortsätter."), is_label_after_sentence("i samverkan med BVC", "Folktandvården")
    (False, False)
    >>> is_label_after_sentence("med BVC.", "Följande har genomförts:"), is_label_after_sentence("med BVC.", "barn 0–5 år"), is_label_after_sentence("med BVC.", "0–5 år")
    (False, False, False)
    """
    last = last.strip()
    if not SENTENCE_END.search(prev.rstrip()) or not last[:1].isupper():
        return False
    return last[-1:].isalnum() or last[-1:] == ")"


#: type sizes this much apart (a share of the larger) are two styles: a cover's title over its subtitle (an OCR'd
#: line's size, estimated from its letters' boxes, can be a tenth or more off the printed one: a heading's line
#: of capitals is no other style than the line before)
SIZE_CHANGE = 0.25


def changes_size(prev: Line, line: Line) -> bool:
    """Is ``line`` set in a type size clearly another than ``prev``?

    >>> from fca_extract.model import Word
    >>> ln = lambda size: Line([Word("Ord", 50, 0, 80, size, size)])
    >>> changes_size(ln(20.0), ln(14.0)), changes_size(ln(10.5), ln(10.0))
    (True, False)
    """
    a, b = prev.size, line.size
    return abs(a - b) > SIZE_CHANGE * max(a, b)


def _breaks_word(line: Line) -> bool:
    """Does ``line`` end in a hyphen after a letter (a word broken there, or a compound's head before "och")?"""
    last = line.words[-1].text
    return len(last) > 1 and last[-1] in "-\u00ad‐" and last[-2].isalpha()


def _ends_list_item(para: list[Line], line: Line) -> bool:
    """Does ``line`` start left of the text of the list item ``para`` (its bullet's hanging indent)?"""
    first = para[0].words
    if len(first) < 2 or first[0].text not in BULLETS or len(first[0].text) != 1:
        return False
    return line.x0 < first[1].x0 - 2.0


def wrapped_text(paras: list[list[Line]]) -> str:
    """Paragraphs of lines → ``"line\\nline\\n\\nline"``."""
    return "\n\n".join("\n".join(ln.text for ln in p) for p in paras)


#: ``(head, tail) → bool``: is ``head|tail`` one word broken at a line end (the lexicon's :meth:`is_broken_word`)
IsBrokenWord = Callable[[str, str], bool]


PUNCTUATION_BEFORE = "([{\"'«“‘"


def fills_column(prev: Line, line: Line, right_limit: float) -> bool:
    """Could ``prev`` be the head of a word too long for its column, broken at the edge (no hyphen)?

    The writer puts as many letters as fit: ``prev`` is one word ending less
    than a letter or so from the edge (the letter that did not fit can be
    wider than the average one: up to 1.6 of the head's or the tail's
    average letters may be left), and ``line``
    goes on with punctuation ("stadsområdet|.") or a lower-case letter
    ("Barnmorskemottagn|ingen"). A text layer that writes the space at the
    line's end says the word is whole. A list item's bullet before the word
    does not count.
    """
    if not line.words or not fills_edge(prev, right_limit, line.words[0]):
        return False
    tail = misread_l(line.words[0])
    head = _without_bullet(prev.words)[-1].text
    # (a word in capitals goes on in capitals: SUM|MA in a narrow budget column)
    capitals = head.isalpha() and head.isupper() and tail.text.rstrip(PUNCTUATION_AFTER).isupper()
    return tail.text[:1] in PUNCTUATION_AFTER or tail.text[:1].islower() or capitals


def misread_l(word: Word) -> Word:
    """An OCR'd word starting with a capital I before small letters, as the "l" it may be: alone at a line's
    start, with nothing before it to read it by, Tesseract takes an "l" for an "I" ("föreningsförva|Itningen",
    a word a WeasyPrint scan broke at a narrow column's edge, tuning 1118). Whether it is one is the
    join's question (the lexicon's); a text layer's word is as printed.

    >>> misread_l(Word("Itningen", 0, 0, 30, 10, 10.0, conf=90.0)).text, misread_l(Word("Itningen", 0, 0, 30, 10, 10.0)).text
    ('ltningen', 'Itningen')
    """
    if word.conf is None or word.text[:1] != "I" or not word.text[1:2].islower():
        return word
    return replace(word, text="l" + word.text[1:])


def fills_edge(line: Line, right_limit: float, tail: Word | None = None) -> bool:
    """Is ``line`` one word (a bullet aside) that ends at the column's edge, no space after it, as a word
    too long for its column does where the writer broke it? ``tail``: the next part, whose letters also
    tell how wide the letter that did not fit may be.

    >>> w = lambda t, x1, conf=None: Word(t, 315.1, 0, x1, 10, 10.0, conf=conf)
    >>> fills_edge(Line([w("barnmorske", 368.2, 96.0)]), 377.0, w("mottagninge", 371.5, 96.0))
    True
    >>> fills_edge(Line([w("barnmorske", 368.2)]), 377.0, w("mottagninge", 371.5))  # a text layer's box is the advance
    False
    """
    words = _without_bullet(line.words)
    if len(words) != 1 or words[0].space_after:
        return False
    head = words[0]
    # (the tail's own letters tell a wide one better than the head's: "stödsprogra|mmen")
    glyph = max((w.x1 - w.x0) / max(len(w.text), 1) for w in (head, tail) if w is not None)
    # (an OCR'd box is the ink, short of the advance by the last letter's side bearing, "barnmorske|mottagninge":
    # its ink ended 8.8 pt before the edge, 1.66 average letters, Chromium scan 974)
    left = 1.6 * glyph + ink_slack(head, head.bottom - head.top)
    return right_limit - left <= head.x1 <= right_limit + 1.0 and head.text[-1:].isalpha()


def _without_bullet(words: list[Word]) -> list[Word]:
    return words[1:] if len(words) > 1 and words[0].text in BULLETS else words


def too_wide(head: Word, tail: Word, right_limit: float) -> bool:
    """Would ``head`` and ``tail`` as one word be wider than the line they start on?

    A writer breaks a word without a hyphen only when it does not fit on a
    line of its own; a shorter one it moves whole to the next line. So two
    words that would fit together ("ekonomiskt|utsatta" in a column wider
    than both) are two words, whatever compound the lexicon could make of them.

    >>> w = lambda t, x0, x1: Word(t, x0, 0, x1, 10, 10.0)
    >>> too_wide(w("föräldrastödsinsat", 75.0, 159.5), w("ser.", 75.0, 93.0), 160.0)
    True
    >>> too_wide(w("ekonomiskt", 75.0, 125.0), w("utsatta", 75.0, 110.0), 200.0)
    False
    """
    # (the column's right padding is only estimated: a letter or two of slack, as :func:`fills_edge` allows)
    glyph = max((w.x1 - w.x0) / max(len(w.text), 1) for w in (head, tail))
    return (head.x1 - head.x0) + (tail.x1 - tail.x0) > right_limit - head.x0 - 2.0 * glyph


def is_forced_break(head: str, rest: str, tail: str, is_broken: IsBrokenWord | None, breaks: BreakPoints | None = None) -> bool:
    """Is the edge-filling ``head`` one word with what follows the break?

    ``tail`` is the next line's first word, ``rest`` the whole word if every
    later line of the chain is joined too ("föreningsf|örvaltnin|gen": the
    middle piece alone starts no word). Punctuation always joins; letters
    join when the lexicon takes the two for one word (a whole word can end
    at the edge too: "Folkhälsoutvecklare|tillsammans"). A writer that
    hyphenates (``breaks``) would have put a hyphen where the word allows
    one: a break there without a hyphen is between two words
    ("Funktionsstöd|gemensamt").
    """
    if tail[:1] in PUNCTUATION_AFTER:
        return True
    if is_broken is None:
        return False
    head = head.lstrip(PUNCTUATION_BEFORE)  # "(mate|rial,": the word is what the bracket opens
    for whole_tail in dict.fromkeys((rest.rstrip(PUNCTUATION_AFTER), tail.rstrip(PUNCTUATION_AFTER))):  # (once if the same)
        if breaks is not None and len(head) in breaks(head + whole_tail):
            continue
        if is_broken(head, whole_tail):
            return True
    return False


def join_forced_breaks(
    lines: list[Line], right_limit: float, is_broken: IsBrokenWord | None = None, breaks: BreakPoints | None = None
) -> list[Line]:
    """Lines with each word broken at the column's edge put back together.

    A word can run over several lines ("barnmors|kemottag|ningen"): the
    chain of edge-filling one-word lines is found from the geometry, then
    each break in it is judged head by head against the rest of the chain.
    """
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and fills_column(lines[j], lines[j + 1], right_limit):
            j += 1
        current = lines[i]
        for b in range(i, j):
            head, nxt = current.words[-1], lines[b + 1]
            # the word may end on any later line of the chain: a shorter word can fill the edge too ("grammen|som")
            rests = ["".join(misread_l(ln.words[0]).text for ln in lines[b + 1:k + 1]) for k in range(j, b + 1, -1)] or [misread_l(nxt.words[0]).text]
            tail = misread_l(nxt.words[0])
            if too_wide(head, tail, right_limit) and any(
                    is_forced_break(head.text, rest, tail.text, is_broken, breaks) for rest in rests):
                # the whole word is as wide as its parts (wider than the column: it never fitted)
                # (its line now reaches down to the tail's, so the gap to the next line stays a line's gap)
                whole = replace(head, text=head.text + tail.text, x1=head.x1 + (tail.x1 - tail.x0), bottom=tail.bottom)
                current = Line([*current.words[:-1], whole, *nxt.words[1:]],
                               first_box=current.first_box or (current.top, current.bottom),
                               last_box=nxt.last_box or (nxt.top, nxt.bottom))
            else:
                out.append(current)
                current = nxt
        out.append(current)
        i = j + 1
    return out


@dataclass(frozen=True)
class CellText:
    """A cell's wrapped text, and what a page break needs to know to continue it."""

    text: str
    room: float | None = None  # space left at the end of its last line
    lead: float | None = None  # room its first word needs at the end of a line
    first_para: int | None = None  # the tagged block its first word lies in (None: untagged)
    last_para: int | None = None  # the tagged block its last word lies in
    first_word: str | None = None
    edge_word: str | None = None  # its last line's one word, ending at the column's edge (a word broken there?)
    #: a writer that prints wrap spaces (:func:`shows_wrap_spaces`): True where it printed one after the last
    #: line (it wrapped there), False where it had room for one and printed none (a paragraph ends there);
    #: None where it prints none, or had no room for one
    wrap_space: bool | None = None
    #: where the text stands in its cell: the gap above its first line and below its last, the line pitch, the last
    #: line's glyph height (a text layer's line boxes are exact; an OCR'd line's and the cell's rules found in the
    #: image are a point or so off: ``ocr``)
    top_gap: float | None = None
    bottom_gap: float | None = None
    pitch: float | None = None
    last_height: float | None = None
    ocr: bool = False
    #: its first paragraph is known to run over one line or over three and more: not the two lines that widow
    #: control leaves at the top of a page when it moves a paragraph's lines over
    widow_free: bool = False
    #: the tagged table cells (:attr:`~fca_extract.model.Word.cell`) its first and last word lie in (None: untagged)
    first_cell: int | None = None
    last_cell: int | None = None

    @classmethod
    def spanning(cls, first: CellText, last: CellText) -> CellText:
        """The ends of a text that begins as ``first`` and ends as ``last`` (a cell continued overleaf, or
        cells of one field stacked in a row): the start's lead and first word, the end's room and last word."""
        return cls("", last.room, first.lead, first.first_para, last.last_para, first.first_word, last.edge_word, last.wrap_space,
                   first.top_gap, last.bottom_gap, last.pitch, last.last_height, first.ocr or last.ocr, first.widow_free,
                   first.first_cell, last.last_cell)

    def line_left_room(self, nxt: CellText) -> float | None:
        """The room, in line pitches, that a page break left under this text's last line for one line more,
        its continuation ``nxt`` overleaf telling where a line's box begins above its letters (0 or more: a
        line more would have fitted; None where a position is unknown).

        The continuation's first line sits ``nxt.top_gap`` under its fragment's top; a line under this text's
        last would need its pitch, and the same gap below its letters as the first line has above them
        (less the letters' height within the pitch). A writer fills a cell's fragment down to the page's
        end with the lines of a paragraph that goes on, so room for one more means the paragraph ended there,
        unless widow control moved lines over (:attr:`widow_free`).

        >>> end = CellText("a", bottom_gap=14.0, pitch=10.5, last_height=9.0)
        >>> round(end.line_left_room(CellText("b", top_gap=1.5)), 2), round(CellText("a", bottom_gap=3.0, pitch=10.5, last_height=9.0).line_left_room(CellText("b", top_gap=1.5)), 2)
        (0.33, -0.71)
        """
        if None in (self.bottom_gap, self.pitch, self.last_height, nxt.top_gap) or not self.pitch:
            return None
        return (self.bottom_gap + nxt.top_gap + self.last_height - 2 * self.pitch) / self.pitch

    def breaks_word(self, nxt: CellText, is_broken: IsBrokenWord | None) -> bool:
        """Was a word too long for the column broken at the page break: this text's last, ``nxt``'s first?

        >>> CellText("a", edge_word="föräldraskapsstö").breaks_word(CellText("b", first_word="d"), lambda h, t: True)
        True
        >>> CellText("a", edge_word=None).breaks_word(CellText("b", first_word="d"), lambda h, t: True)
        False
        """
        if self.edge_word is None or not nxt.first_word:
            return False
        if not (nxt.first_word[:1].islower() or nxt.first_word[:1] in PUNCTUATION_AFTER):
            return False
        return is_forced_break(self.edge_word, nxt.first_word, nxt.first_word, is_broken)

    def paragraph_ends(self, nxt: CellText) -> bool | None:
        """Does a paragraph end between this text and its continuation ``nxt`` (overleaf)?

        True or False where a tagged PDF says so; otherwise True when a writer
        that prints wrap spaces had room for one and printed none, or when this
        text stopped although the next part's first word would have fitted;
        False when such a writer printed its wrap space on a line the next
        word would not have fitted (an author's space before a paragraph's end
        prints too: that line stops short); None (unknown) when its last line
        is full.

        >>> CellText("a", 5.0, first_para=1, last_para=2).paragraph_ends(CellText("b", lead=9.0, first_para=2))
        False
        >>> CellText("a", 40.0).paragraph_ends(CellText("b", lead=9.0)), CellText("a", 5.0).paragraph_ends(CellText("b", lead=9.0))
        (True, None)
        >>> CellText("a", 5.0, wrap_space=False).paragraph_ends(CellText("b", lead=9.0)), CellText("a", 5.0, wrap_space=True).paragraph_ends(CellText("b", lead=9.0))
        (True, False)
        """
        if self.last_para is not None and nxt.first_para is not None:
            return self.last_para != nxt.first_para
        if self.wrap_space is False:
            return True
        if self.room is not None and nxt.lead is not None and self.room > nxt.lead:
            return True
        if self.wrap_space:
            return False
        left = self.line_left_room(nxt)
        low, high = LINE_LEFT_ROOM_OCR if self.ocr or nxt.ocr else LINE_LEFT_ROOM
        if left is not None and nxt.widow_free and low < left <= high:
            return True  # the page had room for a line more of it, and no widow control kept the line back
        return None


#: a cell whose text stops this many line pitches above its bottom was not cut by a page break (a writer fills a
#: cut cell to the page's end, but for the line or so widow control moves over)
CLOSED_ROOM = 2.0


def read_cell(
    words: list[Word], x0: float, x1: float, is_broken: IsBrokenWord | None = None, breaks: BreakPoints | None = None,
    room_rule: bool = True,
    wrap_spaces: bool = False,
    space: float | None = None,
    leading: float | None = None,
    pad: float | None = None,
    spaced: bool = False,
    box: tuple[float, float] | None = None,
    pitch: float | None = None,
    closed: bool = False,
) -> CellText:
    """The wrapped text of a table cell spanning ``x0``..``x1``; ``is_broken`` tells words broken at its edge,
    ``breaks`` where a writer that hyphenates could break a word; ``room_rule``: a line that stopped short
    although the next word would have fitted ends a paragraph (not where paragraphs show their spacing);
    ``wrap_spaces``, ``space``: the writer prints a space of this width where it wraps a line; ``leading``: the gap
    between wrapped lines, where the table knows it (:func:`split_paragraphs`); ``pad``: the table's usual
    inner padding (:func:`cell_padding`), where a cell of list items indents all its text further; ``spaced``: the
    table's paragraphs stand apart (:func:`shows_paragraph_spacing`); ``box``: the cell's top and bottom, and
    ``pitch`` the table's line pitch (:func:`line_pitch`), for where a page break cut its text
    (:meth:`CellText.line_left_room`); ``closed``: a row below the cell, so no page break cut its text
    (:func:`split_paragraphs`), as room for more lines below it (:data:`CLOSED_ROOM`) also tells."""
    if not words:
        return CellText("")
    lines = [join_split_words(ln, is_broken) for ln in group_lines(words)]
    left_pad = max(min(ln.x0 for ln in lines) - x0, 0.0)
    if pad is not None:
        # (the right padding is the left's, not a list's indent: "civilsamhället|s" filled a bulleted cell's edge)
        left_pad = max(min(left_pad, pad), 0.0)
    right_limit = x1 - left_pad
    joined = join_forced_breaks(lines, right_limit, is_broken, breaks)
    # room for two lines more below the text: a page break cut none of it (widow control moves one line over)
    closed = closed or (box is not None and bool(pitch) and box[1] - joined[-1].bottom > CLOSED_ROOM * pitch)
    paras = split_paragraphs(joined, right_limit=right_limit, room_rule=room_rule, breaks=breaks, closed=closed,
                            wrap_edge=right_limit if wrap_spaces else None, space=space, leading=leading, pitch=pitch)
    last = paras[-1][-1]
    first = paras[0]
    return CellText(
        wrapped_text(paras), right_limit - last.x1, lead_width(first[0], breaks=breaks) + ink_slack(first[0].words[0], first[0].height),
        first[0].words[0].para,
        last.words[-1].para, first[0].words[0].text, last.words[-1].text if fills_edge(last, right_limit) else None,
        line_wrap_space(last, right_limit if wrap_spaces else None, space),
        top_gap=first[0].top - box[0] if box is not None else None,
        bottom_gap=box[1] - last.bottom if box is not None else None,
        pitch=pitch if box is not None else None,
        last_height=last.height,
        ocr=any(w.conf is not None for w in words),
        widow_free=widow_free(first, spaced),
        first_cell=first[0].words[0].cell,
        last_cell=last.words[-1].cell,
    )


def widow_free(para: list[Line], spaced: bool) -> bool:
    """Is the paragraph ``para`` (a cell's first, at the top of a page) known to be no widow: one line (two
    lines are what widow control leaves), or three and more? Where paragraphs show no gap between them, a
    third line only counts if it goes on a sentence (a paragraph may end unseen after the second).

    >>> from fca_extract.model import Word
    >>> ln = lambda t: Line([Word(t, 50, 0, 80, 10, 10.0)])
    >>> widow_free([ln("Ett")], False), widow_free([ln("Ett"), ln("två")], True), widow_free([ln("A"), ln("b"), ln("C")], True)
    (True, False, True)
    >>> widow_free([ln("A"), ln("b"), ln("C")], False), widow_free([ln("A"), ln("b"), ln("c")], False)
    (False, True)
    """
    if len(para) != 2 and (len(para) < 3 or spaced or para[2].text[:1].islower()):
        return True
    return False


def cell_padding(cells: list[tuple[float, list[Word]]]) -> float | None:
    """A table's usual inner left padding: the median over its cells (``(x0, words)``) of the gap from the
    cell's left edge to its text; None without text.

    >>> w = lambda x: Word("ord", x, 10, x + 20, 20, 10.0)
    >>> cell_padding([(100, [w(104)]), (200, [w(204)]), (300, [w(316)])])
    4
    """
    pads = [min(w.x0 for w in words) - x0 for x0, words in cells if words]
    return statistics.median(pads) if pads else None


def cell_text(words: list[Word], x0: float, x1: float, is_broken: IsBrokenWord | None = None) -> str:
    """The wrapped text of a table cell spanning ``x0``..``x1``."""
    return read_cell(words, x0, x1, is_broken).text


# after a hyphen kept at a line end, these words mean a suspended compound
# ("barn- och ungdomshälsa"): the line break becomes a space, not nothing
SUSPENDING = frozenset({"och", "eller", "samt", "respektive", "resp", "resp.", "&"})
# dashes of a number range ("0–18 år"); a plain hyphen is joined like any kept hyphen
RANGE_DASHES = "–‐‑"


def _join_lines(lines: list[str]) -> str:
    out = ""
    for ln in lines:
        ln = " ".join(ln.split())
        if not ln:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalnum() and ln.split()[0].lower() not in SUSPENDING:
            out += ln  # a hyphen the repair stage kept belongs to the word: FCA-|koordinator
        elif out.endswith("/") and len(out) > 1 and out[-2].isalnum() and ln[0].isalnum():
            out += ln  # a line broken after a slash: upptäckt/|tidigt
        elif out[-1:] in RANGE_DASHES and out[-2:-1].isdigit() and ln[0].isdigit():
            out += ln  # a number range broken after its dash: 0–|18 år
        else:
            out = f"{out} {ln}" if out else ln
    return out


def unwrap(text: str) -> str:
    """Wrapped text → contract text: line wraps become spaces, paragraphs ``\\n``, list items paragraphs without their bullet.

    >>> unwrap("en rad\\nsom fortsätter\\n\\nnytt stycke")
    'en rad som fortsätter\\nnytt stycke'
    >>> unwrap("FCA-\\nkoordinator och barn-\\noch ungdomshälsa")
    'FCA-koordinator och barn- och ungdomshälsa'
    >>> unwrap("barn 0–\\n18 år och 3-\\n5 år")
    'barn 0–18 år och 3-5 år'
    >>> unwrap("Vi arbetar med:\\n\\n• språk och\\nläsning\\n\\n• närvaro")
    'Vi arbetar med:\\nspråk och läsning\\nnärvaro'
    >>> unwrap("Stärka kunskapen\\n\\n•")   # a bullet with no text (OCR'd debris, an empty list item) is nothing
    'Stärka kunskapen'
    """
    paras = [_strip_bullet(_join_lines(p.split("\n"))) for p in text.split("\n\n")]
    paras = [p for p in paras if p.strip(BULLETS + " ")]
    return "\n".join(p for p in paras if p)


def _strip_bullet(para: str) -> str:
    """A list item is a paragraph of its own; its bullet glyph is not text. So is a dash glued to the capital
    that opens a paragraph: no word begins so (a suspended compound's dash comes before small letters, "-vård"),
    a list's marker that OCR read as a dash against its item does ("• -SIP-utbildningar", a LibreOffice scan's
    bullet read twice, tuning 1234).

    >>> _strip_bullet("• språk"), _strip_bullet("• -SIP-utbildningar för"), _strip_bullet("-SIP"), _strip_bullet("-vård"), _strip_bullet("–18 år")
    ('språk', 'SIP-utbildningar för', 'SIP', '-vård', '–18 år')
    """
    if para[:1] in BULLETS and para[1:2] == " ":
        para = para[2:]
    if para[:1] in "-–" and para[1:2].isupper():
        return para[1:]
    return para
