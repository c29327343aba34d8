"""Stage 2, page text: the text layer, or OCR when the page has no usable text.

The decision is made per page (:func:`decide`) and recorded: the reason is
yielded with the page (the pipeline writes it to ``pages.ocr_reason``), and an
OCR'd page carries a warning naming it. A good text layer is never replaced
(unless ``--ocr always``); a bad one — a scanner's OCR that did not know
Swedish, see :mod:`fca_extract.pages.quality` — or none at all sends the page to
:mod:`fca_extract.ocr.recognise`.

OCR pages run in a process pool of ``SourceOptions.workers`` while pages are
still yielded in page order: a bounded look-ahead of pages is in flight, so
memory stays flat whatever the document's length.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import pdfplumber

from ..errors import MissingDependencyError, is_out_of_memory
from .load import read_text_layer
from ..model import PageContent, Ruling
from ..vocab import Code, notice
from .quality import RELAXED, Verdict, assess_text_layer

log = logging.getLogger(__name__)

#: a page image covering this share of the page makes it a scanned page
IMAGE_PAGE_SHARE = 0.5
#: in-flight pages per worker (look-ahead of the ordered pool)
LOOKAHEAD_PER_WORKER = 2

@dataclass(frozen=True)
class SourceOptions:
    ocr: str = "auto"  # auto: OCR pages without a usable text layer; never; always
    workers: int | None = None  # OCR processes; None = the machine's cores
    dpi: int = 300  # OCR rendering resolution


def n_workers(options: SourceOptions) -> int:
    return max(1, options.workers or os.cpu_count() or 1)


# --- the per-page decision ------------------------------------------------------


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


def image_verticals(pdf_source: str | bytes, index: int, page_width: float, dpi: int = 150) -> list[Ruling]:
    """Vertical ruling pieces visible in the page image, in PDF points (not deskewed:
    short pieces follow a tilted line closely enough to test words against)."""
    from ..ocr import raster

    gray = raster.render_page(pdf_source, index, dpi)
    segs = raster.find_rulings(raster.binarize(gray), min_v=max(dpi // 6, 12), orientations="v")
    k = 72.0 / dpi
    return [Ruling("v", s.pos * k, s.start * k, s.pos * k, s.end * k) for s in segs if s.orientation == "v"]


def decide(
    content: PageContent,
    image_share: float,
    options: SourceOptions,
    verticals: Callable[[], list[Ruling]] | None = None,
    bad_before: int = 0,
) -> tuple[bool, str]:
    """(OCR this page?, why). ``verticals`` lazily gives the rulings seen in the page image;
    ``bad_before`` counts earlier scanned pages of the document with a bad text layer: one
    scanner made them all, so a short page (a budget table) is judged on less evidence."""
    if options.ocr == "always":
        return True, "OCR forced (--ocr always)"
    scanned = image_share >= IMAGE_PAGE_SHARE
    if not content.words:
        if scanned:
            return True, "no text layer (a page image)"
        return False, "no text (blank page)"
    verdict: Verdict = assess_text_layer(content.words, _is_word())
    if not verdict.is_bad and scanned and verticals is not None:
        # a scanned page whose OCR layer reads well word by word may still have
        # read table rows across their columns: compare with the visible borders
        verdict = assess_text_layer(content.words, _is_word(), image_verticals=verticals())
    if not verdict.is_bad and scanned and bad_before:
        verdict = assess_text_layer(content.words, _is_word(), thresholds=RELAXED)
        if verdict.is_bad:
            return True, verdict.reason + f" (like {bad_before} earlier page{'s' if bad_before > 1 else ''})"
    if verdict.is_bad:
        return True, verdict.reason
    if scanned and verdict.scores.get("tokens", 0) < 25:
        return True, f"a page image with only {content.n_chars} characters of text layer"
    return False, verdict.reason + (" (over a page image)" if scanned else "")


# --- OCR workers ------------------------------------------------------------------


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


class _Runner:
    """Runs OCR jobs inline (one worker) or in a lazily started process pool."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: cf.ProcessPoolExecutor | None = None
        self.checked = False

    def submit(self, *args) -> cf.Future:
        # imported here: a run without scanned pages never loads OpenCV
        from ..ocr.recognise import check_tesseract, init_worker, ocr_pdf_page

        if not self.checked:
            check_tesseract()  # MissingDependencyError before any work is queued
            self.checked = True
        if self.workers == 1:
            fut: cf.Future = cf.Future()
            try:
                fut.set_result(ocr_pdf_page(*args))
            except Exception as e:  # reported with the page, like a pool failure
                fut.set_exception(e)
            return fut
        if self.pool is None:
            # spawn, not fork: a child forked from a parent whose thread pools (Arrow's,
            # OpenCV's) hold locks can hang for ever. As with any spawn pool, a script that
            # calls the pipeline needs the `if __name__ == "__main__":` guard.
            ctx = multiprocessing.get_context("spawn")
            self.pool = cf.ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=init_worker)
        try:
            return self.pool.submit(ocr_pdf_page, *args)
        except BrokenProcessPool:
            # a worker died (killed, out of memory): its page is lost, the next ones get a new pool
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
            return self.submit(*args)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _ocr_failed(e: BaseException) -> str:
    return f"OCR failed ({type(e).__name__}: {e})"


