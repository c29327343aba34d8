"""One document through every stage: load → page text/OCR → layout → reassembly → repair → rows.

Pages are processed one at a time; only the assembled structure (small)
outlives a page. Nothing here prints or writes files: the CLI and the
ingest job do that with the :class:`DocumentResult`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .assemble.driver import Assembler
from .errors import FcaError, MissingDependencyError
from .output.rows import build_rows
from .layout.page import analyse_page
from .fileid import sha256_file, unreadable_id
from .pages.load import check_header, open_pdf
from .assemble.metadata import describe
from .model import OCR, TEXT_LAYER
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
    status: str  # ok, partial, failed
    doc_type: str
    year: int | None
    warnings: list[str]
    tables: dict[str, list[dict]]  # contract table name → rows (documents included)
    error: str | None = None  # the one-line reason a document failed or is partial

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
    return DocumentResult(doc_id, str(path), "failed", "unknown", None, [reason], {"documents": [row]}, error=reason)


def extract_document(path: Path, options: Options | None = None, lexicon: Lexicon | None = None) -> DocumentResult:
    """Extract one PDF. Raises only for programming errors; bad input gives a failed result."""
    options = options or Options()
    path = Path(path)
    try:
        doc_id = sha256_file(path)
        warnings = check_header(path)
    except FcaError as e:
        return failed_result(path, str(e))
    except OSError as e:
        return failed_result(path, f"cannot read file: {e.strerror or e}")
    lexicon = lexicon or Lexicon.default()
    asm = Assembler()
    pages: list[dict] = []
    partial = bool(warnings)
    try:
        with open_pdf(path) as pdf:
            n_pages = len(pdf.pages)
            for i, content, reason in iter_page_contents(pdf, options.source):
                if content is None:
                    warnings.append(f"page {i}: {reason}")
                    partial = True
                    pages.append({"doc_id": doc_id, "page_no": i, "text_source": None, "ocr_confidence": None, "n_chars": 0, "ocr_reason": reason})
                    continue
                warnings.extend(content.warnings)
                try:
                    asm.add_page(analyse_page(content))
                except Exception as e:  # a layout we cannot read costs that page, not the document
                    log.debug("layout of page %d of %s failed", i, path, exc_info=True)
                    warnings.append(f"page {i}: layout not understood ({type(e).__name__}: {e})")
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
    warnings.extend(raw.warnings)
    meta = describe(raw)
    # only a wholly clean text layer may teach the lexicon (bad OCR would teach it "stirka")
    # (with --ocr never a bad layer is not detected, so nothing is learned then). OCR read
    # with high confidence counts as clean too: a scanned copy then learns the same
    # names and spellings (NOSAM, språk-och) as its exported original
    clean = options.source.ocr != "never" and bool(pages) and all(
        p["text_source"] == TEXT_LAYER or (p["text_source"] == OCR and (p["ocr_confidence"] or 0) >= CLEAN_OCR_CONFIDENCE) for p in pages
    )
    tables, repairs = build_rows(raw, meta, doc_id, lexicon, options.repair, learn=clean)
    for row_no, a in enumerate(raw.activities, 1):
        for page_no, role, conf in a.low_conf:
            warnings.append(f"page {page_no}: low OCR confidence ({conf:.0f}) in table {a.malomrade_no or '?'}, row {row_no}, column {role}")
    if meta.doc_type == "unknown":
        warnings.append("not an FCA document: no goal tables, overview or budget found")
        partial = True
        tables = {name: [] for name in tables}  # nothing is invented from a foreign document
        repairs = []
    elif not tables["activities"]:
        warnings.append("no activity rows found in sections 7.1–7.3")
        partial = True
    status = "partial" if partial else "ok"
    reason = None
    if partial:
        # the one-line reason: the document-level problem first, else the first warning
        reason = next((w for w in warnings if w.startswith(("not an FCA", "no activity", "file looks truncated"))), warnings[0] if warnings else "partial")
    n_ocr = sum(1 for p in pages if p["text_source"] == OCR)
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
            warnings=warnings,
        )
    ]
    return DocumentResult(doc_id, str(path), status, meta.doc_type, meta.year, warnings, tables, error=reason)
