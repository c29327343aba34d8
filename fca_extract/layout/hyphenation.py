"""Where a writer that hyphenates could have broken a word (Swedish patterns, as LibreOffice and WeasyPrint use).

A line that stops short of the column's edge ends a paragraph when the next
line's first word would have fitted after it. A writer that hyphenates
(``hyphens: auto``) fits a word's first syllables and a hyphen too: only
when not even those fitted did the line end with its paragraph.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import pyphen

from ..model import Word

#: ``word → positions`` where the writer could break it (characters before each break)
BreakPoints = Callable[[str], Sequence[int]]

#: marks that close the word before them (a broken word's tail, "verk-|samhet.")
PUNCTUATION_AFTER = ".,;:!?)"

#: the shortest word a writer hyphenates (CSS ``hyphenate-limit-chars: auto`` is 5 2 2)
MIN_WORD = 5


@functools.lru_cache(maxsize=1)
def _patterns() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="sv_SE", left=2, right=2)


@functools.lru_cache(maxsize=4096)
def break_points(word: str) -> tuple[int, ...]:
    """Where ``word`` may be hyphenated; none for short words or words with other than letters.

    >>> break_points("Arbetet"), break_points("och"), break_points("2024.")
    ((2, 4), (), ())
    """
    if len(word) < MIN_WORD or not word.isalpha():
        return ()
    return tuple(_patterns().positions(word))


#: line ends broken at a plain hyphen after a lower-case letter that a page needs to show hyphenation
MIN_HARD_BREAKS = 3
#: an OCR'd word whose next word on its line starts further right than this share of its size ends a line (of
#: its cell: the next column's text stands a cell's padding on each side and a rule away, a space a quarter em)
OCR_LINE_END_GAP = 0.8


#: the shortest word an OCR'd page's writer is taken to hyphenate: a scan does not show which writer broke its
#: lines, and an HTML export printed by Chromium hyphenates only the long words it put soft hyphens in (11
#: letters and more in the generator's; LibreOffice and WeasyPrint hyphenate words of 5). Shorter words need
#: their whole width: a paragraph's end under-read, never a wrap read as one (tuning scans 996, 997, 1000)
OCR_MIN_WORD = 11


def long_word_break_points(word: str, shortest: int = OCR_MIN_WORD) -> tuple[int, ...]:
    """:func:`break_points` of a word of ``shortest`` letters or more (:data:`OCR_MIN_WORD` unless the document
    showed a shorter word broken, :func:`broken_word_lengths`); none of a shorter one.

    >>> long_word_break_points("Arbetet"), long_word_break_points("Föräldraskapsstöd")[:2]
    ((), (3, 6))
    >>> long_word_break_points("Arbetet", shortest=6)
    (2, 4)
    """
    return break_points(word) if len(word) >= shortest else ()


def ocr_break_points(shortest: int | None) -> BreakPoints:
    """Break points for an OCR'd document whose pages showed ``shortest`` the shortest word broken at a line
    end (None: none seen): a writer that broke a word of 6 letters would have broken any word as long.
    Never more than :data:`OCR_MIN_WORD`; never under :data:`MIN_WORD`.

    >>> ocr_break_points(None)("Arbetet"), ocr_break_points(7)("Arbetet"), ocr_break_points(3)("Barnen")
    ((), (2, 4), (3,))
    """
    return functools.partial(long_word_break_points, shortest=ocr_word_limit(shortest))


def shortest_broken(lengths: Sequence[int]) -> int | None:
    """The shortest word a document's OCR'd pages show broken (``lengths``: :func:`broken_word_lengths`), once
    another as short or shorter confirms it: the second shortest. One break alone may be at a hyphen the author
    wrote, which every writer breaks at ("drop in-|träffar" reads as "inträffar" broken, in a Chromium export
    that hyphenates only words of 11 letters: tuning 1155).

    >>> shortest_broken([14, 9, 15]), shortest_broken([7, 6, 12]), shortest_broken([9])
    (14, 7, None)
    """
    return sorted(lengths)[1] if len(lengths) > 1 else None


def ocr_word_limit(shortest: int | None) -> int:
    """The shortest word :func:`ocr_break_points` breaks, given the shortest seen broken.

    >>> ocr_word_limit(None), ocr_word_limit(7), ocr_word_limit(3), ocr_word_limit(15)
    (11, 7, 5, 11)
    """
    return OCR_MIN_WORD if shortest is None else max(MIN_WORD, min(shortest, OCR_MIN_WORD))


def _hard_break(w: Word) -> bool:
    return len(w.text) > 2 and w.text[-1] == "-" and w.text[-2].islower()


def ends_line(word: Word, words: Sequence[Word]) -> bool:
    """Does ``word`` end its line: for a text layer, no space was printed after it; for an OCR'd word (whose
    spaces no one printed), no word follows it on its line within :data:`OCR_LINE_END_GAP` of its size.

    >>> w = lambda t, x0, x1: Word(t, x0, 0, x1, 10, 10.0, conf=90.0)
    >>> a, b, c = w("försko-", 0, 40), w("la", 42.5, 52), w("barn", 70, 90)
    >>> ends_line(a, [a, b, c]), ends_line(a, [a, c]), ends_line(c, [a, b, c])
    (False, True, True)
    """
    if word.conf is None:
        return not word.space_after
    reach = word.x1 + OCR_LINE_END_GAP * (word.size or word.bottom - word.top)
    return not any(
        o is not word and word.x1 - 1 <= o.x0 <= reach and o.top < word.bottom and o.bottom > word.top for o in words
    )


def _same_line(a: Word, b: Word) -> bool:
    return a.top < b.bottom and a.bottom > b.top and min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(
        a.bottom - a.top, b.bottom - b.top
    )


def _line_start(word: Word, words: Sequence[Word]) -> Word:
    """The first word of ``word``'s run on its line: words apart by less than :data:`OCR_LINE_END_GAP` em (a
    table's next column stands further off)."""
    start = word
    while True:
        reach = OCR_LINE_END_GAP * (start.size or start.bottom - start.top)
        before = [o for o in words if o is not start and _same_line(o, start) and start.x0 - reach <= o.x1 <= start.x0 + 1]
        if not before:
            return start
        start = max(before, key=lambda o: o.x1)


