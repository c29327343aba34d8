"""A space OCR put one to three letters off (``FCA-koordinato ri``, ``FCA-koordinator eri``), or put inside a
word (``ungdomshä Isa``).

Tesseract reads the last letters of a word a narrow column broke at its edge
together with the short word that follows them on the next line ("r i" read
as one word ``ri``). Where one of two neighbouring words is no word and
moving the space between them by one to three letters makes both words, and
only one such move does, the space moves. Only for OCR'd text: a text layer
has its spaces from the writer.
"""

from __future__ import annotations

import re
from collections import Counter

from .diacritics import candidates, glyph_candidates
from .lexicon import Lexicon, key
from .rules import _core

#: the rate of lost diacritics at which a word's best reading is asked for (:func:`lost_diacritics`)
LOST_DIACRITICS_RATE = 0.05

Edit = tuple[int, int, str, str, float]

#: a word of one letter is one of these; one of two letters is at least this frequent (i, på, en, av, om …):
#: the word lists hold rare two-letter forms ("ri", "ai") that any misplaced space would make
ONE_LETTER_WORDS = frozenset("iåö")
TWO_LETTER_MIN_FREQ = 1e-3
MAX_SHIFT = 3

_PAIR = re.compile(r"(\S+)([ \n])(?=(\S+))")


def good_word(token: str, lex: Lexicon) -> bool:
    """Is ``token`` (letters, maybe hyphenated) a word a space may end at?

    >>> lex = Lexicon.default()
    >>> [good_word(t, lex) for t in ("i", "r", "på", "ri", "koordinator", "FCA-koordinatorer", "koordinato")]
    [True, False, True, False, True, True, False]
    """
    low = token.lower()
    if len(low) == 1:
        return low in ONE_LETTER_WORDS
    if len(low) == 2:
        return lex.freq(low) >= TWO_LETTER_MIN_FREQ
    return lex.is_word(token)


#: a two-letter word this frequent is no misreading to move a space away from ("nå så" stays: it is no "nås å")
TWO_LETTER_PLAUSIBLE_FREQ = 1e-5


def _plausible(token: str, lex: Lexicon) -> bool:
    """A word as printed: :func:`good_word`, a two-letter word less common than a space may end at, a word
    whose å, ä, ö were lost ("pa", "mervarde": a scanner's text layer loses them; the space stays where it is), or
    one misread by a glyph (:func:`misread_glyph`).

    >>> lex = Lexicon.default()
    >>> _plausible("träffama", lex), _plausible("koordinato", lex)
    (True, False)
    """
    return (good_word(token, lex) or (len(token) == 2 and lex.freq(token.lower()) >= TWO_LETTER_PLAUSIBLE_FREQ)
            or lost_diacritics(token, lex) or misread_glyph(token, lex))


def misread_glyph(token: str, lex: Lexicon) -> bool:
    """Is ``token`` no word but a known one with one glyph confusion undone ("träffama": "träffarna" with its
    "rn" read as "m")? The word repair reads it; a space moved would make another word of it ("träffama som" is
    no "träffamas om": a Chromium 150 dpi scan, tuning 1063).

    >>> lex = Lexicon.default()
    >>> misread_glyph("träffama", lex), misread_glyph("träffarna", lex), misread_glyph("koordinato", lex)
    (True, False, False)
    """
    if not token.isalpha() or lex.is_word(token):
        return False
    best = glyph_candidates(token, lex)[0]
    return best.method == "ocr_confusion" and lex.freq(best.word) > 0


def lost_diacritics(token: str, lex: Lexicon) -> bool:
    """Is ``token`` a known word but for å, ä, ö read as a, o (the diacritic repair's best reading)?

    >>> lex = Lexicon.default()
    >>> lost_diacritics("mervarde", lex), lost_diacritics("invanare", lex), lost_diacritics("koordinato", lex)
    (True, True, False)
    """
    if not token.isalpha() or lex.is_word(token):
        return False
    best = candidates(token, lex, LOST_DIACRITICS_RATE)[0]
    return best.method == "diacritic" and lex.freq(best.word) > 0


