"""The Python API (fca_extract.extract, read_dataset, inspect_page) and the README's one-line readers.

Expected values come from the hand-written fixture content (tests/expected.py) and from the contract
(docs/dataset-contract.md), never from the code under test. One extraction and one CLI dataset are
shared by the module.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import fca_extract
from expected import PDF_DIR, VARIANTS, expected_activities, expected_document
from fca_extract.output.schema import SCHEMAS, TABLES

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CONTRACT = ROOT / "docs" / "dataset-contract.md"
PLAN = "handlingsplan_centrum_2024"
PLAN_PDF = PDF_DIR / f"{PLAN}.pdf"

# contract type → the pandas dtype the API promises for it (README "Python API"), written by hand
CONTRACT_DTYPE = {
    "string": "string",
    "int32": "Int32",
    "int64": "Int64",
    "float32": "Float32",
    "list<string>": "list<item: string>[pyarrow]",
    "timestamp[us, tz=UTC]": "datetime64[us, UTC]",
}
# the same for the schema's Arrow type names (columns the project added beyond the contract)
ARROW_DTYPE = {**CONTRACT_DTYPE, "float": "Float32", "list<item: string>": "list<item: string>[pyarrow]"}
PARTITION = {"doc_type": "string", "year": "Int32"}


def contract_columns() -> dict[str, dict[str, str]]:
    """The contract's tables: table → column → contract type, parsed from the markdown."""
    out: dict[str, dict[str, str]] = {}
    table = None
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## (\w+) — ", line)
        if m:
            table = out.setdefault(m.group(1), {})
        elif table is not None and line.startswith("| ") and not line.startswith("| column"):
            col, typ = [c.strip() for c in line.strip("|").split("|")][:2]
            table[col] = typ
    return out


def expected_dtypes(table: str) -> dict[str, str]:
    """Column → pandas dtype a frame of ``table`` must have: contract columns by the contract, added columns by the schema."""
    contract = contract_columns()[table]
    dtypes = {}
    for f in SCHEMAS[table]:
        dtypes[f.name] = CONTRACT_DTYPE[contract[f.name]] if f.name in contract else ARROW_DTYPE[str(f.type)]
    for col, dtype in PARTITION.items():
        dtypes.setdefault(col, dtype)
    return dtypes


def assert_contract_frame(table: str, df: pd.DataFrame) -> None:
    want = expected_dtypes(table)
    assert list(df.columns) == list(want), table
    wrong = {c: str(df[c].dtype) for c in want if str(df[c].dtype) != want[c]}
    assert not wrong, f"{table}: {wrong} (want {[want[c] for c in wrong]})"


@pytest.fixture(scope="module")
def plan():
    return fca_extract.extract(PLAN_PDF)


@pytest.fixture(scope="module")
def dataset(exported_dataset):
    """A real dataset: the exported fixtures written by the CLI (shared with the other tests)."""
    out, code = exported_dataset
    assert code == 0
    return out


def n_activities(pred) -> int:
    """Activities the exported fixtures hold, over the fixture documents for which ``pred(document)`` holds."""
    return sum(len(expected_activities(stem)) for stem in VARIANTS if pred(expected_document(stem)))


# --- extract -------------------------------------------------------------------------------------


def test_the_contract_lists_the_seven_tables():
    assert set(contract_columns()) == set(TABLES)
    assert contract_columns()["activities"]["row_no"] == "int32"


@pytest.mark.parametrize("table", TABLES)
def test_extraction_frames_have_the_contract_columns_and_dtypes(plan, table):
    df = getattr(plan, table)
    assert_contract_frame(table, df)
    assert len(df) > 0, table  # the plan has rows in every table (repairs included: it has å/ä/ö to restore)


