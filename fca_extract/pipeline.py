"""One document through every stage: load → page text/OCR → layout → reassembly → repair → rows.

Pages are processed one at a time; only the assembled structure (small)
outlives a page. Nothing here prints or writes files: the CLI and the
ingest job do that with the :class:`DocumentResult`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .assemble.driver import Assembler
from .errors import FcaError, MissingDependencyError, is_out_of_memory
from .output.records import DocumentRow, PageRow, as_row
from .output.rows import build_rows
from .assemble.trace import Decision, TableReading
from .layout.furniture import margin_lines, repeated_lines
from .layout.hyphenation import broken_word_lengths, page_hyphenates, shortest_broken
from .layout.page import PageLayout, Table, analyse_page
from .layout.printed import PrintedWords
from .model import LOW_OCR_CONFIDENCE, PageContent
from .fileid import sha256_file, unreadable_id
from .pages.load import check_header, open_pdf
from .pages.writer import pdf_writer
from .assemble.metadata import describe
from .assemble.template import doc_type_in, fold
from .vocab import DOCUMENT_LEVEL, PARTIAL_CODES, Code, DocType, Notice, OcrMode, Severity, Status, TextSource, notice, page_notes, warning_lines
from .repair import Lexicon, RepairConfig
from .pages.source import PageRead, SourceOptions, read_pages

log = logging.getLogger(__name__)

# mean word confidence (0-100) from which an OCR'd page may teach the lexicon
CLEAN_OCR_CONFIDENCE = 90.0


@dataclass
class Options:
    source: SourceOptions = field(default_factory=SourceOptions)
    repair: RepairConfig = field(default_factory=RepairConfig)


@dataclass
class DocumentResult:
    doc_id: str
    source_path: str
    status: Status
    doc_type: str
    year: int | None
    notices: list[Notice]
    tables: dict[str, list[dict]]  # contract table name → rows (documents included)
    error: str | None = None  # the one-line reason a document failed or is partial

    @property
    def warnings(self) -> list[str]:
        """The notices as the lines of ``documents.warnings`` (information on how pages were read left out)."""
        return warning_lines(self.notices)

    def has(self, code: Code) -> bool:
        return any(n.code is code for n in self.notices)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def document_row(doc_id: str, path: Path, **kw) -> dict:
    """The ``documents`` row of ``path``; ``kw`` overrides the defaults of a failed, unread file."""
    values = dict(
        doc_id=doc_id,
        source_path=str(path),
        file_name=path.name,
        doc_type=DocType.UNKNOWN,
        year=None,
        district=None,
        title=None,
        n_pages=None,
        n_pages_ocr=0,
        status=Status.FAILED,
        warnings=[],
        pipeline_version=__version__,
        extracted_at=_now(),
    )
    values.update(kw)
    return as_row(DocumentRow(**values))


def failed_result(path: Path, reason: str, doc_id: str | None = None) -> DocumentResult:
    """The result for a file that could not be read at all: one ``documents`` row, status failed."""
    if doc_id is None:
        try:
            doc_id = sha256_file(path)
        except OSError:
            doc_id = unreadable_id(path)
    row = document_row(doc_id, path, warnings=[reason])
    notices = [notice(Code.FAILED, detail=reason)]
    return DocumentResult(doc_id, str(path), Status.FAILED, DocType.UNKNOWN, None, notices, {"documents": [row]}, error=reason)


def page_failure(code: Code, page_no: int, e: BaseException) -> Notice:
    """The notice for a page lost to an exception; running out of memory has its own code."""
    detail = f"{type(e).__name__}: {e}"
    if is_out_of_memory(e):
        return notice(Code.MEMORY, page_no, detail=f"out of memory ({detail})")
    return notice(code, page_no, detail=detail)


def one_line_reason(notices: list[Notice]) -> str:
    """Why a document is partial: the first document-level problem, else the first warning."""
    hit = next((n for n in notices if n.code in DOCUMENT_LEVEL), None)
    if hit is not None:
        return str(hit)
    first = next((n for n in notices if n.severity is Severity.WARNING), None)
    return str(first) if first is not None else "partial"


ProgressFn = Callable[[int, int], None]


@dataclass
class PageTrace:
    """What the pipeline did with one page, in the order it did it: the record ``inspect`` draws."""

    read: PageRead  # the page's content and the OCR decision, or why it could not be read
    layout: PageLayout | None = None  # None: not read, or not understood
    tables: list[TableReading] = field(default_factory=list)  # what each table was read as, with the decisions taken
    notices: list[Notice] = field(default_factory=list)
    pages_not_read: int = 0  # inspect: earlier pages that needed OCR and were not read for this trace
    hyphenated: bool = False  # its text layer shows the writer's hyphenation (:func:`page_hyphenates`)
    prose: list[Decision] = field(default_factory=list)  # the decisions taken on its paragraphs

    @property
    def page_no(self) -> int:
        return self.read.page_no

    @property
    def content(self) -> PageContent | None:
        return self.read.content

    @property
    def ocr_reason(self) -> str:
        """``pages.ocr_reason``: the OCR decision (or the failure), then how the page was read (turned)."""
        notes = page_notes(self.read.content.notices) if self.read.content else []
        return "; ".join([self.read.ocr_reason, *notes])

    @property
    def low_conf_words(self) -> int:
        return sum(1 for w in self.content.words if w.conf is not None and w.conf < LOW_OCR_CONFIDENCE) if self.content else 0

    def page_row(self, doc_id: str) -> dict:
        c = self.content
        return as_row(
            PageRow(doc_id, self.page_no, c.text_source if c else None, c.ocr_confidence if c else None, c.n_chars if c else 0, self.ocr_reason)
        )


def trace_pages(
    reads: Iterable[PageRead], asm: Assembler, n_pages: int, progress: ProgressFn | None = None, printed: PrintedWords | None = None
) -> Iterator[PageTrace]:
    """Each page read through layout → reassembly, in page order, with its trace.

    A page is laid out once the next page has been read (or the document
    ended): running headers and footers are what neighbouring pages repeat.
    A page that cannot be read or laid out costs that page, not the document.
    ``printed`` (the Assembler's too, see :func:`document_words`) learns each page's words before its layout,
    and tells the layout a word broken at a column's edge.
    """
    printed = printed or document_words(None)
    is_broken = printed.is_broken
    margins: dict[int, list] = {}
    window: deque[PageRead] = deque()
    # the writer hyphenates: seen on any page read so far (a page without a hyphenated line end still is)
    hyphenates = False
    shortest_break: int | None = None  # the shortest word the OCR'd pages read so far show broken at a line end
    break_lengths: list[int] = []  # every word they show broken there
    shown: dict[int, bool] = {}  # page → its own text shows hyphenation
    wrap_spaces = False  # the writer prints a space where it wraps a line: seen on any page laid out so far

    def lay_out(read: PageRead) -> PageTrace:
        nonlocal wrap_spaces
        i = read.page_no
        trace = PageTrace(read, hyphenated=shown.pop(i, False))
        if read.failure is not None:
            trace.notices.append(read.failure)
        elif read.content is not None:
            trace.notices.extend(read.content.notices)
            try:
                neighbours = [margins[j] for j in (i - 1, i + 1) if j in margins]
                repeated = repeated_lines(margins.get(i, []), neighbours)
                printed.add(read.content.words)
                before = len(printed.calls)
                trace.layout = analyse_page(
                    read.content, is_broken=is_broken, furniture=repeated, hyphenates=hyphenates, wrap_spaces=wrap_spaces,
                    shortest_break=shortest_break,
                )
                trace.layout.edge_words = printed.calls[before:]
                printed.add_wraps(laid_out_texts(trace.layout))
                wrap_spaces = wrap_spaces or trace.layout.wrap_spaces
                decided = len(asm.decisions)
                trace.tables = asm.add_page(trace.layout)
                trace.prose = asm.decisions[decided:]
            except Exception as e:
                log.debug("layout of page %d failed", i, exc_info=True)
                trace.layout = None
                trace.notices.append(page_failure(Code.LAYOUT_FAILED, i, e))
        margins.pop(i - 1, None)  # only the neighbours of pages still to come are kept
        return trace

    for read in reads:
        if progress is not None:
            progress(read.page_no, n_pages)
        if read.content is not None:
            margins[read.page_no] = margin_lines(read.content)
            shown[read.page_no] = page_hyphenates(read.content.words)
            hyphenates = hyphenates or shown[read.page_no]
            break_lengths += broken_word_lengths(read.content.words, is_broken)
            shortest_break = shortest_broken(break_lengths)
        window.append(read)
        if len(window) == 2:
            yield lay_out(window.popleft())
    while window:
        yield lay_out(window.popleft())


# ---------------------------------------------------------------- early stop for a foreign document
# (a folder of other PDFs cost as much as FCA documents: every page read, and OCR'd, before the verdict)

#: a longer document showing nothing of the FCA template in its first pages is not read further
NOT_FCA_AFTER_PAGES = 3
_FCA_WORDS = re.compile(r"familjecentr|\bfca\b")
_PAGE_LOST = frozenset({Code.PAGE_UNREADABLE, Code.OCR_FAILED, Code.LAYOUT_FAILED, Code.MEMORY})


def stops_early(asm: Assembler, page_no: int, n_pages: int, notices: list[Notice]) -> bool:
    """After page :data:`NOT_FCA_AFTER_PAGES` of a longer document: has the reassembly seen nothing of the template?

    Any sign reads on: a goal, overview or budget table, a section 6 text, or a document type
    (handlingsplan, årsrapport …) or "familjecentrerat"/"FCA" in the title block, headings or text
    so far; so does a page lost on the way (it may have held them).
    """
    if page_no != NOT_FCA_AFTER_PAGES or n_pages <= page_no or any(n.code in _PAGE_LOST for n in notices):
        return False
    d = asm.doc
    if d.activities or d.goals or d.budget or d.header_texts or d.budget_headers or d.overview_heading:
        return False
    text = " ".join([t for _, t in d.title_lines] + d.first_page_text + [t for s in d.sections for t in (s.heading, *s.paragraphs)])
    return doc_type_in(text) is None and _FCA_WORDS.search(fold(text)) is None


def laid_out_texts(layout: PageLayout) -> list[str]:
    """A page's paragraphs and table cells, lines joined by ``\\n``: where its lines wrapped."""
    return [t for it in layout.items for t in ([c.text for c in it.cells] if isinstance(it, Table) else [it.text])]


def document_words(lexicon: Lexicon | None) -> PrintedWords:
    """A document's memory of the words it prints, falling back on the lexicon (default
    :meth:`Lexicon.default`) for a word broken at a column's edge."""
    return PrintedWords((lexicon or Lexicon.default()).is_broken_word)


def authors_hyphens(pages: list[dict], hyphenated: bool) -> bool:
    """Is every hyphen at a line end the author's own ("drop in-|träffar" stays "drop in-träffar")?

    So where the writer hyphenates nothing: no page of an all-text-layer document shows a hyphenated line end
    (a writer that hyphenates shows several on a page of table text; an OCR'd page shows nothing either way).

    >>> authors_hyphens([{"text_source": "text_layer"}], False), authors_hyphens([{"text_source": "text_layer"}], True)
    (True, False)
    >>> authors_hyphens([{"text_source": "ocr"}], False)
    False
    """
    return bool(pages) and not hyphenated and all(p["text_source"] == TextSource.TEXT_LAYER for p in pages)


def is_clean(pages: list[dict], ocr: OcrMode) -> bool:
    """May the document's own text teach the lexicon?

    Only a wholly clean text layer (bad OCR would teach it "stirka"); with
    ``--ocr never`` a bad layer is not detected, so nothing is learned then.
    OCR read with high confidence counts as clean too: a scanned copy then
    learns the same names and spellings (NOSAM, språk-och) as its exported
    original.
    """
    return ocr != OcrMode.NEVER and bool(pages) and all(
        p["text_source"] == TextSource.TEXT_LAYER or (p["text_source"] == TextSource.OCR and (p["ocr_confidence"] or 0) >= CLEAN_OCR_CONFIDENCE)
        for p in pages
    )


def extract_document(
    path: Path,
    options: Options | None = None,
    lexicon: Lexicon | None = None,
    *,
    progress: ProgressFn | None = None,
    on_page: Callable[[PageTrace], None] | None = None,
) -> DocumentResult:
    """Extract one PDF. Raises only for programming errors; bad input gives a failed result.

    ``lexicon`` is the general Swedish lexicon (default :meth:`Lexicon.default`);
    it is never changed: what a clean document teaches stays with that document.
    ``progress(pages_done, n_pages)`` is called after each page, in page order;
    ``on_page`` receives each page's :class:`PageTrace` (pages are not kept).
    """
    options = options or Options()
    path = Path(path)
    try:
        doc_id = sha256_file(path)
        notices = [notice(Code.FILE_DAMAGED, detail=w) for w in check_header(path)]
    except FcaError as e:
        return failed_result(path, str(e))
    except OSError as e:
        return failed_result(path, f"cannot read file: {e.strerror or e}")
    lexicon = lexicon or Lexicon.default()
    printed = document_words(lexicon)
    pages: list[dict] = []
    hyphenated = False  # any page shows the writer's hyphenation
    try:
        with open_pdf(path) as pdf:
            asm = Assembler(printed.is_broken, pdf_writer(pdf))
            n_pages = len(pdf.pages)
            for trace in trace_pages(read_pages(pdf, options.source), asm, n_pages, progress, printed):
                notices.extend(trace.notices)
                pages.append(trace.page_row(doc_id))
                hyphenated = hyphenated or trace.hyphenated
                if on_page is not None:
                    on_page(trace)
                if stops_early(asm, trace.page_no, n_pages, notices):  # a foreign document: the rest is not read
                    notices.append(notice(Code.NOT_READ, first=trace.page_no + 1, last=n_pages, read=trace.page_no))
                    break
    except MissingDependencyError:
        raise  # a broken installation, not a bad document: the caller stops the run
    except FcaError as e:
        return failed_result(path, str(e), doc_id)
    raw = asm.finish()
    notices.extend(raw.notices)
    meta = describe(raw, lexicon)
    repair = options.repair
    if repair.marked_hyphens is None and authors_hyphens(pages, hyphenated):
        repair = replace(repair, marked_hyphens=True)
    tables, repairs, meta = build_rows(raw, meta, doc_id, lexicon, repair, learn=is_clean(pages, options.source.ocr),
                               ocr=any(p["text_source"] == TextSource.OCR for p in pages),
                               learn_hyphens=options.source.ocr != OcrMode.NEVER)
    for row_no, a in enumerate(raw.activities, 1):
        for page_no, role, conf in a.low_conf:
            notices.append(notice(Code.LOW_OCR_CONFIDENCE, page_no, conf=conf, table=a.malomrade_no or "?", row=row_no, role=role))
    if meta.doc_type == DocType.UNKNOWN:
        notices.append(notice(Code.NOT_FCA))
        tables = {name: [] for name in tables}  # nothing is invented from a foreign document
        repairs = []
    elif not tables["activities"]:
        notices.append(notice(Code.NO_ACTIVITIES))
    partial = any(n.code in PARTIAL_CODES for n in notices)
    status = Status.PARTIAL if partial else Status.OK
    reason = one_line_reason(notices) if partial else None
    n_ocr = sum(1 for p in pages if p["text_source"] == TextSource.OCR)
    tables["pages"] = pages
    tables["repairs"] = repairs
    tables["documents"] = [
        document_row(
            doc_id,
            path,
            doc_type=meta.doc_type,
            year=meta.year,
            district=meta.district,
            title=meta.title,
            n_pages=n_pages,
            n_pages_ocr=n_ocr,
            status=status,
            warnings=warning_lines(notices),
        )
    ]
    return DocumentResult(doc_id, str(path), status, meta.doc_type, meta.year, notices, tables, error=reason)
