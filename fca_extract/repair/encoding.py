"""Encoding damage: mojibake, decomposed letters, ligatures, soft hyphens, odd spaces.

Each fix is a pure ``str -> str`` function.  The ``*_edits`` helpers used by
:func:`fca_extract.repair.repair_text` return the same result as a list of
edits ``(start, end, replacement)`` so that every change can be audited.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy
import ftfy.fixes

from ..layout.textlines import SYMBOL_BULLETS

Edit = tuple[int, int, str, str, float]  # start, end, replacement, method, confidence

# Mojibake shows as Latin-1/cp1252 letters that Swedish text never has together.
_MOJIBAKE_HINT = re.compile(r"[ÃÂâ€™œ¤¶¥]")
_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_LIGATURE = re.compile(r"[\ufb00-\ufb06]")
# Word's bullets come out of a Symbol or Wingdings font as private-use code points
# (U+F0B7 is Symbol's bullet): text extraction shows them as unreadable boxes
SYMBOL_BULLET = re.compile(f"[{SYMBOL_BULLETS}]")
_TOKEN = re.compile(r"\S+")


def fix_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1/cp1252, undone by ftfy.

    >>> fix_mojibake("fÃ¶rÃ¤ldrar Ã¤r hÃ¤r")
    'föräldrar är här'
    >>> fix_mojibake("Ã…rsrapport")
    'Årsrapport'
    >>> fix_mojibake("föräldrar")
    'föräldrar'
    """
    if not _MOJIBAKE_HINT.search(text):
        return text
    fixed = ftfy.fix_encoding(text)
    if fixed == text and ("Ã" in text or "â€" in text):
        # ftfy is cautious with short strings ("Ã…rsrapport"); Swedish text never
        # has these pairs, so a clean UTF-8 re-decoding of the token is trusted
        for enc in ("cp1252", "latin-1"):
            try:
                return text.encode(enc).decode("utf-8")
            except UnicodeError:
                continue
    return fixed


def fix_unicode_nfc(text: str) -> str:
    """Compose decomposed letters (a + combining ring -> å).

    >>> fix_unicode_nfc("sa\\u030a ha\\u0308r") == "så här"
    True
    """
    return unicodedata.normalize("NFC", text)


def fix_ligatures(text: str) -> str:
    """Typographic ligatures back to letters.

    >>> fix_ligatures("\\ufb01nnas \\ufb02er")
    'finnas fler'
    """
    return ftfy.fixes.fix_latin_ligatures(text)


# a word broken at soft hyphens over one or more line ends ("barn\xad|morske\xad|mottagningen")
_SOFT_BREAKS = re.compile(r"(?:\u00ad[ \t]*\n[^\s\u00ad]+)+[ \t]?")


def _join_soft_breaks(m: re.Match[str]) -> str:
    """The broken word whole, the line break moved after it (unless a line break already follows it)."""
    whole = re.sub(r"\u00ad[ \t]*\n", "", m.group(0).rstrip(" \t"))
    # the tail that fills its line is followed by that line's own break: a second one would make a paragraph
    return whole if m.string[m.end():m.end() + 1] in ("\n", "") else whole + "\n"


def fix_soft_hyphens(text: str) -> str:
    """Drop soft hyphens; one at a line end joins the word across the break.

    >>> fix_soft_hyphens("verksam\\u00ad\\nheter och")
    'verksamheter\\noch'
    >>> fix_soft_hyphens("verk\\u00adsam")
    'verksam'
    >>> fix_soft_hyphens("barn\\u00ad\\nmorskemottagning\\u00ad\\nen.")
    'barnmorskemottagningen.'
    >>> fix_soft_hyphens("Folkhälso\\u00ad\\nutvecklare\\ntillsammans med")
    'Folkhälsoutvecklare\\ntillsammans med'
    """
    text = _SOFT_BREAKS.sub(_join_soft_breaks, text)
    return text.replace("\u00ad", "")


def fix_spaces(text: str) -> str:
    """No-break, thin and other odd spaces to a plain space; zero-width ones removed.

    >>> fix_spaces("0\\u00a0kr\\u200b")
    '0 kr'
    """
    return _ZERO_WIDTH.sub("", _ODD_SPACE.sub(" ", text))


# ---------------------------------------------------------------- audited forms