def moved_space(a: str, b: str, lex: Lexicon) -> tuple[str, str] | None:
    """``a b`` with the space between them moved, where one is no word and exactly one move makes both words.

    >>> lex = Lexicon.default()
    >>> moved_space("FCA-koordinato", "ri", lex), moved_space("FCA-koordinator", "eri", lex)
    (('FCA-koordinator', 'i'), ('FCA-koordinatorer', 'i'))
    >>> moved_space("samverkan", "med", lex) is None, moved_space("Kortedala", "xq", lex) is None, moved_space("nå", "så", lex)
    (True, True, None)
    >>> moved_space("Lights", "on", lex) is None  # a name: the exported fixture's "Skolan som arena och Lights on"
    True
    >>> moved_space("träffama", "som", lex) is None  # a glyph misread: "träffarna som"
    True
    >>> moved_space("Enhetsche", "fför", lex)
    ('Enhetschef', 'för')
    """
    if not (a.replace("-", "").isalpha() and b.isalpha()):
        return None
    # a capitalised word is a name, often foreign ("Lights on" is no "Light son"); an abbreviation's
    # compound ("FCA-koordinato") is judged by its last part. Unless neither is any word: "Enhetsche fför" is
    # "Enhetschef för" (Chromium scan 1199)
    if not b.islower():
        return None
    if not a.rsplit("-", 1)[-1].islower() and (_plausible(a, lex) or _plausible(b, lex)):
        return None
    found = []
    for k in range(1, MAX_SHIFT + 1):
        for a2, b2 in ((a + b[:k], b[k:]), (a[:-k], a[-k:] + b)):
            if a2 and b2 and not a2.endswith("-") and good_word(a2, lex) and good_word(b2, lex):
                found.append((a2, b2))
    # (the moves first: most pairs have none, and telling the pair's words plausible scores their readings)
    if len(found) != 1 or (_plausible(a, lex) and _plausible(b, lex)):
        return None
    return found[0]


def joined_space(a: str, b: str, lex: Lexicon) -> str | None:
    """``a b`` as the one word OCR split with a space, where neither is a word and together they are, or ``a`` is a
    compound's head no word alone, ``b`` its other part; a capital I starting ``b`` is the l it split at ("ungdomshä Isa": the l's stem was read as a word of its own).

    >>> lex = Lexicon.default()
    >>> joined_space("ungdomshä", "Isa", lex), joined_space("föreningsförva", "ltningen", lex)
    ('ungdomshälsa', 'föreningsförvaltningen')
    >>> joined_space("samverkan", "Isa", lex), joined_space("Kortedala", "xq", lex)
    (None, None)
    >>> joined_space("föräldra", "föreläsningar", lex), joined_space("samverkan", "med", lex), joined_space("bams", "rättigheter", lex)
    ('föräldraföreläsningar', None, None)
    """
    tail = "l" + b[1:] if b[:1] == "I" and b[1:].islower() else b
    if not (a.replace("-", "").isalpha() and tail.isalpha() and tail.islower() and a.rsplit("-", 1)[-1].islower()):
        return None
    if good_word(a, lex) or not lex.is_word(a + tail):
        return None
    if good_word(tail, lex):
        # a compound's head that is no word alone ("föräldra föreläsningar": Chromium 150 dpi scan, tuning 1059)
        # (not a misread word's: "bams rättigheter" is "barns rättigheter", no "bamsrättigheter", tuning 1038)
        parts = lex.split_compound((a + tail).lower())
        if parts is None or len(parts) != 2 or parts[0] != a.lower() or glyph_candidates(a, lex)[0].word != a.lower():
            return None
        return a + tail
    return a + tail


def misplaced_space_edits(text: str, lex: Lexicon) -> list[Edit]:
    """Edits moving the spaces OCR misplaced in ``text`` (method ``ocr_spacing``).

    >>> t = "FCA-koordinato ri samverkan med skolan."
    >>> [(t[s:e], new) for s, e, new, _, _ in misplaced_space_edits(t, Lexicon.default())]
    [('FCA-koordinato ri', 'FCA-koordinator i')]
    """
    edits: list[Edit] = []
    last_end = -1
    for m in _PAIR.finditer(text):
        first, sep, second = m.group(1), m.group(2), m.group(3)
        lead_a, a, trail_a = _core(first)
        lead_b, b, trail_b = _core(second)
        if trail_a or lead_b or m.start() < last_end:
            continue
        start, end = m.start(1) + len(lead_a), m.end(2) + len(b)
        # (a split word first: "ungdomshä lsa" is "ungdomshälsa", not "ungdoms hälsa")
        whole = joined_space(a, b, lex)
        moved = moved_space(a, b, lex) if whole is None else None
        if whole is not None:
            edits.append((start, end, whole, "ocr_spacing", 0.9))
        elif moved is not None:
            edits.append((start, end, moved[0] + sep + moved[1], "ocr_spacing", 0.9))
        else:
            continue
        last_end = m.end(2) + len(second)
    return edits


