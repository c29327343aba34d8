"""Swedish lexicon for the repair stage: wordfreq + hunspell sv_SE + learned text.

Nothing in here knows any particular document.  The word knowledge comes from

* wordfreq's Swedish list (frequencies, ~340 000 forms, many inflections);
* Debian's hunspell-sv dictionary (``/usr/share/hunspell/sv_SE.{dic,aff}``):
  stems, suffix rules and -- what wordfreq lacks -- the compound flags that say
  which forms may begin, continue or end a compound (``föräldra-``, ``hälso-``);
* whatever the caller feeds to :meth:`Lexicon.learn` -- the batch's own clean
  text-layer documents -- as unigram and word-pair counts.

Swedish writes compounds as one word (``föräldraskapsstödsprogrammet``), so a
form absent from every list is still a word if it splits into known parts;
:meth:`Lexicon.split_compound` does that split.

Loading is lazy and cached per process: :meth:`Lexicon.default` costs nothing
until a word is looked up; the key index used for candidate generation is built
only when the first damaged token needs it.
"""

from __future__ import annotations

import functools
import math
import os
import re
import threading
import unicodedata
from collections import ChainMap, Counter
from dataclasses import dataclass, field
from typing import Iterable

HUNSPELL_DIR = os.environ.get("FCA_HUNSPELL_DIR", "/usr/share/hunspell")
HUNSPELL_NAME = "sv_SE"

# hunspell flag letters of sv_SE.aff (see the comments in that file)
_FORBIDDEN = "%"
_NEEDAFFIX = "¤"
_ONLYINCOMPOUND = "Z"
_BEGIN = "X"
_MIDDLE = "U"
_END = "Y"
_PERMIT = "W"

#: below this wordfreq frequency a form alone does not prove a word: the large
#: list holds OCR-damaged spellings (``foraldrar`` 4e-8) scraped from the web.
WORD_MIN_FREQ = 1e-6
#: frequency given to a hunspell-only or learned-only form
HUNSPELL_FREQ = 3e-8
#: a function word's frequency says nothing about its use inside compounds
#: (``arbetss|att``): part frequencies count up to this much
PART_FREQ_CAP = 1e-3
#: shortest compound part; Swedish parts shorter than this are mostly noise
MIN_PART = 3

_DEACCENT = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "à": "a", "ü": "u"})
_NUM_RE = re.compile(r"^[\d.,:–\-/%]*\d[\d.,:–\-/%]*$")
_WORD_RE = re.compile(r"[^\W\d_]+|\d[\d.,:–\-/%]*", re.UNICODE)
_HYPHENATED_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+", re.UNICODE)

NUM = "<num>"


def key(word: str) -> str:
    """Diacritic-free lookup key of a lower-case word.

    >>> key("föräldrar"), key("stärka"), key("Linné".lower())
    ('foraldrar', 'starka', 'linne')
    """
    return word.translate(_DEACCENT)


def norm_token(tok: str) -> str:
    """The form used for word-pair statistics: lower case, numbers as ``<num>``.

    >>> norm_token("0–18"), norm_token("0-18"), norm_token("Stärka")
    ('<num>', '<num>', 'stärka')
    """
    if _NUM_RE.match(tok):
        return NUM
    return tok.lower()


def tokens_for_stats(text: str) -> list[str]:
    """Word tokens of ``text`` (paragraph breaks kept as ``None`` boundaries dropped).

    >>> tokens_for_stats("Barn 0–18 år, och")
    ['barn', '<num>', 'år', 'och']
    """
    return [norm_token(m.group(0)) for m in _WORD_RE.finditer(unicodedata.normalize("NFC", text))]


@dataclass
class _Rule:
    strip: str
    add: str
    cont: str
    cond: re.Pattern[str]
    flag: str


