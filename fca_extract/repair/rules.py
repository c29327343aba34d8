"""Debris of table rules: the glyphs an OCR makes of a table's vertical lines.

An OCR reading a table page across its columns prints each vertical rule it
meets as a glyph shaped like a thin line -- ``|``, ``[``, ``]``, ``!``, ``l`` or
``1`` -- either glued to the first or last word of a cell (``|7.2.1.``,
``[smabarnsfamiljer.``) or standing alone between two cells' words
(``planer | samverkan``).  One fix, ``rule_debris``, undoes both:

* **glued**: a rule glyph at the start or end of a token is stripped when the
  rest is a word (or a number) and the token with the glyph is not.  ``|`` and
  ``¦`` never belong to a word; a square bracket only when it has no partner in
  its paragraph (``[1]`` and ``[se bilaga]`` stay); ``!`` only in front (behind
  a word it is punctuation); ``l`` and ``1`` only in a text that the OCR
  damaged (its diacritic damage rate is high), only where no letter of a word
  can stand (``l`` before a capital, ``1`` against a word of four letters or
  more) and only when no reading of the whole token (``1asfrdmjande`` =
  ``läsfrämjande``) is a word;
* **alone**: a token made of rule glyphs only is removed -- or read as ``I``
  (Swedish "in") where the sentence needs a capital: at a sentence's start and
  followed by a lower-case word, which no sentence starts with.

Nothing here knows any document's words: "a word" means the general
:class:`~fca_extract.repair.lexicon.Lexicon` (wordfreq, hunspell sv_SE and the
batch's learned clean text) or its OCR-confusion reading.

>>> lex = Lexicon.default()
>>> fix_rule_debris("omraden. | uppdraget ingar", lex)
'omraden. I uppdraget ingar'
>>> fix_rule_debris("kunna |7.2.3. Stotta samverkan och | samverkan", lex)
'kunna 7.2.3. Stotta samverkan och samverkan'
"""

from __future__ import annotations

import re

from ..layout.textlines import SENTENCE_END
from .diacritics import candidates
from .lexicon import Lexicon

__all__ = ["RULE_CHARS", "fix_rule_debris", "rule_debris_edits", "stray_mark_edits", "strip_glued_rule",
           "lone_rule_reading", "OCR_LOSS"]

#: glyphs an OCR makes of a vertical table rule
RULE_CHARS = "|¦[]!l1"
#: a text whose diacritic damage rate is at least this came from a bad OCR
#: (the same threshold the diacritic repair uses for its OCR mode)
OCR_LOSS = 0.05

_LINE_GLYPHS = "|¦"            # never part of a word
_LETTERLIKE = "l1"             # part of many words: OCR text only, strict checks
_TOKEN = re.compile(r"\S+")
_LONE = re.compile(r"^[|¦]+$")
_OPEN = "([{\"'«“‘"
_CLOSE = ".,;:!?)]}\"'»”’"
_NUMBER = re.compile(r"^\d[\d.,:–\-/%]*$")

Edit = tuple[int, int, str, str, float]


def _core(token: str) -> tuple[str, str, str]:
    """Split ``token`` into leading punctuation, core and trailing punctuation.

    >>> _core("(barn),"), _core("7.2.1."), _core("[1]")
    (('(', 'barn', '),'), ('', '7.2.1', '.'), ('[', '1', ']'))
    """
    i = 0
    while i < len(token) and token[i] in _OPEN + "[":
        i += 1
    j = len(token)
    while j > i and token[j - 1] in _CLOSE:
        j -= 1
    return token[:i], token[i:j], token[j:]


def known_reading(core: str, lex: Lexicon, loss: float) -> bool:
    """Is ``core`` (no punctuation around it) a number, a word, or -- in an OCR'd
    text -- a word once its diacritics and OCR confusions are repaired?

    >>> lex = Lexicon.default()
    >>> [known_reading(w, lex, 0.9) for w in ("7.2.1", "samverkan", "smabarnsfamiljer", "xqzvw")]
    [True, True, True, False]
    >>> known_reading("smabarnsfamiljer", lex, 0.0)
    False
    """
    if not core:
        return False
    if _NUMBER.match(core):
        return True
    if lex.is_word(core):
        return len(core) > 1
    if loss < OCR_LOSS or not any(c.isalpha() for c in core):
        return False
    top = candidates(core, lex, loss, limit=2)
    return bool(top) and top[0].word != core.lower() and lex.is_word(top[0].word)


