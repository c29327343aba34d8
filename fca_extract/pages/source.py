"""Stage 2, page text: each page's words from its text layer, or from OCR when it has no usable text.

:func:`read_pages` reads a document page by page, in order, as
:class:`PageRead` values: the content, the OCR decision
(:func:`~fca_extract.pages.decide.is_ocr_required`, written to
``pages.ocr_reason``) and, for a page that could not be read, the failure as
a typed notice; a bad page never stops the document. An OCR'd page carries a
notice naming it. Pages to OCR run through an
:class:`~fca_extract.executor.Executor` (a process pool, in page order, with a
bounded look-ahead, so memory stays flat whatever the document's length).
:func:`read_page` reads one page the same way, OCR'ing only that page.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import closing
from dataclasses import dataclass, replace

import pdfplumber

from ..errors import MissingDependencyError, is_out_of_memory
from ..executor import Executor, Job
from ..model import PageContent
from ..ocr import init_worker
from ..vocab import Code, Notice, OcrMode, notice
from .decide import OcrDecision, OcrReason, PageContext, is_ocr_required
from .load import read_text_layer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceOptions:
    ocr: OcrMode = OcrMode.AUTO  # auto: OCR pages without a usable text layer; never; always
    workers: int | None = None  # OCR processes of the default executor; None = the machine's cores
    dpi: int = 300  # OCR rendering resolution

    def __post_init__(self) -> None:
        object.__setattr__(self, "ocr", OcrMode(self.ocr))


@dataclass(frozen=True)
class PageRead:
    """One page as read: its content, why it was (not) OCR'd, or why it could not be read."""

    page_no: int
    content: PageContent | None  # None: the page could not be read (``failure`` says why)
    decision: OcrDecision | None  # None: the page could not be read far enough to decide
    failure: Notice | None = None  # Code.PAGE_UNREADABLE or Code.OCR_FAILED

    @property
    def ocr_reason(self) -> str:
        """The page's ``pages.ocr_reason``: the decision, or the failure."""
        if self.failure is not None:
            return str(replace(self.failure, page=None))
        return str(self.decision)


# --- evidence for the decision, from the PDF ------------------------------------------------


def _image_share(page: pdfplumber.page.Page) -> float:
    """The largest share of the page one image covers."""
    area = float(page.width * page.height) or 1.0
    best = 0.0
    for im in page.images:
        w = max(0.0, min(float(im["x1"]), float(page.width)) - max(float(im["x0"]), 0.0))
        h = max(0.0, min(float(im["bottom"]), float(page.height)) - max(float(im["top"]), 0.0))
        best = max(best, w * h / area)
    return best


def _is_word() -> Callable[[str], bool] | None:
    try:
        from ..repair import Lexicon

        return Lexicon.default().is_word
    except Exception:  # the lexicon is evidence, not a requirement
        log.debug("no lexicon for the text-layer check", exc_info=True)
        return None


def _pdf_source(pdf: pdfplumber.PDF) -> str | bytes:
    """What a worker opens the PDF from: its path, else its bytes."""
    stream = getattr(pdf, "stream", None)
    name = getattr(stream, "name", None)
    if isinstance(name, str) and os.path.isfile(name):
        return name
    pos = stream.tell()
    stream.seek(0)
    data = stream.read()
    stream.seek(pos)
    return data


# --- reading ------------------------------------------------------------------------------


def _judge(page: pdfplumber.page.Page, i: int, options: SourceOptions, bad_before: int, source: Callable[[], str | bytes]) -> PageRead:
    """Page ``i`` as its text layer gives it, with the OCR decision; a page to OCR has no content yet."""
    if options.ocr is OcrMode.ALWAYS:  # the text layer would not be used: not even read
        return PageRead(i, None, is_ocr_required(PageContext(options.ocr)))
    content = read_text_layer(page, i)

    def verticals():
        from ..ocr.recognise import image_verticals  # loads OpenCV: only for scanned pages

        return image_verticals(source(), i - 1)

    # the lexicon judges words: only in auto mode, only if there are some (it is slow to load)
    is_word = _is_word() if options.ocr is OcrMode.AUTO and content.words else None
    decision = is_ocr_required(PageContext(options.ocr, content.words, _image_share(page), bad_before, verticals, is_word))
    if decision.required:
        return PageRead(i, None, decision)
    if decision.reason is OcrReason.OFF:
        content.notices.append(notice(Code.OCR_OFF, i, detail=str(decision)))
    return PageRead(i, content, decision)