def test_extraction_values_are_the_fixtures(plan):
    doc = expected_document(PLAN)
    d = plan.documents
    assert len(d) == 1
    assert d.loc[0, "doc_type"] == doc["doc_type"] == "handlingsplan"
    assert d.loc[0, "year"] == doc["year"] == 2024
    assert d.loc[0, "district"] == doc["district"]
    assert d.loc[0, "n_pages"] == doc["n_pages"]
    assert d.loc[0, "status"] == "ok" and plan.status == "ok" and plan.error is None
    assert d.loc[0, "file_name"] == PLAN_PDF.name
    assert plan.doc_id == d.loc[0, "doc_id"] and len(plan.doc_id) == 64
    acts = plan.activities
    want = expected_activities(PLAN)
    assert acts.row_no.tolist() == list(range(1, len(want) + 1))
    assert acts.malomrade_no.tolist() == [r["malomrade_no"] for r in want]
    assert list(zip(acts.page_start, acts.page_end)) == [(r["page_start"], r["page_end"]) for r in want]
    assert set(acts.doc_id) == {plan.doc_id}
    # the partition columns are there on every table, with the document's values
    for table in TABLES:
        df = getattr(plan, table)
        assert set(df.doc_type) == {"handlingsplan"} and set(df.year) == {2024}, table
    # and behave as numbers and strings
    assert len(acts[acts.year > 2023]) == len(want) and len(acts[acts.year > 2024]) == 0
    assert set(acts.year + 1) == {2025}
    assert acts.year.max() == 2024
    assert (acts.doc_type + "!").iloc[0] == "handlingsplan!"
    # the printed SUMMA of the budget, from the fixture's content (tkr → kr)
    summa = plan.budget[plan.budget.post == "SUMMA"].set_index("funder").amount_sek.to_dict()
    assert summa == {"HSNG": 1_553_000, "SN+FSN": 2_283_000, "GSN": 360_000}


def test_to_arrow_gives_the_schemas_types(plan):
    tables = plan.to_arrow()
    assert list(tables) == list(TABLES)
    for name, t in tables.items():
        for f in SCHEMAS[name]:
            assert t.schema.field(f.name).type == f.type, f"{name}.{f.name}"
        assert t.schema.field("year").type == pa.int32() and t.schema.field("doc_type").type == pa.string()
        assert t.schema.metadata[b"fca_extract.schema_version"] == b"1.1"
        assert t.num_rows == len(getattr(plan, name))


def test_a_frame_is_a_new_copy_each_time(plan):
    acts = plan.activities
    acts.loc[0, "activity"] = "changed"
    assert plan.activities.loc[0, "activity"] != "changed"


def test_extraction_equals_what_the_cli_wrote(plan, dataset):
    """The API and ``fca-extract extract`` give the same rows of the same file (extracted_at and the path aside)."""
    for table in TABLES:
        got = plan.table(table)
        stored = fca_extract.read_dataset(dataset, table)
        stored = stored[stored.doc_id == plan.doc_id].reset_index(drop=True)
        assert len(stored) == len(got) > 0, table
        drop = [c for c in ("extracted_at", "source_path") if c in got]
        pd.testing.assert_frame_equal(got.drop(columns=drop), stored.drop(columns=drop), check_exact=True, obj=table)


