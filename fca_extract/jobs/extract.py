"""The extraction job, in the runner's workers only: one PDF through the pipeline, its tables staged.

Imported once by the runner's fork server, never by the parent: every worker
is forked from a process that already holds the pipeline's modules and the
lexicon, so it starts in milliseconds, and each starts from the same pristine
lexicon (results do not depend on which documents a worker saw before).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet  # noqa: F401  (write.py imports it lazily; a worker under its memory cap must not)

from ..ops.runner import Outcome, Progress, Task
from ..output.dataset import partition_dir
from ..output.write import stage_document
from ..pages.source import SourceOptions
from ..pipeline import DocumentResult, Options, extract_document, failed_result
from ..repair import Lexicon
from ..vocab import Code
from . import ExtractSettings

Lexicon.default().is_word("förälder")  # force the lazy load, once, in the fork server


def run(task: Task, settings: ExtractSettings, stage_dir: Path, progress: Progress) -> Outcome:
    """Extract ``task`` and stage its tables; MemoryError if a part of it was lost to the memory cap."""
    options = Options(source=SourceOptions(ocr=settings.ocr, workers=settings.ocr_workers))
    result = extract_document(Path(task.path), options, Lexicon.default(), progress=progress)
    lost = next((n for n in result.notices if n.code is Code.MEMORY), None)
    if lost is not None:
        raise MemoryError(str(lost))
    return _staged(task, result, stage_dir)


def fail(task: Task, reason: str, stage_dir: Path) -> Outcome:
    """Stage ``task`` as failed: one ``documents`` row with ``reason``, every other table empty."""
    return _staged(task, failed_result(Path(task.path), reason, task.doc_id), stage_dir)


def _staged(task: Task, result: DocumentResult, stage_dir: Path) -> Outcome:
    staged = stage_document(stage_dir, result.tables)
    doc = (result.tables.get("documents") or [{}])[0]

    def s(v):  # plain Python values only: unpickling numpy scalars would load numpy into the parent
        return None if v is None else str(v)

    year = None if result.year is None else int(result.year)
    return Outcome(
        task=task,
        doc_id=str(result.doc_id),
        status=result.status,
        doc_type=str(result.doc_type),
        year=year,
        error=s(result.error),
        warnings=[str(w) for w in result.warnings[:50]],
        n_warnings=len(result.warnings),
        counts={str(t): len(r) for t, r in result.tables.items()},
        partition=partition_dir(result.doc_type, year),
        staged=staged,
        district=s(doc.get("district")),
    )
