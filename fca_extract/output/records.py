"""One dataclass per contract table: rows are built through these, so a wrong field name fails at once.

The fields are the columns of :data:`fca_extract.output.schema.SCHEMAS`, in
order (a test holds them equal); ``as_row`` gives the dict the writer and the
API hand on.

>>> as_row(GoalRow("ab12", "7.1", "Stöd till familjer", None, "Öka närvaron"))["delmal"]
'Öka närvaron'
>>> GoalRow("ab12", "7.1", "Stöd", delmal_nr="7.1.1")
Traceback (most recent call last):
...
TypeError: GoalRow.__init__() got an unexpected keyword argument 'delmal_nr'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class DocumentRow:
    doc_id: str
    source_path: str
    file_name: str
    doc_type: str
    year: int | None
    district: str | None
    title: str | None
    n_pages: int | None
    n_pages_ocr: int
    status: str
    warnings: list[str]
    pipeline_version: str
    extracted_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ActivityRow:
    doc_id: str
    row_no: int
    malomrade_no: str | None
    malomrade: str | None
    delmal_no: str | None
    delmal: str | None
    activity: str | None
    ansvar: str | None
    outcome: str | None
    outcome_kind: str
    page_start: int
    page_end: int
    text_source: str


@dataclass(frozen=True, slots=True)
class GoalRow:
    doc_id: str
    malomrade_no: str
    malomrade: str | None
    delmal_no: str | None = None
    delmal: str | None = None


@dataclass(frozen=True, slots=True)
class BudgetRow:
    doc_id: str
    post: str | None
    note: str | None
    funder: str
    kind: str
    amount_sek: int
    raw: str


@dataclass(frozen=True, slots=True)
class SectionRow:
    doc_id: str
    section_no: str
    heading: str | None
    text: str
    page_start: int


@dataclass(frozen=True, slots=True)
class PageRow:
    doc_id: str
    page_no: int
    text_source: str | None
    ocr_confidence: float | None
    n_chars: int
    ocr_reason: str


@dataclass(frozen=True, slots=True)
class RepairRow:
    doc_id: str
    page_no: int
    original: str
    repaired: str
    method: str
    confidence: float


#: contract table → its row type
RECORDS: dict[str, type] = {
    "documents": DocumentRow,
    "activities": ActivityRow,
    "goals": GoalRow,
    "budget": BudgetRow,
    "sections": SectionRow,
    "pages": PageRow,
    "repairs": RepairRow,
}


def as_row(record) -> dict:
    """The record as a plain dict (column → value), shallow: lists are shared, not copied."""
    return {f.name: getattr(record, f.name) for f in fields(record)}
