"""Lost diacritics and OCR confusions, scored as a noisy channel.

For a damaged token ``o`` every candidate ``c`` gets

    score(c) = log10 P(c)            word frequency, or a compound's pseudo-frequency
             + log10 P(o | c)        the confusion model below
             + context(c)            learned and in-document word-pair statistics

and the best-scoring form wins if it beats ``o`` itself.  ``P(o | c)`` for the
common loss (``ä``/``å`` printed as ``a``, ``ö`` as ``o``) is the document's own
damage rate, estimated from the text: a clean export has almost none, so its
real words (``har``, ``for``) are never "restored" to ``här``, ``för``.

Candidates are generated through a diacritic-free key (``stärka`` -> ``starka``):
each OCR confusion maps a printed character to the key letter of what it may
stand for (``6`` -> ``o`` for ö, ``&`` -> ``a`` for ä, ``é`` -> ``a``/``o``),
the lexicon returns every word or compound part with that key, and compounds are
assembled by dynamic programming over the key.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import NUM, PART_FREQ_CAP, Lexicon, key, norm_token

UNKNOWN_LOGFREQ = -11.0  # log10 frequency of a form no source knows
INVALID_LOGFREQ = -14.0  # a "word" with digits or & in it

# Confusions independent of the document's damage rate: (printed, intended, log10 P).
# Why each is here: OCR engines without Swedish models read the ring/dots of
# å/ä/ö as a separate glyph or a similar-shaped one.
_FIXED: dict[str, list[tuple[str, float]]] = {
    "é": [("ä", math.log10(0.3)), ("ö", math.log10(0.15)), ("å", math.log10(0.1)), ("é", 0.0),
          ("e", math.log10(0.05))],
    "6": [("ö", math.log10(0.8))],          # 6ppna, ber6rda
    "&": [("ä", math.log10(0.8))],          # &r
    "d": [("d", 0.0), ("ö", math.log10(0.03)), ("ä", math.log10(0.02)), ("å", math.log10(0.01))],
    "i": [("i", 0.0), ("ä", math.log10(0.01))],   # stirka
    "h": [("h", 0.0), ("b", math.log10(0.005))],  # uthildning
    "1": [("l", math.log10(0.5))],          # 1asfrdmjande
}
# multi-character confusions: a diacritic read as an extra letter
_MULTI: dict[str, list[tuple[str, float]]] = {
    "éa": [("ä", math.log10(0.3))],
    "aé": [("ö", math.log10(0.2)), ("ä", math.log10(0.1))],
    "dé": [("ä", math.log10(0.1))],
    "d&": [("ä", math.log10(0.3))],
}
_LOSS_TARGETS = {"a": ("ä", "å"), "o": ("ö",)}
# Glyph confusions of OCR engines, (printed, intended, log10 P): letters that touch read as one glyph ("rn" as
# "m", "vv" as "w", "ll" as "l") and one glyph read as two; ligatures read as their neighbour (fi, fl).
_GLYPHS: tuple[tuple[str, str, float], ...] = (
    ("m", "rn", -2.0), ("rn", "m", -2.0), ("w", "vv", -2.0), ("w", "v", -2.0), ("vv", "w", -2.5),
    ("l", "ll", -2.0), ("fi", "fl", -2.0), ("fl", "fi", -2.0),
    # Tesseract's Swedish model on blurred or low-resolution scans: a ring read as dots and back ("spräk", "ää"
    # for "åå"), an f's bar lost ("genomtört"), a g's descender lost to JPEG ("proaram", "aruppledare")
    ("ä", "å", -2.0), ("å", "ä", -2.0), ("t", "f", -2.5), ("a", "g", -3.0),
    # ... and a speck over an a read as its ring or dots ("Verksamheternås": tuning scans 609, 634)
    ("å", "a", -2.5), ("ä", "a", -2.5),
    # ... a j's descender lost ("socialtiänst"), an r's arm read as a t's bar ("ftam"): tuning scans 765, 789
    ("i", "j", -2.5), ("t", "r", -3.0),
    # ... an i lost between two stems ("tll": tuning scan 819)
    ("l", "il", -3.0),
    # ... a vv read with a w between or after its strokes ("Avwvikelse": tuning scans 962, 980)
    ("vw", "v", -2.5), ("wv", "v", -2.5),
    # ... an r run into the stem after it: "rt" read as n, "rr" as m ("Fonsätta", "Kanlägga", "Amangera": a 150 dpi
    # JPEG scan of 9.5 pt Liberation Serif, tuning scan 1012)
    ("n", "rt", -2.5), ("m", "rr", -2.5),
    # ... an l lost in an f's arm ("Fer familjer nås": a 150 dpi LibreOffice scan, tuning 1029)
    ("f", "fl", -2.5),
)
#: letters a glyph confusion starts from (a word with none of them cannot show one)
GLYPH_LETTERS = "".join(sorted({p[0] for p, _, _ in _GLYPHS}))
_SIGNAL_RE = re.compile(r"[é6&1]|[a-zåäö]I|[a-zåäö][A-ZÅÄÖ]")
_ELIGIBLE_RE = re.compile(r"^[^\W\d_]*(?:[&61][^\W\d_]*)*$")
MAX_VARIANTS = 48


@dataclass(frozen=True)
class Choice:
    word: str  # lower-case form
    score: float  # LM + channel, log10
    method: str  # 'keep', 'diacritic' or 'ocr_confusion'


def eligible(part: str) -> bool:
    """May ``part`` (no surrounding punctuation) be repaired at all?

    Letters with at most the confusable symbols ``& 6 1``; two letters or more;
    not an abbreviation (all capitals, up to four letters).

    >>> [eligible(t) for t in ("6ppna", "&r", "ABC", "e", "2024", "i(_j", "OVRIGT")]
    [True, True, False, False, False, False, True]
    >>> eligible("16n"), eligible("1a")
    (True, False)
    """
    if len(part) < 2 or not _ELIGIBLE_RE.match(part):
        return False
    letters = sum(ch.isalpha() for ch in part)
    if letters < 1 or (letters < 2 and "&" not in part and len(part) < 3):
        return False
    if part.isupper() and len(part) <= 4:
        return False
    return True


def has_signal(part: str) -> bool:
    """Characters that never occur in clean Swedish words: digits, &, é-for-ä, odd caps.

    >>> has_signal("vénder"), has_signal("UtOver"), has_signal("vänder")
    (True, True, False)
    """
    return bool(_SIGNAL_RE.search(part))


def _units(word: str, loss: float) -> list[list[tuple[str, str, dict[str, float]]]]:
    """Per position of ``word``: options (printed, key letter, {intended: log10 P})."""
    low = word.lower()
    lost = math.log10(max(loss, 1e-6))
    units: list[list[tuple[str, str, dict[str, float]]]] = []
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        lc = low[i]
        opts: list[tuple[str, str, dict[str, float]]] = []
        pair = low[i:i + 2]
        if pair in _MULTI:
            d: dict[str, dict[str, float]] = {}
            for tgt, lp in _MULTI[pair]:
                d.setdefault(key(tgt), {})[tgt] = lp
            multi = [(pair, k, costs) for k, costs in d.items()]
        else:
            multi = []
        if ch == "I" and i == 0 and n > 1 and not word[1].isupper():
            # capital I for lower-case l at a word start (I6pande)
            opts.append(("I", "i", {"i": 0.0}))
            opts.append(("I", "l", {"l": math.log10(0.1)}))
        elif lc in _FIXED:
            d2: dict[str, dict[str, float]] = {}
            for tgt, lp in _FIXED[lc]:
                d2.setdefault(key(tgt), {})[tgt] = lp
            for k, costs in d2.items():
                opts.append((ch, k, costs))
        elif lc in _LOSS_TARGETS:
            costs = {lc: 0.0}
            for tgt in _LOSS_TARGETS[lc]:
                costs[tgt] = lost
            opts.append((ch, lc, costs))
        else:
            opts.append((ch, key(lc), {lc: 0.0}))
        if multi:
            units.append([("__multi__", "", {})] + multi)  # marker, expanded below
            units.append(opts)
            i += 1
            continue
        units.append(opts)
        i += 1
    return units


def _variants(word: str, loss: float) -> list[tuple[str, list[dict[str, float]]]]:
    """Key strings the printed word may stand for, with per-letter cost tables."""
    units = _units(word, loss)
    out: list[tuple[str, list[dict[str, float]]]] = []

    def walk(i: int, skel: list[str], costs: list[dict[str, float]]) -> None:
        if len(out) >= MAX_VARIANTS:
            return
        if i >= len(units):
            out.append(("".join(skel), list(costs)))
            return
        u = units[i]
        if u[0][0] == "__multi__":
            for printed, k, c in u[1:]:
                skel.append(k); costs.append(c)
                walk(i + 3, skel, costs)  # the marker and both printed letters
                skel.pop(); costs.pop()
            walk(i + 1, skel, costs)
            return
        for printed, k, c in u:
            skel.append(k); costs.append(c)
            walk(i + 1, skel, costs)
            skel.pop(); costs.pop()

    walk(0, [], [])
    return out


def _channel(word: str, costs: list[dict[str, float]]) -> float | None:
    total = 0.0
    for ch, c in zip(word, costs):
        lp = c.get(ch)
        if lp is None:
            return None
        total += lp
    return total


def _best_compound(skel: str, costs: list[dict[str, float]], lex: Lexicon,
                   max_parts: int = 4, printed: str | None = None) -> tuple[float, str, int] | None:
    """Best (score, word, n_parts) compound over the key string, or None."""
    n = len(skel)
    if n < 6:
        return None

    @lru_cache(maxsize=None)
    def rest(i: int, depth: int) -> tuple[float, str, int] | None:
        best: tuple[float, str, int] | None = None
        if depth >= 1:
            tail = printed[i:] if printed is not None and len(printed) == n else None
            extra = [tail] if tail and tail.isalpha() and _channel(tail, costs[i:]) is not None else []
            for w in extra + lex.words_for_key(skel[i:]):
                if not lex._part_ok(w, final=True):
                    continue
                ch = _channel(w, costs[i:])
                if ch is None:
                    continue
                sc = 0.5 * math.log10(min(max(lex.freq(w), 1e-9), PART_FREQ_CAP)) + ch
                if best is None or sc > best[0]:
                    best = (sc, w, 1)
        if depth + 1 < max_parts:
            for j in range(i + 3, n - 2):
                heads = lex.parts_for_key(skel[i:j])
                if not heads:
                    continue
                hb: tuple[float, str] | None = None
                for h in heads:
                    if not lex._part_ok(h, final=False):
                        continue
                    ch = _channel(h, costs[i:j])
                    if ch is None:
                        continue
                    sc = 0.5 * math.log10(min(max(lex.part_freq(h), 1e-9), PART_FREQ_CAP)) + ch
                    if hb is None or sc > hb[0]:
                        hb = (sc, h)
                if hb is None:
                    continue
                r = rest(j, depth + 1)
                if r is None:
                    continue
                sc = hb[0] + r[0] - 0.5
                if best is None or sc > best[0]:
                    best = (sc, hb[1] + r[1], r[2] + 1)
        return best

    r = rest(0, 0)
    if r is None or r[2] < 2:
        return None
    # same constant as Lexicon.compound_logfreq: -2 for two parts, -0.5 per extra part
    return (r[0] - 2.0 + 0.5, r[1], r[2])


def _orig_logfreq(low: str, lex: Lexicon) -> float:
    if not low.isalpha():
        return INVALID_LOGFREQ
    f = lex.freq(low)
    lf = math.log10(f) if f > 0 else UNKNOWN_LOGFREQ
    parts = lex.split_compound(low) if f < 1e-6 else None
    if parts:
        lf = max(lf, lex.compound_logfreq(parts))
    return lf


def candidates(word: str, lex: Lexicon, loss: float, limit: int = 6) -> list[Choice]:
    """Scored readings of a printed word, best first; the word itself included.

    ``loss`` is the probability that a diacritic was lost (the document's damage rate).
    """
    low = word.lower()
    orig = Choice(low, _orig_logfreq(low, lex), "keep")
    best: dict[str, Choice] = {low: orig}
    for skel, costs in _variants(word, loss):
        for w in lex.words_for_key(skel):
            ch = _channel(w, costs)
            if ch is None or w == low:
                continue
            f = lex.freq(w)
            if f <= 0:
                continue
            sc = math.log10(f) + ch
            if f < 1e-6:  # rare as a form: its compound reading may be better evidence
                parts = lex.split_compound(w)
                if parts:
                    sc = max(sc, lex.compound_logfreq(parts) + ch)
            if w not in best or sc > best[w].score:
                best[w] = Choice(w, sc, _method(low, w))
        comp = _best_compound(skel, costs, lex, printed=low)
        if comp is not None and comp[1] != low:
            sc, w, _ = comp
            if w not in best or sc > best[w].score:
                best[w] = Choice(w, sc, _method(low, w))
    _add_glyph_readings(low, lex, best)
    return sorted(best.values(), key=lambda c: -c.score)[:limit]


def glyph_candidates(word: str, lex: Lexicon) -> list[Choice]:
    """Scored readings of a printed word with at most one glyph confusion undone (no diacritic restored), best
    first; the word itself included. For OCR'd text whose diacritics came through: a word read as another word
    of the lexicon ("bam", a rare form, for "barn") or as none ("Fonsätta").

    >>> lex = Lexicon.from_words({"barn": 1e-3, "bam": 1e-6, "kom": 1e-3, "korn": 1e-5})
    >>> [(c.word, c.method) for c in glyph_candidates("bam", lex)][:2]
    [('barn', 'ocr_confusion'), ('bam', 'keep')]
    >>> glyph_candidates("kom", lex)[0].word
    'kom'
    """
    low = word.lower()
    best: dict[str, Choice] = {low: Choice(low, _orig_logfreq(low, lex), "keep")}
    _add_glyph_readings(low, lex, best)
    return sorted(best.values(), key=lambda c: -c.score)


def _add_glyph_readings(low: str, lex: Lexicon, best: dict[str, Choice]) -> None:
    """Into ``best`` (reading → choice), the readings of ``low`` with one glyph confusion undone that some
    source knows, where they score higher than what is there."""
    for w, lp in glyph_variants(low):
        sc = _orig_logfreq(w, lex) + lp
        if sc > UNKNOWN_LOGFREQ + lp and (w not in best or sc > best[w].score):
            best[w] = Choice(w, sc, "ocr_confusion")


#: confusions too common among real words to undo on the lexicon's word, undone where the document itself prints
#: the other reading (:func:`fca_extract.repair.document_reading`): a stem more or less ("Koordinatorerma",
#: Chromium 150 dpi scan, tuning 1063), an ascender added to an n ("familjecentralslikhande", LibreOffice scan 1083)
DOCUMENT_GLYPHS: tuple[tuple[str, str, float], ...] = (("m", "n", -3.0), ("n", "m", -3.0), ("h", "n", -3.0))


def glyph_variants(word: str, glyphs: tuple[tuple[str, str, float], ...] = _GLYPHS) -> list[tuple[str, float]]:
    """Readings of ``word`` with one glyph confusion undone, and the confusion's log10 probability.

    >>> [w for w, _ in glyph_variants("bams")], [w for w, _ in glyph_variants("awvikelse")][:2]
    (['barns', 'bgms', 'barrs'], ['avvvikelse', 'avvikelse'])
    """
    out = []
    for printed, intended, lp in glyphs:
        i = word.find(printed)
        while i >= 0:
            out.append((word[:i] + intended + word[i + len(printed):], lp))
            i = word.find(printed, i + 1)
    return out


def _method(orig: str, new: str) -> str:
    """'diacritic' when only å/ä/ö were restored over a/o, else 'ocr_confusion'."""
    if len(orig) == len(new) and all(a == b or (key(b) == a and b in "åäö") for a, b in zip(orig, new)):
        return "diacritic"
    return "ocr_confusion"


def recase(printed: str, new: str) -> str:
    """Carry the printed word's capitalisation over to the repaired form.

    >>> recase("OVRIGT", "övrigt"), recase("Goteborgs", "göteborgs"), recase("UtOver", "utöver")
    ('ÖVRIGT', 'Göteborgs', 'Utöver')
    """
    letters = [c for c in printed if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return new.upper()
    if printed[:1].isupper() or (printed[:1] in "1I6" and len(printed) > 1 and printed[0] == "I"):
        if printed[0] == "I" and new[:1] == "l":
            return new  # I6pande -> löpande: the capital was the misread l
        return new[:1].upper() + new[1:]
    return new


def context_score(cand: str, prev: str | None, nxt: str | None, stats: "PairStats") -> float:
    """log10 gain of ``cand`` from its neighbours under the word-pair statistics."""
    if stats.total == 0:
        return 0.0
    pu = stats.p_uni(cand)
    kappa = 2.0
    # cache model: a reading settled elsewhere in the batch or document is likelier here
    wf = stats.lex.freqs.get(cand, 0.0)
    gain = math.log10(pu / stats.p_prior(cand)) if wf > 0 else 0.0
    if prev is not None:
        n_prev = stats.uni.get(prev, 0)
        if n_prev:
            p = (stats.bi.get((prev, cand), 0) + kappa * pu) / (n_prev + kappa)
            gain += math.log10(p / pu)
    if nxt is not None:
        n_c = stats.uni.get(cand, 0)
        pn = stats.p_uni(nxt)
        p = (stats.bi.get((cand, nxt), 0) + kappa * pn) / (n_c + kappa)
        gain += math.log10(p / pn)
    return gain


class PairStats:
    """Unigram and word-pair counts: the lexicon's learned text plus this document."""

    def __init__(self, lex: Lexicon, mu: float = 2000.0) -> None:
        self.lex = lex
        self.uni: dict[str, float] = dict(lex.unigrams)
        self.bi: dict[tuple[str, str], float] = dict(lex.bigrams)
        self.total = float(lex.n_learned)
        self.mu = mu

    def add(self, seq: list[str | None], weight: float = 1.0) -> None:
        for a in seq:
            if a is not None:
                self.uni[a] = self.uni.get(a, 0) + weight
                self.total += weight
        for a, b in zip(seq, seq[1:]):
            if a is not None and b is not None:
                self.bi[(a, b)] = self.bi.get((a, b), 0) + weight

    def p_prior(self, w: str) -> float:
        """What :meth:`p_uni` would be if ``w`` had never been seen."""
        wf = self.lex.freqs.get(w, 0.0) if w != NUM else 1e-3
        return self.mu * max(wf, 1e-8) / (self.total + self.mu)

    def p_uni(self, w: str) -> float:
        wf = self.lex.freqs.get(w, 0.0) if w != NUM else 1e-3
        return (self.uni.get(w, 0) + self.mu * max(wf, 1e-8)) / (self.total + self.mu)


__all__ = ["Choice", "candidates", "eligible", "has_signal", "recase", "context_score",
           "PairStats", "norm_token"]
