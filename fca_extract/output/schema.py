"""Arrow schemas of the dataset contract (v1.1): the single source of truth.

The writer casts every table to these schemas; the data dictionary in the
README is generated from them (``python -m fca_extract.output.schema``).
"""

from __future__ import annotations

import pyarrow as pa

CONTRACT_VERSION = "1.1"
SCHEMA_VERSION = "1.1"

# Tables are Hive-partitioned by these columns; they live in the directory
# names, not in the files.
PARTITION_COLUMNS = ("doc_type", "year")


def _s(name: str, doc: str, type_: pa.DataType = pa.string(), nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            _s("doc_id", "sha256 hex of the file's bytes", nullable=False),
            _s("source_path", "path as given on the command line / found in the source directory"),
            _s("file_name", "base name"),
            _s("doc_type", "`handlingsplan`, `arsrapport` or `unknown`"),
            _s("year", "the year the plan or report is for", pa.int32()),
            _s("district", "stadsområde: Centrum, Sydväst, Nordost, Hisingen, or null"),
            _s("title", "document title"),
            _s("n_pages", "pages in the PDF", pa.int32()),
            _s("n_pages_ocr", "pages whose text came from OCR", pa.int32()),
            _s("status", "`ok`, `partial` (some part failed, rest kept) or `failed`"),
            _s("warnings", "human-readable problems found", pa.list_(pa.string())),
            _s("pipeline_version", "version of the package that wrote the rows"),
            _s("extracted_at", "when", pa.timestamp("us", tz="UTC")),
        ]
    ),
    "activities": pa.schema(
        [
            _s("doc_id", "document id (sha256)", nullable=False),
            _s("row_no", "1-based order of the row in the document", pa.int32()),
            _s("malomrade_no", "`7.1`, `7.2`, `7.3`"),
            _s("malomrade", "title of the målområde (from the 7.x heading)"),
            _s("delmal_no", "printed numbering such as `7.1.1`, else null"),
            _s("delmal", "delmål text without its number; filled on every row it spans"),
            _s("activity", "planned or completed insats/aktivitet, incl. målgrupp text"),
            _s("ansvar", "who is responsible; null if the cell is empty"),
            _s("outcome", "förväntad effekt/resultat or utfall – avvikelser – lärdomar"),
            _s("outcome_kind", "`forvantad_effekt` or `utfall`"),
            _s("page_start", "1-based page where the row starts", pa.int32()),
            _s("page_end", "page where it ends (rows may cross page breaks)", pa.int32()),
            _s("text_source", "`text_layer` or `ocr`"),
        ]
    ),
    "goals": pa.schema(
        [
            _s("doc_id", "document id (sha256)", nullable=False),
            _s("malomrade_no", "`7.1` …"),
            _s("malomrade", "målområde title as printed in the overview grid"),
            _s("delmal_no", "printed numbering such as `7.1.1`, else null"),
            _s("delmal", "delmål text without its number"),
        ]
    ),
    "budget": pa.schema(
        [
            _s("doc_id", "document id (sha256)", nullable=False),
            _s("post", "line item as printed (`SUMMA` included), without a remark printed under it"),
            _s("note", "a remark printed in the post cell under the post (e.g. `Enligt avtal 50/50-finansiering.`), else null"),
            _s("funder", "column funder as printed: HSNG, SN, SN+FSN, GSN, …"),
            _s("kind", "`budget` or `utfall`"),
            _s("amount_sek", "whole kronor (`1250 tkr` → 1250000)", pa.int64()),
            _s("raw", "the cell text as printed"),
        ]
    ),
    "sections": pa.schema(
        [
            _s("doc_id", "document id (sha256)", nullable=False),
            _s("section_no", "`1` … `10`"),
            _s("heading", "as printed, diacritics restored"),
            _s("text", "paragraphs joined with `\\n`"),
            _s("page_start", "page where the heading stands", pa.int32()),
        ]
    ),
    "pages": pa.schema(
        [
            _s("doc_id", "document id (sha256)", nullable=False),
            _s("page_no", "1-based", pa.int32()),
            _s("text_source", "`text_layer` or `ocr`"),
            _s("ocr_confidence", "mean word confidence 0–100, null for text-layer pages", pa.float32()),
            _s("n_chars", "characters of text on the page", pa.int32()),
            _s("ocr_reason", "why the page was (or was not) OCR'd"),
        ]
    ),
    "repairs": pa.schema(
        [
            _s("doc_id", "document id (sha256)", nullable=False),
            _s("page_no", "page of the repaired text", pa.int32()),
            _s("original", "token before repair"),
            _s("repaired", "token after repair"),
            _s("method", "`mojibake`, `unicode`, `diacritic`, `ocr_confusion`, `ocr_case`, `ocr_abbreviation`, `ocr_spacing`, `dehyphenate`, …; `other_reading`: an OCR'd målområde or delmål put right from its other printing (overview or goal table; `original` and `repaired` are its whole text); `budget_sum`: an "
               "OCR'd budget amount (`original`, as read) its column's SUMMA corrected (`repaired`, the budget row's `raw`); "
               "`ocr_confusion` also for an OCR'd budget amount whose letters read for digits were made digits (`I31 tkr`)"),
            _s("confidence", "0–1", pa.float32()),
        ]
    ),
}

