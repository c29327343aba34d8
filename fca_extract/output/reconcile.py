"""Two readings of one text: the template prints each målområde and delmål twice, in the overview and over its
goal table. OCR misreads them independently ("EN sammanhållen", "civilsamhä Ile", "Ettsamordnat", a rule's
"»" under the text), so where one reading of a stretch of words raises more doubts (:func:`doubts`) than the
other's, the other's is taken. Stretches both read without doubt stay as each printed them (a period the
overview adds, "0-18" against "0–18": either may be the author's).
"""

from __future__ import annotations

import dataclasses
import difflib
import re

from ..repair.lexicon import Lexicon
from .records import ActivityRow, GoalRow, RepairRow

_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = ".,;:!?()\"'”“–-"
_END_PUNCT = ".,;:!?"
#: two readings of one text share this much of their letters at least (a misread word or three in a delmål)
SAME_TEXT = 0.8


def _doubtful(token: str, lex: Lexicon) -> bool:
    core = token.strip(_EDGE_PUNCT)
    if not core:
        return not token.strip("–-")  # a mark alone ("»", "="): debris; a dash alone is text
    if any(c.isdigit() for c in core) and any(c.isalpha() for c in core):
        return not re.fullmatch(r"\d+[a-zåäö]?|[A-ZÅÄÖ]+\d+", core)  # "O0–18", "1l"; not "3a", "E6"
    if any(c.isdigit() for c in core) or not core.replace("-", "").isalpha():
        return not re.fullmatch(r"[\d–\-.,/ ]+", core)
    if core.isupper() and len(core) > 1 and "-" not in core:
        return lex.is_known(core.lower())  # a word in capitals mid-text ("EN sammanhållen"); an abbreviation is not
    return not lex.is_word(core)


def doubts(tokens: list[str], lex: Lexicon) -> int:
    """How many of ``tokens`` no reader would print: unknown words, letters among digits, marks alone, a
    known word in capitals.

    >>> lex = Lexicon.default()
    >>> doubts("EN sammanhållen barn- och ungdomshälsa".split(), lex), doubts("civilsamhä Ile »".split(), lex)
    (1, 3)
    >>> doubts("föräldraskapsstöd 0–18 år, BVC och FCA-koordinator.".split(), lex)
    0
    """
    return sum(_doubtful(t, lex) for t in tokens)


def better_of(own: str, other: str, lex: Lexicon) -> str:
    """``own`` with each stretch of words that ``other`` reads with fewer doubts taken from ``other``.

    >>> lex = Lexicon.default()
    >>> better_of("EN sammanhållen barn- och ungdomshälsa.", "En sammanhållen barn- och ungdomshälsa", lex)
    'En sammanhållen barn- och ungdomshälsa.'
    >>> better_of("Vårda samverkan mellan region och civilsamhä Ile", "Vårda samverkan mellan region och civilsamhälle.", lex)
    'Vårda samverkan mellan region och civilsamhälle'
    >>> better_of("Ge barn bättre förutsättningar för språk\\n»", "Ge barn bättre förutsättningar för språk", lex)
    'Ge barn bättre förutsättningar för språk'
    >>> better_of("=+07.2. Det familjecentrerade arbetssättet", "Det familjecentrerade arbetssättet.", lex)
    'Det familjecentrerade arbetssättet'
    >>> better_of("barn 0-18 år", "barn 0–18 år", lex), better_of("Ökad tillit", "Stärkt samverkan", lex)
    ('barn 0-18 år', 'Ökad tillit')
    """
    if own == other or not own or not other:
        return own
    a, b = list(_TOKEN.finditer(own)), list(_TOKEN.finditer(other))
    ta, tb = [m.group(0) for m in a], [m.group(0) for m in b]
    if difflib.SequenceMatcher(None, own, other, autojunk=False).ratio() < SAME_TEXT:
        return own  # another text, not another reading of it
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    out, pos = [], 0
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        mine, theirs = ta[i1:i2], tb[j1:j2]
        if op == "insert" or doubts(mine, lex) <= doubts(theirs, lex):
            continue
        start, end = a[i1].start(), a[i2 - 1].end()
        if op == "delete":  # (marks alone that the other reading has not: gone, with the space before them)
            if i1:
                start = a[i1 - 1].end()
            elif i2 < len(a):
                end = a[i2].start()
            out += [own[pos:start]]
        else:
            # (the other's words, this reading's punctuation after them: a period one of the two prints)
            theirs = other[b[j1].start() : b[j2 - 1].end()].rstrip(_END_PUNCT)
            out += [own[pos:start], theirs + own[start:end][len(own[start:end].rstrip(_END_PUNCT)):]]
        pos = end
    return "".join(out) + own[pos:] if out else own