def test_a_file_that_is_not_a_pdf_is_a_failed_extraction(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("this is not a PDF\n", encoding="utf-8")
    x = fca_extract.extract(bad)
    assert x.status == "failed" and x.error and "not a PDF" in x.error
    assert (x.doc_type, x.year) == ("unknown", 0)  # as the dataset files it (year=0)
    d = x.documents
    assert d.loc[0, "status"] == "failed" and d.loc[0, "file_name"] == "notes.pdf"
    assert list(d.loc[0, "warnings"]) == [x.error]
    for table in TABLES:
        df = getattr(x, table)
        assert_contract_frame(table, df)  # empty tables are typed too
        assert len(df) == (1 if table == "documents" else 0), table


def test_bad_arguments_raise(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        fca_extract.extract(tmp_path / "missing.pdf")
    with pytest.raises(IsADirectoryError):
        fca_extract.extract(tmp_path)
    with pytest.raises(ValueError, match="ocr must be one of auto, never, always"):
        fca_extract.extract(PLAN_PDF, ocr="maybe")
    with pytest.raises(ValueError, match="workers"):
        fca_extract.extract(PLAN_PDF, workers=0)


def test_import_fca_extract_loads_neither_pandas_nor_the_pipeline():
    """The CLI and its workers import the package: the API is loaded on first use only."""
    code = "import sys, fca_extract; print(sorted(m for m in ('pandas', 'pyarrow', 'fca_extract.api', 'fca_extract.pipeline') if m in sys.modules)); print(callable(fca_extract.extract))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True"]
    assert {"extract", "read_dataset", "inspect_page", "Extraction"} <= set(dir(fca_extract))
    with pytest.raises(AttributeError):
        fca_extract.no_such_thing  # noqa: B018


# --- read_dataset --------------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_read_dataset_gives_contract_dtypes(dataset, table):
    assert_contract_frame(table, fca_extract.read_dataset(dataset, table))


def test_read_dataset_year_and_doc_type_behave(dataset):
    acts = fca_extract.read_dataset(dataset, "activities")
    assert len(acts) == n_activities(lambda d: True)
    later = acts[acts.year > 2023]
    assert len(later) == n_activities(lambda d: d["year"] > 2023) > 0
    assert set(later.doc_type) == {"handlingsplan"}
    assert set(acts.year + 1) == {2024, 2025}
    assert acts.year.max() == 2024
    assert len(acts[acts.doc_type == "arsrapport"]) == n_activities(lambda d: d["doc_type"] == "arsrapport")
    # pyarrow filters, and the table's own directory
    filtered = fca_extract.read_dataset(dataset, "activities", filters=[("year", ">", 2023)])
    assert len(filtered) == len(later)
    same = fca_extract.read_dataset(dataset / "activities")
    pd.testing.assert_frame_equal(same, acts)
    docs = fca_extract.read_dataset(dataset, "documents", columns=["file_name", "year"])
    assert list(docs.columns) == ["file_name", "year"]
    assert dict(zip(docs.file_name, docs.year)) == {f"{s}.pdf": expected_document(s)["year"] for s in VARIANTS}


def test_read_dataset_refuses_the_root_and_unknown_tables(dataset, tmp_path):
    with pytest.raises(ValueError, match="dataset's root, which holds 7 tables"):
        fca_extract.read_dataset(dataset)
    with pytest.raises(ValueError, match="unknown table 'activity'"):
        fca_extract.read_dataset(dataset, "activity")
    with pytest.raises(FileNotFoundError):
        fca_extract.read_dataset(tmp_path / "nowhere", "activities")
    with pytest.raises(ValueError, match="not a table directory"):
        fca_extract.read_dataset(tmp_path)
    with pytest.raises(ValueError, match="no column"):
        fca_extract.read_dataset(dataset, "goals", columns=["activity"])


# --- the README's one line per reader ------------------------------------------------------------


def readme_lines() -> dict[str, str]:
    """Reader → the line the README shows under "For analysts and reviewers" (``acts = …  # reader``), and its imports."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## For analysts and reviewers"):]
    section = section[: section.index("\n## ", 5)]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    lines = {}
    for line in block.splitlines():
        m = re.match(r"^(acts = .*?)  # (\w+)$", line)
        if m:
            lines[m.group(2)] = m.group(1)
        elif line.startswith("import "):
            lines["imports"] = line
    return lines


def test_readme_shows_one_line_per_reader_as_the_dictionary_does():
    lines = readme_lines()
    assert set(lines) == {"imports", "fca_extract", "pandas", "pyarrow", "DuckDB", "polars"}
    dictionary = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for reader, line in lines.items():
        assert line in dictionary, reader
    assert "Never read the dataset's root" in README.read_text(encoding="utf-8")


def _year_after_2023(reader: str, acts):
    """``acts`` as the reader gives it → (year type, doc_type type, rows with year > 2023, set of year + 1)."""
    import duckdb
    import polars as pl
    import pyarrow.compute as pc

    if reader in ("pandas", "fca_extract"):
        return str(acts.year.dtype), str(acts.doc_type.dtype), len(acts[acts.year > 2023]), set(acts.year + 1)
    if reader == "pyarrow":
        t = acts.filter(pc.field("year") > 2023)
        return str(acts.schema.field("year").type), str(acts.schema.field("doc_type").type), t.num_rows, set(pc.add(acts["year"], 1).to_pylist())
    if reader == "DuckDB":
        types = dict(zip(acts.columns, map(str, acts.types)))
        n = duckdb.sql("SELECT count(*) FROM acts WHERE year > 2023").fetchall()[0][0]
        plus = {r[0] for r in duckdb.sql("SELECT DISTINCT year + 1 FROM acts").fetchall()}
        return types["year"], types["doc_type"], n, plus
    if reader == "polars":
        return str(acts.schema["year"]), str(acts.schema["doc_type"]), acts.filter(pl.col("year") > 2023).height, set((acts["year"] + 1).to_list())
    raise AssertionError(reader)


# per reader: the type names of year and doc_type it must give (int32 and a string, in its own words)
READER_TYPES = {
    "fca_extract": ("Int32", "string"),
    "pandas": ("int32", "str" if pd.__version__ >= "3" else "object"),
    "pyarrow": ("int32", "string"),
    "DuckDB": ("INTEGER", "VARCHAR"),
    "polars": ("Int32", "String"),
}


@pytest.mark.parametrize("reader", list(READER_TYPES))
def test_readme_line_reads_year_as_int32_and_filters(dataset, reader, monkeypatch):
    """Each line exactly as printed, run in the directory that holds the dataset as ``out/fixtures``."""
    lines = readme_lines()
    work = dataset.parent / "readme_cwd"
    (work / "out").mkdir(parents=True, exist_ok=True)
    link = work / "out" / "fixtures"
    if not link.exists():
        link.symlink_to(dataset, target_is_directory=True)
    monkeypatch.chdir(work)
    ns: dict = {}
    exec(lines["imports"], ns)
    exec(lines[reader], ns)
    year_t, doc_type_t, n_later, plus_one = _year_after_2023(reader, ns["acts"])
    assert (year_t, doc_type_t) == READER_TYPES[reader]
    assert n_later == n_activities(lambda d: d["year"] > 2023) > 0
    assert plus_one == {2024, 2025}


def test_reading_the_root_untyped_is_the_trap_the_readme_warns_of(dataset):
    """What the README warns of is real: pandas reads the year categorical, and the root as one glued frame."""
    acts = pd.read_parquet(dataset / "activities")
    assert isinstance(acts.year.dtype, pd.CategoricalDtype)
    with pytest.raises(TypeError):
        acts[acts.year > 2023]  # noqa: B018
    glued = pd.read_parquet(dataset)
    assert len(glued) > len(acts)  # rows of every table in one frame


# --- inspect_page --------------------------------------------------------------------------------


def test_inspect_page_is_the_clis_drawing_and_shows_inline(tmp_path):
    from PIL import Image

    from fca_extract.cli import main
    from fca_extract.debug.draw import CELL, ROW
    from fca_extract.debug.inspect import render_page

    img = fca_extract.inspect_page(PLAN_PDF, 3)
    assert isinstance(img, Image.Image) and img.mode == "RGB"
    assert hasattr(img, "_repr_png_")  # what Jupyter shows inline
    plain = render_page(PLAN_PDF, 3, 100)
    assert img.width == plain.width and img.height > plain.height  # the page, plus the legend below it
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}
    assert CELL in colours and ROW in colours  # cells and row boundaries of the goal table drawn on it
    png = tmp_path / "p3.png"
    assert main(["inspect", str(PLAN_PDF), "--page", "3", "--out", str(png), "--quiet"]) == 0
    assert Image.open(png).convert("RGB").tobytes() == img.tobytes()  # the CLI draws the same picture
    with pytest.raises(ValueError, match="no page 99"):
        fca_extract.inspect_page(PLAN_PDF, 99)
    with pytest.raises(FileNotFoundError):
        fca_extract.inspect_page(tmp_path / "missing.pdf", 1)


# --- the docstrings' examples --------------------------------------------------------------------


def test_docstring_examples_run(monkeypatch):
    """Every example in fca_extract.api's docstrings (they use the bundled fixtures from the repository's root)."""
    import fca_extract.api

    monkeypatch.chdir(ROOT)
    result = doctest.testmod(fca_extract.api, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0
    assert result.attempted >= 20
    assert os.getcwd() == str(ROOT)