def token_edits(text: str, fix, method: str, confidence: float = 1.0) -> list[Edit]:
    """Apply ``fix`` token by token; one edit per changed whitespace-separated token."""
    out: list[Edit] = []
    for m in _TOKEN.finditer(text):
        new = fix(m.group(0))
        if new != m.group(0):
            out.append((m.start(), m.end(), new, method, confidence))
    return out


def regex_edits(text: str, rx: re.Pattern[str], repl: str, method: str) -> list[Edit]:
    return [(m.start(), m.end(), repl, method, 1.0) for m in rx.finditer(text)]


def soft_hyphen_edits(text: str) -> list[Edit]:
    out: list[Edit] = []
    for m in re.finditer(_SOFT_BREAKS.pattern + r"|\u00ad", text):
        if m.group(0) != "\u00ad":
            out.append((m.start(), m.end(), _join_soft_breaks(m), "dehyphenate", 1.0))
        else:
            out.append((m.start(), m.end(), "", "unicode", 1.0))
    return out


def fix_symbol_bullets(text: str) -> str:
    """Private-use bullet glyphs of Symbol/Wingdings fonts → "•".

    >>> fix_symbol_bullets("\uf0b7 Utveckling av stödet")
    '• Utveckling av stödet'
    """
    return SYMBOL_BULLET.sub("•", text)


#: a glyph the text layer could not map (a ligature a font drew as one glyph): NUL or U+FFFD
LOST_GLYPH = re.compile("[\x00\ufffd]")
#: what a ligature glyph stands for, longest first (Calibri/Carlito draw "tti", "tt", "ti", "ft" as one glyph)
LIGATURES = ("ffi", "ffl", "tti", "ff", "fi", "fl", "ft", "tt", "ti", "fj", "fb", "fh", "fk")


def fix_lost_ligature(token: str, is_word) -> str:
    """A word with a glyph the text layer lost: the ligature that makes it a word (``is_word``), else as it was.

    >>> fix_lost_ligature("rä\\x00gheter", lambda w: w == "rättigheter")
    'rättigheter'
    >>> fix_lost_ligature("x\\x00y", lambda w: False)
    'x\\x00y'
    """
    if not LOST_GLYPH.search(token):
        return token
    core = token.strip(".,;:!?()”\"'")
    start = token.find(core) if core else 0
    for lig in LIGATURES:
        cand = LOST_GLYPH.sub(lig, core)
        if is_word(cand.lower()) or is_word(cand):
            return token[:start] + cand + token[start + len(core):]
    return token


#: a word broken at a line end, a lost glyph in one of its halves: head, the hyphen and break, tail
_LOST_ACROSS = re.compile(r"(\S+)(-\n)(\S+)")


def lost_ligature_across_edits(text: str, is_word) -> list[Edit]:
    r"""Lost glyphs in a word broken at a line end ("rä\x00g-" | "heter"): the ligature that makes the
    whole word a word (:func:`fix_lost_ligature` on the two halves together), the break left for the
    dehyphenation to judge.

    >>> text = "om barns rä\x00g-\nheter"
    >>> [(text[s:e], new) for s, e, new, _, _ in lost_ligature_across_edits(text, lambda w: w == "rättigheter")]
    [('rä\x00g', 'rättig')]
    """
    out: list[Edit] = []
    for m in _LOST_ACROSS.finditer(text):
        head, tail = m.group(1), m.group(3)
        if bool(LOST_GLYPH.search(head)) == bool(LOST_GLYPH.search(tail)):
            continue  # none to fix, or one in each half (which ligature went where is not told)
        whole = fix_lost_ligature(head + tail, is_word)
        if whole == head + tail:
            continue
        if LOST_GLYPH.search(head):  # (the tail is as printed: the ligature stands in the head)
            out.append((m.start(1), m.end(1), whole[: len(whole) - len(tail)], "ligature", 0.9))
        else:
            out.append((m.start(3), m.end(3), whole[len(head):], "ligature", 0.9))
    return out


def needs_encoding_pass(text: str) -> bool:
    """Cheap test: is there anything at all for the encoding fixes to do?"""
    if text.isascii():
        return "\x00" in text
    return bool(_MOJIBAKE_HINT.search(text) or _ODD_SPACE.search(text) or _ZERO_WIDTH.search(text)
                or _LIGATURE.search(text) or "\u00ad" in text or SYMBOL_BULLET.search(text) or LOST_GLYPH.search(text)
                or not unicodedata.is_normalized("NFC", text))
