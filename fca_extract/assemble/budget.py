"""The budget / ekonomisk redovisning table: one row per amount cell.

Column meaning comes from a one- or two-level header: the lowest header cell
over a column names the funder (HSNG, SN+FSN, …); any header cell over it that
says "Utfall" makes its amounts ``utfall``, otherwise they are ``budget``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..layout.page import Table
from ..layout.textlines import BULLETS
from ..vocab import Code, Notice, notice
from .continuation import ends_open, join_parts
from .template import DIGIT_LOOKALIKES, fold

# spaces that may group thousands: normal, no-break, thin, narrow no-break, figure
_GROUP_SPACES = " \u00a0\u2009\u202f\u2007"
# thousands grouped by a space of any kind or by dots (1.690.000); the decimal mark is a comma
AMOUNT = re.compile(
    r"^(?P<num>\d+(?:[" + _GROUP_SPACES + r"]\d{3})*|\d{1,3}(?:\.\d{3})+)(?:,(?P<dec>\d+))?\s*(?P<unit>tkr|mkr|kkr|kr|sek|:-)?\.?$",
    re.I,
)
_UNIT = {"tkr": 1000, "kkr": 1000, "mkr": 1_000_000}
#: what a border touching an amount (or the grey ghost of an erased one) reads as on a scan, and nothing else:
#: a "+" is where two borders cross and comes with more ("+41.115.000" for 1.115.000: reporting sweep), so an
#: amount after one stays unread
_DEBRIS = ":;|!¦'\"` =[]()"
#: a mark before a post's first letter: a list's bullet (the layout's) or dash, or a border's ghost
POST_MARK = re.compile("^[" + re.escape(BULLETS + "-–—*~_") + r"]+\s*(?=[^\W\d_])")


def parse_amount(text: str) -> int | None:
    """Whole kronor from a printed amount, or ``None`` if the text is not an amount.

    >>> parse_amount("1250 tkr"), parse_amount("925 000"), parse_amount("1075\\u00a0000"), parse_amount("173tkr")
    (1250000, 925000, 1075000, 173000)
    >>> parse_amount("1,5 mkr"), parse_amount("0"), parse_amount("Budget 2023")
    (1500000, 0, None)
    >>> parse_amount("1.690.000"), parse_amount("2.500 tkr"), parse_amount("12.5")
    (1690000, 2500000, None)
    >>> parse_amount(":1345000"), parse_amount("+1305000"), parse_amount("|990000 |")  # a scan's border debris
    (1345000, None, 990000)
    >>> parse_amount("=555 000"), parse_amount("[0]"), parse_amount("(0)")  # ... and what Tesseract makes of an erased border's ghost
    (555000, 0, 0)
    """
    t = " ".join(text.split()) if "\n" in text else text.strip()
    # (a border a bold amount touches reads as ":" or "|" on a scan)
    t = t.strip(_DEBRIS)
    m = AMOUNT.match(t)
    if not m:
        return None
    whole = int(re.sub(r"\D", "", m["num"]))
    frac = m["dec"] or ""
    mult = _UNIT.get((m["unit"] or "").lower(), 1)
    value = whole * mult + (int(frac) * mult // (10 ** len(frac)) if frac else 0)
    return value


_DIGIT_LETTERS = str.maketrans(DIGIT_LOOKALIKES)


#: the words an amount's unit is printed as
_UNIT_WORDS = frozenset(("tkr", "mkr", "kkr", "kr", "sek", ":-"))


def as_digits(raw: str) -> str:
    """``raw`` with the letters OCR read for digits (:data:`DIGIT_LOOKALIKES`) made digits, in the words that hold a digit already,
    and in a word of nothing but such letters before an amount's unit (a unit or a post's word stays as read).

    >>> as_digits("I31 tkr"), as_digits("5OO 0O0"), as_digits("Budget 2023"), as_digits("SN")
    ('131 tkr', '500 000', 'Budget 2023', 'SN')
    >>> as_digits("O tkr"), as_digits("IO kr"), as_digits("Om tkr"), as_digits("O")
    ('0 tkr', '10 kr', 'Om tkr', 'O')
    """
    words = raw.split()
    return " ".join(
        w.translate(_DIGIT_LETTERS)
        if any(ch.isdigit() for ch in w) or (nxt.lower() in _UNIT_WORDS and all(ch in DIGIT_LOOKALIKES for ch in w))
        else w
        for w, nxt in zip(words, [*words[1:], ""])
    )


def split_post(text: str) -> tuple[str, str | None]:
    """A post cell's wrapped text → (post, remark): a remark is a paragraph of its own under the post.

    >>> split_post("Koordinator\\n50 %\\n\\nEnligt avtal 50/50-\\nfinansiering.")
    ('Koordinator\\n50 %', 'Enligt avtal 50/50-\\nfinansiering.')
    >>> split_post("SUMMA")
    ('SUMMA', None)

    Where nothing set the remark apart (a scan keeps no italics; a post's
    last line full to the edge), a remark is the sentence that begins a line
    with a capital after a post that is whole: its brackets closed, no
    sentence of its own, not stopping mid-phrase.

    >>> split_post("Kompetensutveckling (konferenser, resor m.m.)\\nInkl. kostnader för tolk.")
    ('Kompetensutveckling (konferenser, resor m.m.)', 'Inkl. kostnader för tolk.')
    >>> split_post("Lokalhyra för mötesplatser i\\nBergsjön.")[1], split_post("FCA-koordinatorer (4 åå, lön\\nInkl. sociala avgifter)")[1]
    (None, None)

    A post is a name: a dash or bullet glued before its first letter is a list mark that lost its space or an
    erased border's ghost ("-Tolkkostnader", read at 0 % confidence: a LibreOffice 250 dpi scan, tuning 1112).

    >>> split_post("-Tolkkostnader"), split_post("• Lokalhyra")[0]
    (('Tolkkostnader', None), 'Lokalhyra')
    """
    post, _, note = POST_MARK.sub("", text.strip()).partition("\n\n")
    if not note:
        post, note = _unmarked_remark(post)
    return post, (note or "").strip() or None


def _unmarked_remark(text: str) -> tuple[str, str]:
    lines = text.split("\n")
    for i in range(1, len(lines)):
        head, tail = "\n".join(lines[:i]).rstrip(), "\n".join(lines[i:]).strip()
        if not (tail[:1].isupper() and tail.endswith(".")):
            continue
        if head[-1:] in ".,;:-–/&(" or head.count("(") != head.count(")") or ends_open(head):
            continue
        return head, tail
    return text, ""


@dataclass
class BudgetCell:
    post: str  # wrapped text of the post cell, its remark left out
    note: str | None  # wrapped text of a remark printed under the post
    funder: str
    kind: str
    amount_sek: int | None  # None: OCR'd text that is no amount, until its column's sum settles it
    raw: str
    page_no: int
    ocr: bool = False  # the cell's text was OCR'd
    read_as: str | None = None  # the OCR reading its column's sum corrected (``raw`` is then what was printed)
    #: the repair that made ``raw`` of ``read_as`` (None where it is None): ``budget_sum`` (the column's SUMMA),
    #: ``ocr_confusion`` (letters read for digits)
    read_by: str | None = None


@dataclass
class BudgetHeader:
    """Funder per column index, and the header cells that name a kind ("Budget 2024", "Utfall 2024-12-31"):
    a column is utfall where such a cell above it says so, else budget."""

    funder: dict[int, str]
    centres: dict[int, float] = field(default_factory=dict)  # x of each column's middle
    kind_spans: tuple[tuple[float, float, str], ...] = ()  # (x0, x1, kind) of each cell that names a kind

    def kind_of(self, col: int) -> str:
        x = self.centres.get(col)
        utfall = x is not None and any(x0 <= x <= x1 and k == "utfall" for x0, x1, k in self.kind_spans)
        return "utfall" if utfall else "budget"

    def carrying_kinds(self, before: BudgetHeader | None) -> BudgetHeader:
        """This header, continuing a table whose header was ``before``: a header row repeated overleaf
        without its top row, or a page break between the two header rows ("Budget 2024 | Utfall 2024" at
        the bottom of one page, the funders on the next), takes the kinds of the cells above its columns.

        >>> top = BudgetHeader({}, kind_spans=((200, 300, "budget"), (300, 400, "utfall")))
        >>> h = BudgetHeader({1: "HSNG", 2: "GSN", 3: "HSNG"}, {1: 225, 2: 275, 3: 325}).carrying_kinds(top)
        >>> [h.kind_of(col) for col in (1, 2, 3)]
        ['budget', 'budget', 'utfall']
        """
        if self.kind_spans or before is None:
            return self
        return replace(self, kind_spans=before.kind_spans)


def _is_body_row(table: Table, r: int) -> bool:
    """A post with amounts; or, below the header, a row of amounts only: a post whose text a page break
    pushed overleaf (WeasyPrint moves a cell's lines that do not fit, and leaves the short cells beside it)."""
    cells = table.cells_in_row(r)
    if not cells or cells[0].col != 0:
        return False
    own = [c.text for c in cells if c.col > 0 and c.row == r and c.text.strip()]
    if cells[0].text.strip():
        return any(parse_amount(t) is not None for t in own)
    return r > 0 and len(own) >= 2 and all(parse_amount(t) is not None for t in own)


def read_header(table: Table) -> tuple[BudgetHeader | None, int]:
    """The header of a budget table and the first body row (``None`` if no header rows)."""
    first_body = next((r for r in range(table.n_rows) if _is_body_row(table, r)), table.n_rows)
    if first_body == 0:
        return None, 0
    funder: dict[int, str] = {}
    for col in range(1, table.n_cols):
        texts = []
        for r in range(first_body):
            c = table.cell_at(r, col)
            if c is not None and c.row == r and c.text.strip():
                texts.append(" ".join(c.text.split()))
        labels = [t for t in texts if _kind_named(t) is None]
        if labels:
            funder[col] = labels[-1]
    spans = tuple(
        (c.bbox[0], c.bbox[2], kind)
        for r in range(first_body) for c in table.cells_in_row(r)
        if c.row == r and c.col > 0 and (kind := _kind_named(c.text))
    )
    centres = {col: (table.xs[col] + table.xs[col + 1]) / 2 for col in range(1, table.n_cols)}
    return BudgetHeader(funder, centres, spans), first_body


def _kind_named(text: str) -> str | None:
    """The kind a header label names: "Utfall 2024-12-31" → utfall, "Budget 2024" → budget."""
    folded = fold(" ".join(text.split()))
    if "utfall" in folded:
        return "utfall"
    if re.match(r"^(budget|prognos)\b", folded):
        return "budget"
    return None


def carried_post_text(table: Table, first_body: int) -> str | None:
    """On a budget table continued overleaf: the text of a post cell the page break cut (a remark under the
    post, or the post's last lines), standing in the first row with no amounts beside it."""
    if first_body == 0:
        return None
    cells = table.cells_in_row(0)
    post = next((c for c in cells if c.col == 0), None)
    if post is None or not post.text.strip() or any(c.col > 0 and c.text.strip() for c in cells):
        return None
    return post.text


def continue_post(cells: list[BudgetCell], text: str) -> None:
    """The amount cells of the post the page break cut (the last ones read) get the rest of its text:
    a paragraph of its own under the post is its remark."""
    if not cells:
        return
    last = cells[-1]
    whole = last.post + ("\n\n" + last.note if last.note else "")
    post, note = split_post(join_parts(whole, text))
    for c in cells:
        if c.post == last.post and c.note == last.note and c.page_no == last.page_no:
            c.post, c.note = post, note


def read_budget(
    table: Table, header: BudgetHeader | None, ocr: bool = False,
) -> tuple[list[BudgetCell], BudgetHeader | None, list[Notice], str | None]:
    """Amount cells of a budget table (or its continuation, with the header carried over), and the text of
    a post cell cut by the page break before it (:func:`carried_post_text`). On an OCR'd page (``ocr``) a
    cell that reads as no amount is kept, amount None, for :func:`settle_by_sums`."""
    warnings: list[Notice] = []
    own, first_body = read_header(table)
    carried = carried_post_text(table, first_body) if header is not None else None
    if own is not None and own.funder:
        header = own.carrying_kinds(header)
        carried = None
    elif own is not None and own.kind_spans and first_body == table.n_rows:
        return [], own, [], None  # the header's top row alone at a page's bottom: the funders come overleaf
    if header is None:
        return [], None, [notice(Code.BUDGET_NO_HEADER, table.page_no)], None
    out: list[BudgetCell] = []
    for r in range(first_body, table.n_rows):
        cells = table.cells_in_row(r)
        post_cell = next((c for c in cells if c.col == 0), None)
        if post_cell is None or post_cell.row != r:
            continue  # a merged post cell was handled on its first row
        for c in cells:
            if c.col == 0 or c.row != r or not c.text.strip():
                continue
            amount = parse_amount(c.text)
            raw = " ".join(c.text.split())
            read_as = None
            if amount is None and ocr and (amount := parse_amount(digits := as_digits(raw))) is not None:
                read_as, raw = raw, digits  # a digit OCR read as a letter ("I31 tkr")
            if amount is None and not ocr:
                warnings.append(notice(Code.BUDGET_NOT_AMOUNT, table.page_no, raw=raw))
                continue
            funder = header.funder.get(c.col)
            if funder is None:
                warnings.append(notice(Code.BUDGET_NO_FUNDER, table.page_no, raw=raw))
                funder = ""
            post, note = split_post(post_cell.text)
            out.append(BudgetCell(post, note, funder, header.kind_of(c.col), amount, raw, table.page_no, ocr, read_as=read_as,
                                  read_by="ocr_confusion" if read_as is not None else None))
    return out, header, warnings, carried


#: a post that sums the posts above it
SUM_POST = re.compile(r"^\s*(summa|totalt?)\b", re.I)


def _printed_as(raw: str, value: int) -> str | None:
    """``raw`` (an OCR reading one character off) edited to print ``value``, or None.

    >>> _printed_as("920 000", 90000), _printed_as("+1.470.000", 1470000), _printed_as("1 850 000", 1350000)
    ('90 000', '1.470.000', '1 350 000')
    >>> _printed_as("1 250 tkr", 1350000), _printed_as("12", 7) is None, _printed_as("1:010:000", 1010000)
    ('1 350 tkr', True, '1.010.000')
    >>> _printed_as("-1140000", 1140000), _printed_as("+>775 000", 775000), _printed_as("1230.000", 1230000)
    ('1140000', '775 000', '1230000')
    """
    # (a thousands point read as a colon or a semicolon, "1:010:000" on a 250 dpi scan, tuning 1026)
    # (and an erased border's ghost read as a sign or any mark: "-1140000", "+>775 000" (tuning 1135); the sum
    # decides, not the marks)
    t = re.sub(r"(?<=\d)[:;](?=\d{3})", ".", re.sub(r"^\W+|\W+$", "", raw))
    pos = [i for i, ch in enumerate(t) if ch.isdigit()]
    # (each candidate is the reading or one digit off it, or the reading without a group mark it lost one of:
    # "1230.000" for "1.230.000", tuning 1148)
    candidates = [t, re.sub(r"(?<=\d)[.\s](?=\d{3})", "", t)]
    candidates += [t[:i] + t[i + 1:] for i in pos]  # a digit too many
    candidates += [t[:i] + d + t[i + 1:] for i in pos for d in "0123456789"]  # a digit misread
    candidates += [t[:i] + d + t[i:] for i in pos + [len(t)] for d in "0123456789"]  # a digit lost
    for c in candidates:
        c = " ".join(c.split())
        if parse_amount(c) == value:
            return c
    return None


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def settle_by_sums(cells: list[BudgetCell]) -> tuple[list[BudgetCell], list[Notice]]:
    """The budget's cells with OCR misreadings its sums settle, and notices of cells still no amount.

    A budget column's SUMMA is the sum of the posts above it. Where one OCR'd cell of a column is no
    amount ("+1.470.000": the ghost of an erased border read as "+"), or where the sum fails and
    one OCR'd cell alone can make it hold by one digit more, less or other ("920 000" read for the
    printed "90 000"), that cell takes the amount the sum needs; its reading is kept in ``read_as``.
    A text layer's amounts are as printed, right or wrong, and are never changed.

    >>> cell = lambda post, raw, ocr=True: BudgetCell(post, None, "SN", "utfall", parse_amount(raw), raw, 9, ocr)
    >>> out, notes = settle_by_sums([cell("Lön", "1.400.000"), cell("Tolk", "70.000"), cell("SUMMA", "+1.470.000")])
    >>> [(c.amount_sek, c.raw, c.read_as) for c in out][-1], notes
    ((1470000, '1.470.000', '+1.470.000'), [])
    >>> out, _ = settle_by_sums([cell("Lön", "500 000"), cell("Kurser", "920 000"), cell("SUMMA", "590 000")])
    >>> [(c.amount_sek, c.read_as) for c in out][1]
    (90000, '920 000')
    >>> out, _ = settle_by_sums([cell("Lön", "500 000", False), cell("Kurser", "920 000", False), cell("SUMMA", "590 000", False)])
    >>> [c.amount_sek for c in out]  # a text layer's sum that fails is the author's
    [500000, 920000, 590000]
    >>> out, _ = settle_by_sums([cell("Lön", "1240 000"), cell("SUMMA", "21 240 000")])
    >>> [(c.amount_sek, c.read_as) for c in out]  # a digit too many in the sum, not one lost in its term
    [(1240000, None), (1240000, '21 240 000')]
    >>> out, notes = settle_by_sums([cell("Lön", "5OO 0O0"), cell("Kurser", "9O 000"), cell("SUMMA", "590 000")])
    >>> [c.amount_sek for c in out], [n.code.value for n in notes]  # two unknowns: the sum settles neither
    ([590000], ['budget_not_amount', 'budget_not_amount'])
    """
    columns: dict[tuple[str, str], list[BudgetCell]] = {}
    for c in cells:
        columns.setdefault((c.funder, c.kind), []).append(c)
    for col in columns.values():
        at = next((i for i, c in enumerate(col) if SUM_POST.match(c.post)), None)
        if at is None or at == 0:
            continue
        terms, total = col[:at], col[at]
        unknown = [c for c in terms + [total] if c.amount_sek is None]
        if len(unknown) > 1:
            continue
        if not unknown and sum(c.amount_sek for c in terms) == total.amount_sek:  # type: ignore[misc]
            continue
        fixes = []
        for c in ([unknown[0]] if unknown else terms + [total]):
            if not c.ocr:
                continue
            others = sum(t.amount_sek for t in terms if t is not c)  # type: ignore[misc]
            need = others if c is total else total.amount_sek - others  # type: ignore[operator]
            printed = _printed_as(c.raw, need) if need >= 0 else None
            if printed is not None:
                fixes.append((c, need, printed))
        if len(fixes) > 1:
            # (a glyph too many, an erased border's ghost read as a digit, is likelier than one OCR misread, and that
            # than one it lost: "21 240 000" for "1 240 000" in a SUMMA row, not its term "1240 000" short of a 2)
            # (each settlement is one digit off its reading at most: -1 dropped, 0 changed, +1 added)
            rank = [_digit_count(p) - _digit_count(c.raw) for c, _, p in fixes]
            fixes = [f for f, r in zip(fixes, rank) if r == min(rank)]
        if len(fixes) == 1:
            c, need, printed = fixes[0]
            c.read_as, c.amount_sek, c.raw, c.read_by = c.read_as or c.raw, need, printed, "budget_sum"
    notes = [notice(Code.BUDGET_NOT_AMOUNT, c.page_no, raw=c.raw) for c in cells if c.amount_sek is None]
    return [c for c in cells if c.amount_sek is not None], notes
