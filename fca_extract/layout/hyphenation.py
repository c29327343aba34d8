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


def page_hyphenates(words: list[Word]) -> bool:
    """Does the page show automatic hyphenation?

    A line that ends in a word broken at a soft hyphen says so. Some writers
    (LibreOffice) print a plain hyphen there: a text-layer word that ends in a
    hyphen after a lower-case letter with no space after it ends its line
    inside a word ("försko-|la"). One such break can be a compound's own
    hyphen ("drop in-|träffar"); a page that hyphenates has several.

    >>> w = lambda t, space=False: Word(t, 0, 0, 10, 10, 10.0, space_after=space)
    >>> page_hyphenates([w("verk\u00ad")])
    True
    >>> page_hyphenates([w("lunch-"), w("un-"), w("försko-"), w("ord", True)])
    True
    >>> page_hyphenates([w("barn-", True), w("in-"), w("FCA-"), w("BVC-")])   # a suspended compound; own hyphens
    False
    """
    if any(w.text.endswith("\u00ad") and len(w.text) > 2 for w in words):
        return True
    hard = sum(
        1 for w in words
        if w.conf is None and not w.space_after and len(w.text) > 2 and w.text[-1] == "-" and w.text[-2].islower()
    )
    return hard >= MIN_HARD_BREAKS
