"""The extraction job, in the runner's workers only: one PDF through the pipeline, its tables staged.

Imported once by the runner's fork server, never by the parent: every worker
is forked from a process that already holds the pipeline's modules and the
lexicon, so it starts in milliseconds, and each starts from the same pristine
lexicon (results do not depend on which documents a worker saw before).

A file name that is not UTF-8 is stored escaped (``rapport_\\xe5.pdf``), with
a warning in the document's row; a staging area that cannot be written (a
full disk) is a :class:`~fca_extract.errors.HaltError`, never a failed document.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet  # noqa: F401  (write.py imports it lazily; a worker under its memory cap must not)

from ..errors import halt
from ..ops.fault import fault
from ..ops.names import is_utf8, stored
from ..ops.runner import Outcome, Progress, Task
from ..output.dataset import partition_dir
from ..output.write import stage_document
from ..pages.source import SourceOptions
from ..pipeline import DocumentResult, Options, extract_document, failed_result
from ..repair import Lexicon
from ..vocab import Code, notice
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


def _storable(result: DocumentResult) -> None:
    """Make every text of ``result`` writable as UTF-8: a file name that is not is stored escaped, and said so."""
    doc = (result.tables.get("documents") or [{}])[0]
    if not is_utf8(str(doc.get("source_path", ""))):
        note = notice(Code.NAME_ESCAPED, path=stored(str(doc["source_path"])))
        result.notices.append(note)
        doc["warnings"] = [*doc["warnings"], str(note)]
    for rows in result.tables.values():
        for row in rows:
            for k, v in row.items():
                if isinstance(v, str) and not is_utf8(v):
                    row[k] = stored(v)
                elif isinstance(v, list) and any(isinstance(x, str) and not is_utf8(x) for x in v):
                    row[k] = [stored(x) if isinstance(x, str) else x for x in v]
    if result.error is not None:
        result.error = stored(result.error)


def _staged(task: Task, result: DocumentResult, stage_dir: Path) -> Outcome:
    _storable(result)
    try:
        fault("stage", str(task.path))
        staged = stage_document(stage_dir, result.tables)
    except OSError as e:
        raise halt(f"cannot stage {stored(str(task.path))} in {stage_dir}", e) from None
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
