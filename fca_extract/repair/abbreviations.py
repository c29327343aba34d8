"""Abbreviations OCR misread by one glyph, put right by the document's own spelling of them.

An abbreviation is no dictionary word: "GSE" for "GSF", "BYC" for "BVC", "GsF" are
unknown to any lexicon, and so are the right forms. But a document names the same
organisations again and again: where it prints one form three times or more and a form
one confusable glyph away (:data:`CONFUSABLE`, or a letter's case) at most a third as often,
the rare form is the misreading. Only OCR'd text is repaired so; the evidence is counted
over the whole document before any repair (:func:`printed_forms`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

Edit = tuple[int, int, str, str, float]

#: a token that may be an abbreviation: 2–6 letters or digits, starting with a capital, two capitals at least
_TOKEN = re.compile(r"(?<![\w-])[A-ZÅÄÖ][A-ZÅÄÖa-zåäö0-9]{1,5}(?![\w])")
#: glyph pairs Tesseract confuses in capitals (both ways): a bar more or less, a tail, a round and a square shape
CONFUSABLE = frozenset(
    {frozenset(p) for p in ("EF", "VY", "UV", "OD", "OQ", "O0", "CG", "I1", "Il", "S5", "B8", "Z2")}
)
#: the right form is printed this often at least ...
FORM_MIN = 3
#: ... and this many times as often as the misread one
FORM_RATIO = 3


def is_abbreviation(token: str) -> bool:
    """Two capitals or more among 2–6 letters and digits.

    >>> is_abbreviation("BVC"), is_abbreviation("GsF"), is_abbreviation("Barn"), is_abbreviation("B")
    (True, True, False, False)
    """
    return 2 <= len(token) <= 6 and token.isalnum() and sum(c.isupper() for c in token) >= 2


def printed_forms(texts: Iterable[str]) -> Counter[str]:
    """How often the texts print each abbreviation-like token, exactly as printed.

    >>> printed_forms(["BVC och BHV", "BVC-mottagningen", "med BVC."])
    Counter({'BVC': 3, 'BHV': 1})
    """
    return Counter(m.group(0) for t in texts for m in _TOKEN.finditer(t) if is_abbreviation(m.group(0)))


#: thin glyphs Tesseract reads out of a letter's stroke, one more than printed ("HSING" for "HSNG": an N's first
#: stem read apart, a Chromium scan's budget, tuning 1153)
STROKES = frozenset("Il1|")


def one_glyph_apart(a: str, b: str) -> bool:
    """Do ``a`` and ``b`` differ in one place only, by a confusable glyph (:data:`CONFUSABLE`) or a letter's case,
    or does ``a`` read a stroke of ``b`` as a glyph of its own (:data:`STROKES`)?

    >>> one_glyph_apart("GSE", "GSF"), one_glyph_apart("GsF", "GSF"), one_glyph_apart("BHV", "BVC"), one_glyph_apart("MVC", "BVC")
    (True, True, False, False)
    >>> one_glyph_apart("HSING", "HSNG"), one_glyph_apart("HSNG", "HSING"), one_glyph_apart("HSANG", "HSNG")
    (True, False, False)
    """
    if len(a) == len(b) + 1:
        return any(a[i] in STROKES and a[:i] + a[i + 1:] == b for i in range(len(a)))
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    return x.lower() == y.lower() or frozenset((x, y)) in CONFUSABLE


def abbreviation_edits(text: str, forms: Counter[str]) -> list[Edit]:
    """The abbreviations in ``text`` that are a frequent form of the document misread by one glyph.

    >>> forms = Counter({"GSF": 6, "GSE": 1, "BVC": 4, "BYC": 1, "BHV": 5, "BUP": 1})
    >>> [e[2] for e in abbreviation_edits("FCA och GSE, BYC och BHV", forms)]
    ['GSF', 'BVC']
    >>> abbreviation_edits("BUP och BVC", forms)  # BUP is no misreading of anything the document prints often
    []
    """
    edits: list[Edit] = []
    frequent = [(f, n) for f, n in forms.items() if n >= FORM_MIN]
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if not frequent or not is_abbreviation(tok):
            continue
        own = forms[tok]
        cands = [f for f, n in frequent if n >= FORM_RATIO * max(own, 1) and one_glyph_apart(tok, f)]
        if len(cands) == 1:
            edits.append((m.start(), m.end(), cands[0], "ocr_abbreviation", 0.8))
    return edits