def judge_pages(pdf: pdfplumber.PDF, options: SourceOptions, source: Callable[[], str | bytes] | None = None) -> Iterator[PageRead]:
    """Every page judged from its text layer, in order (nothing is OCR'd here):
    a page that needs OCR has its decision and no content yet.

    Each page's caches are released once it has been read, so memory stays flat.
    """
    source = source or functools.cache(lambda: _pdf_source(pdf))
    bad_before = 0
    for i, page in enumerate(pdf.pages, 1):
        try:
            read = _judge(page, i, options, bad_before, source)
        except (MissingDependencyError, MemoryError):
            raise  # not the page's fault: the run must hear of it
        except Exception as e:  # one bad page must not cost the rest of the document
            if is_out_of_memory(e):
                raise MemoryError(f"page {i}: {type(e).__name__}: {e}") from e
            log.debug("page %d failed", i, exc_info=True)
            read = PageRead(i, None, None, notice(Code.PAGE_UNREADABLE, i, detail=f"could not be read ({type(e).__name__}: {e})"))
        finally:
            page.close()
        if read.decision is not None and read.decision.bad_text_layer:
            bad_before += 1
        yield read


def _jobs(reads: Iterable[PageRead], source: Callable[[], str | bytes], dpi: int) -> Iterator[tuple[PageRead, Job | None]]:
    """Each page with the OCR job it needs, if any."""
    for read in reads:
        if read.decision is None or not read.decision.required:
            yield read, None
            continue
        # imported here: a run without scanned pages never loads OpenCV
        from ..ocr import recognise, tesseract

        tesseract.check_tesseract()  # MissingDependencyError before any work is queued
        yield read, Job(recognise.ocr_pdf_page, (source(), read.page_no - 1, read.page_no, dpi))


def _ocr_read(read: PageRead, done: Future) -> PageRead:
    """The page with the OCR's content, or its failure."""
    try:
        content: PageContent = done.result()
    except (MissingDependencyError, MemoryError):
        raise  # not the page's fault: the run must hear of it
    except Exception as e:
        log.debug("OCR of page %d failed", read.page_no, exc_info=True)
        return replace(read, failure=notice(Code.OCR_FAILED, read.page_no, detail=f"{type(e).__name__}: {e}"))
    content.notices.insert(0, notice(Code.OCR_USED, read.page_no, detail=str(read.decision)))
    return replace(read, content=content)


def _read(reads: Iterable[PageRead], executor: Executor, source: Callable[[], str | bytes], dpi: int) -> Iterator[PageRead]:
    hyphens: list[float] = []  # the ink widths of the hyphens on the pages OCR'd so far
    for read, done in executor.ordered(_jobs(reads, source, dpi)):
        if done is None:
            yield read
            continue
        read = _ocr_read(read, done)
        if read.content is not None:
            from ..ocr import recognise  # (imported by _jobs already: this page was OCR'd)

            # a page with no hyphen of its own measures its dashes against the document's before it
            recognise.settle_dashes(read.content, hyphens)
            hyphens += read.content.hyphen_widths
            if any(w.alt for w in read.content.words) and (is_word := _is_word()) is not None:
                recognise.settle_readings(read.content, is_word)
        yield read


def read_pages(pdf: pdfplumber.PDF, options: SourceOptions | None = None, executor: Executor | None = None) -> Iterator[PageRead]:
    """Every page of ``pdf``, in page order.

    OCR runs through ``executor`` (default: one of ``options.workers``
    processes, closed at the end). Raises
    :class:`~fca_extract.errors.MissingDependencyError` when a page needs OCR
    and Tesseract (or its Swedish model) is missing, ``MemoryError`` when a
    page runs out of memory.
    """
    options = options or SourceOptions()
    source = functools.cache(lambda: _pdf_source(pdf))
    own = executor is None
    executor = executor or Executor(options.workers, initializer=init_worker)
    try:
        yield from _read(judge_pages(pdf, options, source), executor, source, options.dpi)
    finally:
        if own:
            executor.close()


def read_page(pdf: pdfplumber.PDF, page_no: int, options: SourceOptions | None = None) -> PageRead:
    """Page ``page_no`` (1-based) as :func:`read_pages` reads it; only this page is OCR'd, here.

    Its decision may depend on the earlier pages (how many had a bad text
    layer): their text layers are judged, never OCR'd.
    """
    options = options or SourceOptions()
    if not 1 <= page_no <= len(pdf.pages):
        raise IndexError(f"no page {page_no} (the document has {len(pdf.pages)} pages)")
    source = functools.cache(lambda: _pdf_source(pdf))
    with closing(judge_pages(pdf, options, source)) as reads:
        (read,) = itertools.islice(reads, page_no - 1, page_no)
    with Executor(1) as inline:
        return next(_read([read], inline, source, options.dpi))
