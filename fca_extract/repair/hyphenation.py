"""Line-end hyphenation inside wrapped cell/paragraph text.

``verksam-`` / ``heter`` is one word split by the layout; ``FCA-`` /
``koordinatorer`` and ``barn-`` / ``och ungdomshälsa`` are real hyphens.
"""

from __future__ import annotations

import re

from ..layout.textlines import SUSPENDING
from .case import CASE_ALIKE
from .lexicon import FUNCTION_WORDS, Lexicon

# A Swedish hyphen before a conjunction is a suspended compound
# ("barn- och ungdomshälsa", "risk- eller skyddsfaktorer"): never join.
# ("så-|som" is såsom cut by the layout: "som", "till", "men" do not suspend a compound)
CONJUNCTIONS = SUSPENDING  # one list: the repair decides with it, textlines.unwrap joins with it


_BREAK = re.compile(r"(\S*?)([^\W\d_]*)-[ \t]*\n([a-zåäöé][^\W\d_]*|[A-ZÅÄÖ]{2,}\b)([^\s]*)[ \t]?")

Edit = tuple[int, int, str, str, float]


def decide(prefix: str, suffix: str, lex: Lexicon | None) -> tuple[bool, float]:
    """(join?, confidence) for ``prefix-`` at a line end followed by ``suffix``.

    >>> decide("FCA", "koordinatorer", None)
    (False, 1.0)
    >>> decide("barn", "och", None)
    (False, 1.0)
    >>> decide("barn", "och", Lexicon.default()), decide("gemen", "samt", Lexicon.default())
    ((False, 1.0), (True, 0.95))
    >>> decide("Pixie", "böcker", Lexicon.default())[0], decide("När", "hälsan", Lexicon.default())[0]
    (False, True)
    >>> decide("VUX", "na", Lexicon.default())[0], decide("SIP", "utbildningar", Lexicon.default())[0]
    (True, False)
    >>> decide("STADSOM", "RÅDET", Lexicon.default())[0], decide("FCA", "KOORDINATOR", Lexicon.default())[0]
    (True, False)
    """
    if suffix.isupper():
        # NO-/SAM: a word in capitals split by the layout; join only on evidence
        # that the batch writes it whole (a capitals suffix is otherwise FCA-KOORDINATOR)
        joined = (prefix + suffix).lower()
        # (or a word general Swedish knows whole: "STADSOM-|RÅDET" in an OCR'd heading, whose document
        # teaches the lexicon nothing; "FCA-|KOORDINATOR" is none)
        if (prefix.isupper() and lex is not None and (lex.unigrams.get(joined, 0) or lex.freq(joined) > 0)
                and not lex.hyphenated.get(prefix.lower() + "-" + suffix.lower(), 0)):
            return True, 0.8
        return False, 1.0
    inner = [c for c in prefix[1:] if c.isupper()]
    if (lex is not None and inner and all(c in CASE_ALIKE for c in inner)
            and suffix.islower() and lex.freq((prefix + suffix).lower()) > 0):
        # small letters OCR read as their capitals, a word Swedish knows whole ("VUX-|na": vuxna, a LibreOffice
        # scan, tuning 1131); the case repair writes it small. (SIP-|utbildningar is no word whole.)
        return True, 0.8
    if not prefix or any(c.isupper() for c in prefix[1:]) or any(c.isdigit() for c in prefix):
        return False, 1.0  # FCA-, FC-, SIP-, 0- : abbreviations and numbers keep their hyphen
    if suffix.lower() in CONJUNCTIONS and (lex is None or not lex.freq((prefix + suffix).lower()) > 0):
        # a suspended compound (barn- och ungdomshälsa), unless the two are a word of the dictionary's own
        # (gemen-|samt; not a compound it could make of them, as "barn|och")
        return False, 1.0
    if lex is None:
        return True, 0.6
    hy = (prefix + "-" + suffix).lower()
    joined = (prefix + suffix).lower()
    if lex.hyphenated.get(hy, 0) > lex.unigrams.get(joined, 0):
        return False, 0.8  # the batch's clean text writes it with a hyphen
    if lex.hyphenated and not lex.unigrams.get(joined, 0) and not lex.freq(joined):
        # (not for a word general Swedish knows whole: "drop in-träffar" says nothing of "in-|för")
        head = prefix.lower() + "-"
        if any(h.startswith(head) for h in lex.hyphenated):
            return False, 0.7  # ... or writes this prefix with a hyphen (info-material)
    if lex.is_word(joined):
        return True, 0.95
    # (a closed-class word capitalised at a compound's head starts a word written whole: "När-|hälsan" is
    # Närhälsan; it is never one of two words a hyphen joins, as "Pixie-|böcker")
    if prefix.lower() in FUNCTION_WORDS:
        return True, 0.6
    named = prefix[:1].isupper() and (prefix.lower() in lex.freqs or prefix.lower() in lex.unigrams)
    # a piece of one or two letters is a syllable, not a word (LibreOffice and Word leave
    # at least two letters on each side: Pix-|ie-böcker)
    if len(suffix) > 2 and len(prefix) > 2 and lex.is_word(suffix) and (lex.is_word(prefix) or named):
        # two words, or a known name and a word (Pixie-böcker), not known joined: keep as printed
        return False, 0.6
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


