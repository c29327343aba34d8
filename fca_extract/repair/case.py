"""A capital OCR read for a small letter of the same shape (``i Styrgruppen``, ``Finansieras Inom ramen``, ``OCh``).

Many letters differ from their capitals only in size (c o s v w x z, and k p u nearly); on a blurred
scan Tesseract now and then takes the one for the other. Mid-sentence, a capital starts a name, so
no word list can tell ``Styrgruppen`` from ``Skolan`` (of the project "Skolan som arena"): the
document can. A word the document itself writes small mid-sentence, clearly more often than with a
capital there, and small beside the same word before or after it, is written small; a word with a capital inside it (``OCh``) that is a word
with that letter small is one. Only for OCR'd text: a text layer has its case from the author.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .lexicon import FUNCTION_WORDS, Lexicon

Edit = tuple[int, int, str, str, float]

#: capitals Tesseract confuses with their small letters: the same shape in another size (I: a dot lost; Ö: an O's,
#: "vårdcentralerna, Öppna förskolan", a LibreOffice 300 dpi scan, tuning 1087)
CASE_ALIKE = frozenset("CKOÖPSUVWXZI")
#: closed-class words no sentence capitalises in its middle, not even in a name's title: the lexicon's
#: :data:`~.lexicon.FUNCTION_WORDS` and the possessive and reflexive pronouns and the prepositions they leave out
SMALL_WORDS = FUNCTION_WORDS | frozenset("sig sin sina sitt oss vår vårt våra samt ut utifrån inför in per ur cirka "
                                         "vilka vilken vilket".split())
#: a word is written small mid-sentence where the document does so at least this often, and this many
#: times as often as it capitalises it there
SMALL_MIN, SMALL_RATIO = 2, 3.0

_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _mid_sentence(text: str, start: int) -> bool:
    """Does the token at ``start`` stand inside a sentence (a word, a comma or a bracket before it on its line
    or the line before, no sentence's end)?

    >>> _mid_sentence("parter i Styrgruppen.", 9), _mid_sentence("klart. Styrgruppen", 7), _mid_sentence("Styrgruppen", 0)
    (True, False, False)
    >>> _mid_sentence("7.3.3 Personal, chefer", 6)
    False
    """
    j, breaks = start - 1, 0
    while j >= 0 and text[j].isspace():
        breaks += text[j] == "\n"
        j -= 1
    # (after a number is no sentence's middle: "7.3.3 Personal, chefer …" opens a delmål; a blank line ends a
    # paragraph)
    return j >= 0 and breaks < 2 and (text[j].isalpha() or text[j] in ",;(")


def mid_sentence_cases(texts: Iterable[str]) -> Counter[tuple[str, bool]]:
    """How often each word stands mid-sentence capitalised (True) and small (False) in ``texts``.

    >>> c = mid_sentence_cases(["Samtliga parter i styrgruppen.", "Samtliga parter i styrgruppen.", "i Skolan som arena"])
    >>> c[("styrgruppen", False)], c[("skolan", True)], c[("samtliga", True)], c[("<", "i", "styrgruppen", False)]
    (2, 1, 0, 2)
    """
    out: Counter[tuple] = Counter()
    for text in texts:
        toks = list(_TOKEN.finditer(text))
        for i, m in enumerate(toks):
            tok = m.group(0)
            if _mid_sentence(text, m.start()):
                low, cap = tok.lower(), tok[:1].isupper()
                out[(low, cap)] += 1
                # ... and beside which words (only spaces between): "i styrgruppen", "inom ramen"
                for side, other in _neighbours(text, toks, i):
                    out[(side, other, low, cap)] += 1
    return out


def _neighbours(text: str, toks: list[re.Match], i: int) -> list[tuple[str, str]]:
    """The words next to token ``i`` with only spaces between: ("<", the word before), (">", the word after)."""
    out = []
    if i and not text[toks[i - 1].end() : toks[i].start()].strip():
        out.append(("<", toks[i - 1].group(0).lower()))
    if i + 1 < len(toks) and not text[toks[i].end() : toks[i + 1].start()].strip():
        out.append((">", toks[i + 1].group(0).lower()))
    return out


def case_edits(text: str, lex: Lexicon, cases: Counter[tuple[str, bool]]) -> list[Edit]:
    """Capitals read for small letters of the same shape, written small (see the module's docstring).

    >>> lex = Lexicon.default()
    >>> cases = Counter({("styrgruppen", False): 4, ("skolan", True): 3, ("skolan", False): 1, ("inom", False): 3,
    ...                  ("och", False): 9, ("<", "i", "styrgruppen", False): 3, (">", "ramen", "inom", False): 2})
    >>> [e[2] for e in case_edits("Samtliga parter i Styrgruppen. Enhetschef för Skolan som arena", lex, cases)]
    ['styrgruppen']
    >>> [e[2] for e in case_edits("Finansieras Inom ramen. FCA-koordinator\\nOCh öppna förskolan", lex, cases)]
    ['inom', 'och']
    >>> case_edits("Styrgruppen träffas. BVC och Socialtjänsten", lex, cases)  # a sentence's start; no evidence
    []
    >>> seen = mid_sentence_cases(["parter i styrgruppen", "parter i styrgruppen", "parter i Styrgruppen"])
    >>> [e[2] for e in case_edits("parter i Styrgruppen", lex, seen)]  # small twice besides the reading in doubt
    ['styrgruppen']
    >>> seen = mid_sentence_cases(["tryggare i Sitt föräldraskap"] * 3 + ["tryggare i sitt föräldraskap"] * 2)
    >>> [e[2] for e in case_edits("tryggare i Sitt föräldraskap", lex, seen)]  # a pronoun: small, however often misread
    ['sitt']
    >>> seen = mid_sentence_cases(["med Skolan som arena", "med Skolan som arena", "i skolan", "i skolan"])
    >>> case_edits("med Skolan som arena", lex, seen)  # a name the document writes with its capital elsewhere
    []
    >>> case_edits("Genomföra SIP-utbildningar med FCA-koordinator", lex, cases)  # an abbreviation's compound
    []
    """
    edits: list[Edit] = []
    toks = list(_TOKEN.finditer(text))
    for i, m in enumerate(toks):
        tok = m.group(0)
        low = tok.lower()
        inner = [c for c in tok[1:] if c.isupper()]
        if "-" in tok and inner:
            continue  # ("SIP-utbildningar", "FCA-koordinator": an abbreviation's compound is as printed)
        if inner and not tok.isupper():  # (an abbreviation in capitals is as printed)
            # a capital inside a word: small, where it is a shape-alike and the word is one with it small
            if all(c in CASE_ALIKE for c in inner) and lex.is_word(low):
                fixed = tok[0] + tok[1:].lower()
                if _mid_sentence(text, m.start()) and tok[0] in CASE_ALIKE and cases[(low, False)] >= SMALL_MIN:
                    fixed = low
                edits.append((m.start(), m.end(), fixed, "ocr_case", 0.8))
            continue
        if not (tok[:1].isupper() and tok[1:].islower() and tok[0] in CASE_ALIKE and _mid_sentence(text, m.start())):
            continue
        # (the evidence is the rest of the document: this reading, the one in doubt, is one of its capitals —
        # "i Styrgruppen" against "i styrgruppen" twice elsewhere, a LibreOffice scan, tuning 1094)
        small, capital = cases[(low, False)], max(cases[(low, True)] - 1, 0)
        # the word small beside the same neighbour too: "skolan" is common small, but "koordinator Skolan som
        # arena" names a project (the Centrum handlingsplan), a context the document never writes it small in
        beside = any(cases[(side, other, low, False)] > max(cases[(side, other, low, True)] - 1, 0)
                     for side, other in _neighbours(text, toks, i))
        if small >= SMALL_MIN and small >= SMALL_RATIO * capital and beside and lex.is_word(low):
            edits.append((m.start(), m.end(), low, "ocr_case", 0.7))
        elif low in SMALL_WORDS and small >= 1:
            # a closed-class word no sentence capitalises in its middle, not even in a name's title: small wherever
            # the document also prints it small ("i Sitt föräldraskap" read three times, "i sitt" twice, tuning 1131)
            edits.append((m.start(), m.end(), low, "ocr_case", 0.7))
    return edits
