"""The continuation rules: what carries over a page break.

Each rule is a pure function of what it looks at and returns a
:class:`~fca_extract.assemble.trace.Decision`, so the reason for every join
is recorded and drawn by ``inspect``.
"""

from __future__ import annotations

import re

from ..layout.page import Table, TableCell
from ..layout.textlines import BULLETS, OPEN_WORDS, CellText, IsBrokenWord, ends_open, is_label_after_sentence
from ..vocab import Role, TableKind
from .template import DELMAL_NO
from .trace import Decision, Rule, Why

#: a table whose bottom is within this many points of the page body's bottom reached it
BOTTOM_TOLERANCE_PT = 2.0

def continues_paragraph(prev_text: str, text: str) -> Decision:
    """Does the first paragraph of a page go on with the previous page's last one (prose of one section, nothing
    between them but page furniture)? Where it starts lower-case, or the last one stops at a hyphen or mid-sentence.

    >>> continues_paragraph("försenat delar av planeringen. Un-", "der året har bemanningen").why.name
    'PARAGRAPH_LOWER_CASE'
    >>> continues_paragraph("Arbetet fortsätter.", "Under året har").yes
    False
    """
    if text[:1].islower():
        return Decision(Rule.PARAGRAPH_CONTINUES, True, Why.PARAGRAPH_LOWER_CASE)
    if prev_text.rstrip().endswith(("-", "\u00ad")) or ends_open(prev_text):
        return Decision(Rule.PARAGRAPH_CONTINUES, True, Why.PARAGRAPH_ENDS_OPEN)
    return Decision(Rule.PARAGRAPH_CONTINUES, False, Why.NEW_PARAGRAPH)


#: a sentence's end with another sentence after it, in one paragraph
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[^\W\d_]")


def join_parts(a: str, b: str, short: bool | None = None, broken_word: bool = False) -> str:
    """Join wrapped text continued on the next page: a wrap or a paragraph break?

    ``short``: whether a paragraph ended between them
    (:meth:`CellText.paragraph_ends`): True when a tagged PDF says so or
    ``a``'s last line stopped although ``b``'s first word would have fitted
    after it; False when a tagged PDF says the paragraph goes on; None (a
    full last line says nothing, a paragraph may end there too) lets the
    text decide.

    >>> join_parts("besök i olika verksamheter och", "civilsamhällesorganisationer")
    'besök i olika verksamheter och\\ncivilsamhällesorganisationer'
    >>> join_parts("Okad narvaro i skolan.", "Nästa mening slutar.")
    'Okad narvaro i skolan.\\nNästa mening slutar.'
    >>> join_parts("rutiner för samordnad individuell plan", "(SIP) med fokus")
    'rutiner för samordnad individuell plan\\n(SIP) med fokus'
    >>> join_parts("Planerade aktiviteter:", "Bokgåvor")
    'Planerade aktiviteter:\\n\\nBokgåvor'
    >>> join_parts("Vi når fler. Genomfört programmet", "Familjeveckan"), join_parts("Öppna förskolan", "Familjeveckan")
    ('Vi når fler. Genomfört programmet\\nFamiljeveckan', 'Öppna förskolan\\n\\nFamiljeveckan')
    >>> join_parts("Okad narvaro i skolan och", "Nästa mening", short=True)
    'Okad narvaro i skolan och\\n\\nNästa mening'
    >>> join_parts("med stöd av FCA-koordinator.", "Folktandvården"), join_parts("med stöd av FCA-koordinator.", "Folktandvården har\\nfördjupats")
    ('med stöd av FCA-koordinator.\\n\\nFolktandvården', 'med stöd av FCA-koordinator.\\nFolktandvården har\\nfördjupats')
    >>> join_parts("Okad narvaro i skolan.", "Nästa mening", short=False)
    'Okad narvaro i skolan.\\nNästa mening'
    """
    a, b = a.rstrip(), b.lstrip()
    if not a:
        return b
    if not b:
        return a
    if broken_word:
        return a + b  # a word too long for its column, broken at the page break (:meth:`CellText.breaks_word`)
    if short is False:
        return a + "\n" + b  # a tagged PDF: the same paragraph goes on
    if short and not b[0].islower():
        return a + "\n\n" + b  # the line stopped although the next word would have fitted
    last_word = a.split()[-1].lower()
    # (a paragraph hardly opens with a bracket: "individuell plan|(SIP) med fokus")
    if b[0].islower() or b[0].isdigit() or b[0] in "([" or a[-1] in ",-–(" or last_word in OPEN_WORDS:
        return a + "\n" + b
    if "\n" not in b and is_label_after_sentence(a.rsplit("\n", 1)[-1], b):
        return a + "\n\n" + b  # a label line of its own overleaf ("… med stöd av FCA-koordinator.|Folktandvården")
    if a[-1] in ".!?" and b[0] not in BULLETS:
        # a full last line ending a sentence says nothing more: most sentences go on in their paragraph
        # (one that ended short is caught by ``short``)
        return a + "\n" + b
    if a[-1].isalpha() and b[0] not in BULLETS and _SENTENCE_INSIDE.search(a.rsplit("\n\n", 1)[-1]):
        # a paragraph of sentences ends at a mark: one that stops at a word on a full line goes on overleaf
        # ("… nå fler familjer. Arrangerat föräldraskapsstödsprogrammet|Familjeveckan för personal", Chromium scan)
        return a + "\n" + b
    return a + "\n\n" + b  # a label or lead-in ("Övriga kostnader", "Insatsen omfattar:") and what follows it