def strip_glued_rule(token: str, lex: Lexicon, loss: float = 0.0,
                     open_bracket_closed: bool = False, close_bracket_opened: bool = False, ocr: bool = False) -> str:
    """``token`` without the rule glyphs glued to its start or end.

    ``loss`` is the text's diacritic damage rate (``l`` and ``1`` are stripped only
    when it marks an OCR'd text, or ``ocr`` says it is one); ``open_bracket_closed``/``close_bracket_opened``
    say that a leading ``[`` / trailing ``]`` has its partner elsewhere in the
    paragraph, so it is real punctuation.

    >>> lex = Lexicon.default()
    >>> strip_glued_rule("|7.2.1.", lex), strip_glued_rule("[7.3.1.", lex), strip_glued_rule("barn|", lex)
    ('7.2.1.', '7.3.1.', 'barn')
    >>> strip_glued_rule("[smabarnsfamiljer.", lex, loss=0.9)
    'smabarnsfamiljer.'
    >>> strip_glued_rule("lSamverkan", lex, loss=0.9), strip_glued_rule("föräldrar1", lex, loss=0.9)
    ('Samverkan', 'föräldrar')

    What stays:

    >>> [strip_glued_rule(t, lex, loss=0.9) for t in ("[1]", "1", "17.2.1.", "till", "lokala", "1asfrdmjande", "Bra!")]
    ['[1]', '1', '17.2.1.', 'till', 'lokala', '1asfrdmjande', 'Bra!']
    >>> strip_glued_rule("lSamverkan", lex, loss=0.0), strip_glued_rule("[se", lex, open_bracket_closed=True)
    ('lSamverkan', '[se')
    >>> strip_glued_rule("lIdrotts-", lex, ocr=True)  # Tesseract's text, its diacritics whole; a suspended compound
    'Idrotts-'
    >>> strip_glued_rule("iI", lex, ocr=True), strip_glued_rule("barnI", lex, ocr=True), strip_glued_rule("BHVI", lex, ocr=True)
    ('i', 'barn', 'BHVI')
    >>> strip_glued_rule("sonal", lex, loss=0.9), strip_glued_rule("ligt", lex, loss=0.9)  # pieces of words
    ('sonal', 'ligt')
    """
    lead, core, trail = _core(token)
    changed = True
    while changed:
        changed = False
        # leading glyph: inside the leading punctuation run or at the core's start
        if lead and lead[-1] in _LINE_GLYPHS + "[" and _strippable_lead(lead[-1], core + trail, lex, loss,
                                                                         open_bracket_closed):
            lead = lead[:-1]
            changed = True
        elif core[:1] and core[0] in _LINE_GLYPHS + "!]" + _LETTERLIKE and _strippable_lead(
                core[0], core[1:], lex, loss, open_bracket_closed, whole=core, ocr=ocr):
            core = core[1:]
            changed = True
        # trailing glyph: at the end of the core or of the trailing punctuation
        if trail and trail[-1] in _LINE_GLYPHS + "]" and _strippable_trail(
                trail[-1], core, lex, loss, close_bracket_opened, lead_has_open="[" in lead):
            trail = trail[:-1]
            changed = True
        elif core[-1:] and (core[-1] in _LINE_GLYPHS + "[" + _LETTERLIKE or _capital_stroke(core)) and _strippable_trail(
                core[-1], core[:-1], lex, loss, close_bracket_opened, whole=core, ocr=ocr):
            core = core[:-1]
            changed = True
        if not core:
            return token
    return lead + core + trail


def _capital_stroke(core: str) -> bool:
    """Does ``core`` end in an "I" after a small letter: no word's last letter, a stroke of the line below read
    with the word ("tryggare iI sitt", the "l" under it in "föräldraskap": Chromium scan 1193)?"""
    return len(core) >= 2 and core[-1] == "I" and core[-2].islower()


def _strippable_lead(glyph: str, rest: str, lex: Lexicon, loss: float, partner: bool,
                     whole: str | None = None, ocr: bool = False) -> bool:
    """May ``glyph`` in front of ``rest`` go?  ``whole``: the glued core, when the glyph is in it."""
    if glyph in _LINE_GLYPHS:
        return any(c.isalnum() for c in rest)
    if glyph == "[":
        return not partner and "]" not in rest and known_reading(_core(rest)[1], lex, loss)
    if glyph in "]!":
        return known_reading(rest, lex, loss)
    return _letterlike_ok(whole or glyph + rest, rest, lex, loss, ocr)


