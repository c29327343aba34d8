"""Text-layer normalisation, one place for every PDF writer, before words are formed.

HTML-to-PDF writers (Chromium, WeasyPrint) write their line breaking into the
text layer: a space of zero advance at every hyphenation opportunity (so a
word falls apart into syllables: "MÅL SÄTT NING AR"), soft hyphens inside
words, and a U+2010 hyphen where they broke a word at a line's end. Here
those become what a word processor's text layer holds: no inner spaces, no
soft hyphens inside a line, and a soft hyphen (U+00AD) at a line end where
the word was broken, which the repair stage joins like any hyphenation.
"""

from __future__ import annotations

#: a hyphen a writer adds where it hyphenated a word (never typed in the text)
ADDED_HYPHEN = "\u2010"
SOFT_HYPHEN = "\u00ad"


def _same_line(a: dict, b: dict) -> bool:
    return abs(float(a["top"]) - float(b["top"])) < 0.5 * max(float(a.get("size") or 0), 1.0)


def normalise_chars(chars: list[dict]) -> list[dict]:
    """pdfplumber chars in content order → the chars a word processor would have written.

    >>> def ch(t, x0, x1, top=10): return {"text": t, "x0": x0, "x1": x1, "top": top, "size": 10}
    >>> "".join(c["text"] for c in normalise_chars([ch("a", 0, 5), ch(" ", 5, 8), ch("b", 5, 10)]))
    'ab'
    >>> "".join(c["text"] for c in normalise_chars([ch("a", 0, 5), ch(" ", 5, 8), ch("b", 8, 13)]))
    'a b'
    >>> [c["text"] for c in normalise_chars([ch("a", 0, 5), ch("\\u2010", 5, 8), ch("b", 0, 5, top=22)])]
    ['a', '\\xad', 'b']
    >>> [c["text"] for c in normalise_chars([ch("a", 0, 5), ch("\\u00ad", 5, 5), ch("b", 5, 10)])]
    ['a', 'b']
    """
    out: list[dict] = []
    for i, c in enumerate(chars):
        text = c["text"]
        nxt = chars[i + 1] if i + 1 < len(chars) else None
        line_end = nxt is None or not _same_line(c, nxt)
        if text.isspace() and not line_end and float(nxt["x0"]) <= float(c["x0"]) + 0.1:
            continue  # a space of zero advance: the next glyph starts where it does
        if text == SOFT_HYPHEN and not line_end:
            continue  # an unused hyphenation point
        if text == ADDED_HYPHEN and line_end:
            # the writer broke the word here (its hyphen glyph may come from another font: it stays with the word)
            same_word = {k: out[-1][k] for k in ("fontname", "size") if out and k in out[-1]}
            c = {**c, **same_word, "text": SOFT_HYPHEN}
        out.append(c)
    return out