# a comma between two words with no space after it: Tesseract lost the space ("tidiga,samordnade"); numbers keep
# theirs ("4,5")
_TIGHT_COMMA = re.compile(r"(?<=[^\W\d_]{2}),(?=[^\W\d_]{2})")


def comma_space_edits(text: str) -> list[Edit]:
    """Edits putting back the space after a comma between two words (method ``ocr_spacing``).

    >>> t = "tidiga,samordnade insatser, 4,5 åå"
    >>> [(t[s:e], new) for s, e, new, _, _ in comma_space_edits(t)]
    [(',', ', ')]
    """
    return [(m.start(), m.end(), ", ", "ocr_spacing", 0.9) for m in _TIGHT_COMMA.finditer(text)]



#: a word OCR glued to the next is a common short one ("i", "och", "ett"): a rarer head is a compound's part
GLUED_HEAD_MIN_FREQ = 2e-3
#: (small letters only: a capitalised word is often a name, "Närhälsan", no "När hälsan")
_GLUED = re.compile(r"(?<![\w-])([a-zåäö]{5,})(?![\w-])")


def lost_space(token: str, lex: Lexicon) -> tuple[str, str] | None:
    """``token`` as the two words OCR read without the space between them, where it is no word and exactly one
    split makes a common short word (:data:`GLUED_HEAD_MIN_FREQ`) and a word.

    >>> lex = Lexicon.default()
    >>> lost_space("isamverkan", lex), lost_space("ettsamordnat", lex), lost_space("istyrgruppen", lex)
    (('i', 'samverkan'), ('ett', 'samordnat'), ('i', 'styrgruppen'))
    >>> lost_space("samverkan", lex), lost_space("Hammarkullen", lex), lost_space("xqzvbnm", lex)
    (None, None, None)
    """
    if lex.is_word(token):
        return None
    found = [
        (token[:k], token[k:]) for k in range(1, min(4, len(token) - 3) + 1)
        if lex.freq(token[:k].lower()) >= GLUED_HEAD_MIN_FREQ and good_word(token[:k], lex) and lex.is_word(token[k:])
    ]
    return _only_split(token, found, lex)


def _only_split(token: str, found: list[tuple[str, str]], lex: Lexicon) -> tuple[str, str] | None:
    """The one split ``found`` of ``token``, unless there are more or none, or ``token`` is a word that only lost
    å, ä, ö (asked last: it scores the word's readings)."""
    return found[0] if len(found) == 1 and not lost_diacritics(token, lex) else None


#: the words OCR glues to the word before them: the short prepositions and conjunctions ("parteri", "personalinom"),
#: not a compound's last part ("spridnings|sätt") nor an article that is also an ending ("-en", "-det")
GLUED_TAILS = frozenset("i och att för på av med till som om inom hos vid samt eller från under mellan genom kring".split())
GLUED_TAIL_MAX = 6
#: (a capital too: a name before "i" is as likely, "Föräldrar i Sverigei samverkan")
_GLUED_AFTER = re.compile(r"(?<![\w-])([A-ZÅÄÖa-zåäö][a-zåäö]{3,})(?![\w-])")


