"""Tagged PDF: which paragraph each character belongs to, from the document's structure tree.

Word exports tagged PDFs by default, Chromium always, LibreOffice on request. A
tagged page says where each paragraph of a table cell begins even when nothing
on the page shows it (no spacing between paragraphs, a last line filled to the
edge), and which table cell (``TD``) a character lies in: a row the page break
cut is one cell on both pages, a new row overleaf another. pdfplumber gives each character the marked-content id (MCID) of the
innermost marked-content section it lies in, and forgets the outer one when a
nested section ends; :func:`track_nested_sections` keeps a stack instead.
"""

from __future__ import annotations

import logging
import weakref
from typing import NamedTuple

import pdfplumber
import pdfplumber.page
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

log = logging.getLogger(__name__)

#: structure types that are one block of text: the deepest one holding a character is its paragraph
BLOCK_TYPES = frozenset({"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "LBody", "Caption", "TH", "TD"})
#: structure types that are a table cell
CELL_TYPES = frozenset({"TH", "TD"})


class Tag(NamedTuple):
    """Where the structure tree puts a marked-content section: its paragraph, and its table cell (None outside one)."""

    block: int
    cell: int | None


class _NestedMarkedContent(pdfplumber.page.PDFPageAggregatorWithMarkedContent):
    """pdfplumber's aggregator with a stack of marked-content sections.

    A section nested in a paragraph's (an ``/Artifact`` or ``/Span`` around a
    soft hyphen, as Chromium writes) must give the paragraph's MCID back
    when it ends; pdfplumber's sets it to None.
    """

    def begin_tag(self, tag, props=None) -> None:  # type: ignore[no-untyped-def]
        stack = self.__dict__.setdefault("_sections", [])
        stack.append((self.cur_tag, self.cur_mcid))
        super().begin_tag(tag, props)
        if self.cur_mcid is None and stack:
            self.cur_mcid = stack[-1][1]  # a section without an MCID lies in its parent's

    def end_tag(self) -> None:
        stack = self.__dict__.setdefault("_sections", [])
        self.cur_tag, self.cur_mcid = stack.pop() if stack else (None, None)


def track_nested_sections() -> None:
    """Make pdfplumber keep the enclosing MCID across nested marked-content sections (idempotent)."""
    pdfplumber.page.PDFPageAggregatorWithMarkedContent = _NestedMarkedContent  # type: ignore[misc]


#: a structure tree larger than this is not read (a hostile or enormous document costs nothing more)
MAX_ELEMENTS = 200_000


def _name(obj: object) -> str | None:
    obj = resolve1(obj)
    if not isinstance(obj, PSLiteral):
        return None
    return decode_text(obj.name) if isinstance(obj.name, bytes) else str(obj.name)


def read_blocks(pdf: pdfplumber.PDF) -> dict[tuple[int, int], Tag]:
    """(page number, MCID) → its block and table cell (numbers), walking the document's structure tree.

    Each marked-content reference is placed on its own page (``/Pg`` of the
    reference, else of the nearest element): a paragraph that runs on
    overleaf holds MCIDs of two pages, which pdfplumber's tree mixes up.
    Role-mapped types (``/RoleMap``) are read as the standard type they map to.
    """
    root = resolve1(pdf.doc.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):
        return {}
    page_no = {pg.page_obj.pageid: pg.page_number for pg in pdf.pages}
    role_map = resolve1(root.get("RoleMap")) or {}
    out: dict[tuple[int, int], Tag] = {}
    counter, seen = 0, 0
    # (object, page objid inherited, block and cell inherited); iterative: a deep tree cannot exhaust the stack
    stack: list[tuple[object, int | None, int | None, int | None]] = [(root.get("K"), None, None, None)]
    while stack:
        obj, pg, block, cell = stack.pop()
        seen += 1
        if seen > MAX_ELEMENTS:
            log.debug("structure tree larger than %d elements: tags not read", MAX_ELEMENTS)
            return {}
        obj = resolve1(obj)
        if isinstance(obj, list):
            stack.extend((o, pg, block, cell) for o in reversed(obj))
        elif isinstance(obj, int):
            if block is not None and pg in page_no:
                out[(page_no[pg], obj)] = Tag(block, cell)
        elif isinstance(obj, dict):
            here = obj.get("Pg")
            pg = here.objid if isinstance(here, PDFObjRef) else pg
            if _name(obj.get("Type")) in ("MCR", "OBJR"):
                mcid = resolve1(obj.get("MCID"))
                if isinstance(mcid, int) and block is not None and pg in page_no:
                    out[(page_no[pg], mcid)] = Tag(block, cell)
                continue
            kind = _name(obj.get("S"))
            kind = _name(role_map.get(kind)) or kind if kind is not None and isinstance(role_map, dict) else kind
            if kind in BLOCK_TYPES:
                counter += 1
                block = counter
                if kind in CELL_TYPES:
                    cell = counter
            if "K" in obj:
                stack.append((obj.get("K"), pg, block, cell))
    return out


_BLOCKS: weakref.WeakKeyDictionary[pdfplumber.PDF, dict[tuple[int, int], Tag]] = weakref.WeakKeyDictionary()


def document_blocks(pdf: pdfplumber.PDF) -> dict[tuple[int, int], Tag]:
    """(page number, MCID) → block and cell for a tagged document (read once); empty when it is not tagged."""
    if pdf not in _BLOCKS:
        try:
            _BLOCKS[pdf] = read_blocks(pdf)
        except Exception:  # a broken structure tree costs only the tags, never the document
            log.debug("structure tree unreadable", exc_info=True)
            _BLOCKS[pdf] = {}
    return _BLOCKS[pdf]
