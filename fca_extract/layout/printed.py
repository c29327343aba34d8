"""What a document prints itself: words whole, and pairs of words side by side on one line.

A word too long for a narrow column is broken at its edge without a hyphen,
and the lexicon tells "föräldraskaps|stödsprogrammen" (one word) from
"Funktionsstöd|gemensamt" (two) only where Swedish does: compounding makes
both readings words. The document itself often settles it: the template
repeats its delmål (in the overview, then in the goal tables) and its
ansvar phrases, and a line elsewhere prints "ekonomiskt utsatta" apart or
"familjecentraler" whole. Only the pages read so far are known (the
overview precedes the goal tables); where they say nothing, the lexicon
decides.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from ..model import Word
from .textlines import BULLETS, PUNCTUATION_AFTER, IsBrokenWord, group_lines

#: a gap between two words on one line, as a share of the type size, that is a space: wider than a font
#: change inside a word (or an OCR engine's split of one word), narrower than two table cells' padding
SPACE_EM = (0.12, 0.6)


class EdgeEvidence(StrEnum):
    """What said whether a word at a column's edge goes on after the break."""

    PRINTED_WHOLE = "the document prints it whole elsewhere"
    PRINTED_APART = "the document prints the two apart on one line elsewhere"
    WRAPPED_APART = "the document wraps a line of several words between the two elsewhere"
    LEXICON = "the lexicon"


@dataclass(frozen=True)
class EdgeCall:
    """One decision on ``head|tail``, kept for ``inspect --verbose``."""

    head: str
    tail: str
    joined: bool
    evidence: EdgeEvidence

    def __str__(self) -> str:
        return f"{self.head}|{self.tail}: {'one word' if self.joined else 'two words'} ({self.evidence})"


def _key(text: str) -> str:
    return text.rstrip(PUNCTUATION_AFTER).lower()


class PrintedWords:
    """Counts of the words a document prints whole and of the pairs it prints apart on one line.

    >>> from fca_extract.model import Word
    >>> printed = PrintedWords(lambda head, tail: True)
    >>> printed.add([Word("barn", 50, 0, 70, 10, 10.0), Word("i", 73, 0, 76, 10, 10.0), Word("ekonomiskt", 79, 0, 120, 10, 10.0),
    ...              Word("utsatta", 123, 0, 150, 10, 10.0), Word("familjecentraler.", 160, 0, 230, 10, 10.0)])
    >>> printed.is_broken("ekonomiskt", "utsatta"), printed.is_broken("familjecentra", "ler"), printed.is_broken("Funktionsstöd", "gemensamt")
    (False, True, True)
    >>> [str(call) for call in printed.calls][:2]
    ['ekonomiskt|utsatta: two words (the document prints the two apart on one line elsewhere)', 'familjecentra|ler: one word (the document prints it whole elsewhere)']
    """

    def __init__(self, fallback: IsBrokenWord) -> None:
        self.fallback = fallback
        self.words: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.wrapped: Counter[tuple[str, str]] = Counter()
        self.calls: list[EdgeCall] = []  # every decision, in order (the caller takes a page's share)

    def add(self, words: list[Word]) -> None:
        """Count a page's words, and the pairs its lines print a space apart."""
        for line in group_lines(words):
            ws = line.words
            self.words.update(_key(w.text) for w in ws)
            for a, b in zip(ws, ws[1:]):
                size = max(a.size, b.size, 1.0)
                if SPACE_EM[0] * size <= b.x0 - a.x1 <= SPACE_EM[1] * size and a.text[-1:].isalpha():
                    self.pairs[(a.text.lower(), _key(b.text))] += 1

    def add_wraps(self, texts: list[str]) -> None:
        """Count the pairs laid-out text (lines joined by ``\\n``) wraps apart after a line of several words.

        A writer breaks a word without a hyphen only when it does not fit on a line of its own, so the last
        word of a line that holds others is whole ("familjer till|hälsofrämjande mötesplatser" in the
        overview tells "hälsofrämjande|mötesplatser" at a narrow goal column's edge). A bullet is no word.

        >>> printed = PrintedWords(lambda head, tail: True)
        >>> printed.add_wraps(["familjer till hälsofrämjande\\nmötesplatser.", "• föräldraskaps\\nstöd", "a\\n\\nb c"])
        >>> printed.is_broken("hälsofrämjande", "mötesplatser"), printed.is_broken("föräldraskaps", "stöd")
        (False, True)
        >>> str(printed.calls[0])
        'hälsofrämjande|mötesplatser: two words (the document wraps a line of several words between the two elsewhere)'
        """
        for text in texts:
            lines = text.split("\n")
            for a, b in zip(lines, lines[1:]):
                head, tail = [w for w in a.split() if w not in BULLETS], b.split()
                if len(head) >= 2 and tail and head[-1][-1:].isalpha():
                    self.wrapped[(head[-1].lower(), _key(tail[0]))] += 1

    def is_broken(self, head: str, tail: str) -> bool:
        """Is ``head|tail`` one word broken at a line end? As the document prints it elsewhere, more often
        apart (on one line, or wrapped after a line of several words) or whole; where it does not, as the
        lexicon (``fallback``) says."""
        on_line = self.pairs[(head.lower(), _key(tail))]
        apart = on_line + self.wrapped[(head.lower(), _key(tail))]
        whole = self.words[_key(head + tail)]
        if apart != whole:
            joined = whole > apart
            evidence = EdgeEvidence.PRINTED_WHOLE if joined else EdgeEvidence.PRINTED_APART if on_line else EdgeEvidence.WRAPPED_APART
        else:
            joined, evidence = self.fallback(head, tail), EdgeEvidence.LEXICON
        self.calls.append(EdgeCall(head, tail, joined, evidence))
        return joined