def lost_space_after(token: str, lex: Lexicon) -> tuple[str, str] | None:
    """``token`` as a word and the common short word OCR glued to it ("parteri", "personalinom"): no word the
    word lists know whole (a compound the lexicon only splits, "parte|ri", counts as unknown), and exactly one
    split makes a word they know whole and a preposition or conjunction (:data:`GLUED_TAILS`).

    >>> lex = Lexicon.default()
    >>> lost_space_after("parteri", lex), lost_space_after("personalinom", lex), lost_space_after("Sverigei", lex)
    (('parter', 'i'), ('personal', 'inom'), ('Sverige', 'i'))
    >>> lost_space_after("gavi", lex)
    ('gav', 'i')
    >>> lost_space_after("strategi", lex), lost_space_after("samverkan", lex), lost_space_after("hälsostrategi", lex)
    (None, None, None)
    >>> lost_space_after("spridningssätt", lex) is None  # a compound's last part is no glued word
    True
    """
    # (known by a form rare enough to be the web's own OCR damage, "gavi" 3e-8, it is still no word)
    if lex.is_known(token.lower()):
        return None
    found = [
        (token[:-k], token[-k:]) for k in range(1, min(GLUED_TAIL_MAX, len(token) - 3) + 1)
        if token[-k:] in GLUED_TAILS and lex.freq(token[:-k].lower()) > 0
    ]
    return _only_split(token, found, lex)


#: a word glued on both sides, maybe the last part of a hyphenated one ("FCA-koordinatorisamverkan")
_GLUED_BETWEEN = re.compile(r"(?<![\w-])((?:[^\W\d_]+-)?)([a-zåäö]{7,})(?![\w-])")


def lost_spaces_around(token: str, lex: Lexicon) -> tuple[str, str, str] | None:
    """``token`` as three words where OCR lost the spaces on both sides of a short preposition or conjunction
    (:data:`GLUED_TAILS`): no word (whole or compound), and exactly one split makes a word the word lists know
    whole, that short word, and a word.

    >>> lex = Lexicon.default()
    >>> lost_spaces_around("koordinatorisamverkan", lex), lost_spaces_around("kommunikation", lex)
    (('koordinator', 'i', 'samverkan'), None)
    """
    if lex.is_word(token):
        return None
    found = [
        (token[:k], t, token[k + len(t):])
        for k in range(3, len(token) - 3) for t in GLUED_TAILS
        if token.startswith(t, k) and len(token) - k - len(t) >= 3 and lex.is_known(token[:k].lower()) and lex.is_word(token[k + len(t):])
    ]
    return found[0] if len(found) == 1 and not lost_diacritics(token, lex) else None


def lost_space_edits(text: str, lex: Lexicon, words: Counter | None = None) -> list[Edit]:
    """Edits putting back the space OCR lost after a short word, or before one, or on both sides of one (method
    ``ocr_spacing``). Not in a word the document prints (``words``: :func:`printed_words`) with other marks on its
    å, ä, ö (:func:`_marked_form`): "ärskurs" is its "årskurs" misread, no "är skurs" (Chromium scan 1183).

    >>> t = "Samtliga parter istyrgruppen, med Närhälsan och isamverkan, parteri styrgruppen, FCA-koordinatorisamverkan"
    >>> [(t[s:e], new) for s, e, new, _, _ in lost_space_edits(t, Lexicon.default())]
    [('istyrgruppen', 'i styrgruppen'), ('isamverkan', 'i samverkan'), ('parteri', 'parter i'), ('koordinatorisamverkan', 'koordinator i samverkan')]
    >>> lost_space_edits("elever i ärskurs 7–9", Lexicon.default()), lost_space_edits("elever i ärskurs 7–9", Lexicon.default(), Counter({"årskurs": 5}))
    ([(9, 16, 'är skurs', 'ocr_spacing', 0.8)], [])
    """
    if words is not None:
        return [e for e in lost_space_edits(text, lex) if _marked_form(text[e[0] : e[1]].lower(), words) is None]
    edits = [
        (m.start(), m.end(), " ".join(split), "ocr_spacing", 0.8)
        for m in _GLUED.finditer(text) if (split := lost_space(m.group(1), lex)) is not None
    ]
    taken = {e[0] for e in edits}
    edits += [
        (m.start(), m.end(), " ".join(split), "ocr_spacing", 0.8)
        for m in _GLUED_AFTER.finditer(text) if m.start() not in taken and (split := lost_space_after(m.group(1), lex)) is not None
    ]
    taken = {e[0] for e in edits}
    edits += [
        (m.start(2), m.end(2), " ".join(split), "ocr_spacing", 0.8)
        for m in _GLUED_BETWEEN.finditer(text)
        if m.start() not in taken and m.start(2) not in taken and (split := lost_spaces_around(m.group(2), lex)) is not None
    ]
    return sorted(edits)