def breaks_word_between(before: TableCell | None, after: TableCell, is_broken: IsBrokenWord | None) -> bool:
    """Does the text of cell ``before`` end in a word the text of ``after`` (its continuation overleaf) finishes
    (:meth:`CellText.breaks_word`: a word too long for its column, broken at the page break)?"""
    return before is not None and before.ends is not None and after.ends is not None and before.ends.breaks_word(after.ends, is_broken)


def join_ends(a: CellText | None, b: CellText | None) -> CellText | None:
    """The ends of a text continued by another: its room is the continuation's, its lead the first part's."""
    if a is None or b is None:
        return b or a
    return CellText.spanning(a, b)


def reaches_bottom(table: Table) -> bool:
    """Does the table run down to the lowest content of its page (so a row may go on overleaf)?"""
    return table.bottom >= table.body_bottom - BOTTOM_TOLERANCE_PT


def continues_table(last_kind: TableKind | None, last_table: Table | None, table: Table) -> Decision:
    """Does ``table`` continue the last table read?

    Only if nothing but page furniture came between them and the last table
    is on an earlier page.
    """
    if last_table is None:
        return Decision(Rule.TABLE_CONTINUES, False, Why.NO_TABLE_BEFORE)
    if last_kind is None:
        return Decision(Rule.TABLE_CONTINUES, False, Why.TEXT_BETWEEN)
    if last_table.page_no >= table.page_no:
        return Decision(Rule.TABLE_CONTINUES, False, Why.SAME_PAGE)
    return Decision(Rule.TABLE_CONTINUES, True, Why.NOTHING_BETWEEN)


def same_tagged_cell(before: CellText | None, after: CellText | None) -> bool | None:
    """Does a tagged PDF put ``after`` (a cell's text at the top of a page) in the table cell ``before`` ended in?
    None where either is untagged or empty.

    >>> same_tagged_cell(CellText("a", last_cell=7), CellText("b", first_cell=7)), same_tagged_cell(CellText("a", last_cell=7), CellText("b", first_cell=9))
    (True, False)
    >>> same_tagged_cell(CellText("a"), CellText("b", first_cell=9)) is None
    True
    """
    if before is None or after is None or before.last_cell is None or after.first_cell is None:
        return None
    return before.last_cell == after.first_cell


def same_tagged_row(prev: dict[Role, CellText | None], first: dict[Role, CellText | None]) -> bool | None:
    """Does a tagged PDF put the body cells of a page's first row in the cells the previous row ended in
    (a row the page break cut), or in others (a new row)? None where no column tells (untagged, or empty cells).
    The delmål column does not tell: its merged cell spans new rows too.

    >>> A, D = Role.ACTIVITY, Role.DELMAL
    >>> same_tagged_row({A: CellText("a", last_cell=4), D: CellText("d", last_cell=2)}, {A: CellText("b", first_cell=5), D: CellText("e", first_cell=2)})
    False
    """
    verdicts = [same_tagged_cell(prev.get(role), ends) for role, ends in first.items() if role != Role.DELMAL]
    known = [v for v in verdicts if v is not None]
    return any(known) if known else None