def _choose(pdf: pdfplumber.PDF, page: pdfplumber.page.Page, i: int, content: PageContent, options: SourceOptions, bad_before: int) -> tuple[bool, str]:
    share = _image_share(page)
    if options.ocr == "never":
        if not content.words and share >= IMAGE_PAGE_SHARE:
            reason = "no text layer (a page image); OCR off (--ocr never)"
            content.notices.append(notice(Code.OCR_OFF, i, detail=reason))
            return False, reason
        return False, "text layer (--ocr never)"

    def verticals() -> list[Ruling]:
        return image_verticals(_pdf_source(pdf), i - 1, float(page.width))

    return decide(content, share, options, verticals, bad_before)


def iter_page_contents(pdf: pdfplumber.PDF, options: SourceOptions) -> Iterator[tuple[int, PageContent | None, str]]:
    """(page_no, content, reason) for every page, in page order.

    ``content`` is ``None`` when the page could not be read (``reason`` says
    why); a bad page never stops the document. Each page's caches are
    released once it has been read, so memory stays flat; at most
    ``LOOKAHEAD_PER_WORKER × workers`` OCR pages are in flight.

    Raises :class:`~fca_extract.errors.MissingDependencyError` when a page
    needs OCR and Tesseract (or its Swedish model) is missing.
    """
    workers = n_workers(options)
    runner = _Runner(workers)
    limit = max(1, LOOKAHEAD_PER_WORKER * workers)
    pending: deque[tuple[int, PageContent | None | cf.Future, str]] = deque()
    source: str | bytes | None = None
    bad_before = 0

    def ready(item) -> bool:
        return not isinstance(item[1], cf.Future) or item[1].done()

    def resolve(item) -> tuple[int, PageContent | None, str]:
        i, c, reason = item
        if isinstance(c, cf.Future):
            try:
                c = c.result()
            except (MissingDependencyError, MemoryError):
                raise  # not the page's fault: the run must hear of it
            except Exception as e:
                log.debug("OCR of page %d failed", i, exc_info=True)
                return i, None, _ocr_failed(e)
            c.notices.insert(0, notice(Code.OCR_USED, i, detail=reason))
        return i, c, reason

    def emit(item):
        return resolve(item)

    try:
        for i, page in enumerate(pdf.pages, 1):
            content: PageContent | None = None
            try:
                if options.ocr == "always":  # nothing of the text layer is used
                    use_ocr, reason = True, "OCR forced (--ocr always)"
                else:
                    content = read_text_layer(page, i)
                    use_ocr, reason = _choose(pdf, page, i, content, options, bad_before)
            except (MissingDependencyError, MemoryError):
                raise  # not the page's fault: the run must hear of it
            except Exception as e:  # one bad page must not cost the rest of the document
                if is_out_of_memory(e):
                    raise MemoryError(f"page {i}: {type(e).__name__}: {e}") from e
                log.debug("page %d failed", i, exc_info=True)
                pending.append((i, None, f"could not be read ({type(e).__name__}: {e})"))
            else:
                if use_ocr:
                    bad_before += reason.startswith("bad text layer")
                    if source is None:
                        source = _pdf_source(pdf)
                    pending.append((i, runner.submit(source, i - 1, i, options.dpi), reason))
                else:
                    pending.append((i, content, reason))
            finally:
                page.close()
            # yield what is ready in order; block on the oldest once the look-ahead is full
            while pending and (ready(pending[0]) or len(pending) > limit):
                yield emit(pending.popleft())
        while pending:
            yield emit(pending.popleft())
    finally:
        runner.close()