def glued_words(token: str, lex: Lexicon) -> tuple[str, ...] | None:
    """The words OCR read ``token`` for, without the spaces between them (:func:`lost_space`,
    :func:`lost_space_after`, :func:`lost_spaces_around`), or None."""
    return ((lost_space(token, lex) if token.islower() else None) or lost_space_after(token, lex)
            or (lost_spaces_around(token, lex) if token.islower() and len(token) >= 7 else None))


_WORD = re.compile(r"[^\W\d_]+")
#: a word OCR split in two is printed whole elsewhere in the document this often at least ...
SPLIT_WORD_MIN = 3
#: ... and this many times as often as its two halves side by side
SPLIT_WORD_RATIO = 3


#: what stands between two words printed side by side: a space, or a line end
SIDE_BY_SIDE = (" ", "\n")


def printed_words(texts: list[str]) -> Counter:
    """How often the texts print each word (small letters) and each pair of words a space apart.

    >>> c = printed_words(["Genomföra träffar.", "genomföra och genom föra", "FCA-koordinator"])
    >>> c["genomföra"], c[("genom", "föra")], c[("träffar", "och")], c[("fca", "-", "koordinator")]
    (2, 1, 0, 1)
    """
    out: Counter = Counter()
    for t in texts:
        toks = list(_WORD.finditer(t))
        out.update(m.group(0).lower() for m in toks)
        out.update((a.group(0).lower(), b.group(0).lower()) for a, b in zip(toks, toks[1:]) if t[a.end() : b.start()] in SIDE_BY_SIDE)
        out.update((a.group(0).lower(), "-", b.group(0).lower()) for a, b in zip(toks, toks[1:]) if t[a.end() : b.start()] == "-")
    return out


def split_word_edits(text: str, words: Counter, lex: Lexicon | None = None) -> list[Edit]:
    """Edits closing a space OCR put inside a word whose halves are words too ("Genom föra", "språk främjande"),
    or a line end where it lost the hyphen that broke one ("verksam|heter", a LibreOffice scan, tuning 1101),
    where the document prints the word whole :data:`SPLIT_WORD_MIN` times and :data:`SPLIT_WORD_RATIO` times as
    often as the two words side by side (``words``: :func:`printed_words`). Method ``ocr_spacing``.

    >>> words = printed_words(["Genomföra träffar.", "genomföra och", "Genomföra, genomföra", "genom föra", "i språk främjande"])
    >>> t = "Genom föra öppna träffar, språk främjande"
    >>> [(t[s:e], new) for s, e, new, _, _ in split_word_edits(t, words)]
    [('Genom föra', 'Genomföra')]
    >>> [new for s, e, new, _, _ in split_word_edits("genom\\nföra; genom\\n\\nföra", words)]  # (not across paragraphs)
    ['genomföra']

    The word's å, ä, ö may be misread too ("är skurs" for a document's "årskurs"): the one word it prints so
    often with the letters' marks aside, if there is one.

    >>> words = printed_words(["i årskurs 7–9"] * 4 + ["är det"])
    >>> [new for s, e, new, _, _ in split_word_edits("elever i är skurs 4–6", words)]
    ['årskurs']

    Not where the whole is a word OCR glued to a short one, as :func:`lost_space_after` and :func:`lost_space`
    split it (``lex``): a document whose every "gav i" was read "gavi" prints "gavi" often, and is no evidence.

    >>> words = printed_words(["Deltagarna gavi snitt"] * 4)
    >>> split_word_edits("Deltagarna gav i snitt", words), split_word_edits("Deltagarna gav i snitt", words, Lexicon.default())
    ([(11, 16, 'gavi', 'ocr_spacing', 0.8)], [])
    """
    edits: list[Edit] = []
    toks = list(_WORD.finditer(text))
    for a, b in zip(toks, toks[1:]):
        if text[a.end() : b.start()] not in SIDE_BY_SIDE or not b.group(0).islower() or (edits and a.start() < edits[-1][1]):
            continue
        whole = (a.group(0) + b.group(0)).lower()
        apart = words[(a.group(0).lower(), b.group(0))]
        if words[whole] >= SPLIT_WORD_MIN and words[whole] >= SPLIT_WORD_RATIO * max(apart, 1):
            if not _glued_by_ocr(a.group(0), b.group(0), lex):
                edits.append((a.start(), b.end(), a.group(0) + b.group(0), "ocr_spacing", 0.8))
        elif not words[whole] and (marked := _marked_form(whole, words)) is not None:
            if words[marked] >= SPLIT_WORD_RATIO * max(apart, 1):
                joined = marked if a.group(0)[:1].islower() else marked[:1].upper() + marked[1:]
                edits.append((a.start(), b.end(), joined, "ocr_spacing", 0.8))
    return edits