def _parse_aff(path: str) -> dict[str, list[_Rule]]:
    """Suffix rules indexed by the appended string (sv_SE uses no prefixes)."""
    by_add: dict[str, list[_Rule]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 5 or parts[0] != "SFX":
                continue
            flag, strip, add_cont, cond = parts[1], parts[2], parts[3], parts[4]
            add, _, cont = add_cont.partition("/")
            strip = "" if strip == "0" else strip
            add = "" if add == "0" else add
            try:
                rx = re.compile("(?:" + cond + ")$") if cond != "." else re.compile("")
            except re.error:
                continue
            by_add.setdefault(add, []).append(_Rule(strip, add, cont, rx, flag))
    return by_add


def _parse_dic(path: str) -> dict[str, str]:
    stems: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        next(fh, None)  # entry count
        for line in fh:
            line = line.rstrip("\n")
            if not line or " " in line or "\t" in line:
                continue  # multi-word entries ("ad hoc") are not single tokens
            word, _, flags = line.partition("/")
            stems[word] = stems.get(word, "") + flags
    return stems


#: a compound part cut by a line break must be at least this frequent a word (rare names make bogus parts)
MIN_BROKEN_PART_FREQ = 1e-6
#: Swedish inflection endings (nouns, verbs, adjectives): after a word broken at a column's edge they are the
#: rest of the word, even where they are words of their own too ("erna", "de", "na")
INFLECTION_ENDINGS = frozenset(
    "a e n t s r d na en et er ar or de te dd tt ns ts rs as es ad at ade ande ende are ast aste erna arna orna ens ets".split()
)
#: a word this common (och, med, för, till) is not the last part of a compound broken at a column's edge
FUNCTION_WORD_FREQ = 1e-3
#: Swedish closed-class words (adverbs, prepositions, conjunctions, pronouns, articles): general grammar, shared
#: by the repairs that ask whether a word is one (:mod:`.hyphenation`, :mod:`.case`)
FUNCTION_WORDS = frozenset(
    "när där här då nu så hur var vad vem som och att för i på av med till om från den det de en ett vid hos "
    "genom inom mellan under kring efter före utan över bakom bland mot sedan än alla inte vi ni han hon man".split()
)
#: a present participle's endings: a known word ending so, before a word at a column's edge, is the adjective of
#: a phrase ("hälsofrämjande|mötesplatser", "förebyggande|arbete"), not the head of a compound no source knows
#: (a compound of one, "boendestöd", the word lists know whole)
PARTICIPLE_ENDINGS = ("ande", "ende")


def _add_to(index: dict[str, list[str]], k: str, w: str) -> None:
    """Add ``w`` under ``k``, copying the list first: it may belong to a shared base table."""
    lst = index.get(k, [])
    if w not in lst:
        index[k] = [*lst, w]


@dataclass
class Lexicon:
    """Word knowledge used by the repair: frequencies, compounds, learned counts.

    >>> lex = Lexicon.from_words({"barn": 1e-3, "stöd": 1e-4, "program": 1e-4})
    >>> lex.is_word("barnstöd"), lex.is_word("barnxyz")
    (True, False)
    """

    freqs: dict[str, float]
    stems: dict[str, str] = field(default_factory=dict)
    rules: dict[str, list[_Rule]] = field(default_factory=dict)
    unigrams: Counter = field(default_factory=Counter)
    bigrams: Counter = field(default_factory=Counter)
    hyphenated: Counter = field(default_factory=Counter)
    n_learned: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._index: dict[str, list[str]] | None = None
        self._part_index: dict[str, list[str]] | None = None
        self._part_freq: dict[str, float] = {}
        self._part_src: dict[str, str] | None = None
        self._vetted: dict[str, bool] = {}
        self._shared_tables = False
        self._max_add = max((len(a) for a in self.rules), default=0)
        self._word_cache: dict[str, bool] = {}
        self._split_cache: dict[str, tuple[str, ...] | None] = {}
        self._shared = False  # the process-wide default: nothing may be learned into it

    # ------------------------------------------------------------ construction
    @classmethod
    def from_words(cls, freqs: dict[str, float], stems: dict[str, str] | None = None) -> "Lexicon":
        """A small lexicon for tests: ``freqs`` maps lower-case words to frequency."""
        return cls(freqs=dict(freqs), stems=dict(stems or {}))

    @classmethod
    def load(cls, use_hunspell: bool = True, wordlist: str = "large") -> "Lexicon":
        """Read wordfreq's Swedish list and (if present) hunspell sv_SE."""
        import wordfreq

        freqs = wordfreq.get_frequency_dict("sv", wordlist=wordlist)
        stems: dict[str, str] = {}
        rules: dict[str, list[_Rule]] = {}
        dic = os.path.join(HUNSPELL_DIR, HUNSPELL_NAME + ".dic")
        aff = os.path.join(HUNSPELL_DIR, HUNSPELL_NAME + ".aff")
        if use_hunspell and os.path.exists(dic) and os.path.exists(aff):
            stems = _parse_dic(dic)
            rules = _parse_aff(aff)
        return cls(freqs=freqs, stems=stems, rules=rules)

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def _default() -> "Lexicon":
        lex = Lexicon.load()
        lex._shared = True
        return lex

    @classmethod
    def default(cls) -> "Lexicon":
        """The process-wide lexicon of general Swedish resources, loaded on first call (about half a second).

        It is shared, so it never learns (a caller's results must not depend on
        what ran before in the process): learn into a :meth:`copy`.
        """
        return cls._default()

    def copy(self, keep_learned: bool = True) -> "Lexicon":
        """A lexicon sharing the (read-only) word lists, with its own learned counts.

        ``keep_learned=False`` starts the copy from the general resources alone.
        """
        if not keep_learned:
            new = Lexicon(self.freqs, self.stems, self.rules)
            if not self.n_learned:
                new._index, new._part_index = self._index, self._part_index
                new._part_freq, new._part_src, new._vetted = self._part_freq, self._part_src, self._vetted
                new._shared_tables = self._shared_tables = True
            return new
        new = Lexicon(self.freqs, self.stems, self.rules, Counter(self.unigrams),
                      Counter(self.bigrams), Counter(self.hyphenated), self.n_learned)
        new._index, new._part_index = self._index, self._part_index
        new._part_freq, new._part_src, new._vetted = self._part_freq, self._part_src, self._vetted
        new._shared_tables = self._shared_tables = True
        return new

    # ------------------------------------------------------------ learning
    def learn(self, text: str) -> None:
        """Add a clean document's words and word-pair counts.

        >>> lex = Lexicon.from_words({"att": 1e-2})
        >>> lex.learn("att stärka barn"); lex.bigram_count("att", "stärka")
        1
        """
        if self._shared:
            raise TypeError("the default lexicon is shared and never learns: learn into Lexicon.default().copy()")
        toks = tokens_for_stats(text)
        new_words = {t for t in toks if t not in self.unigrams and t.isalpha()}
        self.unigrams.update(toks)
        self.bigrams.update(zip(toks, toks[1:]))
        self.n_learned += len(toks)
        self.learn_hyphens(text)
        self._add_learned(new_words)

    def learn_hyphens(self, text: str) -> None:
        """Count only the compounds a document writes with a hyphen ("drop in-träffar"), where its words are no
        spelling to learn (a scan read with less than full confidence): how it writes a compound is still
        evidence for a hyphen at a line's end (:func:`~fca_extract.repair.hyphenation.decide`), as OCR reads no
        hyphen into a word that has none.

        >>> lex = Lexicon.from_words({"inträffar": 1e-5}).copy(); lex.learn_hyphens("drop in-träffar för"); lex.hyphenated["in-träffar"], lex.unigrams["för"]
        (1, 0)
        """
        if self._shared:
            raise TypeError("the default lexicon is shared and never learns: learn into Lexicon.default().copy()")
        for m in _HYPHENATED_RE.finditer(unicodedata.normalize("NFC", text)):
            self.hyphenated[m.group(0).lower()] += 1

    def _add_learned(self, words: set[str]) -> None:
        """Enter newly learned words into built tables (rebuilding costs a second)."""
        self._word_cache = {}
        self._split_cache = {}
        if self._part_src is None:
            return
        if self._part_src is not None and self._shared_tables:
            # tables shared with the lexicon this one was copied from: learn into a layer
            # of our own over them (copying them would cost a second per document).
            # _vetted stays shared: it depends on hunspell alone, not on what is learned
            self._part_freq, self._part_src = ChainMap({}, self._part_freq), ChainMap({}, self._part_src)
            if self._index is not None:
                self._index, self._part_index = ChainMap({}, self._index), ChainMap({}, self._part_index)
            self._shared_tables = False
        for w in words:
            if len(w) < MIN_PART:
                continue
            for p in (w, w + "s") if not w.endswith("s") else (w,):
                if p not in self._part_freq and self._index is not None:
                    _add_to(self._part_index, key(p), p)  # type: ignore[arg-type]
                self._part_freq[p] = max(self._part_freq.get(p, 0.0), self.freq(w))
                self._part_src[p] = None  # a learned part needs no vetting
            if self._index is not None and w not in self.freqs:
                _add_to(self._index, key(w), w)

    def bigram_count(self, a: str, b: str) -> int:
        return self.bigrams.get((a, b), 0)

    # ------------------------------------------------------------ frequencies
    def freq(self, word: str) -> float:
        """Frequency of a lower-case form: wordfreq, mixed with learned counts.

        Returns 0.0 for forms known to no source (compounds are scored apart).
        """
        f = self.freqs.get(word, 0.0)
        if self.n_learned:
            n = self.unigrams.get(word, 0)
            if n:
                f = 0.7 * f + 0.3 * n / self.n_learned
        if f == 0.0 and self._hunspell_ok(word):
            f = HUNSPELL_FREQ
        return f

    def is_known(self, word: str) -> bool:
        """A lower-case form found as such (not as a compound) in some source."""
        if self.freqs.get(word, 0.0) >= WORD_MIN_FREQ or self.unigrams.get(word):
            return True
        return self._hunspell_ok(word)

    def is_word(self, token: str) -> bool:
        """Known word, or a valid compound of known words (case-insensitive).

        >>> lex = Lexicon.from_words({"föräldra": 0, "program": 1e-4})
        >>> lex.is_word("Program"), lex.is_word("programxx")
        (True, False)
        """
        token = unicodedata.normalize("NFC", token)
        w = token.lower()
        hit = self._word_cache.get(w) if "-" not in w else None
        if hit is None:
            if "-" in w:
                # FCA-koordinatorer: an abbreviation in capitals is a fine compound head
                hit = all((p.isupper() and len(p) <= 5) or self.is_word(p)
                          for p in token.split("-") if p)
            else:
                hit = self.is_known(w) or self.split_compound(w) is not None
            if len(self._word_cache) < 200_000:
                self._word_cache[w] = hit
        return hit

    # ------------------------------------------------------------ hunspell
    def is_broken_word(self, head: str, tail: str) -> bool:
        """Is ``head|tail`` one word broken at a line end (rather than two words)?

        When both halves are words, they join only into a word the lexicon
        knows whole ("föräldraskaps|stöd") or a compound the break cuts inside
        a common part ("föreningsförvaltning|en"; not "socialtjänsten|och",
        which splits as "socialtjänst|enoch").

        >>> lex = Lexicon.from_words({"barn": 1e-3, "stöd": 1e-4, "barnstöd": 1e-7, "och": 1e-2, "i": 1e-2,
        ...                           "program": 1e-5})
        >>> lex.is_broken_word("bar", "nstöd"), lex.is_broken_word("barn", "stöd"), lex.is_broken_word("barn", "och")
        (True, True, False)
        >>> lex.is_broken_word("stöd", "program")   # a compound broken between its parts
        True
        >>> lex = Lexicon.from_words({"främjande": 1e-5, "mötesplatser": 1e-6, "mötes": 1e-6, "platser": 1e-5})
        >>> lex.is_broken_word("främjande", "mötesplatser")   # an adjective before its noun
        False
        """
        whole = head + tail
        if not self.is_word(whole):
            return False
        if not (self.is_word(head) and self.is_word(tail)) or self.freq(whole.lower()) > 0:
            return True
        if tail.lower() in INFLECTION_ENDINGS:
            return True  # the head's own ending ("familjecentral|erna", "familjecentrera|de"), not a word after it
        # two words, or one compound broken inside one of its parts ("förenings|förvaltning|en"),
        # or between two of them ("föräldraskaps|stödsprogrammen": Swedish closes its compounds, and a writer
        # only breaks a word without a hyphen when it is wider than the column)
        parts = self.split_compound(whole.lower()) or ()
        start = 0
        for part in parts:
            if start < len(head) < start + len(part):
                return self.inflected_freq(part) >= MIN_BROKEN_PART_FREQ
            start += len(part)
            if start == len(head):
                # (a word as common as "och" or "till" after the break is a word of its own; so is one after an
                # adjective, :data:`PARTICIPLE_ENDINGS`)
                return (len(parts) > 1 and tail[:1].islower() and self.freq(parts[-1]) < FUNCTION_WORD_FREQ
                        and not (head.lower().endswith(PARTICIPLE_ENDINGS) and self.is_known(head.lower())))
        return False

    def inflected_freq(self, word: str) -> float:
        """The frequency of ``word``, or of the word it inflects where that is more common ("centraler" is
        rare, "central" is not).

        >>> Lexicon.from_words({"central": 2e-5, "centraler": 1e-7}).inflected_freq("centraler")
        2e-05
        """
        w = word.lower()
        return max([self.freq(w)] + [self.freq(w[: -len(e)]) for e in INFLECTION_ENDINGS if w.endswith(e) and len(w) - len(e) >= 3])

    def _stem_flags(self, w: str) -> str | None:
        fl = self.stems.get(w)
        if fl is None and w:
            fl = self.stems.get(w[0].upper() + w[1:])
        return fl

    def _analyses(self, w: str) -> Iterable[tuple[str, str]]:
        """(flags of the stem, continuation flags of the form) for each reading."""
        fl = self._stem_flags(w)
        if fl is not None:
            yield fl, fl
        if not self.rules:
            return
        for k in range(1, min(self._max_add, len(w) - 1) + 1):
            for rule in self.rules.get(w[-k:], ()):
                base = w[:-k] + rule.strip
                bfl = self._stem_flags(base)
                if bfl is not None and rule.flag in bfl and rule.cond.search(base):
                    yield bfl, rule.cont

    def _hunspell_ok(self, w: str) -> bool:
        if not self.stems:
            return False
        for stem_fl, form_fl in self._analyses(w):
            if _FORBIDDEN in stem_fl:
                continue
            if form_fl is stem_fl:  # the bare stem
                if _NEEDAFFIX in stem_fl or _ONLYINCOMPOUND in stem_fl:
                    continue
                return True
            if _ONLYINCOMPOUND in form_fl:
                continue
            return True
        return False

    # ------------------------------------------------------------ compounds
    def _build_parts(self) -> None:
        """The table of forms that may begin or continue a compound (for splitting).

        Cheap (~0.2 s): wordfreq forms and their linking-s forms are entered
        unchecked and vetted against hunspell's compound flags only when used.
        """
        with self._lock:
            if self._part_src is not None:
                return
            pfreq: dict[str, float] = {}
            src: dict[str, str] = {}  # part -> wordfreq/learned base to vet; absent = trusted

            def put(form: str, f: float, base: str | None) -> None:
                if f > pfreq.get(form, 0.0):
                    pfreq[form] = f
                    if base is None:
                        src.pop(form, None)
                    elif form not in src:
                        src[form] = base
                elif base is None:
                    src.pop(form, None)

            for w, f in self.freqs.items():
                if f < WORD_MIN_FREQ:
                    break  # wordfreq lists are ordered by frequency
                if len(w) >= MIN_PART and w.isalpha():
                    put(w, f, w)
                    if not w.endswith("s"):
                        put(w + "s", f, w)  # the linking -s of Swedish compounds
            for w in self.unigrams:
                if len(w) >= MIN_PART and w.isalpha():
                    put(w, self.freq(w), None)
                    if not w.endswith("s"):
                        put(w + "s", self.freq(w), None)
            cflags = {r.flag for rs in self.rules.values() for r in rs if (_BEGIN in r.cont or _MIDDLE in r.cont)}
            by_flag: dict[str, list[_Rule]] = {}
            for rs in self.rules.values():
                for r in rs:
                    if r.flag in cflags:
                        by_flag.setdefault(r.flag, []).append(r)
            for stem, fl in self.stems.items():
                if _FORBIDDEN in fl:
                    continue
                s = stem.lower()
                base_f = max(self.freqs.get(s, 0.0), HUNSPELL_FREQ * 10)
                if (_BEGIN in fl or _MIDDLE in fl) and len(s) >= MIN_PART - 1 and s.isalpha():
                    put(s, base_f, None)
                # compound-only forms made by suffix rules (skola -> skol-, hälsa -> hälso-)
                for c in fl:
                    for r in by_flag.get(c, ()):
                        if (r.strip and not s.endswith(r.strip)) or not r.cond.search(s):
                            continue
                        form = (s[: len(s) - len(r.strip)] if r.strip else s) + r.add
                        if len(form) >= MIN_PART - 1 and form.isalpha():
                            put(form, base_f, None)
            self._part_freq = pfreq
            self._part_src = src

    def _build_index(self) -> None:
        """key -> forms, for whole words and for compound parts (candidate generation)."""
        if self._part_src is None:
            self._build_parts()
        with self._lock:
            if self._index is not None:
                return
            index: dict[str, list[str]] = {}
            for w, f in self.freqs.items():
                if f < 1e-8:
                    break
                if w.isalpha():
                    index.setdefault(key(w), []).append(w)
            for w in self.unigrams:
                if w.isalpha() and w not in self.freqs:
                    index.setdefault(key(w), []).append(w)
            for stem, fl in self.stems.items():
                s = stem.lower()
                if (s.isalpha() and s not in self.freqs and _FORBIDDEN not in fl
                        and _NEEDAFFIX not in fl and _ONLYINCOMPOUND not in fl):
                    index.setdefault(key(s), []).append(s)
            parts: dict[str, list[str]] = {}
            for p in self._part_freq:
                parts.setdefault(key(p), []).append(p)
            self._part_index = parts
            self._index = index

    def words_for_key(self, k: str) -> list[str]:
        """Whole-word forms whose diacritic-free key is ``k``."""
        if self._index is None:
            self._build_index()
        assert self._index is not None
        return self._index.get(k, [])

    def parts_for_key(self, k: str) -> list[str]:
        """Forms that may begin or continue a compound, by key (not yet vetted)."""
        if self._part_index is None:
            self._build_index()
        assert self._part_index is not None
        return self._part_index.get(k, [])

    def part_freq(self, part: str) -> float:
        if self._part_src is None:
            self._build_parts()
        return self._part_freq.get(part, 0.0)

    def is_part(self, part: str) -> bool:
        """May ``part`` begin or continue a compound?"""
        if self._part_src is None:
            self._build_parts()
        if part not in self._part_freq:
            return False
        base = self._part_src.get(part)  # type: ignore[union-attr]
        if base is None:
            return True
        ok = self._vetted.get(base)
        if ok is None:
            ok = self._vetted[base] = self._may_begin(base)
        return ok

    def _may_begin(self, w: str) -> bool:
        """A wordfreq form may start a compound unless hunspell knows it and says no.

        hunspell marks the stems that compound (``stöd`` does, the verb form
        ``stod`` does not); forms it does not know get the benefit of the doubt.
        """
        if not self.stems:
            return True
        seen = False
        for stem_fl, form_fl in self._analyses(w):
            seen = True
            # a stem's compound flag is its bare form's: an inflected form compounds only where its suffix
            # permits it ("ekonomisk-" begins compounds, "ekonomiskt" does not: "ekonomiskt|utsatta" is two words)
            if form_fl is stem_fl and (_BEGIN in stem_fl or _MIDDLE in stem_fl):
                return True
            if form_fl is not stem_fl and (_PERMIT in form_fl or _BEGIN in form_fl or _MIDDLE in form_fl):
                return True
        return not seen

    def end_ok(self, w: str) -> bool:
        """May ``w`` end a compound? A known whole word of at least MIN_PART letters
        whose hunspell entry, if it has one, carries the compound-end flag."""
        if len(w) < MIN_PART:
            return False
        if w in self.unigrams:
            return True
        if self.stems:
            seen = False
            for stem_fl, _ in self._analyses(w):
                seen = True
                if _END in stem_fl:
                    return True
            if seen:
                return False
        return self.freqs.get(w, 0.0) >= 1e-7

    def split_compound(self, word: str, max_parts: int = 4) -> tuple[str, ...] | None:
        """Split a lower-case word into known compound parts, fewest parts first.

        >>> lex = Lexicon.from_words({"barn": 1e-3, "hälsa": 1e-4, "vård": 1e-4})
        >>> lex.split_compound("barnhälsovård") is None   # no hälso- form here
        True
        >>> lex.split_compound("barnvård")
        ('barn', 'vård')
        """
        if word in self._split_cache:
            return self._split_cache[word]
        res = self._split(word, max_parts)
        if len(self._split_cache) < 200_000:
            self._split_cache[word] = res
        return res

    def _part_ok(self, p: str, final: bool) -> bool:
        """Short parts (``ost``, ``pen``) make nonsense splits; demand frequency of them."""
        if final:
            if not self.end_ok(p):
                return False
            return len(p) >= 4 or self.freq(p) >= 5e-5 or _END in (self._stem_flags(p) or "")
        if not self.is_part(p):
            return False
        f = self._part_freq[p]
        return len(p) >= 4 or f >= 5e-5 or bool({_BEGIN, _MIDDLE} & set(self._stem_flags(p) or ""))

    def _split(self, w: str, max_parts: int) -> tuple[str, ...] | None:
        """Best-scoring split (frequent parts, few of them) by dynamic programming."""
        if self._part_src is None:
            self._build_parts()
        n = len(w)
        if n < 2 * MIN_PART:
            return None

        @functools.lru_cache(maxsize=None)
        def rest(i: int, depth: int) -> tuple[float, tuple[str, ...]] | None:
            best: tuple[float, tuple[str, ...]] | None = None
            tail = w[i:]
            if depth >= 1 and self._part_ok(tail, final=True):
                best = (0.5 * math.log10(min(max(self.freq(tail), 1e-9), PART_FREQ_CAP)), (tail,))
            if depth + 1 < max_parts:
                for j in range(i + MIN_PART, n - MIN_PART + 1):
                    head = w[i:j]
                    if not self._part_ok(head, final=False):
                        continue
                    r = rest(j, depth + 1)
                    if r is None:
                        continue
                    sc = r[0] - 0.5 + 0.5 * math.log10(min(max(self._part_freq[head], 1e-9), PART_FREQ_CAP))
                    if best is None or sc > best[0]:
                        best = (sc, (head,) + r[1])
            return best

        r = rest(0, 0)
        return r[1] if r else None

    def compound_logfreq(self, parts: tuple[str, ...]) -> float:
        """log10 pseudo-frequency of a compound from its parts' frequencies."""
        total = -2.0 - 0.5 * (len(parts) - 2)
        for i, p in enumerate(parts):
            f = self.freq(p) if i == len(parts) - 1 else self.part_freq(p)
            total += 0.5 * math.log10(min(max(f, 1e-9), PART_FREQ_CAP))
        return total
