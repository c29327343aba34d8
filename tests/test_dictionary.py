"""The data dictionary cannot drift from the schemas, and every Parquet file carries the schema version."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from fca_extract.output.schema import CONTRACT_VERSION, PARTITION_COLUMNS, SCHEMA_VERSION, SCHEMAS, TABLES, data_dictionary_markdown, file_schema

ROOT = Path(__file__).resolve().parents[1]
DICTIONARY = ROOT / "docs" / "data-dictionary.md"
CONTRACT = ROOT / "docs" / "dataset-contract.md"  # the repository's copy of the contract
SHARED_CONTRACT = ROOT.parent / "shared" / "dataset-contract.md"  # the team's original, when checked out beside it


def _md_tables(text: str) -> dict[str, list[tuple[str, str, str]]]:
    """``### table`` sections of a markdown file → (column, type, meaning) rows."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^#{2,3}\s+(\w+)", line)
        if m:
            current = m.group(1)
            out[current] = []
            continue
        if current and line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[0] != "column" and len(cells) >= 3:
                out[current].append((cells[0], cells[1], "|".join(cells[2:]).strip()))
    return {name: rows for name, rows in out.items() if rows}  # prose sections ("Reading a table") hold no columns


def test_committed_dictionary_is_the_generated_one():
    """``python -m fca_extract.output.schema > docs/data-dictionary.md`` was run after the last schema change."""
    generated = subprocess.run([sys.executable, "-m", "fca_extract.output.schema"], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    committed = DICTIONARY.read_text(encoding="utf-8")
    assert committed == generated, "docs/data-dictionary.md is stale: run `python -m fca_extract.output.schema > docs/data-dictionary.md`"


def test_dictionary_lists_every_column_with_its_type_and_meaning():
    """Each table lists what a reader gets: its columns, then the partition columns it does not hold itself."""
    tables = _md_tables(DICTIONARY.read_text(encoding="utf-8"))
    assert list(tables) == list(SCHEMAS)
    for name, schema in SCHEMAS.items():
        rows = tables[name]
        extra = [c for c in ("doc_type", "year") if c not in schema.names]
        assert [r[0] for r in rows] == schema.names + extra, name
        for col, typ, meaning in rows:
            assert meaning, f"{name}.{col} has no meaning in the dictionary"
            if col in ("doc_type", "year"):
                assert typ == {"doc_type": "string", "year": "int32"}[col], f"{name}.{col}"
                assert meaning.startswith("partition column (directory `" + col + "=…`"), f"{name}.{col}: {meaning}"
            else:
                f = schema.field(col)
                assert typ == str(f.type), f"{name}.{col}"
                assert meaning == (f.metadata or {})[b"doc"].decode(), f"{name}.{col}"


def test_every_table_of_the_dictionary_names_its_partition_columns():
    sections = re.split(r"^### ", DICTIONARY.read_text(encoding="utf-8"), flags=re.M)[1:]
    assert [s.split("\n", 1)[0] for s in sections] == list(SCHEMAS)
    for section in sections:
        assert "Partition columns: `doc_type`, `year`." in section, section[:40]


def test_dictionary_warns_against_reading_the_root_and_shows_each_readers_line():
    text = DICTIONARY.read_text(encoding="utf-8")
    assert "Never read the dataset's root" in text
    for reader in ("pandas", "pyarrow", "DuckDB", "polars"):
        assert re.search(rf"^acts = .*  # {reader}$", text, re.M), reader


def test_dictionary_states_contract_and_schema_version():
    text = DICTIONARY.read_text(encoding="utf-8")
    assert f"Contract v{CONTRACT_VERSION}" in text
    assert f"schema {SCHEMA_VERSION}" in text
    assert data_dictionary_markdown().startswith(f"Contract v{CONTRACT_VERSION}")


_CONTRACT_TYPES = {"float32": "float", "list<string>": "list<item: string>"}


def test_the_contract_copy_is_this_version_and_the_teams_contract():
    """The repository's copy is the one the tests read (a fresh clone skips nothing); when the team's
    original is checked out beside the repository (as in CI), the copy must equal it."""
    text = CONTRACT.read_text(encoding="utf-8")
    assert text.startswith(f"# Dataset contract (v{CONTRACT_VERSION})"), "docs/dataset-contract.md and CONTRACT_VERSION disagree"
    if SHARED_CONTRACT.exists():
        assert text == SHARED_CONTRACT.read_text(encoding="utf-8"), "docs/dataset-contract.md is out of date"


def test_schemas_hold_every_contract_column_with_its_type():
    """The project may add columns, never rename, retype or drop the contract's."""
    contract = _md_tables(CONTRACT.read_text(encoding="utf-8"))
    assert set(contract) == set(SCHEMAS)
    problems = []
    for name, rows in contract.items():
        schema = SCHEMAS[name]
        for col, typ, _ in rows:
            if col not in schema.names:
                problems.append(f"{name}.{col} missing")
            elif str(schema.field(col).type) != _CONTRACT_TYPES.get(typ, typ):
                problems.append(f"{name}.{col}: {schema.field(col).type}, contract says {typ}")
    assert not problems, problems


def test_every_parquet_file_carries_the_schema_version(exported_dataset):
    out, _ = exported_dataset
    files = sorted(out.rglob("*.parquet"))
    n_docs = len(list((out / "documents").rglob("*.parquet")))
    assert n_docs >= 3
    assert len(files) == n_docs * len(TABLES), "one file per table per document"
    for path in files:
        table = path.relative_to(out).parts[0]
        schema = pq.read_schema(path)
        meta = schema.metadata or {}
        assert meta.get(b"fca_extract.schema_version") == SCHEMA_VERSION.encode(), path
        assert meta.get(b"fca_extract.contract_version") == CONTRACT_VERSION.encode(), path
        assert meta.get(b"fca_extract.table") == table.encode(), path
        # the file holds the table's columns less the partition columns, with the dictionary's types
        expected = file_schema(table)
        assert schema.names == expected.names, path
        assert all(c not in schema.names for c in PARTITION_COLUMNS)
        for f in expected:
            assert schema.field(f.name).type == f.type, f"{path}: {f.name}"


def test_row_records_are_the_schema():
    """Rows are built through one dataclass per table whose fields are the schema's columns, in order."""
    from dataclasses import fields

    from fca_extract.output.records import RECORDS

    assert set(RECORDS) == set(SCHEMAS)
    for table, record in RECORDS.items():
        assert [f.name for f in fields(record)] == SCHEMAS[table].names, table


def test_a_misspelt_column_is_an_error_not_a_null():
    from fca_extract.output.write import to_arrow

    good = {"doc_id": "x", "malomrade_no": "7.1", "malomrade": "M", "delmal_no": None, "delmal": "D"}
    assert to_arrow("goals", [good]).num_rows == 1
    with pytest.raises(KeyError):
        to_arrow("goals", [{**{k: v for k, v in good.items() if k != "delmal"}, "delmall": "D"}])
