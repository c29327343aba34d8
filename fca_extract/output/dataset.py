"""Where a document's files live in the dataset, and how staged files go there.

Free of pyarrow: the ingest parent and ``extract``'s parent commit with this
alone, while workers write the files (:mod:`fca_extract.output.write`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# A null Hive partition ("__HIVE_DEFAULT_PARTITION__") makes pandas.read_parquet
# fail ("Cannot yet unify dictionaries with nulls"), so a document whose year
# could not be determined is filed under year=0.
UNKNOWN_YEAR = 0

# the order files go into the dataset: a reader that sees a documents row sees the rest
COMMIT_ORDER = ("activities", "goals", "budget", "sections", "pages", "repairs", "documents")


def partition_dir(doc_type: str | None, year: int | None) -> str:
    return f"doc_type={doc_type or 'unknown'}/year={year if year is not None else UNKNOWN_YEAR}"


def commit_staged(out: Path, doc_id: str, partition: str, staged: dict[str, str]) -> list[Path]:
    """Move a staged document into the dataset; then drop its files in other partitions."""
    out = Path(out)
    written = []
    for table in COMMIT_ORDER:
        dest = out / table / partition / f"{doc_id}.parquet"
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged[table], dest)
        written.append(dest)
    keep = set(written)
    for stale in remove_candidates(out, doc_id):
        if stale not in keep:
            stale.unlink(missing_ok=True)
    shutil.rmtree(Path(staged["documents"]).parent, ignore_errors=True)
    return written


def remove_candidates(out: Path, doc_id: str) -> list[Path]:
    """Every file of ``doc_id`` in the dataset, in any partition."""
    return [p for table in COMMIT_ORDER for p in (Path(out) / table).glob(f"*/*/{doc_id}.parquet")]