TABLES = tuple(SCHEMAS)


def file_schema(table: str) -> pa.Schema:
    """Schema of one Parquet file: the table less its partition columns, plus version metadata."""
    schema = SCHEMAS[table]
    fields = [f for f in schema if f.name not in PARTITION_COLUMNS]
    return pa.schema(fields).with_metadata(
        {"fca_extract.contract_version": CONTRACT_VERSION, "fca_extract.schema_version": SCHEMA_VERSION, "fca_extract.table": table}
    )


#: one line per reader that reads a table with the partition columns typed (``year`` int32,
#: ``doc_type`` string); the README shows the same lines (a test holds them equal and runs them)
READ_LINES = (
    ("fca_extract", 'acts = fca_extract.read_dataset("out/fixtures", "activities")'),
    ("pandas", 'acts = pd.read_parquet("out/fixtures/activities", partitioning=ds.partitioning(flavor="hive"))'),
    ("pyarrow", 'acts = ds.dataset("out/fixtures/activities", partitioning="hive").to_table()'),
    ("DuckDB", "acts = duckdb.sql(\"SELECT * FROM read_parquet('out/fixtures/activities/**/*.parquet', hive_types={'doc_type': VARCHAR, 'year': INTEGER})\")"),
    ("polars", 'acts = pl.read_parquet("out/fixtures/activities", hive_schema={"doc_type": pl.String, "year": pl.Int32})'),
)
READ_IMPORTS = "import fca_extract, pandas as pd, pyarrow.dataset as ds, duckdb, polars as pl"

_PARTITION_DOCS = {
    "doc_type": "partition column (directory `doc_type=…`, not in the files): `handlingsplan`, `arsrapport` or `unknown`",
    "year": "partition column (directory `year=…`, not in the files): the year the plan or report is for; 0 when unknown",
}


def data_dictionary_markdown() -> str:
    """The data dictionary, generated from :data:`SCHEMAS` so it cannot drift.

    Each table lists the columns a reader gets: the table's own, then the
    partition columns ``doc_type`` and ``year`` where the table lacks them.
    """
    out = [
        f"Contract v{CONTRACT_VERSION}, schema {SCHEMA_VERSION}. Generated from `fca_extract/output/schema.py` by "
        "`python -m fca_extract.output.schema`; do not edit by hand.",
        "",
        "Every table is Hive-partitioned by `doc_type` and `year` (`OUT/<table>/doc_type=…/year=…/<doc_id>.parquet`); "
        "those two partition columns come from the directory names, not from the files, and every table has them "
        "(listed in each table below). A document whose year is unknown (a failed or non-FCA file) "
        "is filed under `year=0`, because a null partition breaks `pandas.read_parquet`.",
        "",
        "## Reading a table",
        "",
        "Read one table directory at a time, with the partition columns typed: untyped, pandas reads `doc_type` and "
        "`year` as unordered categoricals (`year > 2023`, `.max()` and `year + 1` raise TypeError), DuckDB and "
        "polars read `year` as int64. One line per reader (`out/fixtures` is the dataset directory):",
        "",
        "```python",
        READ_IMPORTS,
        *(f"{line}  # {reader}" for reader, line in READ_LINES),
        "```",
        "",
        "**Never read the dataset's root** (`pd.read_parquet(\"out/fixtures\")`, `read_parquet('out/fixtures/**/*.parquet')`): "
        "the readers glue the seven tables into one frame of mostly null rows, without an error. "
        "`fca_extract.read_dataset` refuses it. Join the tables on `doc_id`.",
        "",
    ]
    for table, schema in SCHEMAS.items():
        fields = [*schema, *(SCHEMAS["documents"].field(c) for c in PARTITION_COLUMNS if c not in schema.names)]
        out += [
            f"### {table}",
            "",
            f"Partition columns: {', '.join(f'`{c}`' for c in PARTITION_COLUMNS)}.",
            "",
            "| column | type | meaning |",
            "|---|---|---|",
        ]
        for f in fields:
            doc = _PARTITION_DOCS[f.name] if f.name in PARTITION_COLUMNS else (f.metadata or {}).get(b"doc", b"").decode()
            out.append(f"| {f.name} | {f.type} | {doc} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(data_dictionary_markdown())
