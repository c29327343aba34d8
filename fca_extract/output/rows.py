"""Stage 5, repair and normalise: raw wrapped texts → the contract's rows.

Every text field goes through :func:`fca_extract.repair.repair_text` (each
change becomes a ``repairs`` row with its page), then line wraps are joined
(:func:`fca_extract.layout.textlines.unwrap`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..assemble.raw import RawDocument
from ..assemble.metadata import Metadata
from ..repair.abbreviations import printed_forms
from ..repair.case import mid_sentence_cases
from ..repair.spaces import printed_words
from ..repair import CLEAN_RATE, Lexicon, RepairConfig, estimate_damage_rate, marks_own_hyphens, without_misreadings, repair_text
from ..assemble.template import DELMAL_NO
from ..layout.textlines import unwrap
from ..vocab import Role, TextSource
from .reconcile import reconcile_readings
from .records import ActivityRow, BudgetRow, GoalRow, RepairRow, SectionRow, as_row


@dataclass
class Fixer:
    """Repairs texts of one document and collects the audit rows."""

    doc_id: str
    lexicon: Lexicon
    config: RepairConfig = field(default_factory=RepairConfig)
    repairs: list[dict] = field(default_factory=list)
    _cache: dict[tuple[str, int], str] = field(default_factory=dict)

    def __call__(self, text: str | None, page_no: int) -> str | None:
        if text is None:
            return None
        key = (text, page_no)
        if key in self._cache:  # a delmål merged over rows is repaired (and audited) once
            return self._cache[key]
        fixed, changes = repair_text(text, config=self.config, lexicon=self.lexicon)
        for ch in changes:
            self.repairs.append(as_row(RepairRow(self.doc_id, page_no, ch.original, ch.repaired, ch.method, float(ch.confidence))))
        out = unwrap(fixed) or None
        self._cache[key] = out
        return out


def _strip_number(text: str, pattern) -> tuple[str | None, str]:
    """The item number ``pattern`` reads at the start of ``text``, and the text after it: no text begins with a
    mark, so the marks between ("7.3.2. ", "7.3.2: ", and a speck OCR read as a comma: "7.3.2. , Medarbetare",
    a Chromium scan, tuning 1096) go with the number.

    >>> _strip_number("7.3.2. , Medarbetare som möter barn", DELMAL_NO)
    ('7.3.2', 'Medarbetare som möter barn')
    >>> _strip_number("Medarbetare som möter barn", DELMAL_NO)
    (None, 'Medarbetare som möter barn')
    """
    m = pattern.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end():].lstrip(" .,;:")


#: the longest misreading of a delmål number "7.1.2." (OCR reads it as "T2:2", "TR", "7 fö Br", "p fc oe IB")
MISREAD_NUMBER_MAX = 11


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold()


def misread_number(delmal: str, goals: list[GoalRow], number_read: bool = False) -> tuple[str, str] | None:
    """The number and text of a delmål whose number OCR misread ("T2:2 Gemensam lokal satsning …"): past a
    few first characters that are no number, the rest is, but for spaces and case, one numbered delmål of the
    overview. ``number_read``: a number was read but the overview has none such ("1.2.4" for "7.2.4"); the
    text after it is matched as it is.

    >>> goals = [GoalRow("d", "7.2", None, "7.2.2", "Gemensam lokal satsning."), GoalRow("d", "7.3", None, "7.3.2", "Utveckla metoder.")]
    >>> misread_number("T2:2 Gemensam lokal satsning.", goals), misread_number("JT idada Utveckla metoder.", goals)
    (('7.2.2', 'Gemensam lokal satsning.'), ('7.3.2', 'Utveckla metoder.'))
    >>> misread_number("JAA Utveckla meto der.", goals), misread_number("Gemensam lokal satsning.", goals, number_read=True)
    (('7.3.2', 'Utveckla meto der.'), ('7.2.2', 'Gemensam lokal satsning.'))
    >>> misread_number("Gemensam lokal satsning.", goals) is None   # no number printed: none is made up
    True

    A short first word misread with the number (a word of as many letters read in its place: "72:35. Bl
    sammanhållen …" for "7.2.3. En sammanhållen …", a LibreOffice scan, tuning 1130) takes the overview's
    reading of the whole:

    >>> goals.append(GoalRow("d", "7.2", None, "7.2.3", "En sammanhållen barn- och ungdomshälsa"))
    >>> misread_number("72:35. Bl sammanhållen barn- och ungdomshälsa", goals)
    ('7.2.3', 'En sammanhållen barn- och ungdomshälsa')
    >>> misread_number("72:35. Blå sammanhållen barn- och ungdomshälsa", goals) is None
    True
    """
    starts = ([0] if number_read else []) + [m.end() for m in re.finditer(r"\s+", delmal)]
    for at in starts:
        if len(delmal[:at].rstrip()) > MISREAD_NUMBER_MAX:
            break
        rest = delmal[at:]
        key = _squeezed(rest)
        same = {g.delmal_no for g in goals if g.delmal_no and g.delmal and _squeezed(g.delmal) == key}
        if len(same) == 1:
            return same.pop(), rest
        before = delmal[:at].split()
        if not key or len(before) < 2:
            continue
        # (the word read in the first word's place: as long as it, after what was read for the number)
        led = [g for g in goals if g.delmal_no and g.delmal and len(g.delmal.split()) > 1
               and len(first := g.delmal.split()[0]) <= SHORT_FIRST_WORD and len(before[-1]) == len(first)
               and _squeezed(g.delmal) == _squeezed(first) + key]
        if len({g.delmal_no for g in led}) == 1:
            return led[0].delmal_no, led[0].delmal
    return None


#: a first word this short (letters) OCR may misread with the number before it, whole
SHORT_FIRST_WORD = 3


def renumbered(delmal_no: str | None, malomrade_no: str | None) -> str | None:
    """A delmål number whose first digits OCR misread ("1.2.3" under målområde 7.2: Tesseract's Swedish model
    reads some fonts' 7 as 1) takes its målområde's: the template numbers the delmål of målområde n.m n.m.k.
    Only a number that agrees with its målområde but for the first part is taken for a misreading.

    >>> renumbered("1.2.3", "7.2"), renumbered("7.2.3", "7.2"), renumbered("1.3.3", "7.2"), renumbered("1.2.3", None)
    ('7.2.3', '7.2.3', '1.3.3', '1.2.3')
    """
    if not delmal_no or not malomrade_no:
        return delmal_no
    d, m = delmal_no.split("."), malomrade_no.split(".")
    if len(d) == 3 and len(m) == 2 and d[1] == m[1] and d[0] != m[0]:
        return f"{m[0]}.{m[1]}.{d[2]}"
    return delmal_no


def malomrade_renumbering(numbers: list[str | None]) -> dict[str, str]:
    """Målområde numbers whose first part OCR misread, each with the number it stands for: the template numbers
    the målområden of its one section n as n.1, n.2, …, so a number whose first part only a minority of the
    document's distinct numbers has takes the others' ("1.2" among "7.1" and "7.3": a WeasyPrint scan's
    overview, its goal tables' headings read right).

    >>> malomrade_renumbering(["7.1", "1.2", "7.3", "7.1"]), malomrade_renumbering(["7.1", "1.2", "7.2", "7.3"])
    ({'1.2': '7.2'}, {'1.2': '7.2'})
    >>> malomrade_renumbering(["7.1", "1.2"]), malomrade_renumbering(["7.1", None])
    ({}, {})
    """
    distinct = {n for n in numbers if n and len(n.split(".")) == 2}
    firsts = Counter(n.split(".")[0] for n in distinct)
    if not firsts:
        return {}
    (first, count), *rest = firsts.most_common()
    if count < 2 or any(c == count for _, c in rest):
        return {}
    out = {}
    for n in distinct:
        head, tail = n.split(".")
        if head != first:
            out[n] = f"{first}.{tail}"
    return out


# a word cut by a line-end hyphen, with the start of the next line: not a word to learn
_CUT = re.compile(r"\S*-\n\S*")


def raw_texts(raw: RawDocument) -> list[str]:
    """Every wrapped text of the document, in reading order."""
    out = [s.heading for s in raw.sections] + [p for s in raw.sections for p in s.paragraphs]
    # (a delmål's cell is printed once, however many rows it spans)
    out += list({id(a.delmal): a.delmal.text for a in raw.activities if a.delmal}.values())
    out += [t for a in raw.activities for t in a.cells.values()]
    # (a post cell is printed once, its amounts' rows name it each)
    posts = list(dict.fromkeys((b.post, b.note, b.page_no) for b in raw.budget))
    out += [g.delmal or "" for g in raw.goals] + [p for p, _, _ in posts] + [n for _, n, _ in posts if n]
    return out


def learnable_text(texts: list[str]) -> str:
    r"""A document's texts as one, without the words cut at a line end (their halves are not words).

    >>> learnable_text(["alla verksam-\nheter och", "FCA"])
    'alla   och\nFCA'
    """
    return "\n".join(_CUT.sub(" ", t) for t in texts)


def learn_document(texts: list[str], lexicon: Lexicon, ocr: bool = False, cases: Counter | None = None,
                   words: Counter | None = None) -> None:
    """Teach the lexicon a clean document's own words (names, abbreviations, compounds).

    Words cut at a line end are left out: their halves are not words. From an
    OCR'd document (read with high confidence), so are the words the repair
    would read as commoner ones anyway (:func:`without_misreadings`): a scanner's
    steady misreading ("Awvikelse" on every page) is no spelling to learn. ``cases``, ``words``: the texts'
    :func:`mid_sentence_cases` and :func:`printed_words`, where the caller has them already.
    """
    text = learnable_text(texts)
    if not ocr:
        lexicon.learn(text)
        return
    cases = mid_sentence_cases(texts) if cases is None else cases
    words = printed_words(texts) if words is None else words
    lexicon.learn(without_misreadings(text, lexicon, evidence=cases, words=words))


#: the least damage rate of a document with OCR'd text (the repair then looks at its unknown words too)
OCR_MIN_DAMAGE = CLEAN_RATE


def build_rows(
    raw: RawDocument, meta: Metadata, doc_id: str, lexicon: Lexicon, config: RepairConfig | None = None, learn: bool = False,
    ocr: bool = False, learn_hyphens: bool = False,
) -> tuple[dict[str, list[dict]], list[dict], Metadata]:
    """Contract rows for activities, goals, budget and sections, plus the repairs audit and ``meta`` with its
    title repaired as the document's other texts are (an OCR'd title misreads as they do: "Ärsrapport").

    ``learn``: the document's text layer is clean, so its own vocabulary joins
    a copy of ``lexicon`` (which is never changed) before its texts are repaired;
    ``learn_hyphens``: where it is not, the compounds it writes with a hyphen
    still do (:meth:`Lexicon.learn_hyphens`).
    ``ocr``: some of its text was OCR'd, which drops a diacritic now and then even
    from a clean scan ("Okad"): its damage rate is never taken for nil.
    """
    texts = raw_texts(raw)
    general = lexicon  # (the document's own words learned below may hold its misreadings)
    # (an OCR'd document's evidence, counted once: for what it teaches its lexicon, and for the repairs)
    cases, words = (mid_sentence_cases(texts), printed_words(texts)) if ocr else (None, None)
    if learn:
        lexicon = lexicon.copy()
        learn_document(texts, lexicon, ocr=ocr, cases=cases, words=words)
    elif learn_hyphens:
        lexicon = lexicon.copy()
        lexicon.learn_hyphens(learnable_text(texts))
    config = config or RepairConfig()
    if ocr:
        # (the case a word has mid-sentence where the document writes it: evidence for the capitals OCR misread)
        # (and how often it prints each abbreviation: evidence for the one a glyph misread)
        # (the budget's funder labels count: "HSNG" over its columns, where a post read "Återbetalning till HSING",
        # a Chromium scan, tuning 1153)
        labels = [f for f, _, _ in dict.fromkeys((b.funder, b.kind, b.page_no) for b in raw.budget) if f]
        config = replace(config, ocr_text=True, case_evidence=cases, form_evidence=printed_forms(texts + labels),
                         word_evidence=words)
    if config.damage_rate is None:
        # how much å/ä/ö the text lost is a property of the document, not of one
        # short cell: estimate it once on all of it
        rate = estimate_damage_rate("\n".join(texts), lexicon)
        config = replace(config, damage_rate=max(rate, OCR_MIN_DAMAGE) if ocr else rate)
    if config.marked_hyphens is None:  # (a property of the PDF writer: told once from all of the text)
        config = replace(config, marked_hyphens=marks_own_hyphens("\n".join(texts)))
    fix = Fixer(doc_id, lexicon, config)
    # (an OCR'd målområde number with its first part misread: its delmål are renumbered after it)
    numbering = malomrade_renumbering([g.malomrade_no for g in raw.goals] + [a.malomrade_no for a in raw.activities]) if ocr else {}
    goals = []
    for g in raw.goals:
        malomrade_no = numbering.get(g.malomrade_no, g.malomrade_no)
        goals.append(GoalRow(doc_id, malomrade_no, fix(g.malomrade, 0),
                             renumbered(g.delmal_no, malomrade_no) if ocr else g.delmal_no, fix(g.delmal, 0)))
    overview_numbers = {g.delmal_no for g in goals if g.delmal_no}
    activities = []
    for i, a in enumerate(raw.activities, 1):
        delmal_no, delmal = None, None
        malomrade_no = numbering.get(a.malomrade_no, a.malomrade_no)
        if a.delmal is not None:
            d = fix(a.delmal.text, a.delmal.page_no) or ""
            delmal_no, delmal = _strip_number(d, DELMAL_NO)
            if a.text_source == TextSource.OCR:
                delmal_no = renumbered(delmal_no, malomrade_no)
                if delmal_no is None or delmal_no not in overview_numbers:
                    delmal_no, delmal = misread_number(delmal, goals, number_read=delmal_no is not None) or (delmal_no, delmal)
        activities.append(
            ActivityRow(
                doc_id=doc_id,
                row_no=i,
                malomrade_no=malomrade_no,
                malomrade=fix(a.malomrade, a.page_start),
                delmal_no=delmal_no,
                delmal=delmal or None,
                activity=fix(a.cells.get(Role.ACTIVITY), a.page_start),
                ansvar=fix(a.cells.get(Role.ANSVAR), a.page_start),
                outcome=fix(a.cells.get(Role.OUTCOME), a.page_start),
                outcome_kind=a.outcome_kind,
                page_start=a.page_start,
                page_end=a.page_end,
                text_source=a.text_source,
            )
        )
    if ocr:
        # (the overview and the goal tables print each målområde and delmål: two readings of one text)
        goals, activities, other = reconcile_readings(goals, activities, general)
        fix.repairs += [as_row(r) for r in other]
    budget = [BudgetRow(doc_id, fix(b.post, b.page_no), fix(b.note, b.page_no), b.funder, b.kind, b.amount_sek, b.raw) for b in raw.budget]
    # an OCR'd amount its column's sum corrected (assemble.budget.settle_by_sums) is a repair like any other
    fix.repairs += [as_row(RepairRow(doc_id, b.page_no, b.read_as, b.raw, b.read_by, 1.0)) for b in raw.budget if b.read_as is not None]
    sections = [
        SectionRow(doc_id, s.section_no, fix(s.heading, s.page_start), "\n".join(t for p in s.paragraphs if (t := fix(p, s.page_start))), s.page_start)
        for s in raw.sections
    ]
    meta = replace(meta, title=fix(meta.title, 1))
    tables = {"activities": activities, "goals": goals, "budget": budget, "sections": sections}
    return {name: [as_row(r) for r in rows] for name, rows in tables.items()}, fix.repairs, meta