def opens_own_row(twice: dict[int, frozenset[int]], row: int, roles: dict[int, Role]) -> bool:
    """Is the top of atomic row ``row`` (grid line ``row``) drawn twice (:attr:`Table.twice`) over a column of
    the row's own, not the delmål's: a row opening with a border of its own under a repeated header's?

    >>> roles = {0: Role.DELMAL, 1: Role.ACTIVITY, 2: Role.ANSVAR}
    >>> opens_own_row({1: frozenset({1, 2})}, 1, roles), opens_own_row({1: frozenset({0})}, 1, roles), opens_own_row({2: frozenset({1})}, 1, roles)
    (True, False, False)
    """
    return any(roles.get(c) not in (None, Role.DELMAL) for c in twice.get(row, ()))


def continues_row(
    prev: dict[Role, str], first: dict[Role, str], prev_reached_bottom: bool, row: int | None = None, cut: bool = False,
    prev_delmal: str = "",
    cuts_open: bool = False,
    tagged: bool | None = None,
    opened: bool = False,
) -> Decision:
    """Is the first body row of a table continued from the previous page part of the previous row?

    A tagged PDF says so (``tagged``, :func:`same_tagged_row`): a row the page
    break cut is the same table cells on both pages.
    HTML writers cut a row that goes on overleaf without a border (``cut``,
    :attr:`Table.cut_bottom` of the page before): where the document's writer
    is one (``cuts_open``), a border drawn at the break ends the row. Where
    the break sliced only a merged delmål cell, the writer may leave the whole
    row unclosed, but the rows after it open overleaf with a top border of
    their own under the repeated header (``opened``, :attr:`Table.twice`). A row
    that Word or LibreOffice breaks across pages leaves no
    mark in the drawing, so the decision rests on the text: a new row always
    has an activity and nearly always an ansvar (a short cell, finished
    before the break) and always an outcome, and continuing text starts with a lower-case letter;
    the previous page's table ending at the bottom margin supports a
    continuation when a cell of the previous row stops mid-sentence. A row
    whose delmål cell starts a delmål of its own (not the rest of
    ``prev_delmal``) is a new row: a delmål cell spans whole rows.

    >>> A, R, O = Role.ACTIVITY, Role.ANSVAR, Role.OUTCOME
    >>> continues_row({A: "Träffar.", R: "BVC", O: "Ökad kunskap."}, {A: "Materialet delades ut.", O: ""}, True).why
    <Why.NO_ANSVAR: "the row has no ansvar: the row before's ansvar was finished before the page break (or it had none)">
    >>> continues_row({A: "Träffar.", O: "Ökad kunskap."}, {A: "Följande har genomförts:", O: "Arbetet fortsätter."}, True).why.name
    'NO_ANSVAR'
    >>> continues_row({A: "Träffar.", R: "BVC", O: "Ökad kunskap."}, {A: "Hembesök.", R: "MVC"}, True).why.name
    'NO_OUTCOME'
    >>> continues_row({A: "Träffar.", R: "BVC", O: "Ökad kunskap."}, {A: "Hembesök.", R: "MVC"}, False).yes
    False
    >>> continues_row({A: "Träffar.", R: "BVC", O: "Ökad kunskap."}, {A: "Hembesök.", R: "MVC", O: "Fler nås."}, True).yes
    False
    >>> continues_row({A: "Träffar.", R: "BVC", O: "Ökad kunskap."}, {A: "Materialet delades ut.", O: ""}, True,
    ...               cuts_open=True).why.name
    'BORDER_DRAWN'
    >>> continues_row({A: "Träffar.", R: "BVC", O: "Ökad kunskap."}, {A: "Hembesök.", R: "MVC", O: "Fler nås."}, True, cut=True,
    ...               opened=True).why.name
    'OWN_TOP_BORDER'
    >>> D = Role.DELMAL
    >>> continues_row({A: "Träffar.", R: "BVC"}, {D: "Ge barn bättre förutsättningar", A: "Exempel på insatser:"}, True,
    ...               prev_delmal="Öka kunskapen om hälsa").why
    <Why.OWN_DELMAL: 'the row starts a delmål of its own'>
    """
    body = {r: t.strip() for r, t in first.items() if r != Role.DELMAL and t.strip()}

    def decide(yes: bool, why: Why) -> Decision:
        return Decision(Rule.ROW_CONTINUES, yes, why, row)

    if tagged is not None:
        return decide(tagged, Why.TAGGED_SAME_CELLS if tagged else Why.TAGGED_OTHER_CELLS)
    if cut and opened:
        return decide(False, Why.OWN_TOP_BORDER)
    if cut:
        return decide(True, Why.BORDER_CUT)
    if cuts_open:
        return decide(False, Why.BORDER_DRAWN)
    if not body:
        return decide(True, Why.NO_BODY_TEXT)
    if not first.get(Role.ACTIVITY, "").strip():
        return decide(True, Why.NO_ACTIVITY)
    if any(t[0].islower() for t in body.values()):
        return decide(True, Why.LOWER_CASE)
    delmal = first.get(Role.DELMAL, "").strip()
    if delmal and prev_delmal.strip() and not continues_delmal(prev_delmal, delmal).yes:
        return decide(False, Why.OWN_DELMAL)
    if prev_reached_bottom and Role.ANSVAR not in body:
        # a new row without ansvar is rare (about one in sixteen); a row's rest has none whenever the
        # ansvar finished before the break, and always when the row had none
        return decide(True, Why.NO_ANSVAR)
    if prev_reached_bottom and Role.OUTCOME not in body and prev.get(Role.OUTCOME, "").strip():
        # every activity has an expected effect or an utfall: an empty one is the finished cell's rest
        return decide(True, Why.NO_OUTCOME)
    if prev_reached_bottom and any(ends_open(prev.get(role, "")) for role in body):
        return decide(True, Why.PREV_ENDS_OPEN)
    return decide(False, Why.NEW_ROW)