def _twin(text: str | None, number: str | None, others: list[tuple[str | None, str]]) -> str | None:
    """The other reading of ``text`` among ``others`` ((number, text) of one målområde's delmål): the one with
    its number, else the likest by letters (delmål printed without numbers)."""
    if not text or not others:
        return None
    same = [t for n, t in others if number and n == number]
    if same:
        return same[0]
    return max((t for _, t in others), key=lambda t: difflib.SequenceMatcher(None, text, t, autojunk=False).ratio())


def reconcile_readings(
    goals: list[GoalRow], activities: list[ActivityRow], lex: Lexicon
) -> tuple[list[GoalRow], list[ActivityRow], list[RepairRow]]:
    """The overview's goals and the goal tables' rows with each målområde and delmål read at its best from both
    readings (:func:`better_of`), matched by number, or by letters where the delmål bear none; and the changes,
    as repairs (method ``other_reading``; page 0 for the overview's, as its other repairs). ``lex``: the general
    lexicon, not one that learned the document's own words (its misreadings among them)."""
    repairs: list[RepairRow] = []
    table_delmal: dict[str | None, list[tuple[str | None, str]]] = {}
    for a in activities:
        if a.delmal and (a.delmal_no, a.delmal) not in table_delmal.get(a.malomrade_no, []):
            table_delmal.setdefault(a.malomrade_no, []).append((a.delmal_no, a.delmal))
    over_delmal: dict[str | None, list[tuple[str | None, str]]] = {}
    for g in goals:
        if g.delmal:
            over_delmal.setdefault(g.malomrade_no, []).append((g.delmal_no, g.delmal))
    table_malomrade = {a.malomrade_no: a.malomrade for a in activities if a.malomrade}
    over_malomrade = {g.malomrade_no: g.malomrade for g in goals if g.malomrade}
    memo: dict[tuple[str, str], str] = {}

    def best(own: str | None, other: str | None, doc_id: str, page: int) -> str | None:
        if own is None or other is None:
            return own
        key = (own, other)
        if key not in memo:  # (a delmål's text is every one of its rows': one repair, on its first page)
            memo[key] = better_of(own, other, lex)
            if memo[key] != own:
                repairs.append(RepairRow(doc_id, page, own, memo[key], "other_reading", 0.8))
        return memo[key]

    goals = [
        dataclasses.replace(
            g,
            malomrade=best(g.malomrade, table_malomrade.get(g.malomrade_no), g.doc_id, 0),
            delmal=best(g.delmal, _twin(g.delmal, g.delmal_no, table_delmal.get(g.malomrade_no, [])), g.doc_id, 0),
        )
        for g in goals
    ]
    activities = [
        dataclasses.replace(
            a,
            malomrade=best(a.malomrade, over_malomrade.get(a.malomrade_no), a.doc_id, a.page_start),
            delmal=best(a.delmal, _twin(a.delmal, a.delmal_no, over_delmal.get(a.malomrade_no, [])), a.doc_id, a.page_start),
        )
        for a in activities
    ]
    return goals, activities, repairs
