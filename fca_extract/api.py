"""The Python API: one PDF to contract-typed pandas frames, one dataset table read back, one page drawn.

Three functions, importable from the package itself::

    import fca_extract
    x = fca_extract.extract("plan.pdf")                       # an Extraction: .documents, .activities, …
    acts = fca_extract.read_dataset("out/fixtures", "activities")  # a table of a dataset written by the CLI
    fca_extract.inspect_page("plan.pdf", 4)                   # a PIL image; shown inline in Jupyter

Every frame, whether extracted or read back, has the columns of the contract's
table (``docs/dataset-contract.md``, :data:`fca_extract.output.schema.SCHEMAS`)
followed by the partition columns ``doc_type`` and ``year`` where the table
does not hold them itself, each with the contract's type as a nullable pandas
dtype (:func:`pandas_dtype`): ``int32`` → ``Int32``, ``int64`` → ``Int64``,
``float32`` → ``Float32``, ``string`` → ``string``, ``list<string>`` →
``list<item: string>[pyarrow]``, timestamps ``datetime64[us, UTC]``. So
``x.activities`` and ``read_dataset(DIR, "activities")`` of the same file have
the same columns and dtypes, and ``year > 2023`` or ``year + 1`` work on both
(``pd.read_parquet(DIR/table)`` gives ``year`` as a categorical, where they
raise TypeError).

The examples below run from the repository's root, on a bundled fixture
(``tests/test_api.py`` runs them):

>>> import fca_extract
>>> x = fca_extract.extract("fixtures/pdf/handlingsplan_centrum_2024.pdf")
>>> x
<Extraction handlingsplan_centrum_2024.pdf: ok, handlingsplan 2024 Centrum; 17 activities, 10 goals, 10 budget, 10 sections, 6 pages, 145 repairs>
>>> x.documents[["doc_type", "year", "district", "n_pages", "status"]]
        doc_type  year district  n_pages status
0  handlingsplan  2024  Centrum        6     ok
>>> x.activities[["row_no", "malomrade_no", "delmal_no", "page_start", "page_end", "year"]].head(3)
   row_no malomrade_no delmal_no  page_start  page_end  year
0       1          7.1     7.1.1           2         2  2024
1       2          7.1     7.1.2           2         2  2024
2       3          7.1     7.1.2           2         3  2024
>>> [str(x.activities[c].dtype) for c in ("row_no", "activity", "doc_type", "year")]
['Int32', 'string', 'string', 'Int32']
>>> (x.activities.year + 1).unique().tolist()
[2025]
>>> x.pages[["page_no", "text_source", "ocr_confidence"]].head(2)
   page_no text_source  ocr_confidence
0        1  text_layer            <NA>
1        2  text_layer            <NA>
>>> print(x.budget.query("post == 'SUMMA'")[["funder", "kind", "amount_sek"]].to_string(index=False))
funder   kind  amount_sek
  HSNG budget     1553000
SN+FSN budget     2283000
   GSN budget      360000
>>> sorted(x.to_arrow()) == sorted(TABLES)
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa

from .output.dataset import UNKNOWN_YEAR
from .output.schema import PARTITION_COLUMNS, SCHEMAS, TABLES, file_schema
from .output.write import to_arrow

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

    from .repair import Lexicon, RepairConfig

__all__ = ["Extraction", "extract", "read_dataset", "inspect_page", "dataset_schema", "pandas_dtype"]

_DOC_TYPE = SCHEMAS["documents"].field("doc_type")
_YEAR = SCHEMAS["documents"].field("year")


def dataset_schema(table: str) -> pa.Schema:
    """The Arrow schema of ``table`` as read from a dataset: the contract's columns, then the partition columns it lacks.

    >>> dataset_schema("goals").names
    ['doc_id', 'malomrade_no', 'malomrade', 'delmal_no', 'delmal', 'doc_type', 'year']
    >>> dataset_schema("documents").names == SCHEMAS["documents"].names
    True
    """
    _check_table(table)
    schema = SCHEMAS[table]
    extra = [f for f in (_DOC_TYPE, _YEAR) if f.name not in schema.names]
    return pa.schema([*schema, *extra], metadata=file_schema(table).metadata)


def _check_table(table: str) -> None:
    if table not in SCHEMAS:
        raise ValueError(f"unknown table {table!r}: the dataset's tables are {', '.join(TABLES)}")


def pandas_dtype(arrow_type: pa.DataType):
    """The nullable pandas dtype a column of ``arrow_type`` gets (``None``: pyarrow's default, e.g. timestamps).

    >>> pandas_dtype(pa.int32()), pandas_dtype(pa.float32())
    (Int32Dtype(), Float32Dtype())
    """
    simple = {
        pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.float32(): pd.Float32Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
        pa.string(): pd.StringDtype(),
        pa.large_string(): pd.StringDtype(),
    }
    if arrow_type in simple:
        return simple[arrow_type]
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return pd.ArrowDtype(arrow_type)
    return None


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=pandas_dtype)


@dataclass(frozen=True, eq=False)
class Extraction:
    """The rows of one PDF, as ``fca-extract extract`` writes them, in the contract's types.

    Each table is a property giving a new pandas frame (see the module's
    docstring for the dtypes); :meth:`to_arrow` gives the Arrow tables.
    ``doc_type`` and ``year`` are the values of the document's partition: a
    document whose year is unknown (a failed or non-FCA file) has ``year`` 0
    and ``doc_type`` ``unknown``, as in the dataset.

    >>> x = extract("fixtures/README.md")  # not a PDF: a failed document, as the command line records it
    >>> x.status, x.doc_type, x.year
    ('failed', 'unknown', 0)
    >>> x.error.startswith("not a PDF")
    True
    >>> x.documents[["file_name", "doc_type", "year", "status"]]
       file_name doc_type  year  status
    0  README.md  unknown     0  failed
    >>> len(x.activities), str(x.activities.page_start.dtype)
    (0, 'Int32')
    """

    path: Path
    doc_id: str
    status: str
    doc_type: str
    year: int
    error: str | None
    warnings: list[str]
    _tables: dict[str, pa.Table] = field(repr=False)

    def to_arrow(self) -> dict[str, pa.Table]:
        """Every table as a pyarrow Table of :func:`dataset_schema` (field docs and version metadata included)."""
        return dict(self._tables)

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name`` (one of :data:`~fca_extract.output.schema.TABLES`) as a pandas frame."""
        _check_table(name)
        return _to_pandas(self._tables[name])

    documents = property(lambda self: self.table("documents"), doc="the one ``documents`` row")
    activities = property(lambda self: self.table("activities"), doc="one row per goal-table row (sections 7.1–7.3)")
    goals = property(lambda self: self.table("goals"), doc="the overview grid: målområden and delmål")
    budget = property(lambda self: self.table("budget"), doc="one row per amount cell of the budget table")
    sections = property(lambda self: self.table("sections"), doc="the prose sections")
    pages = property(lambda self: self.table("pages"), doc="one row per page: text source, OCR confidence and why")
    repairs = property(lambda self: self.table("repairs"), doc="every text change the repair made")

    def __repr__(self) -> str:
        counts = ", ".join(f"{self._tables[t].num_rows} {t}" for t in TABLES if t != "documents")
        doc = self._tables["documents"].to_pylist()[0]
        what = " ".join(str(v) for v in (self.doc_type, self.year or None, doc.get("district")) if v is not None)
        return f"<Extraction {self.path.name}: {self.status}, {what}; {counts}>"


def _as_tables(result) -> dict[str, pa.Table]:
    """A pipeline result's rows as the dataset's tables: the writer's own :func:`to_arrow`, plus the partition columns."""
    doc_type = str(result.doc_type or _unknown_type())
    year = UNKNOWN_YEAR if result.year is None else int(result.year)
    out = {}
    for name in TABLES:
        t = to_arrow(name, result.tables.get(name, []))  # the file's schema, exactly as written to Parquet
        t = t.append_column(_DOC_TYPE, pa.array([doc_type] * t.num_rows, _DOC_TYPE.type))
        t = t.append_column(_YEAR, pa.array([year] * t.num_rows, _YEAR.type))
        schema = dataset_schema(name)
        out[name] = t.select(schema.names).cast(schema)
    return out


def _unknown_type() -> str:
    from .vocab import DocType

    return DocType.UNKNOWN


def _check_file(path: Path) -> None:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise IsADirectoryError(f"{path}: is a directory, not a PDF (the command line extracts directories: fca-extract extract DIR --out OUT)")


def extract(
    path: str | os.PathLike,
    *,
    ocr: str = "auto",
    workers: int | None = None,
    repair: RepairConfig | None = None,
    lexicon: Lexicon | None = None,
) -> Extraction:
    """Extract one PDF in this process: the rows ``fca-extract extract`` would write for it.

    ``ocr``: ``"auto"`` (OCR the pages without a usable text layer), ``"never"``
    or ``"always"``; ``workers``: OCR processes for a scanned document (default:
    the machine's cores); ``repair``: a :class:`~fca_extract.repair.RepairConfig`
    to switch text repairs off or on; ``lexicon``: the Swedish lexicon (default:
    the shared one, which an extraction never changes).

    A PDF that cannot be read (not a PDF, encrypted, truncated …) is not an
    exception: it gives a ``failed`` Extraction with one ``documents`` row and
    the reason in ``error``, as the command line does. A missing file is
    ``FileNotFoundError``; a missing Tesseract on a scanned PDF is
    :class:`~fca_extract.errors.MissingDependencyError`.

    >>> extract("fixtures/pdf/handlingsplan_centrum_2024.pdf", ocr="sometimes")
    Traceback (most recent call last):
    ...
    ValueError: ocr must be one of auto, never, always, not 'sometimes'
    >>> extract("fixtures/pdf/no_such.pdf")
    Traceback (most recent call last):
    ...
    FileNotFoundError: fixtures/pdf/no_such.pdf: no such file
    """
    from .jobs.extract import _storable  # escapes a name that is not UTF-8, as the workers do before writing
    from .pages.source import SourceOptions
    from .pipeline import Options, extract_document
    from .repair import RepairConfig as _RepairConfig
    from .vocab import OcrMode

    path = Path(path)
    _check_file(path)
    try:
        mode = OcrMode(ocr)
    except ValueError:
        raise ValueError(f"ocr must be one of {', '.join(m.value for m in OcrMode)}, not {ocr!r}") from None
    if workers is not None and workers < 1:
        raise ValueError("workers must be at least 1")
    options = Options(source=SourceOptions(ocr=mode, workers=workers), repair=repair or _RepairConfig())
    result = extract_document(path, options, lexicon)
    _storable(result)
    tables = _as_tables(result)
    return Extraction(
        path=path,
        doc_id=result.doc_id,
        status=str(result.status),
        doc_type=str(tables["documents"]["doc_type"][0]),
        year=int(tables["documents"]["year"][0].as_py()),
        error=result.error,
        warnings=list(result.warnings),
        _tables=tables,
    )


def read_dataset(path: str | os.PathLike, table: str | None = None, *, filters=None, columns: list[str] | None = None) -> pd.DataFrame:
    """One table of a dataset written by ``fca-extract extract`` or ``ingest``, in the contract's types.

    ``path`` is the dataset directory (the ``--out DIR``) with ``table`` one of
    ``documents``, ``activities``, ``goals``, ``budget``, ``sections``,
    ``pages``, ``repairs``; or the table's own directory (``DIR/activities``)
    with ``table`` left out. The dataset's root alone is refused: it holds
    seven tables, and reading it as one (``pd.read_parquet(DIR)``) glues them
    into one frame of mostly null columns. ``filters`` are pyarrow's (DNF
    tuples or an expression), ``columns`` a selection.

    ``year`` is ``Int32`` and ``doc_type`` ``string`` (not categoricals), so
    ``year > 2023``, ``.max()`` and ``year + 1`` work:

    >>> import tempfile, subprocess, sys
    >>> out = tempfile.mkdtemp()
    >>> _ = subprocess.run([sys.executable, "-m", "fca_extract", "extract", "fixtures/pdf/handlingsplan_centrum_2024.pdf",
    ...                     "--out", out, "--quiet"], check=True)
    >>> acts = read_dataset(out, "activities")
    >>> str(acts.year.dtype), str(acts.doc_type.dtype), len(acts), int(acts.year.max())
    ('Int32', 'string', 17, 2024)
    >>> len(read_dataset(out, "activities", filters=[("year", ">", 2024)]))
    0
    >>> read_dataset(out)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ... is a dataset's root, which holds 7 tables: read one of them, e.g. read_dataset(..., 'activities')
    """
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    path = Path(path)
    if table is not None:
        _check_table(table)
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such directory")
    if table is None:
        if any((path / t).is_dir() for t in TABLES):
            raise ValueError(f"{path} is a dataset's root, which holds {len(TABLES)} tables: read one of them, e.g. read_dataset({str(path)!r}, 'activities')")
        if path.name not in TABLES:
            raise ValueError(f"{path}: not a table directory of a dataset (its name is none of {', '.join(TABLES)}): give the table, read_dataset(DIR, TABLE)")
        table = path.name
    elif path.name != table or (path / table).is_dir():
        if not (path / table).is_dir():
            raise FileNotFoundError(f"{path}: no {table!r} table here (no directory {path / table})")
        path = path / table
    schema = dataset_schema(table)
    in_files = pa.schema([f for f in file_schema(table)])
    partitioning = ds.partitioning(pa.schema([_DOC_TYPE, _YEAR]), flavor="hive")
    data = ds.dataset(path, format="parquet", partitioning=partitioning, schema=pa.schema([*in_files, _DOC_TYPE, _YEAR]))
    expr = None
    if filters is not None:
        expr = filters if isinstance(filters, ds.Expression) else pq.filters_to_expression(filters)
    t = data.to_table(filter=expr).select(schema.names).cast(schema)
    if columns is not None:
        unknown = [c for c in columns if c not in schema.names]
        if unknown:
            raise ValueError(f"{table} has no column {', '.join(unknown)}: its columns are {', '.join(schema.names)}")
        t = t.select(columns)
    return _to_pandas(t)


def inspect_page(path: str | os.PathLike, page: int, *, dpi: float = 100, ocr: str = "auto", exact: bool = False) -> Image.Image:
    """Page ``page`` (1-based) of a PDF with what the extraction found drawn on it, as a PIL image.

    The drawing of ``fca-extract inspect`` (the same function draws both):
    ruling lines, cells, row boundaries and numbers, column roles, continuation
    decisions and low-confidence OCR words; see :mod:`fca_extract.debug.draw`.
    In Jupyter the image shows inline; ``.save("page.png")`` writes it. Unless
    ``exact``, only this page is OCR'd (earlier pages of a scan are judged, not read).

    >>> img = inspect_page("fixtures/pdf/handlingsplan_centrum_2024.pdf", 3)
    >>> img.mode, img.width > 800
    ('RGB', True)
    >>> inspect_page("fixtures/pdf/handlingsplan_centrum_2024.pdf", 99)
    Traceback (most recent call last):
    ...
    ValueError: fixtures/pdf/handlingsplan_centrum_2024.pdf: no page 99 (the document has 6 pages)
    """
    from .debug.inspect import draw_page
    from .errors import UsageError
    from .pages.source import SourceOptions

    path = Path(path)
    _check_file(path)
    if not 0 < dpi <= 600:
        raise ValueError(f"dpi must be between 1 and 600, not {dpi}")
    try:
        image, _ = draw_page(path, int(page), dpi, SourceOptions(ocr=ocr), exact)
    except UsageError as e:  # no such page, or a page that cannot be read with this ocr mode
        raise ValueError(str(e)) from None
    return image