def _glued_by_ocr(a: str, b: str, lex: Lexicon | None) -> bool:
    """Is ``a`` + ``b`` a form the lost-space rules split back into ``a`` and ``b`` (no evidence of a word)?"""
    return lex is not None and (a, b) in (lost_space_after(a + b, lex), lost_space(a + b, lex))


def _marked_form(word: str, words: Counter) -> str | None:
    """The one word the document prints :data:`SPLIT_WORD_MIN` times or more that ``word`` spells with other
    or no marks on its å, ä, ö (:func:`~.lexicon.key`), or None."""
    forms = _forms_by_key(words)
    found = [w for w in forms.get(key(word), ()) if w != word and words[w] >= SPLIT_WORD_MIN]
    return found[0] if len(found) == 1 else None


#: (the Counter last asked about, its words by key): one document's evidence at a time, built once per document
#: (:func:`fca_extract.output.rows.build_rows`) and never changed after, so its identity keys the index
_FORMS: list = [None, {}]


def _forms_by_key(words: Counter) -> dict[str, list[str]]:
    if _FORMS[0] is not words:
        forms: dict[str, list[str]] = {}
        for w in words:
            if isinstance(w, str):
                forms.setdefault(key(w), []).append(w)
        _FORMS[:] = [words, forms]
    return _FORMS[1]


_SPACED_HYPHEN = re.compile(r"([^\W\d_]+)( -|- )([^\W\d_]+)")


def hyphen_edits(text: str, words: Counter) -> list[Edit]:
    """Edits mending a compound's hyphen OCR spaced ("FCA -koordinator") or lost ("drop inträffar"), where the
    document prints the compound with its hyphen :data:`SPLIT_WORD_MIN` times and :data:`SPLIT_WORD_RATIO` times
    as often as the form read (``words``: :func:`printed_words`). Method ``ocr_spacing``. A suspended compound's
    hyphen ("barn- och") stays: no document prints "barn-och".

    >>> words = printed_words(["FCA-koordinator och drop in-träffar"] * 3 + ["barn- och familj"])
    >>> t = "FCA -koordinator, drop inträffar, barn- och unga"
    >>> [(t[s:e], new) for s, e, new, _, _ in hyphen_edits(t, words)]
    [('FCA -koordinator', 'FCA-koordinator'), ('inträffar', 'in-träffar')]
    """
    def backed(a: str, b: str, read: int) -> bool:
        n = words[(a.lower(), "-", b.lower())]
        return n >= SPLIT_WORD_MIN and n >= SPLIT_WORD_RATIO * max(read, 1)

    edits: list[Edit] = []
    for m in _SPACED_HYPHEN.finditer(text):
        if backed(m.group(1), m.group(3), 0):
            edits.append((m.start(), m.end(), f"{m.group(1)}-{m.group(3)}", "ocr_spacing", 0.8))
    for m in _WORD.finditer(text):
        w = m.group(0)
        if any(s <= m.start() < e for s, e, _, _, _ in edits) or text[m.end() : m.end() + 1] == "-" or text[m.start() - 1 : m.start()] == "-":
            continue
        splits = [i for i in range(2, len(w) - 1) if backed(w[:i], w[i:], words[w.lower()])]
        if len(splits) == 1:
            i = splits[0]
            edits.append((m.start(), m.end(), f"{w[:i]}-{w[i:]}", "ocr_spacing", 0.8))
    return sorted(edits)
