"""The one driver: no hidden state between documents, and a trace of every decision."""

from __future__ import annotations

import pytest

from expected import PDF_DIR
from fca_extract.assemble.trace import Rule, Why
from fca_extract.debug.inspect import page_trace
from fca_extract.pages.source import SourceOptions
from fca_extract.pipeline import Options, extract_document
from fca_extract.repair import Lexicon
from fca_extract.vocab import TableKind

HP = PDF_DIR / "handlingsplan_centrum_2024.pdf"
AR = PDF_DIR / "arsrapport_sydvast_2023.pdf"
AR_LANDSCAPE = PDF_DIR / "arsrapport_sydvast_2023_landscape.pdf"


def _rows(result) -> dict[str, list[dict]]:
    return {name: [{k: v for k, v in r.items() if k != "extracted_at"} for r in rows] for name, rows in result.tables.items()}


def test_same_rows_whatever_ran_before_in_the_process():
    """Three documents in one process, in both orders: every table identical (the lexicon learns per document)."""
    opts = Options(source=SourceOptions(workers=1))
    forward = {p.name: _rows(extract_document(p, opts)) for p in (HP, AR, AR_LANDSCAPE)}
    backward = {p.name: _rows(extract_document(p, opts)) for p in (AR_LANDSCAPE, AR, HP)}
    for name in forward:
        for table, rows in forward[name].items():
            assert backward[name][table] == rows, (name, table)
    assert forward[HP.name]["repairs"], "the handlingsplan has repairs (hyphenation), so the comparison covers them"


def test_the_shared_lexicon_never_learns():
    with pytest.raises(TypeError):
        Lexicon.default().learn("Opaltorget")
    lex = Lexicon.default().copy()
    lex.learn("Familjecentralen Opaltorget")
    assert lex.is_word("Opaltorget") and not Lexicon.default().unigrams["opaltorget"]


def test_trace_records_the_continuation_decisions():
    """The årsrapport's goal table goes on from page 3 to 4 without a header; row 4 breaks across the pages
    and only its outcome goes on (fixtures/README.md)."""
    (reading,) = page_trace(AR, 4).tables
    assert reading.kind == TableKind.GOAL and reading.carried
    table_dec = [d for d in reading.decisions if d.rule is Rule.TABLE_CONTINUES]
    assert [(d.yes, d.why) for d in table_dec] == [(True, Why.NOTHING_BETWEEN)]
    (row_dec,) = [d for d in reading.decisions if d.rule is Rule.ROW_CONTINUES]
    assert row_dec.yes and row_dec.why in (Why.NO_ACTIVITY, Why.NO_BODY_TEXT)
    assert reading.row_nos[row_dec.row] == 4, "the joined fragment is drawn with the row_no it was joined to"
    # the first table of the document continues nothing
    first = page_trace(AR, 2).tables[0]
    assert first.kind == TableKind.OVERVIEW and [d.yes for d in first.decisions] == [False]


def test_progress_and_page_traces_come_once_per_page_in_order():
    seen, traces = [], []
    result = extract_document(HP, Options(source=SourceOptions(workers=1)), progress=lambda i, n: seen.append((i, n)), on_page=traces.append)
    n = result.tables["documents"][0]["n_pages"]
    assert seen == [(i, n) for i in range(1, n + 1)]
    assert [t.page_no for t in traces] == list(range(1, n + 1))
    assert sum(len(t.tables) for t in traces) >= 4, "overview, three goal tables and the budget are traced"