def _strippable_trail(glyph: str, rest: str, lex: Lexicon, loss: float, partner: bool,
                      whole: str | None = None, lead_has_open: bool = False, ocr: bool = False) -> bool:
    if glyph in _LINE_GLYPHS:
        return any(c.isalnum() for c in rest)
    if glyph == "]":
        return not partner and not lead_has_open and "[" not in rest and known_reading(rest, lex, loss)
    if glyph == "[":
        return known_reading(rest, lex, loss)
    return _letterlike_ok(whole or rest + glyph, rest, lex, loss, ocr)


def _letterlike_ok(whole: str, rest: str, lex: Lexicon, loss: float, ocr: bool = False) -> bool:
    """``l``/``1`` glued to ``rest``: only in OCR text, the rest a word, the whole no word.

    Both glyphs also end and begin pieces of real words that an OCR reading a
    table across its columns cuts apart (``per-`` ... ``sonal``, ``tyd-`` ...
    ``ligt``), so the glyph must stand where a word's letter cannot: ``l``
    only in front of a capital (``lSamverkan``), ``1`` only against a word of
    four letters or more that is known as printed (``föräldrar1``).

    >>> lex = Lexicon.default()
    >>> _letterlike_ok("lSamverkan", "Samverkan", lex, 0.9), _letterlike_ok("sonal", "sona", lex, 0.9)
    (True, False)
    >>> _letterlike_ok("barnen1", "barnen", lex, 0.9), _letterlike_ok("1tkr", "tkr", lex, 0.9)
    (True, False)
    """
    # (a suspended compound's hyphen stays with its word: "lIdrotts- och", LibreOffice scan 1178)
    if (loss < OCR_LOSS and not ocr) or not rest.removesuffix("-").isalpha():
        return False
    if whole[0] == "l" and not rest[0].isupper():
        return False
    if whole[-1] == "l" and whole[0] != "l":
        return False  # a trailing l is any word's last letter
    if _capital_stroke(whole):
        return lex.is_word(rest)
    if "1" in (whole[0], whole[-1]) and len(rest) < 4:
        return False
    rest, whole = rest.removesuffix("-"), whole.removesuffix("-")
    rest_ok = known_reading(rest, lex, loss) if "1" in (whole[0], whole[-1]) else lex.is_word(rest)
    return rest_ok and not known_reading(whole, lex, loss)


