"""The package's typed vocabulary: every value that code branches on.

Enums are :class:`~enum.StrEnum`, so a member *is* its contract string
(``Status.OK == "ok"``) and is written to Parquet unchanged. Problems found
in a document are :class:`Notice` values: a :class:`Code` that code may
branch on, and the human-readable message that goes to ``documents.warnings``
(code never reads the message back).

>>> Status.PARTIAL == "partial"
True
>>> str(notice(Code.TABLE_SKIPPED, page=3, n_cols=5))
'page 3: a 5-column table that is not part of the template was skipped'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    PARTIAL = "partial"  # some part failed, the rest is kept
    FAILED = "failed"


class TextSource(StrEnum):
    TEXT_LAYER = "text_layer"
    OCR = "ocr"


class OcrMode(StrEnum):
    AUTO = "auto"  # OCR the pages without a usable text layer
    NEVER = "never"
    ALWAYS = "always"


class DocType(StrEnum):
    HANDLINGSPLAN = "handlingsplan"
    ARSRAPPORT = "arsrapport"
    UNKNOWN = "unknown"


class Role(StrEnum):
    """What a goal-table column holds."""

    DELMAL = "delmal"
    ACTIVITY = "activity"
    ANSVAR = "ansvar"
    OUTCOME = "outcome"


class OutcomeKind(StrEnum):
    FORVANTAD_EFFEKT = "forvantad_effekt"
    UTFALL = "utfall"


class TableKind(StrEnum):
    """What the reassembly decided a table is."""

    GOAL = "goal"  # a 7.x delmål–activity–ansvar–outcome table
    OVERVIEW = "overview"  # section 6's grid of målområden and delmål
    BUDGET = "budget"
    OTHER = "other"  # not part of the template: skipped


class Severity(StrEnum):
    WARNING = "warning"  # something may be missing or wrong in the rows
    INFO = "info"  # how the document was read (OCR used, a page turned)


class Code(StrEnum):
    """Every kind of notice, with its message template in :data:`MESSAGES`."""

    FAILED = "failed"  # the document could not be read at all
    FILE_DAMAGED = "file_damaged"
    PAGE_UNREADABLE = "page_unreadable"
    OCR_FAILED = "ocr_failed"
    OCR_OFF = "ocr_off"
    OCR_USED = "ocr_used"
    PAGE_TURNED = "page_turned"
    LAYOUT_FAILED = "layout_failed"
    HEADING_UNNUMBERED = "heading_unnumbered"
    TABLE_SKIPPED = "table_skipped"
    GOAL_TABLE_OUTSIDE = "goal_table_outside"
    BUDGET_NO_HEADER = "budget_no_header"
    BUDGET_NOT_AMOUNT = "budget_not_amount"
    BUDGET_NO_FUNDER = "budget_no_funder"
    LOW_OCR_CONFIDENCE = "low_ocr_confidence"
    NOT_FCA = "not_fca"
    NO_ACTIVITIES = "no_activities"
    MEMORY = "memory"
    NOT_READ = "not_read"  # a foreign document: the pages after the first few were not read (their rows, if any, are missing)
    NAME_ESCAPED = "name_escaped"  # the file's name is not UTF-8: stored escaped


#: code → (severity, message template); ``page {page}: `` is put in front when the notice has a page
MESSAGES: dict[Code, tuple[Severity, str]] = {
    Code.FAILED: (Severity.WARNING, "{detail}"),
    Code.FILE_DAMAGED: (Severity.WARNING, "{detail}"),
    Code.PAGE_UNREADABLE: (Severity.WARNING, "{detail}"),
    Code.OCR_FAILED: (Severity.WARNING, "OCR failed ({detail})"),
    Code.OCR_OFF: (Severity.WARNING, "{detail}"),
    Code.OCR_USED: (Severity.INFO, "OCR ({detail})"),
    Code.PAGE_TURNED: (Severity.INFO, "scanned turned by {turn}°, turned upright for OCR"),
    Code.LAYOUT_FAILED: (Severity.WARNING, "layout not understood ({detail})"),
    Code.HEADING_UNNUMBERED: (Severity.WARNING, "heading {heading!r} has no number; taken as section {section}"),
    Code.TABLE_SKIPPED: (Severity.WARNING, "a {n_cols}-column table that is not part of the template was skipped"),
    Code.GOAL_TABLE_OUTSIDE: (Severity.WARNING, "goal table outside a 7.x målområde"),
    Code.BUDGET_NO_HEADER: (Severity.WARNING, "budget table without a header row; skipped"),
    Code.BUDGET_NOT_AMOUNT: (Severity.WARNING, "budget cell {raw!r} is not an amount"),
    Code.BUDGET_NO_FUNDER: (Severity.WARNING, "budget amount {raw!r} under a column without a funder"),
    Code.LOW_OCR_CONFIDENCE: (Severity.WARNING, "low OCR confidence ({conf:.0f}) in table {table}, row {row}, column {role}"),
    Code.NOT_FCA: (Severity.WARNING, "not an FCA document: no goal tables, overview or budget found"),
    Code.NO_ACTIVITIES: (Severity.WARNING, "no activity rows found in sections 7.1–7.3"),
    Code.MEMORY: (Severity.WARNING, "{detail}"),  # a page lost to the memory cap: the runner fails the document
    Code.NOT_READ: (Severity.WARNING, "pages {first}–{last} skipped: nothing of the FCA template in pages 1–{read}"),
    Code.NAME_ESCAPED: (Severity.WARNING, "the file name is not UTF-8: stored as {path}"),
}

#: codes that make a document ``partial``: part of it was lost
PARTIAL_CODES = frozenset({Code.FILE_DAMAGED, Code.PAGE_UNREADABLE, Code.OCR_FAILED, Code.LAYOUT_FAILED, Code.MEMORY, Code.NOT_FCA, Code.NO_ACTIVITIES})

#: codes about the whole document: the one-line reason of a partial document names the first of them
DOCUMENT_LEVEL = (Code.NOT_FCA, Code.NO_ACTIVITIES, Code.FILE_DAMAGED)


@dataclass(frozen=True)
class Notice:
    """One problem or fact about a document; ``str()`` is its line in ``documents.warnings``."""

    code: Code
    page: int | None = None
    fields: dict = field(default_factory=dict, compare=False)

    @property
    def severity(self) -> Severity:
        return MESSAGES[self.code][0]

    @property
    def message(self) -> str:
        text = MESSAGES[self.code][1].format(**self.fields)
        return text if self.page is None else f"page {self.page}: {text}"

    def __str__(self) -> str:
        return self.message


def notice(code: Code, page: int | None = None, **fields) -> Notice:
    """A :class:`Notice`; ``fields`` fill the code's message template."""
    return Notice(code, page, fields)


def warning_lines(notices: list[Notice]) -> list[str]:
    """The lines of ``documents.warnings``: the notices that say something may be missing or wrong.

    Information on how a page was read (:attr:`Severity.INFO`: OCR used and why, a page turned) is
    the page's own: ``pages.ocr_reason`` holds it (:func:`page_notes`), not the document's warnings.

    >>> warning_lines([notice(Code.OCR_USED, 2, detail="no text layer"), notice(Code.NO_ACTIVITIES)])
    ['no activity rows found in sections 7.1–7.3']
    """
    return [str(n) for n in notices if n.severity is Severity.WARNING]


def page_notes(notices: list[Notice]) -> list[str]:
    """What a page's notices add to its ``ocr_reason`` (the OCR decision itself is the reason already).

    >>> page_notes([notice(Code.OCR_USED, 2, detail="no text layer"), notice(Code.PAGE_TURNED, 2, turn=90)])
    ['scanned turned by 90°, turned upright for OCR']
    """
    return [Notice(n.code, None, n.fields).message for n in notices if n.severity is Severity.INFO and n.code is not Code.OCR_USED]
