"""Exported (Word → LibreOffice) fixtures: every row equal to the hand-written content."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest

from expected import VARIANTS, expected_activities, expected_budget, expected_document, expected_goals, norm
from fca_extract.output.schema import SCHEMA_VERSION, SCHEMAS

STEMS = list(VARIANTS)


def _table(out, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / name)


def _rows_for(out, name: str, stem: str) -> list[dict]:
    docs = _table(out, "documents")
    doc_id = docs.loc[docs.file_name == f"{stem}.pdf", "doc_id"].item()
    df = _table(out, name)
    df = df[df.doc_id == doc_id]
    if "row_no" in df:
        df = df.sort_values("row_no")
    return df.to_dict("records")


def _compare(got: list[dict], exp: list[dict], what: str) -> list[str]:
    problems = []
    if len(got) != len(exp):
        problems.append(f"{what}: {len(got)} rows, expected {len(exp)}")
    for i, (g, e) in enumerate(zip(got, exp), 1):
        for k, v in e.items():
            gv = g[k]
            gv = norm(gv) if isinstance(gv, str) else (None if gv is None or gv != gv else gv)
            if gv != v:
                problems.append(f"{what} row {i} {k}: got {gv!r}, expected {v!r}")
    return problems


def test_extract_exit_code(exported_dataset):
    _, code = exported_dataset
    assert code == 0


@pytest.mark.parametrize("stem", STEMS)
def test_activities_equal_hand_written_rows(exported_dataset, stem):
    out, _ = exported_dataset
    problems = _compare(_rows_for(out, "activities", stem), expected_activities(stem), "activities")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem", STEMS)
def test_goals_budget_equal(exported_dataset, stem):
    out, _ = exported_dataset
    problems = _compare(_rows_for(out, "goals", stem), expected_goals(stem), "goals")
    problems += _compare(_rows_for(out, "budget", stem), expected_budget(stem), "budget")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem", STEMS)
def test_document_metadata(exported_dataset, stem):
    out, _ = exported_dataset
    (doc,) = _rows_for(out, "documents", stem)
    for k, v in expected_document(stem).items():
        got = int(doc[k]) if k in ("year", "n_pages") else doc[k]
        assert got == v, k
    assert doc["status"] == "ok", list(doc["warnings"])
    assert doc["n_pages_ocr"] == 0


@pytest.mark.parametrize("stem", STEMS)
def test_rows_do_not_hold_page_furniture_or_headers(exported_dataset, stem):
    out, _ = exported_dataset
    for row in _rows_for(out, "activities", stem):
        for col in ("activity", "ansvar", "outcome", "delmal"):
            text = row[col] or ""
            assert "Ansvar" != text.strip()
            assert not any(line.strip().isdigit() for line in text.split("\n")), (col, text)
        assert 1 <= row["page_start"] <= row["page_end"]


def test_some_rows_cross_pages(exported_dataset):
    out, _ = exported_dataset
    acts = _table(out, "activities")
    assert (acts.page_end > acts.page_start).sum() >= 3


def test_sections_found(exported_dataset):
    out, _ = exported_dataset
    secs = _table(out, "sections")
    for stem in STEMS:
        got = [r["section_no"] for r in _rows_for(out, "sections", stem)]
        assert got == [str(n) for n in range(1, 11)], stem
    hp = _rows_for(out, "sections", "handlingsplan_centrum_2024")
    assert hp[0]["heading"] == "INLEDNING"
    assert hp[0]["text"].startswith("Familjecentrerat arbetssätt (FCA) syftar till att stärka")
    assert len(secs) == 10 * len(STEMS)


def test_dataset_reads_back_with_pandas_pyarrow_duckdb(exported_dataset):
    out, _ = exported_dataset
    for name, schema in SCHEMAS.items():
        df = pd.read_parquet(out / name)
        table = ds.dataset(out / name, partitioning="hive").to_table()
        n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out / name}/**/*.parquet', hive_partitioning=true)").fetchall()[0][0]
        assert len(df) == table.num_rows == n, name
        assert set(df.columns) == set(schema.names) | {"doc_type", "year"}, name  # partition columns come from the path
        for f in schema:
            if f.name in ("doc_type", "year"):
                continue  # partition columns, typed by the reader
            assert table.schema.field(f.name).type == f.type, (name, f.name)
    acts = duckdb.sql(
        f"SELECT doc_type, year, count(*) AS n FROM read_parquet('{out}/activities/**/*.parquet', hive_partitioning=true) GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    n_ar = sum(1 for s in STEMS if s.startswith("arsrapport"))
    assert acts == [("arsrapport", 2023, 32 * n_ar), ("handlingsplan", 2024, 17 * (len(STEMS) - n_ar))]
    meta = ds.dataset(out / "activities", partitioning="hive").schema.metadata
    assert meta[b"fca_extract.schema_version"].decode() == SCHEMA_VERSION


def test_partition_layout(exported_dataset):
    out, _ = exported_dataset
    files = sorted(p.relative_to(out).parts[:3] for p in out.glob("activities/*/*/*.parquet"))
    assert ("activities", "doc_type=handlingsplan", "year=2024") in files
    assert ("activities", "doc_type=arsrapport", "year=2023") in files
    assert not list(out.rglob("*.tmp"))
