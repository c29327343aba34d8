"""The external programs a run needs, checked once before any work.

Tesseract reads the pages without a usable text layer. What a missing one
means depends on ``--ocr`` (:func:`tesseract_need`): with ``always`` every page
needs it, so the run stops before it starts (exit 4); with ``auto`` only
scanned pages do, so it is said once, up front, and the documents that need
OCR fail (exit 4 at the end: the installation needs fixing) while text-layer
documents land; with ``never`` it is not looked for.
"""

from __future__ import annotations

from enum import Enum

from ..errors import MissingDependencyError
from ..vocab import OcrMode
from .console import Console
from .runner import Job, missing_dependency

TESSERACT_CHECK = "fca_extract.ocr.tesseract:check_tesseract"


class Need(Enum):
    NONE = "not used"
    SOME = "needed by pages without a usable text layer"
    ALL = "needed by every page"


def tesseract_need(ocr: OcrMode) -> Need:
    """How much of a run needs Tesseract.

    >>> [tesseract_need(m).name for m in OcrMode]
    ['SOME', 'NONE', 'ALL']
    """
    return {OcrMode.NEVER: Need.NONE, OcrMode.AUTO: Need.SOME, OcrMode.ALWAYS: Need.ALL}[ocr]


def check_programs(job: Job, ocr: OcrMode, console: Console) -> bool:
    """Check Tesseract once, before any work: raise :class:`MissingDependencyError` (exit 4) if every page
    needs it; say so once and return True if only some may (the run goes on); False if all is there."""
    need = tesseract_need(ocr)
    if need is Need.NONE:
        return False
    problem = missing_dependency(job, TESSERACT_CHECK)
    if problem is None:
        return False
    if need is Need.ALL:
        raise MissingDependencyError(f"{problem} (--ocr always)")
    console.error(f"{problem} Documents that need OCR fail; the others are extracted.")
    return True
