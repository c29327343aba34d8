"""Stage 6, write: one Parquet file per table per document, Hive-partitioned, atomically.

Each file is written under a temporary name in its final directory, synced,
then renamed into place, so a reader (or an interrupted run) never sees a
half-written file. A document whose partition changed (a revised file) has
its old files removed only after the new ones are in place.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import PARTITION_COLUMNS, TABLES, file_schema

# A null Hive partition ("__HIVE_DEFAULT_PARTITION__") makes pandas.read_parquet
# fail ("Cannot yet unify dictionaries with nulls"), so a document whose year
# could not be determined is filed under year=0.
UNKNOWN_YEAR = 0


def partition_dir(doc_type: str | None, year: int | None) -> str:
    return f"doc_type={doc_type or 'unknown'}/year={year if year is not None else UNKNOWN_YEAR}"


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    schema = file_schema(table)
    cols = {f.name: [r.get(f.name) for r in rows] for f in schema}
    return pa.Table.from_pydict(cols, schema=schema)


def _atomic_write(tbl: pa.Table, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(tbl, tmp, compression="zstd")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_document(out: Path, doc_id: str, doc_type: str | None, year: int | None, tables: dict[str, list[dict]]) -> list[Path]:
    """Write every table of the contract for one document (empty tables as empty files)."""
    part = partition_dir(doc_type, year)
    written = []
    for table in TABLES:
        rows = [{k: v for k, v in r.items() if k not in PARTITION_COLUMNS} for r in tables.get(table, [])]
        dest = out / table / part / f"{doc_id}.parquet"
        _atomic_write(to_arrow(table, rows), dest)
        written.append(dest)
    keep = set(written)
    for stale in remove_candidates(out, doc_id):
        if stale not in keep:
            stale.unlink(missing_ok=True)
    return written


def remove_candidates(out: Path, doc_id: str) -> list[Path]:
    """Every file of ``doc_id`` in the dataset, in any partition."""
    return [p for table in TABLES for p in (out / table).glob(f"*/*/{doc_id}.parquet")]
