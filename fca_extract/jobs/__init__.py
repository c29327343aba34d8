"""The jobs ``extract`` and ``ingest`` hand to the ops runner, named without importing them.

This package's ``__init__`` imports no stage: the parent process builds a
:class:`~fca_extract.ops.runner.Job` here, and only the workers import
:mod:`fca_extract.jobs.extract`, which loads the pipeline, pdfplumber and pyarrow.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ops.runner import Job
from ..vocab import OcrMode


@dataclass(frozen=True)
class ExtractSettings:
    """How each document is extracted (plain values: they travel to the workers and into run reports)."""

    ocr: OcrMode = OcrMode.AUTO
    ocr_workers: int | None = None  # one document's OCR processes; None: the machine's cores


def extract_job(settings: ExtractSettings = ExtractSettings()) -> Job:
    """Extract one PDF and stage its tables (:mod:`fca_extract.jobs.extract`)."""
    return Job(f"{__name__}.extract", settings)