def continues_delmal(prev_text: str, text: str, row: int | None = None, tagged: bool | None = None,
                     own_box: bool = False) -> Decision:
    """Does a delmål cell at the top of a continued table go on with the previous page's delmål? A tagged
    PDF says so (``tagged``: the same table cell, :func:`same_tagged_cell`). ``own_box``: the row it continues
    began under an empty delmål box of its own (bordered apart from the delmål above it), so a delmål that
    stops mid-sentence is no sign (many print none): only a word going on is.

    >>> continues_delmal("Stötta sam-", "verkan kring barn").yes
    True
    >>> continues_delmal("Stärka föräldrar.", "7.1.2 Öka närvaron").why
    <Why.NEW_DELMAL: 'a new delmål'>
    >>> continues_delmal("Stärka föräldrar.", "Öka närvaron", tagged=True).why.name
    'DELMAL_TAGGED_SAME_CELL'
    >>> [continues_delmal("Nya mötesplatser för\\nfamiljer i", "Lika tillgång för alla", own_box=b).why.name for b in (False, True)]
    ['DELMAL_ENDS_OPEN', 'DELMAL_OWN_BOX']
    """
    if tagged is not None:
        return Decision(Rule.DELMAL_CONTINUES, tagged, Why.DELMAL_TAGGED_SAME_CELL if tagged else Why.DELMAL_TAGGED_OTHER_CELL, row)
    if text[:1].islower():
        return Decision(Rule.DELMAL_CONTINUES, True, Why.DELMAL_LOWER_CASE, row)
    if own_box:
        # (an unnumbered delmål printed without a period may end on an open word; the next one's text, pushed
        # overleaf, was joined to one read as ending on "det", the tail of "stadsområ‐|det": WeasyPrint 1170)
        return Decision(Rule.DELMAL_CONTINUES, False, Why.DELMAL_OWN_BOX, row)
    if not DELMAL_NO.match(text) and ends_open(prev_text):
        return Decision(Rule.DELMAL_CONTINUES, True, Why.DELMAL_ENDS_OPEN, row)
    return Decision(Rule.DELMAL_CONTINUES, False, Why.NEW_DELMAL, row)