def lone_rule_reading(prev: str | None, nxt: str | None) -> str:
    """What a lone rule glyph between ``prev`` and ``nxt`` stands for: ``"I"`` or nothing.

    A sentence never starts with a lower-case word, so a lone ``|`` at a
    sentence's start (no token before it in the paragraph, or one ending a
    sentence) followed by a lower-case word is the capital ``I`` ("in");
    anywhere else it is a rule and goes.

    >>> lone_rule_reading("omraden.", "uppdraget"), lone_rule_reading(None, "samband")
    ('I', 'I')
    >>> lone_rule_reading("folja", "samhallsgrupper"), lone_rule_reading("omraden.", "Uppdraget")
    ('', '')
    >>> lone_rule_reading("HSNG", "SN+FSN"), lone_rule_reading("slut.", None)
    ('', '')
    """
    if nxt is None or not nxt[:1].isalpha() or not nxt[:1].islower():
        return ""
    if prev is None or SENTENCE_END.search(prev):
        return "I"
    return ""


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line-separated paragraph."""
    out, pos = [], 0
    for m in re.finditer(r"\n[ \t]*\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _bracket_partners(para: str) -> tuple[set[int], set[int]]:
    """Offsets (in ``para``) of ``[`` that a later ``]`` closes and of ``]`` that an earlier ``[`` opens."""
    opened, closed, stack = set(), set(), []
    for i, c in enumerate(para):
        if c == "[":
            stack.append(i)
        elif c == "]" and stack:
            opened.add(stack.pop())
            closed.add(i)
    return opened, closed


#: what a text or paragraph must hold for a token of it to be examined: a rule glyph, or an "I" (:func:`_capital_stroke`)
_EXAMINED = RULE_CHARS + "I"


def rule_debris_edits(text: str, lex: Lexicon, loss: float | None = None, ocr: bool = False) -> list[Edit]:
    """Edits removing rule glyphs glued to tokens or standing alone (method ``rule_debris``).

    ``loss``: the text's diacritic damage rate; ``None`` estimates it when a
    glued ``l``/``1`` needs it; ``ocr``: the text is OCR'd whatever its damage (Tesseract's keeps å, ä, ö).

    >>> lex = Lexicon.default()
    >>> rule_debris_edits("av |7.2.1. Stabila", lex)
    [(3, 10, '7.2.1.', 'rule_debris', 0.9)]
    >>> rule_debris_edits("HSNG | SN", lex)
    [(5, 7, '', 'rule_debris', 0.9)]
    """
    if not any(c in text for c in _EXAMINED):
        return []
    edits: list[Edit] = []
    loss_box: list[float] = [] if loss is None else [loss]

    def get_loss() -> float:
        if not loss_box:
            from . import estimate_damage_rate  # the package imports this module
            loss_box.append(estimate_damage_rate(text, lex))
        return loss_box[0]

    for p_start, p_end in _paragraphs(text):
        para = text[p_start:p_end]
        if not any(c in para for c in _EXAMINED):
            continue
        opened, closed = _bracket_partners(para)
        toks = list(_TOKEN.finditer(para))
        for k, m in enumerate(toks):
            tok = m.group(0)
            s, e = p_start + m.start(), p_start + m.end()
            if _LONE.match(tok):
                prev = _last_lone_free(toks, k, -1)
                nxt = _last_lone_free(toks, k, +1)
                reading = lone_rule_reading(prev, nxt)
                if reading:
                    edits.append((s, e, reading, "rule_debris", 0.8))
                else:
                    edits.append(_removal(text, s, e))
                continue
            if not _has_edge_glyph(tok):
                continue
            # the damage rate is needed to read a word's diacritics (after a bracket)
            # and to allow l/1 at all; a known word glued to nothing needs neither
            tl = loss_box[0] if loss_box else 0.0
            if not loss_box and not (tok[0] in _LINE_GLYPHS or tok[-1] in _LINE_GLYPHS) \
                    and not lex.is_word(_core(tok)[1]):
                tl = get_loss()
            new = strip_glued_rule(
                tok, lex, tl, ocr=ocr,
                open_bracket_closed=any(m.start() + i in opened for i, c in enumerate(tok) if c == "["),
                close_bracket_opened=any(m.start() + i in closed for i, c in enumerate(tok) if c == "]"))
            if new != tok:
                letterlike = set(tok) - set(new) <= set(_LETTERLIKE)
                edits.append((s, e, new, "rule_debris", 0.7 if letterlike else 0.9))
    return edits


#: a mark that closes a word, alone at a paragraph's start or after another mark: a speck OCR read as
#: punctuation (no text begins so, none doubles a mark)
_OPENING_SPECK = re.compile(r"(?:(?<=\n\n)|^|(?<=[.!?:;,][ \n]))[,.;:](?=[ \n])[ \n]*")


#: a lone stroke ending a paragraph after a sentence's end: no sentence is a stroke, nor "I" alone (the preposition
#: opens one, "I samverkan …"): a speck or a rule's stub by the cell's edge ("FCA-koordinator. I", LibreOffice
#: scan 1176)
_CLOSING_STROKE = re.compile(r"(?<=[.!?])[ \n]+[Il|¦](?=\n\n|$)")

#: a question or exclamation mark opening a word: Swedish closes with them only ("inte ?genomförts", Chromium scan
#: 1199: a speck)
_OPENING_MARK = re.compile(r"(?:(?<=\s)|^)[?!](?=[^\W\d_])")

#: quotation marks, and one opening a word (after a space, or at the start)
QUOTES = "\"'“”„«»"
_OPENING_QUOTE = re.compile(r"(?:(?<=\s)|^)[" + re.escape(QUOTES) + r"](?=[^\W\d_])")


def stray_mark_edits(text: str) -> list[Edit]:
    r"""Edits removing a lone comma, period, semicolon or colon that begins a paragraph of OCR'd text, or
    follows a mark that already closed the word before: no sentence begins with one, and none closes twice;
    a speck beside a word does (", Medarbetare som möter barn …" in a delmål cell: a Chromium 200 dpi scan,
    tuning 1096; "föräldrar. . Ökad kompetens", a WeasyPrint scan, tuning 1091).

    >>> t = ", Medarbetare som möter barn\n\n. Nästa stycke, och mer. . Ökad kompetens."
    >>> [(t[s:e], new) for s, e, new, _, _ in stray_mark_edits(t)]
    [(', ', ''), ('. ', ''), ('. ', '')]
    >>> stray_mark_edits("barn 0–6 år . Nästa, och mer: se ovan.")  # a mark after a word is that word's
    []

    A quotation mark opening a word that no other closes in its paragraph is a speck too ('"Stärka kompetensen …',
    a Chromium scan's delmål, tuning 1127; 'andra viktiga "vuxna', a Chromium scan, tuning 1149):

    >>> t = '"Stärka kompetensen kring SIP.\n\n"Skolan som arena" startar, för viktiga "vuxna.'
    >>> [(t[s:e], new) for s, e, new, _, _ in stray_mark_edits(t)]
    [('"', ''), ('"', '')]

    So is a stroke alone after a paragraph's last sentence (:data:`_CLOSING_STROKE`):

    >>> t = "Folkhälsoutvecklare med FCA-koordinator. I\n\nI samverkan med BVC. l"
    >>> [(t[s:e], new) for s, e, new, _, _ in stray_mark_edits(t)]
    [(' I', ''), (' l', '')]

    And a question or exclamation mark opening a word (:data:`_OPENING_MARK`):

    >>> [(s, e) for s, e, _, _, _ in stray_mark_edits("har inte ?genomförts. Bra! Klart?")]
    [(9, 10)]
    """
    edits = [(m.start(), m.end(), "", "rule_debris", 0.9) for m in _OPENING_SPECK.finditer(text)]
    edits += [(m.start(), m.end(), "", "rule_debris", 0.9) for m in _CLOSING_STROKE.finditer(text)]
    edits += [(m.start(), m.end(), "", "rule_debris", 0.9) for m in _OPENING_MARK.finditer(text)]
    for m in _OPENING_QUOTE.finditer(text):
        end = text.find("\n\n", m.end())
        if not any(c in QUOTES for c in text[m.end() : end if end >= 0 else len(text)]):
            edits.append((m.start(), m.end(), "", "rule_debris", 0.9))
    return sorted(edits)


def _has_edge_glyph(tok: str) -> bool:
    """Does a rule glyph sit at the start or end of ``tok`` or of its core?"""
    lead, core, trail = _core(tok)
    edges = {tok[0], tok[-1]} | ({core[0], core[-1]} if core else set())
    return bool(edges & set(RULE_CHARS)) or any(c in lead + trail for c in "|¦[]") or _capital_stroke(core)


def _last_lone_free(toks: list[re.Match], k: int, step: int) -> str | None:
    """The nearest token before/after ``toks[k]`` that is no lone rule glyph."""
    j = k + step
    while 0 <= j < len(toks):
        if not _LONE.match(toks[j].group(0)):
            return toks[j].group(0)
        j += step
    return None


def _removal(text: str, s: int, e: int) -> Edit:
    """Remove the token at ``[s, e)`` with one space beside it (the one after it when
    there is one, so the change starts at the glyph); a line break only when the
    token is alone on its line."""
    if e < len(text) and text[e] in " \t":
        return (s, e + 1, "", "rule_debris", 0.9)
    if s > 0 and text[s - 1] in " \t":
        return (s - 1, e, "", "rule_debris", 0.9)
    if e < len(text) and text[e] == "\n":
        return (s, e + 1, "", "rule_debris", 0.9)
    return (s, e, "", "rule_debris", 0.9)


def fix_rule_debris(text: str, lex: Lexicon | None = None, loss: float | None = None) -> str:
    """``text`` with the table rules' debris removed (see the module's docstring).

    >>> fix_rule_debris("Det ar bra  [smabarnsfamiljer.", Lexicon.default())
    'Det ar bra  smabarnsfamiljer.'
    >>> fix_rule_debris("Se [1] och [se bilaga]. I dag 1 barn.", Lexicon.default())
    'Se [1] och [se bilaga]. I dag 1 barn.'
    """
    lex = lex if lex is not None else Lexicon.default()
    out, last = [], 0
    for s, e, repl, _, _ in sorted(rule_debris_edits(text, lex, loss)):
        if s < last:
            continue
        out.append(text[last:s])
        out.append(repl)
        last = e
    out.append(text[last:])
    return "".join(out)
