"""What the FCA template looks like: the words that identify its parts.

Matching is done on a *folded* form (lower case, å ä ö é → a a o e, dashes and
spaces collapsed) so that OCR text that lost its diacritics still matches.
"""

from __future__ import annotations

import re
import unicodedata

from ..vocab import OutcomeKind, Role

ROLES = tuple(Role)

#: letters OCR reads for digits in a number: a heading's ("S INSTRUKTIONER" for "5 INSTRUKTIONER"), an amount's
#: ("I31 tkr" for "131 tkr" on a 150 dpi scan, tuning seed 976)
DIGIT_LOOKALIKES = {"S": "5", "O": "0", "o": "0", "I": "1", "l": "1", "B": "8", "Z": "2"}

#: the template's section numbers: 6 holds the overview grid, 10 the budget
OVERVIEW_SECTION = "6"
BUDGET_SECTION = "10"
#: a goal table's header is among its first rows (a caption row may come first)
HEADER_SEARCH_ROWS = 3

# one pattern per column role of the goal tables (7.1–7.3), tried in this order
ROLE_PATTERNS: dict[Role, re.Pattern[str]] = {
    Role.DELMAL: re.compile(r"^delm[a-z]?l\b"),
    Role.ACTIVITY: re.compile(r"insats|aktivitet"),
    Role.ANSVAR: re.compile(r"^ansvar"),
    Role.OUTCOME: re.compile(r"effekt|resultat|utfall|avvikelse|lardom"),
}
# a "Målgrupp" column of its own belongs to the activity (the contract's activity
# includes the målgrupp text)
EXTRA_ROLE_PATTERNS: dict[Role, re.Pattern[str]] = {Role.ACTIVITY: re.compile(r"^malgrupp")}

DISTRICTS = ("Centrum", "Sydväst", "Nordost", "Hisingen")

DOC_TYPE_WORDS = {
    "handlingsplan": re.compile(r"handlingsplan"),
    "arsrapport": re.compile(r"arsrapport|arsredovisning|verksamhetsberattelse"),
}

# "7 MÅLSÄTTNINGAR …", "10 BUDGET", "7.1 Erbjuda …": number, optional sub-number, text
HEADING = re.compile(r"^(\d{1,2})(?:\.(\d{1,2}))?\.?\s+(\S.*)$", re.S)
YEAR = re.compile(r"\b(20\d\d)\b")
DELMAL_NO = re.compile(r"^\s*(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s*")
MALOMRADE_NO = re.compile(r"^\s*(\d{1,2}\.\d{1,2})\.?\s+")

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "à": "a", "ü": "u", "–": "-", "—": "-", "‐": "-", "‑": "-"})


def fold(text: str) -> str:
    """Lower-cased, diacritic-free, whitespace-collapsed form used for matching.

    >>> fold("Förväntad  effekt/Resultat")
    'forvantad effekt/resultat'
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    return " ".join(text.split())


def column_role(header_text: str) -> Role | None:
    """The role of a goal-table column from its header cell text, or ``None``.

    >>> column_role("Planerade insatser/Aktiviteter – Målgrupp")
    <Role.ACTIVITY: 'activity'>
    >>> column_role("Utfall – Avvikelser - Lärdomar")
    <Role.OUTCOME: 'outcome'>
    """
    f = fold(header_text)
    for role, pat in ROLE_PATTERNS.items():
        if pat.search(f):
            return role
    for role, pat in EXTRA_ROLE_PATTERNS.items():
        if pat.search(f):
            return role
    return None


def outcome_kind(header_text: str) -> OutcomeKind:
    """What an outcome column holds, from its header.

    >>> outcome_kind("Utfall – Avvikelser – Lärdomar"), outcome_kind("Förväntad effekt")
    (<OutcomeKind.UTFALL: 'utfall'>, <OutcomeKind.FORVANTAD_EFFEKT: 'forvantad_effekt'>)
    """
    return OutcomeKind.UTFALL if "utfall" in fold(header_text) else OutcomeKind.FORVANTAD_EFFEKT


def header_roles(cell_texts: list[str]) -> list[Role | None] | None:
    """Roles of a candidate header row, or ``None`` if the row is not a goal-table header.

    A header must name at least the activity and ansvar columns and one more.
    A row of the template's four short cells that names the other three is
    a header too, and the fourth cell's column is the one not named: a scan
    can lose one header word (bold type on a grey fill), and a page break can
    cut the header row after one cell's first word ("Genomförda" here,
    "insatser/aktiviteter – Målgrupp" overleaf, :func:`is_header_rest`).

    >>> header_roles(["Delmål", "Genomförda insatser – Målgrupp", "", "Utfall – Avvikelser – Lärdomar"])
    [<Role.DELMAL: 'delmal'>, <Role.ACTIVITY: 'activity'>, <Role.ANSVAR: 'ansvar'>, <Role.OUTCOME: 'outcome'>]
    >>> header_roles(["Delmål", "Genomförda", "Ansvar", "Utfall – Avvikelser - Lärdomar"])[1]
    <Role.ACTIVITY: 'activity'>
    >>> header_roles(["Stärka kompetensen", "Genomfört en kurs", "Ansvar: FCA", "Ökad effekt"]) is None
    True
    >>> header_roles(["Delmål", "Genomförda insatser/aktiviteter - Målgrupp", "Ansvar", ""])[3]  # its words went overleaf
    <Role.OUTCOME: 'outcome'>
    """
    roles = [column_role(t) if t.strip() else None for t in cell_texts]
    found = {r for r in roles if r}
    unnamed = [i for i, r in enumerate(roles) if r is None]
    if len(cell_texts) == len(Role) and len(found) == len(Role) - 1 == sum(1 for r in roles if r) and len(unnamed) == 1:
        short = all(words(t) <= 8 for t in cell_texts)  # a header names its columns; a body cell says more
        if short or {Role.ACTIVITY, Role.ANSVAR} <= found:
            roles[unnamed[0]] = next(r for r in Role if r not in found)
            return roles
    if {Role.ACTIVITY, Role.ANSVAR} <= found and len(found) >= 3:
        return roles
    return None


def words(text: str) -> int:
    """How many words ``text`` has (a dash between them is none).

    >>> words("Utfall – Avvikelser – Lärdomar")
    3
    """
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def is_header_rest(cell_texts: list[str]) -> bool:
    """Is this first row of a table continued overleaf the rest of a header row the page break cut? Every
    cell with text names a column, in a few words.

    >>> is_header_rest(["", "insatser/aktiviteter - Målgrupp", "", ""]), is_header_rest(["", "Insatsen genomfördes under hösten med stöd av BVC.", "", ""])
    (True, False)
    >>> is_header_rest(["", "", "", "Utfall – Avvikelser – Lärdomar"])
    True
    """
    filled = [t for t in cell_texts if t.strip()]
    return bool(filled) and all(words(t) <= 4 and column_role(t) is not None for t in filled)


def district_in(text: str) -> str | None:
    """The first known stadsområde named in ``text`` (diacritic-insensitive)."""
    f = fold(text)
    best = None
    for d in DISTRICTS:
        m = re.search(r"\b" + fold(d) + r"\b", f)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), d)
    return best[1] if best else None


def doc_type_in(text: str) -> str | None:
    f = fold(text)
    hits = [(m.start(), t) for t, p in DOC_TYPE_WORDS.items() if (m := p.search(f))]
    return min(hits)[1] if hits else None


def is_caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= 0.8
