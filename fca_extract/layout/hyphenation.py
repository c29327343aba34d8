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


def long_word_break_points(word: str) -> tuple[int, ...]:
    """:func:`break_points` of a word of :data:`OCR_MIN_WORD` letters or more; none of a shorter one.

    >>> long_word_break_points("Arbetet"), long_word_break_points("Föräldraskapsstöd")[:2]
    ((), (3, 6))
    """
    return break_points(word) if len(word) >= OCR_MIN_WORD else ()


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
