"""Stage 2, page text: the text layer, or OCR when the page has no usable text.

The decision is made per page and recorded (``PageContent.warnings`` and the
``pages`` table's ``ocr_reason``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber

from .load import read_text_layer
from .model import PageContent


@dataclass(frozen=True)
class SourceOptions:
    ocr: str = "auto"  # auto: OCR pages without a usable text layer; never; always
    workers: int | None = None  # OCR processes; None = the machine's cores


def read_page(page: pdfplumber.page.Page, page_no: int, options: SourceOptions) -> tuple[PageContent, str]:
    """The page's content and the reason for the source chosen."""
    content = read_text_layer(page, page_no)
    return content, "text layer"
