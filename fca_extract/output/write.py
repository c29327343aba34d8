"""Stage 6, write: one Parquet file per table per document, Hive-partitioned, atomically.

A document is written in two steps, and every writer (``extract``, the
ingest workers) goes through the same two functions:

* :func:`stage_document` writes its 7 files, complete and fsynced, into a
  staging directory outside every table directory (readers never see them);
* :func:`commit_staged` renames them into place (``documents`` last) and then
  removes the document's files left in another partition (a revised file whose
  type or year changed).

pyarrow is imported only where files are written: the ingest parent commits
without loading it.
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


def to_arrow(table: str, rows: list[dict]):
    """The rows as an Arrow table of the file schema; a row with a column too many or too few is an error, never a null."""
    import pyarrow as pa

    from .schema import PARTITION_COLUMNS, file_schema

    schema = file_schema(table)
    want = set(schema.names)
    for r in rows:
        if want - r.keys() or r.keys() - want - set(PARTITION_COLUMNS):
            raise KeyError(f"{table} row does not match the schema: missing {sorted(want - r.keys())}, unknown {sorted(r.keys() - want - set(PARTITION_COLUMNS))}")
    cols = {f.name: [r[f.name] for r in rows] for f in schema}
    return pa.Table.from_pydict(cols, schema=schema)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stage_document(stage_dir: Path, tables: dict[str, list[dict]]) -> dict[str, str]:
    """Write every contract table of one document as ``stage_dir/<table>.parquet``, fsynced."""
    import pyarrow.parquet as pq

    from .schema import PARTITION_COLUMNS, TABLES

    stage_dir.mkdir(parents=True, exist_ok=True)
    staged = {}
    for table in TABLES:
        rows = [{k: v for k, v in r.items() if k not in PARTITION_COLUMNS} for r in tables.get(table, [])]
        dest = stage_dir / f"{table}.parquet"
        pq.write_table(to_arrow(table, rows), dest, compression="zstd")
        _fsync(dest)
        staged[table] = str(dest)
    _fsync(stage_dir)
    return staged


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


def write_document(out: Path, doc_id: str, doc_type: str | None, year: int | None, tables: dict[str, list[dict]]) -> list[Path]:
    """Stage and commit one document's tables (empty tables as empty files)."""
    stage = Path(out) / "_staging" / f"write-{os.getpid()}-{doc_id[:16]}"
    return commit_staged(out, doc_id, partition_dir(doc_type, year), stage_document(stage, tables))


def remove_candidates(out: Path, doc_id: str) -> list[Path]:
    """Every file of ``doc_id`` in the dataset, in any partition."""
    return [p for table in COMMIT_ORDER for p in (Path(out) / table).glob(f"*/*/{doc_id}.parquet")]