def broken_word_lengths(words: Sequence[Word], is_broken: Callable[[str, str], bool] | None = None) -> list[int]:
    """The letters of each word an OCR'd page shows broken at a line end: a head ending in a hyphen after a
    lower-case letter that ends its line (:func:`ends_line`), and the next line's first word under its run's
    start, lower-case, together a word (``is_broken``, the lexicon's, when given: not "barn-|och").

    Which words the writer breaks tells it: LibreOffice and WeasyPrint break words of 5 letters, Chromium only
    the long words an export put soft hyphens in.

    >>> ocr = lambda t, x0, y: Word(t, x0, y, x0 + 6 * len(t), y + 10, 10.0, conf=90.0)
    >>> page = [ocr("Vi", 0, 0), ocr("ska", 16, 0), ocr("arbe-", 40, 0), ocr("tet", 0, 14), ocr("och", 22, 14),
    ...         ocr("Barn-", 200, 0), ocr("och", 200, 14)]
    >>> broken_word_lengths(page), broken_word_lengths(page, lambda h, t: t != "och")
    ([7, 7], [7])
    """
    found = []
    for w in words:
        if w.conf is None or not _hard_break(w) or not w.text[:-1].isalpha() or not ends_line(w, words):
            continue
        height = w.bottom - w.top
        em = w.size or height
        start = _line_start(w, words)
        below = [
            o for o in words
            if w.bottom - 0.3 * height < o.top < w.bottom + 1.2 * height and abs(o.x0 - start.x0) < 0.6 * em
        ]
        if not below:
            continue
        tail = min(below, key=lambda o: o.top).text.rstrip(PUNCTUATION_AFTER)
        head = w.text[:-1]
        if len(tail) < 2 or not tail.isalpha() or not tail[0].islower():
            continue
        if is_broken is not None and not is_broken(head, tail):
            continue
        found.append(len(head) + len(tail))
    return found


def page_hyphenates(words: list[Word]) -> bool:
    """Does the page show automatic hyphenation?

    A line that ends in a word broken at a soft hyphen says so. Some writers
    (LibreOffice) print a plain hyphen there, and a scan shows only that: a word that ends in a
    hyphen after a lower-case letter and ends its line (:func:`ends_line`) breaks a word
    ("försko-|la"). One such break can be a compound's own
    hyphen ("drop in-|träffar"); a page that hyphenates has several.

    >>> w = lambda t, space=False: Word(t, 0, 0, 10, 10, 10.0, space_after=space)
    >>> page_hyphenates([w("verk\u00ad")])
    True
    >>> page_hyphenates([w("lunch-"), w("un-"), w("försko-"), w("ord", True)])
    True
    >>> page_hyphenates([w("barn-", True), w("in-"), w("FCA-"), w("BVC-")])   # a suspended compound; own hyphens
    False
    >>> ocr = lambda t, y: Word(t, 0, y, 40, y + 10, 10.0, conf=90.0)
    >>> page_hyphenates([ocr("lunch-", 0), ocr("försko-", 20), ocr("verksam-", 40)])
    True
    """
    if any(w.text.endswith("\u00ad") and len(w.text) > 2 for w in words):
        return True
    hard = sum(1 for w in words if _hard_break(w) and ends_line(w, words))
    return hard >= MIN_HARD_BREAKS
