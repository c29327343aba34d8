"""Is a page's text layer good enough to keep, or is it a bad OCR layer to redo?

A pure function of the page's words (and, when known, the table cells seen
in its image): :func:`assess_text_layer` → :class:`Verdict`, a typed
:class:`VerdictKind` that code branches on and a reason a person can read
(:mod:`fca_extract.pages.decide` turns it into the page's OCR decision). The evidence, each measured as a share so that page length
does not matter:

* **stripped function words** — the commonest Swedish words written without
  their diacritics (``for``, ``ar``, ``pa``, ``nar``, ``fran`` …); in Swedish
  text each of these spellings is rare (``for`` is a verb in the past tense),
  so many of them, next to few of the proper forms, mean a model that did not
  know å ä ö read the page;
* **OCR glyph confusions** — ``&``, ``6``, ``@``, ``¢`` … inside a word of
  letters (``&r``, ``6ppna``, ``ber6rda``);
* **non-words** — alphabetic tokens the lexicon does not know (line-end
  fragments of hyphenated words and words in capitals excluded);
* **no diacritics at all** — hundreds of letters of Swedish without one å,
  ä or ö;
* **words across cell borders** — text-layer words that straddle a ruling
  line visible in the page image (OCR that read a table row across its
  columns), when the caller passes the image's vertical rulings.

A good text layer (the exported fixtures) scores far from every threshold;
:mod:`tests.test_ocr_units` checks that it is never replaced.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..model import Ruling, Word

# proper form → its diacritic-less spelling, for the commonest function words
STRIPPED = {
    "för": "for",
    "är": "ar",
    "år": "ar",
    "på": "pa",
    "när": "nar",
    "från": "fran",
    "även": "aven",
    "också": "ocksa",
    "då": "da",
    "så": "sa",
    "få": "fa",
    "mål": "mal",
    "över": "over",
    "måste": "maste",
    "utför": "utfor",
    "bör": "bor",
    "hög": "hog",
}
_STRIPPED_FORMS = set(STRIPPED.values())
_PROPER_FORMS = set(STRIPPED)
# glyphs an OCR model without Swedish puts for å ä ö (and other confusions) inside words
CONFUSION = re.compile(r"(?:^|[a-zåäö])[&6@¢©®§][a-zåäö]|^[&6@¢][a-zåäö]{1,3}$", re.I)
DIACRITICS = set("åäöÅÄÖ")


@dataclass(frozen=True)
class Thresholds:
    min_tokens: int = 25  # fewer words than this: too little evidence to judge the layer
    stripped_share: float = 0.35  # stripped / (stripped + proper) function words
    min_stripped: int = 3
    confusions_per_100: float = 1.0  # glyph confusions per 100 word tokens
    min_confusions: int = 3
    nonword_share: float = 0.3
    min_letters_for_diacritics: int = 250  # Swedish has å/ä/ö in ~5 % of letters
    straddle_share: float = 0.04  # share of words inside tables that cross a cell border
    min_straddling: int = 4


DEFAULT = Thresholds()
#: for a page drawn by its writer (no page image): its text layer is what the page prints, and only a font
#: without a right Unicode map makes it bad, most of its words garbage (a narrow column's words broken
#: without a hyphen are non-words too: a budget's post column can make a quarter of a page's words so)
DIGITAL = Thresholds(nonword_share=0.5)
#: for a short page of a document whose other scanned pages had a bad layer: a page wrongly judged so is only
#: OCR'd for nothing, one wrongly kept loses its text (a budget's last rows overleaf, 62 letters without an
#: å, ä or ö, "Foraldraskapsstédsprogram": WeasyPrint scan 1181; Swedish prints none in 40 letters one time in 7)
RELAXED = Thresholds(min_tokens=8, min_stripped=1, min_confusions=1, confusions_per_100=0.5, nonword_share=0.25, min_letters_for_diacritics=40, min_straddling=2)


class VerdictKind(StrEnum):
    """What a text layer is, judged by its words."""

    EMPTY = "empty"  # no word tokens at all (punctuation only): redo
    TOO_FEW = "too_few"  # fewer than ``min_tokens`` words: too little evidence, kept
    BAD = "bad"  # read by an OCR model that did not know Swedish: redo
    GOOD = "good"


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    reason: str  # for people: "bad text layer: 12 Swedish words without their diacritics (…)"
    scores: dict[str, float]

    @property
    def is_bad(self) -> bool:
        return self.kind in (VerdictKind.EMPTY, VerdictKind.BAD)


def _tokens(words: Iterable[Word]) -> list[str]:
    out = []
    for w in words:
        t = unicodedata.normalize("NFC", w.text).strip(".,;:!?()[]\"'”“»«")
        if t:
            out.append(t)
    return out


def straddling_words(words: Iterable[Word], verticals: list[Ruling], margin: float = 1.5) -> tuple[int, int]:
    """(words crossing a vertical ruling, words beside some ruling's span) — text read across columns."""
    crossing = near = 0
    for w in words:
        spans = [v for v in verticals if v.top <= w.yc <= v.bottom]
        if not spans:
            continue
        near += 1
        if any(w.x0 + margin < v.x0 < w.x1 - margin for v in spans):
            crossing += 1
    return crossing, near


def assess_text_layer(
    words: Sequence[Word],
    is_word: Callable[[str], bool] | None = None,
    image_verticals: list[Ruling] | None = None,
    thresholds: Thresholds = DEFAULT,
) -> Verdict:
    """The verdict on a page's text-layer words.

    ``is_word`` is the lexicon's test (``Lexicon.default().is_word``); without
    it the non-word evidence is skipped. ``image_verticals`` are the vertical
    rulings seen in the page image (for scanned pages with a text layer).

    >>> assess_text_layer([Word("Hej", 0, 0, 20, 10)]).kind
    <VerdictKind.TOO_FEW: 'too_few'>
    >>> assess_text_layer([Word("(.)", 0, 0, 5, 10)]).reason
    'no text layer'
    """
    t = thresholds
    toks = _tokens(words)
    if not toks:
        return Verdict(VerdictKind.EMPTY, "no text layer", {"tokens": 0})
    low = [x.lower() for x in toks]
    alpha = [x for x in low if x.isalpha()]
    n = len(low)
    scores: dict[str, float] = {"tokens": n}
    problems: list[str] = []

    stripped = [x for x in alpha if x in _STRIPPED_FORMS]
    proper = sum(1 for x in alpha if x in _PROPER_FORMS)
    share = len(stripped) / max(len(stripped) + proper, 1)
    scores["stripped_share"] = round(share, 3)
    if len(stripped) >= t.min_stripped and share >= t.stripped_share:
        examples = ", ".join(sorted(set(stripped))[:4])
        problems.append(f"{len(stripped)} Swedish word{'s' if len(stripped) > 1 else ''} without their diacritics ({examples})")

    confusions = [x for x in toks if CONFUSION.search(x)]
    per100 = 100 * len(confusions) / n
    scores["confusions_per_100"] = round(per100, 2)
    if len(confusions) >= t.min_confusions and per100 >= t.confusions_per_100:
        problems.append(f"{len(confusions)} word{'s' if len(confusions) > 1 else ''} with &/6/@ for a letter ({', '.join(confusions[:3])})")

    if is_word is not None:
        # (not a word in capitals: an abbreviation or a name no lexicon holds, as HSNG, GSN)
        cands = [x.lower() for x in toks if x.isalpha() and len(x) >= 3 and not x.isupper()]
        bad = [x for x in cands if not is_word(x)]
        share_nw = len(bad) / max(len(cands), 1)
        scores["nonword_share"] = round(share_nw, 3)
        if len(cands) >= t.min_tokens and share_nw >= t.nonword_share:
            problems.append(f"{share_nw:.0%} non-words ({', '.join(bad[:3])})")

    letters = sum(1 for x in toks for c in x if c.isalpha())
    dia = sum(1 for x in toks for c in x if c in DIACRITICS)
    scores["diacritic_share"] = round(dia / max(letters, 1), 4)
    if letters >= t.min_letters_for_diacritics and dia == 0:
        problems.append(f"no å/ä/ö in {letters} letters")

    if image_verticals:
        crossing, near = straddling_words(words, image_verticals)
        scores["straddling"] = crossing
        if crossing >= t.min_straddling and crossing / max(near, 1) >= t.straddle_share:
            problems.append(f"{crossing} words run across table cell borders")

    if n < t.min_tokens:
        return Verdict(VerdictKind.TOO_FEW, f"text layer ({n} words, too few to judge)", scores)
    if problems:
        return Verdict(VerdictKind.BAD, "bad text layer: " + "; ".join(problems), scores)
    return Verdict(VerdictKind.GOOD, "text layer", scores)
