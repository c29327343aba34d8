"""Stage 6, write: one Parquet file per table per document, Hive-partitioned, atomically.

A document is written in two steps, and every writer (``extract``, the
ingest workers) goes through the same two functions:

* :func:`stage_document` writes its 7 files, complete and fsynced, into a
  staging directory outside every table directory (readers never see them);
* :func:`~fca_extract.output.dataset.commit_staged` renames them into place (``documents`` last) and then
  removes the document's files left in another partition (a revised file whose
  type or year changed).

pyarrow is imported only where files are written; committing
(:mod:`fca_extract.output.dataset`) needs none of it.
"""

from __future__ import annotations

import os
from pathlib import Path

from .dataset import commit_staged, partition_dir


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


def write_document(out: Path, doc_id: str, doc_type: str | None, year: int | None, tables: dict[str, list[dict]]) -> list[Path]:
    """Stage and commit one document's tables (empty tables as empty files)."""
    stage = Path(out) / "_staging" / f"write-{os.getpid()}-{doc_id[:16]}"
    return commit_staged(out, doc_id, partition_dir(doc_type, year), stage_document(stage, tables))
