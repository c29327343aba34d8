"""Line-end hyphenation inside wrapped cell/paragraph text.

``verksam-`` / ``heter`` is one word split by the layout; ``FCA-`` /
``koordinatorer`` and ``barn-`` / ``och ungdomshälsa`` are real hyphens.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon

# A Swedish hyphen before a conjunction or preposition is a suspended compound
# ("barn- och ungdomshälsa", "risk- till skyddsfaktorer"): never join.
CONJUNCTIONS = frozenset({"och", "eller", "samt", "respektive", "resp", "till", "som", "men", "&"})

_BREAK = re.compile(r"(\S*?)([^\W\d_]*)-[ \t]*\n([a-zåäöé][^\W\d_]*)([^\s]*)[ \t]?")

Edit = tuple[int, int, str, str, float]


def decide(prefix: str, suffix: str, lex: Lexicon | None) -> tuple[bool, float]:
    """(join?, confidence) for ``prefix-`` at a line end followed by ``suffix``.

    >>> decide("FCA", "koordinatorer", None)
    (False, 1.0)
    >>> decide("barn", "och", None)
    (False, 1.0)
    """
    if not prefix or any(c.isupper() for c in prefix[1:]) or any(c.isdigit() for c in prefix):
        return False, 1.0  # FCA-, FC-, SIP-, 0- : abbreviations and numbers keep their hyphen
    if suffix.lower() in CONJUNCTIONS:
        return False, 1.0
    if lex is None:
        return True, 0.6
    hy = (prefix + "-" + suffix).lower()
    joined = (prefix + suffix).lower()
    if lex.hyphenated.get(hy, 0) > lex.unigrams.get(joined, 0):
        return False, 0.8  # the batch's clean text writes it with a hyphen
    if lex.hyphenated and not lex.unigrams.get(joined, 0):
        head = prefix.lower() + "-"
        if any(h.startswith(head) for h in lex.hyphenated):
            return False, 0.7  # ... or writes this prefix with a hyphen (info-material)
    if lex.is_word(joined):
        return True, 0.95
    if lex.is_word(prefix) and lex.is_word(suffix):
        return False, 0.6  # two words, their joining is unknown: keep what was printed
    return True, 0.6


def dehyphenate(text: str, lex: Lexicon | None = None) -> str:
    """Join words split at a line end; keep real hyphens.

    >>> dehyphenate("alla verksam-\\nheter och")
    'alla verksamheter\\noch'
    >>> dehyphenate("FCA-\\nkoordinatorer")
    'FCA-\\nkoordinatorer'
    >>> dehyphenate("barn-\\noch ungdomshälsa")
    'barn-\\noch ungdomshälsa'
    """
    out = []
    last = 0
    for start, end, repl, _, _ in dehyphenate_edits(text, lex):
        out.append(text[last:start])
        out.append(repl)
        last = end
    out.append(text[last:])
    return "".join(out)


def dehyphenate_edits(text: str, lex: Lexicon | None = None) -> list[Edit]:
    """The edits of :func:`dehyphenate`: ``prefix-\\nsuffix rest`` -> ``prefixsuffix\\nrest``."""
    edits: list[Edit] = []
    for m in _BREAK.finditer(text):
        lead, prefix, suffix, trail = m.group(1), m.group(2), m.group(3), m.group(4)
        if lead and not prefix:
            continue
        join, conf = decide(prefix, suffix, lex)
        if not join:
            continue
        start = m.start(2)
        edits.append((start, m.end(), prefix + suffix + trail + "\n", "dehyphenate", conf))
    return edits
