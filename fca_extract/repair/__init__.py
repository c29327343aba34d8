"""Swedish text repair: encoding damage, line-end hyphenation, lost diacritics, OCR confusions.

Built the way ftfy is: small named fixes, each a pure function with examples in
its docstring, one entry point that applies them in order, a config that
switches each off, and an explain function that lists every change.

>>> text, changes = repair_text("Det &r en plan for barn 0-18 ar.", lexicon=Lexicon.default())
>>> text
'Det är en plan för barn 0-18 år.'
>>> [(c.original, c.repaired, c.method) for c in changes]
[('&r', 'är', 'ocr_confusion'), ('for', 'för', 'diacritic'), ('ar', 'år', 'diacritic')]

Every change that is not whitespace comes back as a :class:`Change`; the
pipeline writes them to the ``repairs`` table.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from . import abbreviations
from . import case
from . import encoding
from . import hyphenation
from . import rules
from . import spaces
from .diacritics import (DOCUMENT_GLYPHS, GLYPH_LETTERS, Choice, PairStats, candidates, context_score, eligible, glyph_candidates,
                         glyph_variants, has_signal,
                         recase)
from .lexicon import NUM, Lexicon, norm_token

__all__ = ["repair_text", "RepairConfig", "Change", "Lexicon", "explain",
           "fix_text", "estimate_damage_rate", "marks_own_hyphens"]


@dataclass(frozen=True)
class RepairConfig:
    """Switch each fix on or off, ftfy style; all on by default."""

    mojibake: bool = True
    unicode_nfc: bool = True
    ligatures: bool = True
    soft_hyphens: bool = True
    odd_spaces: bool = True
    symbol_bullets: bool = True   # private-use Symbol/Wingdings bullets -> "•"
    rule_debris: bool = True      # table rules read as | [ ] ! l 1, glued or alone (rules.py)
    dehyphenate: bool = True
    diacritics: bool = True       # lost å/ä/ö and OCR confusions (6 -> ö, & -> ä, rn <-> m, vv <-> w, ...)
    use_context: bool = True      # word-pair statistics (learned + this document)
    age_ranges: bool = True       # "018 år" -> "0–18 år"
    ocr_spacing: bool = True      # a space OCR put a letter or three off: "koordinato ri" -> "koordinator i"
    ocr_case: bool = True         # a capital OCR read for a small letter of its shape: "i Styrgruppen" (case.py)
    ocr_abbreviation: bool = True  # an abbreviation misread by a glyph: "GSE" where the document prints "GSF" (abbreviations.py)
    #: how often the document writes each word mid-sentence capitalised and small (:func:`case.mid_sentence_cases`),
    #: the evidence ``ocr_case`` needs; None: no such repair
    case_evidence: Counter | None = field(default=None, compare=False, hash=False)
    #: how often the document prints each abbreviation (:func:`abbreviations.printed_forms`), the evidence
    #: ``ocr_abbreviation`` needs; None: no such repair
    form_evidence: Counter | None = field(default=None, compare=False, hash=False)
    #: how often the document prints each word and each pair of words (:func:`spaces.printed_words`): evidence
    #: ``ocr_spacing`` needs to close a space OCR put inside a word ("Genom föra"); None: no such repair
    word_evidence: Counter | None = field(default=None, compare=False, hash=False)
    #: the text was OCR'd (fixes of OCR's own errors apply: ``ocr_spacing``)
    ocr_text: bool = False
    #: probability that a diacritic was lost; None = estimate it from the text
    damage_rate: float | None = None
    #: a plain hyphen at a line end is the author's and stays ("drop in-|träffar", not "inträffar"): the writer
    #: marks the breaks it hyphenated itself (soft hyphens at line ends), or hyphenates nothing (the pipeline
    #: tells that from the pages); None = tell from the text
    marked_hyphens: bool | None = None
    #: a repair is made only if it is this many times likelier than the printed form
    min_odds: float = 2.0
    #: ... and at least this likely (0-1) among all readings
    min_confidence: float = 0.3


@dataclass(frozen=True)
class Change:
    """One audited change: ``original`` at ``start`` in the input became ``repaired``."""

    original: str
    repaired: str
    method: str
    confidence: float
    start: int


Edit = tuple[int, int, str, str, float]


class _Trace:
    """Maps offsets in the current text back to the input through applied edit lists."""

    def __init__(self) -> None:
        self.stages: list[list[tuple[int, int, int, int]]] = []  # (in_s, in_e, out_s, out_e)

    def apply(self, text: str, edits: list[Edit]) -> tuple[str, list[tuple[int, str, Edit]]]:
        edits = sorted(edits, key=lambda e: e[0])
        out: list[str] = []
        spans = []
        applied = []
        last = 0
        pos = 0
        for e in edits:
            s, en, repl = e[0], e[1], e[2]
            if s < last:
                continue  # overlapping edits: first one wins
            out.append(text[last:s])
            pos += s - last
            spans.append((s, en, pos, pos + len(repl)))
            applied.append((s, text[s:en], e))
            out.append(repl)
            pos += len(repl)
            last = en
        out.append(text[last:])
        self.stages.append(spans)
        return "".join(out), applied

    def to_input(self, p: int, upto: int) -> int:
        """Offset ``p`` in the text before stage ``upto`` -> offset in the input."""
        for spans in reversed(self.stages[:upto]):
            if not spans:
                continue
            outs = [sp[2] for sp in spans]
            i = bisect.bisect_right(outs, p) - 1
            if i < 0:
                continue
            in_s, in_e, out_s, out_e = spans[i]
            p = in_s if p < out_e else p - out_e + in_e
        return p


_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def _is_whitespace_change(a: str, b: str) -> bool:
    """Only spacing differs (zero-width characters count as spacing)."""
    return "".join(_ZERO_WIDTH.sub("", a).split()) == "".join(_ZERO_WIDTH.sub("", b).split())


# ---------------------------------------------------------------- word repair

_TOKEN = re.compile(r"\S+")
_LEAD = re.compile(r"^[\[\(\"'“”‘’|«»]+")
_TRAIL = re.compile(r"[.,;:!?\)\]\"'“”‘’»]+$")
_SPLIT = re.compile(r"([/\-–])")
_SKIP_TOKEN = re.compile(r"@|://|^www\.", re.I)


@dataclass
class _Slot:
    start: int          # offset in the text of this stage
    printed: str
    norm: str           # lower-case/number form for statistics
    eligible: bool
    choices: list = field(default_factory=list)
    pick: str | None = None   # lower-case chosen form
    conf: float = 1.0
    odds: float = float("inf")  # chosen form against the printed one


def _slots(text: str) -> list[_Slot | None]:
    """Word parts in reading order; ``None`` marks a paragraph break."""
    out: list[_Slot | None] = []
    last_end = 0
    for m in _TOKEN.finditer(text):
        if "\n\n" in text[last_end:m.start()]:
            out.append(None)
        last_end = m.end()
        tok = m.group(0)
        if _SKIP_TOKEN.search(tok):
            out.append(_Slot(m.start(), tok, tok.lower(), False))
            continue
        lead = _LEAD.match(tok)
        s = lead.end() if lead else 0
        trail = _TRAIL.search(tok[s:])
        e = s + trail.start() if trail else len(tok)
        core = tok[s:e]
        if not core:
            continue
        pos = m.start() + s
        for piece in _SPLIT.split(core):
            if piece and not _SPLIT.fullmatch(piece):
                out.append(_Slot(pos, piece, norm_token(piece), eligible(piece)))
            pos += len(piece)
        # a number range like 0-18 was split above; keep it one statistical token
    return _merge_numbers(out)


def _merge_numbers(slots: list[_Slot | None]) -> list[_Slot | None]:
    out: list[_Slot | None] = []
    for sl in slots:
        if (sl is not None and out and out[-1] is not None and sl.norm == NUM
                and out[-1].norm == NUM and sl.start <= out[-1].start + len(out[-1].printed) + 1):
            continue
        out.append(sl)
    return out


def _softmax_conf(scores: list[float]) -> float:
    m = max(scores)
    tot = sum(10 ** (s - m) for s in scores)
    return 1.0 / tot


def _odds(scored: list, printed: str) -> float:
    own = [s for s, c in scored if c.word == printed]
    if not own:
        return float("inf")
    return 10 ** (scored[0][0] - own[0])


def _estimate_damage(slots: list[_Slot], lex: Lexicon) -> float:
    """Share of diacritics the text lost, from the text alone.

    Counts words printed with å/ä/ö (kept) against words that carry OCR signals,
    short words whose accented twin is far commoner (``pa``/``på``) and unknown
    words that only make sense with a diacritic restored (lost).  A prior of
    0.1 : 3 makes a snippet without evidence count as clean.  When the cheap
    counts already say "clean", unknown words are not examined at all.
    """
    kept = lost = 0
    unknown: list[_Slot] = []
    for sl in slots:
        low = sl.printed.lower()
        if any(c in "åäö" for c in low):
            kept += 1
        elif has_signal(sl.printed) and not sl.printed.isalpha():
            lost += 1
        elif not sl.eligible:
            continue
        elif lex.is_known(low):
            if len(low) <= 4 and _has_common_twin(low, lex):
                lost += 1
        else:
            unknown.append(sl)
    if (lost + 0.1) / (lost + kept + 3.0) < CLEAN_RATE:
        return (lost + 0.1) / (lost + kept + 3.0)
    for sl in unknown:
        low = sl.printed.lower()
        ch = candidates(sl.printed, lex, 0.5, limit=2)
        if ch and ch[0].word != low and ch[0].score - (ch[1].score if len(ch) > 1 else -99) > 0.5:
            lost += 1
    return (lost + 0.1) / (lost + kept + 3.0)


#: below this damage rate a text counts as clean: known words are not examined
#: and unknown ones only when they carry an OCR signal (6, &, é, odd capitals)
CLEAN_RATE = 0.01


def _has_common_twin(low: str, lex: Lexicon) -> bool:
    """``ar``/``är``, ``pa``/``på``, ``for``/``för``: the accented form is 30x commoner."""
    f = lex.freqs.get(low, 0.0)
    if not f:
        return False
    opts = [("a", "ä", "å") if c == "a" else ("o", "ö") if c == "o" else (c,) for c in low]
    for combo in itertools.product(*opts):
        w = "".join(combo)
        if w != low and lex.freqs.get(w, 0.0) > 30 * f:
            return True
    return False


def marks_own_hyphens(text: str) -> bool:
    """Does the text show a writer that marks its own hyphenation: a soft hyphen (or U+2010) ending a line?

    >>> marks_own_hyphens("stöd till famil\\u00ad\\njer"), marks_own_hyphens("verksam-\\nheter")
    (True, False)
    """
    return "\u00ad\n" in text or "\u2010\n" in text


#: a learned word rarer than this in general Swedish is looked at as a possible misreading first
_SUSPECT_FREQ = 1e-6


_LETTERS = re.compile(r"[^\W\d_]{2,}")


def without_misreadings(text: str, lexicon: Lexicon, loss: float = CLEAN_RATE, evidence: Counter | None = None,
                        words: Counter | None = None) -> str:
    """``text`` with the words the repair would read as another, commoner word on general evidence alone
    put out (a line break each): an OCR'd document must not teach the lexicon its own misreadings. ``evidence``
    (:func:`case.mid_sentence_cases` of the document): also a known word the document backs as a glyph confusion
    of another (:func:`backed_by_document`: "bam" where it prints "barn" most of the time).

    >>> without_misreadings("Okad kunskap om bams rättigheter i Kortedala.", Lexicon.default())
    '\\n kunskap om \\n rättigheter i Kortedala.'
    >>> ev = Counter({("barn", False): 9, ("bam", False): 1})
    >>> without_misreadings("för bam och", Lexicon.default()), without_misreadings("för bam och", Lexicon.default(), evidence=ev)
    ('för bam och', 'för \\n och')

    ``words`` (:func:`spaces.printed_words` of the document): also an unknown word the document reads as another
    (:func:`document_reading`: "partema" beside "parterna", which the lexicon would otherwise learn, Chromium scan 1063).

    >>> without_misreadings("prioriterar partema", Lexicon.default(), words=Counter({"parterna": 1, "partema": 1}))
    'prioriterar \\n'

    And two words OCR glued (:func:`spaces.glued_words`: "isamverkan", which the lexicon would learn as a word and
    the spacing repair then leave as one, Weasyprint scan 1106):

    >>> without_misreadings("FCA-koordinator isamverkan med", Lexicon.default())
    'FCA-koordinator \\n med'
    """
    suspect = set()
    for word in {m.group(0).lower() for m in _LETTERS.finditer(text)}:
        if lexicon.freq(word) >= _SUSPECT_FREQ:
            if evidence is not None and backed_by_document(glyph_candidates(word, lexicon), word, evidence)[0].word != word:
                suspect.add(word)
            continue
        best = candidates(word, lexicon, loss, limit=1)
        if ((best and best[0].word != word) or document_reading(word, lexicon, words) is not None
                or spaces.glued_words(word, lexicon) is not None):
            suspect.add(word)
    return _LETTERS.sub(lambda m: "\n" if m.group(0).lower() in suspect else m.group(0), text) if suspect else text


def estimate_damage_rate(text: str, lexicon: Lexicon | None = None) -> float:
    """Share of å/ä/ö the text lost (0-1), for ``RepairConfig(damage_rate=...)``.

    :func:`repair_text` estimates it from the text it is given; a caller that
    repairs a document cell by cell should estimate it once on the whole
    document (or page) and pass it in, since a short cell is thin evidence.

    >>> lex = Lexicon.default()
    >>> estimate_damage_rate("Det ar en strategi for barn och foraldrar", lex) > 0.5
    True
    >>> estimate_damage_rate("Det är en strategi för barn och föräldrar", lex) < 0.05
    True
    """
    lex = lexicon if lexicon is not None else Lexicon.default()
    slots = [s for s in _slots(text) if s is not None and s.eligible]
    return _estimate_damage(slots, lex)


def diacritic_edits(text: str, lex: Lexicon, config: RepairConfig = RepairConfig()) -> list[Edit]:
    """Edits restoring lost diacritics and undoing OCR confusions in ``text``."""
    all_slots = _slots(text)
    slots = [s for s in all_slots if s is not None]
    elig = [s for s in slots if s.eligible]
    if not elig:
        return []
    loss = config.damage_rate if config.damage_rate is not None else _estimate_damage(elig, lex)
    ocr_mode = loss >= 0.05
    cache: dict[str, list] = {}
    # pass 1: each word alone
    for sl in elig:
        low = sl.printed.lower()
        glyphs_only = False
        if not ocr_mode:
            # clean text: a known word stays as printed (idé, Linné included), and
            # so does an unknown one unless it shows an OCR signal; OCR'd text whose diacritics came through
            # may still show a glyph confusion ("bam" for "barn"), nothing else
            if (sl.printed.isalpha() and lex.is_known(low)) or (
                    not has_signal(sl.printed) and (loss < CLEAN_RATE or lex.is_known(low))):
                if not config.ocr_text:
                    continue
                glyphs_only = True
        if not has_signal(sl.printed) and not any(c in "aoAOdiIh1é" or c.lower() in GLYPH_LETTERS for c in sl.printed):
            continue
        ck = sl.printed if has_signal(sl.printed) or sl.printed[:1] == "I" else low
        ch = cache.get((ck, glyphs_only))
        if ch is None:
            if not glyphs_only:
                ch = candidates(sl.printed, lex, loss)
            elif lex.is_known(low):
                ch = backed_by_document(glyph_candidates(sl.printed, lex), low, config.case_evidence)
            else:
                ch = glyph_candidates(sl.printed, lex)
            if config.ocr_text and (doc := document_reading(low, lex, config.word_evidence)) is not None:
                # the document's own reading outweighs the lexicon's (a margin no context rescoring undoes)
                ch = [Choice(doc, max(c.score for c in ch) + DOCUMENT_MARGIN, "ocr_confusion"), *[c for c in ch if c.word != doc]]
            cache[(ck, glyphs_only)] = ch
        if len(ch) > 1 or (ch and ch[0].word != low):
            sl.choices = ch
            sl.pick = ch[0].word
    # pass 2: context from learned pairs plus this document's settled words
    if config.use_context:
        stats = PairStats(lex)
        seq: list[str | None] = []
        for sl in all_slots:
            if sl is None:
                seq.append(None)
            elif sl.choices:
                top = sl.choices
                settled = len(top) == 1 or top[0].score - top[1].score > 1.5
                seq.append(norm_token(top[0].word) if settled else None)
            else:
                seq.append(sl.norm)
        stats.add(seq, weight=1.0)
        for i, sl in enumerate(all_slots):
            if sl is None or not sl.choices or len(sl.choices) < 2:
                continue
            prev = _neighbour(all_slots, i, -1)
            nxt = _neighbour(all_slots, i, +1)
            rescored = [(c.score + 0.5 * context_score(c.word, prev, nxt, stats), c) for c in sl.choices]
            rescored.sort(key=lambda t: -t[0])
            sl.pick = rescored[0][1].word
            sl.conf = _softmax_conf([s for s, _ in rescored])
            sl.odds = _odds(rescored, sl.printed.lower())
            sl.choices = [c for _, c in rescored]
    else:
        for sl in elig:
            if sl.choices:
                sl.conf = _softmax_conf([c.score for c in sl.choices])
                sl.odds = _odds([(c.score, c) for c in sl.choices], sl.printed.lower())
    edits: list[Edit] = []
    for sl in elig:
        if sl.pick is None or sl.pick == sl.printed.lower():
            continue
        if sl.conf < config.min_confidence:
            continue
        own = [c for c in sl.choices if c.word == sl.printed.lower()]
        if own and sl.odds < config.min_odds:
            continue
        method = next(c.method for c in sl.choices if c.word == sl.pick)
        edits.append((sl.start, sl.start + len(sl.printed), recase(sl.printed, sl.pick), method,
                      round(sl.conf, 3)))
    return edits


#: a known word OCR'd is another word of one glyph more or less only where the document prints that one this many
#: times as often, and at least :data:`GLYPH_EVIDENCE_MIN` times
GLYPH_EVIDENCE_RATIO = 2
GLYPH_EVIDENCE_MIN = 3
#: log10 odds given the reading the document backs over the best the lexicon offers
DOCUMENT_MARGIN = 4.0


def backed_by_document(choices: list[Choice], printed: str, evidence: Counter | None) -> list[Choice]:
    """``choices`` for a known word ``printed`` (:func:`glyph_candidates`) without the readings the document
    does not back: a rare word ("bam") is a glyph confusion of a frequent one ("barn") where the document prints
    that one mid-sentence at least twice as often (``evidence``: :func:`case.mid_sentence_cases`), never on the
    lexicon's word alone ("rått" stays "rått" however often Swedish writes "rätt").

    >>> c = [Choice("barn", -5.1, "ocr_confusion"), Choice("bam", -5.7, "keep")]
    >>> ev = Counter({("barn", False): 6, ("bam", False): 2})
    >>> [x.word for x in backed_by_document(c, "bam", ev)], [x.word for x in backed_by_document(c, "bam", None)]
    (['barn', 'bam'], ['bam'])
    """
    def seen(w: str) -> int:
        return evidence[(w, False)] + evidence[(w, True)] if evidence is not None else 0
    own = seen(printed)
    return [c for c in choices if c.word == printed or (seen(c.word) >= GLYPH_EVIDENCE_MIN and seen(c.word) >= GLYPH_EVIDENCE_RATIO * own)]


def document_reading(printed: str, lex: Lexicon, evidence: Counter | None) -> str | None:
    """The reading of a word no source knows (a compound the lexicon only splits counts as unknown) that one
    glyph confusion undone gives (:data:`~.diacritics.DOCUMENT_GLYPHS` too) and that the document prints
    (``evidence``: :func:`spaces.printed_words`) as often as the printed form or more where the lexicon knows that
    reading, :data:`GLYPH_EVIDENCE_MIN` times and :data:`GLYPH_EVIDENCE_RATIO` times as often where it does not
    ("partema", which the lexicon splits as "par|tema", where the document writes "parterna" elsewhere: tuning
    1063; "Koordinatorerma" where it prints "Koordinatorerna" more often); the most printed of several; None.

    >>> ev = Counter({"parterna": 1, "partema": 1, "koordinatorerna": 2, "familjecentralsliknande": 1})
    >>> [document_reading(w, Lexicon.default(), ev) for w in ("partema", "koordinatorerma", "tema", "familjecentralslikhande")]
    ['parterna', 'koordinatorerna', None, None]

    A letter more or less than a word of the document is its reading too, where the document prints that word
    :data:`GLYPH_EVIDENCE_MIN` times and :data:`GLYPH_EVIDENCE_RATIO` times as often ("bokgåvaor", Chromium scan
    1196, where it prints "bokgåvor" throughout):

    >>> document_reading("bokgåvaor", Lexicon.default(), Counter({"bokgåvor": 4})), document_reading("bokgåvaor", Lexicon.default(), Counter({"bokgåvor": 1}))
    ('bokgåvor', None)
    >>> document_reading("awikelse", Lexicon.default(), Counter({"awvikelse": 9}))  # a misreading the document repeats
    'avvikelse'
    """
    if evidence is None or lex.freq(printed) > 0 or not printed.isalpha():
        return None
    own = evidence[printed]
    def backed(w: str) -> bool:
        n = evidence[w]
        if lex.freq(w) > 0:
            return n >= 1 and n >= own
        return n >= GLYPH_EVIDENCE_MIN and n >= GLYPH_EVIDENCE_RATIO * own
    backed_readings = [(evidence[w], w) for w, _ in glyph_variants(printed) + glyph_variants(printed, DOCUMENT_GLYPHS) if backed(w)]
    if not backed_readings and len(printed) >= LETTER_EDIT_MIN:
        backed_readings = [(evidence[w], _known_reading_of(w, lex)) for w in letter_variants(printed)
                           if evidence[w] >= GLYPH_EVIDENCE_MIN and evidence[w] >= GLYPH_EVIDENCE_RATIO * own]
    return max(backed_readings)[1] if backed_readings else None


def _known_reading_of(word: str, lex: Lexicon) -> str:
    """``word`` (a form the document prints), or, where no source knows it, the commonest known word one glyph
    confusion undone gives: the document's OCR can misread a word the same way throughout, and its evidence then
    backs the misreading ("awvikelse" for "avvikelse" on every page of a Chromium scan, tuning 1228; one more
    misread, "awikelse", is a letter from it).

    >>> _known_reading_of("awvikelse", Lexicon.default()), _known_reading_of("bokgåvor", Lexicon.default())
    ('avvikelse', 'bokgåvor')
    """
    if lex.freq(word) > 0:
        return word
    known = [(lex.freq(w), w) for w, _ in glyph_variants(word) if lex.freq(w) > 0]
    return max(known)[1] if known else word


#: the shortest word read with a letter more or less than the document's (shorter ones have too many neighbours)
LETTER_EDIT_MIN = 6
_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäöé"


def letter_variants(word: str) -> set[str]:
    """``word`` with one letter left out or one put in.

    >>> sorted(w for w in letter_variants("bok") if len(w) < 3), "boka" in letter_variants("bok")
    (['bk', 'bo', 'ok'], True)
    """
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    out |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in _ALPHABET}
    out.discard(word)
    return out


def _neighbour(slots: list[_Slot | None], i: int, step: int) -> str | None:
    j = i + step
    if 0 <= j < len(slots) and slots[j] is not None:
        sl = slots[j]
        return norm_token(sl.pick) if sl.pick else sl.norm
    return None


# Age ranges: "0–18 år" is the template's phrase for children.  An OCR that
# drops the dash prints "018"; one that drops the ring prints "ar".  A number
# never starts with 0, and a small range followed by "ar"/"är" is an age in years.
_AGE_RANGE = re.compile(r"(?<![\w.,–-])0(1[0-9]|[1-9])(\s+)(år|ar|är|ÅR|AR)\b")
_RANGE_AR = re.compile(r"(?<![\w.,])(\d{1,2}\s?[-–]\s?\d{1,3})(\s+)(ar|är)\b")
# ... and one that reads the range's 0 as the letter O prints "O-6 år"
_O_RANGE = re.compile(r"(?<![\w.,])[Oo](?=\s?[-–]\s?\d{1,2}\s+(?:år|ar|är)\b)")


def fix_age_ranges(text: str) -> str:
    """Restore an age range's dash and its "år".

    >>> fix_age_ranges("barn 018 ar och 0-18 ar, 2024 ar")
    'barn 0–18 år och 0-18 år, 2024 ar'
    >>> fix_age_ranges("barn O-6 år, O-märkt")
    'barn 0-6 år, O-märkt'
    """
    return _Trace().apply(text, age_range_edits(text))[0]


def age_range_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _AGE_RANGE.finditer(text):
        edits.append((m.start(), m.start(2), "0–" + m.group(1), "ocr_confusion", 0.9))
        if m.group(3).lower() != "år":
            yr = "ÅR" if m.group(3).isupper() else "år"
            edits.append((m.start(3), m.end(3), yr, "diacritic", 0.9))
    for m in _RANGE_AR.finditer(text):
        edits.append((m.start(3), m.end(3), "år", "diacritic", 0.9))
    for m in _O_RANGE.finditer(text):
        edits.append((m.start(), m.end(), "0", "ocr_confusion", 0.9))
    return edits


# ... and OCR at low resolution loses or spaces the dash of any age range, and reads its 5 as S: "barn 312 år",
# "3 12 år", "3– 12 år", "0– Sår" (tuning scans 997, 1012, 1017). A child's age range runs from a to b, a < b <= 18.
_GLUED_RANGE = re.compile(r"(?<![\w.,–-])([1-9]\d{2,3})(?=\s+(?:år|ar|är)\b)")
_SPACED_RANGE = re.compile(r"(?<![\w.,–-])(\d{1,2})(?:([-–])[ \n]|[ \n]([-–])|[ \n])(\d{1,2})(?=\s+(?:år|ar|är)\b)")
# ... its 5 as S and its 1 as l or I, glued to "år" or not ("0– Sår", "0– lår", "0–1år": tuning 1062, 1079):
_LOOKALIKE_RANGE = re.compile(r"(?<![\w.,])(\d{1,2})([-–])[ \n]?([\dSlI]{1,2}) ?(år|ar|är)\b")
_DIGIT_LOOKALIKES = str.maketrans("SlI", "511")
# ... and reads a range's 0 twice, as a letter and as a digit: "barn O0–18 år" (Weasyprint 150 dpi scans, tuning 1031, 1055;
# the line broken after the dash, 1084)
_O0_RANGE = re.compile(r"(?<![\w.,])[OoD](?=0[-–]\n?\d{1,2}\s+(?:år|ar|är)\b)")
MAX_AGE = 18
# ... and a school-year range's dash: "årskurs 46" (a Swedish school has years 1–9; LibreOffice scan, tuning 1078)
_GLUED_GRADES = re.compile(r"(?<=\b[åÅ]rskurs )([1-9])([1-9])\b(?![,.]\d)")


def _age_split(digits: str) -> tuple[str, str] | None:
    """The one way ``digits`` reads as an age range a–b with its dash lost, or None.

    >>> _age_split("312"), _age_split("1318"), _age_split("150"), _age_split("100")
    (('3', '12'), ('13', '18'), None, None)
    """
    ways = [(digits[:i], digits[i:]) for i in range(1, len(digits))
            if digits[i] != "0" and int(digits[:i]) < int(digits[i:]) <= MAX_AGE]
    return ways[0] if len(ways) == 1 else None


def ocr_age_range_edits(text: str) -> list[Edit]:
    """Edits giving an OCR'd age range its dash back (:data:`_GLUED_RANGE` and the like).

    >>> fix = lambda t: _Trace().apply(t, ocr_age_range_edits(t))[0]
    >>> fix("barn 312 år, unga 13 18 år, barn 3– 12 år, barn 0– Sår och 150 år")
    'barn 3–12 år, unga 13–18 år, barn 3–12 år, barn 0–5 år och 150 år'
    >>> fix("barn 25 år, 5 12 år sedan, 2 - 5 år")
    'barn 25 år, 5–12 år sedan, 2 - 5 år'
    >>> fix("barn O0–18 år, BO0-12 år")
    'barn 0–18 år, BO0-12 år'

    A cell's wrapped text may break the line after the dash ("barn 0–|Sår", a 150 dpi scan, tuning 1012):

    >>> fix("möter barn 0–\\nSår. Föräldrar"), fix("barn 3–\\n12 år"), fix("barn O0–\\n1 år")
    ('möter barn 0–5 år. Föräldrar', 'barn 3–12 år', 'barn 0–\\n1 år')
    >>> fix("barn 0– lår, unga 13–l8 år, 0–\\nI år; 5–l år")   # (not a range that runs backwards)
    'barn 0–1 år, unga 13–18 år, 0–1 år; 5–l år'
    >>> fix("möter barn 0–\\n1år. Tidigare")   # (WeasyPrint 150 dpi scan, tuning 1079)
    'möter barn 0–1 år. Tidigare'
    >>> fix("elever i årskurs 46 och årskurs 79, årskurs 31")
    'elever i årskurs 4–6 och årskurs 7–9, årskurs 31'
    """
    edits: list[Edit] = []
    for m in _GLUED_RANGE.finditer(text):
        split = _age_split(m.group(1))
        if split is not None:
            edits.append((m.start(), m.end(), "–".join(split), "ocr_confusion", 0.8))
    for m in _SPACED_RANGE.finditer(text):
        a, b = m.group(1), m.group(4)
        if int(a) < int(b) <= MAX_AGE:
            edits.append((m.start(), m.end(), a + (m.group(2) or m.group(3) or "–") + b, "ocr_confusion", 0.8))
    for m in _LOOKALIKE_RANGE.finditer(text):
        b = m.group(3).translate(_DIGIT_LOOKALIKES)
        glued = m.end(3) == m.start(4)  # "0–1år": the space before "år" lost, which a word repair would read as "lår"
        if (glued or not m.group(3).isdigit()) and int(m.group(1)) < int(b) <= MAX_AGE:
            edits.append((m.start(), m.end(), f"{m.group(1)}{m.group(2)}{b} år", "ocr_confusion", 0.8))
    for m in _O0_RANGE.finditer(text):
        edits.append((m.start(), m.end(), "", "ocr_confusion", 0.8))
    for m in _GLUED_GRADES.finditer(text):
        if m.group(1) < m.group(2):
            edits.append((m.start(), m.end(), f"{m.group(1)}–{m.group(2)}", "ocr_confusion", 0.8))
    return edits


# ---------------------------------------------------------------- entry point

def repair_text(text: str, config: RepairConfig = RepairConfig(),
                lexicon: Lexicon | None = None) -> tuple[str, list[Change]]:
    """Repair ``text`` (wrapped lines, blank-line paragraphs); return it and the changes.

    >>> repair_text("Goteborgs Stad", lexicon=Lexicon.default())[0]
    'Göteborgs Stad'
    """
    lex = lexicon if lexicon is not None else Lexicon.default()
    trace = _Trace()
    changes: list[Change] = []
    stage = 0

    def run(edits: list[Edit]) -> None:
        nonlocal text, stage
        if not edits:
            return
        text, applied = trace.apply(text, edits)
        stage += 1
        for s, orig, (_, _, repl, method, conf) in applied:
            if _is_whitespace_change(orig, repl):
                continue
            changes.append(Change(orig.strip(), repl.strip(), method, float(conf),
                                  trace.to_input(s, stage - 1)))

    if encoding.needs_encoding_pass(text):
        if config.odd_spaces:
            run(encoding.regex_edits(text, re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]"), " ", "unicode"))
            run(encoding.regex_edits(text, re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]"), "", "unicode"))
        if config.mojibake:
            run(encoding.token_edits(text, encoding.fix_mojibake, "mojibake"))
        if config.unicode_nfc:
            run(encoding.token_edits(text, encoding.fix_unicode_nfc, "unicode"))
        if config.ligatures:
            run(encoding.token_edits(text, encoding.fix_ligatures, "unicode"))
            if lex is not None:  # a ligature the text layer lost (NUL): the letters that make the word whole
                run(encoding.token_edits(text, lambda t: encoding.fix_lost_ligature(t, lex.is_word), "ligature", 0.9))
                run(encoding.lost_ligature_across_edits(text, lex.is_word))
        if config.soft_hyphens:
            run(encoding.soft_hyphen_edits(text))
        if config.symbol_bullets:
            run(encoding.regex_edits(text, encoding.SYMBOL_BULLET, "•", "unicode"))
    if config.rule_debris:
        run(rules.rule_debris_edits(text, lex, config.damage_rate, config.ocr_text))
        if config.ocr_text:
            run(rules.stray_mark_edits(text))
    if config.dehyphenate and "-" in text and not config.marked_hyphens:
        run(hyphenation.dehyphenate_edits(text, lex))
    if config.ocr_spacing and config.ocr_text:
        # (a lost space first: "parter istyrgruppen" is "parter i styrgruppen", no "parteri styrgruppen")
        run(spaces.lost_space_edits(text, lex, config.word_evidence))
        run(spaces.misplaced_space_edits(text, lex))
        if config.word_evidence is not None:
            run(spaces.split_word_edits(text, config.word_evidence, lex))
            run(spaces.hyphen_edits(text, config.word_evidence))
        run(spaces.comma_space_edits(text))
    if config.ocr_case and config.ocr_text and config.case_evidence is not None:
        run(case.case_edits(text, lex, config.case_evidence))
    if config.ocr_abbreviation and config.ocr_text and config.form_evidence is not None:
        run(abbreviations.abbreviation_edits(text, config.form_evidence))
    if config.age_ranges:
        run(age_range_edits(text))  # first, so that the word repair sees "år"
        if config.ocr_text:
            run(ocr_age_range_edits(text))
    if config.diacritics:
        run(diacritic_edits(text, lex, config))
    changes.sort(key=lambda c: c.start)
    return text, changes


def fix_text(text: str, config: RepairConfig = RepairConfig(), lexicon: Lexicon | None = None) -> str:
    """Just the repaired text (ftfy's ``fix_text``)."""
    return repair_text(text, config, lexicon)[0]


def explain(text: str, config: RepairConfig = RepairConfig(), lexicon: Lexicon | None = None) -> list[str]:
    """Human-readable lines, one per change (ftfy's ``fix_and_explain``).

    >>> explain("Det &r bra", lexicon=Lexicon.default())
    ['4\\t&r -> är\\tocr_confusion\\t1.00']
    """
    _, changes = repair_text(text, config, lexicon)
    def esc(t: str) -> str:
        return t.replace("\n", "\\n")
    return [f"{c.start}\t{esc(c.original)} -> {esc(c.repaired)}\t{c.method}\t{c.confidence:.2f}"
            for c in changes]