# the joined word is itself cut again at the next line end: föräld-|rastödspro-|grammet
_CHAIN = re.compile(r"-[ \t]*\n([a-zåäöé][^\W\d_]*)")
_TRAIL = re.compile(r"[^\s]*")


def _chain_tail(text: str, end: int, suffix: str) -> str:
    """``suffix`` with the pieces that follow it at the next line ends, each after a hyphen."""
    while (c := _CHAIN.match(text, end)) is not None:
        suffix, end = suffix + c.group(1), c.end()
    return suffix


def dehyphenate_edits(text: str, lex: Lexicon | None = None) -> list[Edit]:
    """The edits of :func:`dehyphenate`: ``prefix-\\nsuffix rest`` -> ``prefixsuffix\\nrest``.

    >>> dehyphenate("av föräld-\\nrastödspro-\\ngrammet ABC")
    'av föräldrastödsprogrammet\\nABC'
    >>> dehyphenate("och barn-\\nmorske-\\nmottag-\\nningen.", Lexicon.default())
    'och barnmorskemottagningen.'
    """
    edits: list[Edit] = []
    pos = 0
    while (m := _BREAK.search(text, pos)) is not None:
        lead, prefix, suffix = m.group(1), m.group(2), m.group(3)
        pos = m.start(3)  # a kept break: the next line may hold the next one
        if lead and not prefix:
            continue
        join, conf = decide(prefix, suffix, lex)
        if not join and (whole := _chain_tail(text, m.end(3), suffix)) != suffix:
            # the suffix is cut again at the next line end: judge the word it begins ("barn-|morske-|mottag-|ningen":
            # "barn" and "morske" could be two words, "barn" and "morskemottagningen" are not)
            join, conf = decide(prefix, whole, lex)
        glue = ""
        if (not join and lex is not None and suffix.lower() in CONJUNCTIONS
                and lex.hyphenated.get(prefix.lower() + "-" + suffix.lower(), 0)):
            # the batch writes "språk-och" as one token: keep the hyphen, drop the break
            join, glue, conf = True, "-", 0.8
        if not join:
            continue
        word, end = prefix + glue + suffix, m.end(3)
        while glue == "" and (c := _CHAIN.match(text, end)) is not None:
            more, c_conf = decide(word, c.group(1), lex)
            if not more:
                break
            word, end, conf = word + c.group(1), c.end(), min(conf, c_conf)
        t = _TRAIL.match(text, end)
        word += t.group(0)
        end = t.end()
        start = m.start(2)
        after = end
        while after < len(text) and text[after] in " \t":
            after += 1
        if after >= len(text) or text[after] == "\n":
            # the continued word ends its line: no break to move ("ningar, \n")
            edits.append((start, end, word, "dehyphenate", conf))
        else:
            end = min(end + 1, after)  # one space gives way to the moved line break
            edits.append((start, end, word + "\n", "dehyphenate", conf))
        pos = end
    return edits
