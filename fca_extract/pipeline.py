"""One document through every stage: load → page text/OCR → layout → reassembly → repair → rows.

Pages are processed one at a time; only the assembled structure (small)
outlives a page. Nothing here prints or writes files: the CLI and the
ingest job do that with the :class:`DocumentResult`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .assemble.driver import Assembler
from .errors import FcaError, MissingDependencyError, is_out_of_memory
from .output.rows import build_rows
from .layout.page import analyse_page
from .fileid import sha256_file, unreadable_id
from .pages.load import check_header, open_pdf
from .assemble.metadata import describe
from .vocab import DOCUMENT_LEVEL, Code, DocType, Notice, OcrMode, Severity, Status, TextSource, notice
from .repair import Lexicon, RepairConfig
from .pages.source import SourceOptions, iter_page_contents

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
        """The notices as the lines of ``documents.warnings``."""
        return [str(n) for n in self.notices]

    def has(self, code: Code) -> bool:
        return any(n.code is code for n in self.notices)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def document_row(doc_id: str, path: Path, **kw) -> dict:
    row = {
        "doc_id": doc_id,
        "source_path": str(path),
        "file_name": path.name,
        "doc_type": "unknown",
        "year": None,
        "district": None,
        "title": None,
        "n_pages": None,
        "n_pages_ocr": 0,
        "status": "failed",
        "warnings": [],
        "pipeline_version": __version__,
        "extracted_at": _now(),
    }
    row.update(kw)
    return row


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


def extract_document(
    path: Path, options: Options | None = None, lexicon: Lexicon | None = None, *, progress: ProgressFn | None = None
) -> DocumentResult:
    """Extract one PDF. Raises only for programming errors; bad input gives a failed result.

    ``lexicon`` is the general Swedish lexicon (default :meth:`Lexicon.default`);
    it is never changed: what a clean document teaches stays with that document.
    ``progress(pages_done, n_pages)`` is called after each page, in page order.
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
    asm = Assembler()
    pages: list[dict] = []
    partial = bool(notices)
    try:
        with open_pdf(path) as pdf:
            n_pages = len(pdf.pages)
            for i, content, reason in iter_page_contents(pdf, options.source):
                if progress is not None:
                    progress(i, n_pages)
                if content is None:
                    notices.append(notice(Code.PAGE_UNREADABLE, i, detail=reason))
                    partial = True
                    pages.append({"doc_id": doc_id, "page_no": i, "text_source": None, "ocr_confidence": None, "n_chars": 0, "ocr_reason": reason})
                    continue
                notices.extend(content.notices)
                try:
                    asm.add_page(analyse_page(content))
                except Exception as e:  # a layout we cannot read costs that page, not the document
                    log.debug("layout of page %d of %s failed", i, path, exc_info=True)
                    notices.append(page_failure(Code.LAYOUT_FAILED, i, e))
                    partial = True
                pages.append(
                    {
                        "doc_id": doc_id,
                        "page_no": i,
                        "text_source": content.text_source,
                        "ocr_confidence": content.ocr_confidence,
                        "n_chars": content.n_chars,
                        "ocr_reason": reason,
                    }
                )
    except MissingDependencyError:
        raise  # a broken installation, not a bad document: the caller stops the run
    except FcaError as e:
        return failed_result(path, str(e), doc_id)
    raw = asm.finish()
    notices.extend(raw.notices)
    meta = describe(raw)
    # only a wholly clean text layer may teach the lexicon (bad OCR would teach it "stirka")
    # (with --ocr never a bad layer is not detected, so nothing is learned then). OCR read
    # with high confidence counts as clean too: a scanned copy then learns the same
    # names and spellings (NOSAM, språk-och) as its exported original
    clean = options.source.ocr != OcrMode.NEVER and bool(pages) and all(
        p["text_source"] == TextSource.TEXT_LAYER or (p["text_source"] == TextSource.OCR and (p["ocr_confidence"] or 0) >= CLEAN_OCR_CONFIDENCE)
        for p in pages
    )
    tables, repairs = build_rows(raw, meta, doc_id, lexicon, options.repair, learn=clean)
    for row_no, a in enumerate(raw.activities, 1):
        for page_no, role, conf in a.low_conf:
            notices.append(notice(Code.LOW_OCR_CONFIDENCE, page_no, conf=conf, table=a.malomrade_no or "?", row=row_no, role=role))
    if meta.doc_type == DocType.UNKNOWN:
        notices.append(notice(Code.NOT_FCA))
        partial = True
        tables = {name: [] for name in tables}  # nothing is invented from a foreign document
        repairs = []
    elif not tables["activities"]:
        notices.append(notice(Code.NO_ACTIVITIES))
        partial = True
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
            warnings=[str(n) for n in notices],
        )
    ]
    return DocumentResult(doc_id, str(path), status, meta.doc_type, meta.year, notices, tables, error=reason)
