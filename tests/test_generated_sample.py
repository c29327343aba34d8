"""A fixed sample of generated documents (tuning seeds) through the real pipeline, held to issue 9's
targets per document: every row exact (found once, four fields), page spans right, budget cells and
goals exact; on scans ≥ 95 % rows exact and field similarity ≥ 0.995.

The comparison is the sweep's (fixtures/generator/compare.py), the extraction the sweep's adapter
(benchmarks/sweep.py: extract_tables). Cases that fail today are listed in KNOWN_FAILING (xfail, not
strict): fixing issue 9 shrinks that set.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.generator import generate  # noqa: E402
from fixtures.generator.compare import compare, shows_no_paragraph_breaks  # noqa: E402

# id: (seed, overrides) — what each case covers is in its id
TEXT_CASES = {
    "lo-landscape-toc-logo": (31, {}),
    "lo-cover-header-not-repeated": (225, {}),
    "lo-caption-row-no-running-header": (14, {}),
    "lo-logo-title-header-nbsp-notes": (80, {}),
    "chromium-header-not-repeated-logo": (12, {}),
    "chromium-landscape-dot-thousands": (92, {}),
    "chromium-toc-logo-notes": (152, {}),
    "chromium-cover-page": (377, {}),
    "chromium-delmal-runs-on-below-a-page-break": (166, {"writer": "chromium"}),
    "chromium-row-moved-overleaf-without-ansvar": (141, {"writer": "chromium"}),
    "weasyprint-logo-budget-notes": (50, {}),
    "weasyprint-landscape-cover-not-repeated": (217, {}),
    "weasyprint-header-not-repeated": (13, {}),
    "weasyprint-toc": (102, {}),
    "lo-tagged-no-paragraph-spacing": (6, {}),
    "weasyprint-list-item-word-broken-at-the-edge": (313, {"writer": "weasyprint"}),
    "lo-hyphenated-prose-and-cells-across-page-breaks": (298, {"writer": "libreoffice"}),
    "chromium-footer-inside-a-sliced-row": (365, {"writer": "chromium"}),
    "weasyprint-hyphenated-no-paragraph-spacing": (42, {}),
    # a paragraph ends on a page's last line with room left for one more; a one-line paragraph does too
    "weasyprint-paragraph-ends-at-a-page-break": (536, {"writer": "weasyprint"}),
    "weasyprint-one-line-paragraph-overleaf": (554, {"writer": "weasyprint"}),
    # "föräldraska|psstödspro|grammen|som" down a narrow delmål column; "plan|(SIP)" across a page break
    "weasyprint-word-broken-down-a-narrow-column": (543, {"writer": "weasyprint"}),
    "weasyprint-bracket-opens-a-page": (567, {"writer": "weasyprint"}),
    # a new row without ansvar at a page's top: only the tags tell it from the rest of the row before
    "lo-tagged-new-row-overleaf-without-ansvar": (705, {"writer": "libreoffice"}),
    # a table of contents with ". . . ." leaders, in a document whose text layer spaces letters apart
    "chromium-toc-spaced-dot-leaders": (741, {"writer": "chromium"}),
    # the overview grid's row cut by a page break inside a word too long for its column ("…programme|n")
    "lo-overview-word-broken-at-page-break": (813, {}),
    # "hälsofrämjande|mötesplatser." down a narrow delmål column: the first word fills the line, no compound
    # (tuning seed of session 20: 10 of 13 rows exact before)
    "weasyprint-adjective-fills-a-narrow-column": (1109, {}),
    # a row begins at a page's foot under an empty delmål box of its own, its delmål pushed overleaf; the delmål
    # above it ends without a period (tuning seed of session 22: 20 of 24 rows exact before, that delmål read as
    # both texts on four rows)
    "weasyprint-empty-delmal-box-above-a-page-break": (1170, {}),
}
# text cases held to each row's målområde and numbers as well (the per-document targets count four fields)
CONTEXT_CASES = {
    # every målområde begins a page with its heading over the same sentence: that sentence repeats at the same
    # height on two pages, as a running header does (tuning seed of session 20: rows 13–27 of 27 were read under
    # målområde 7.1 before)
    "chromium-malomrade-heading-over-a-repeated-sentence": (1089, {}),
}
# text cases whose layout shows no paragraph breaks (untagged, unspaced: a paragraph ending on a full line looks
# like a wrap to any reader), held to the targets with those breaks forgiven (the sweep's shown%)
UNSEEN_BREAK_CASES = {
    # a merged delmål cell sliced at a page's bottom: WeasyPrint leaves the whole row there unclosed, the rows
    # overleaf open with a top border of their own under the repeated header (two rows were one)
    "weasyprint-merged-delmal-sliced-rows-open-overleaf": (829, {}),
}
# text cases held to their overview goals (each goal's målområde and delmål, numbers and texts); their rows may
# fail on what another case covers
GOAL_CASES = {
    # the overview's målområde row cut by a page break: WeasyPrint set "7.2. Tidig upptäckt …" alone at page 1's
    # foot and moved the row's label and the other målområden overleaf, where the 7.2 column stands empty
    "weasyprint-malomrade-row-cut-before-its-label": (969, {}),
}
# id: (seed, overrides, scan overrides)
SCAN_CASES = {
    "scan-chromium-turned-page": (12, {}, {"bad_ocr": False, "dpi": 200}),
    "scan-lo-150dpi-upside-down": (14, {}, {"bad_ocr": False, "dpi": 150, "turns": {2: 180}}),
    "scan-weasyprint-bad-ocr-layer": (52, {}, {"bad_ocr": True, "dpi": 150}),
    # the seed's own scan (250 dpi, a page turned 270°): Tesseract boxed a "3" ten pixels left of its ink and the
    # rest was read again as a word ("vid 3 3 tillfällen")
    "scan-weasyprint-digit-read-twice": (786, {}, True),
    # the seed's own scan (150 dpi): a delmål's period wrapped alone onto the next line of a narrow column, never
    # read ("…civilsamhälle|."), and the lone "1" of "1 010 000" left unread in a budget cell
    "scan-chromium-period-wrapped-alone": (820, {}, True),
    # the seed's own scan (200 dpi, a bad OCR layer): bullets Tesseract read as lines of their own ("-." | "Workshops")
    # or glued to the ink of one read already, "0–|5 år" read "O-|5" (a zero misread before a dash)
    "scan-lo-bad-ocr-bullets-apart-and-a-zero-misread": (984, {}, True),
    # the seed's own scan (200 dpi, JPEG quality 62, a page upside down): the goal table's delmål cell read
    # "EN sammanhållen …" and the overview's målområde "=+07.2. Det familjecentrerade …", each right in the other
    # reading (tuning seed of session 18: 16 of 24 rows and 8 of 11 goals exact before the two were reconciled)
    "scan-weasyprint-delmal-misread-in-one-reading": (1034, {}, True),
    # the seed's own scan, with a bad OCR layer: "barn O0–|1 år", the range's 0 read twice where the line broke after
    # the dash, and "1INLEDNING" (tuning seed of session 19: 21 of 24 rows exact before)
    "scan-lo-bad-ocr-range-zero-read-twice-at-a-line-break": (1084, {}, True),
    # the seed's own scan (150 dpi, tilted): the overview's label "Målområde" read "Miilomriide", and each "Delmål"'s
    # "l" joined to the rule above it, a stroke read as a column line: the overview was skipped as a table of seven
    # columns (tuning seed of session 21: 0 of 14 goals before)
    "scan-lo-150dpi-overview-label-misread": (1140, {}, True),
    # the seed's own scan: a tight header row's bold letters ("Delmål", "Målgrupp"), blurred, fused with the row's
    # lines into strokes taken for column borders; the header unread, no row had its delmål (tuning seed of
    # session 23: 4 of 10 rows exact before)
    "scan-lo-bold-header-letters-fused-with-its-lines": (1192, {}, True),
    # the seed's own scan, with a bad OCR layer: the budget's last rows overleaf, too few words for the layer's checks,
    # kept that layer (no å, ä, ö in 62 letters) and lost six cells (tuning seed of session 23: budget 11 of 17)
    "scan-weasyprint-bad-ocr-budget-rows-overleaf": (1181, {}, True),
}

# what fails today, per case (seen on the current code; see the sweep's failure kinds)
_R = "issue 9: "
KNOWN_FAILING = {
    "weasyprint-hyphenated-no-paragraph-spacing": _R + "untagged PDF without paragraph spacing: a paragraph whose last "
    "line is full looks like a wrap (no tag, gap or short line tells it)",
    "scan-chromium-turned-page": _R + "scan: 'drop in-|träffar' joined as 'inträffar' (a Swedish word), "
    "'0-6 år' read with a hyphen (seen 2026-12-04, s17)",
    "scan-lo-150dpi-overview-label-misread": _R + "scan: goal 7.1's 'ska ta' read as one word, 'skata' (a word: no "
    "repair may split it; the document prints the two apart once elsewhere), since the overview's 'Delmål' strokes "
    "are no longer erased as borders and Tesseract reads the page a little otherwise (seen 2026-12-05, s23)",
    "scan-weasyprint-bad-ocr-layer": _R + "scan with a bad OCR layer: budget remarks read into the post (their 'Inkl.' "
    "read 'hkl.', so no sentence starts there); 'vuxna', read 'VUX-|na', now joins but keeps its capital "
    "('Vuxna': too little evidence of the small form) (seen 2026-12-05, s21)",
}


def _sweep():
    spec = importlib.util.spec_from_file_location("fca_sweep", ROOT / "benchmarks" / "sweep.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _case(cid, *values, slow=False):
    marks = [pytest.mark.slow] if slow else []
    if cid in KNOWN_FAILING:
        marks.append(pytest.mark.xfail(reason=KNOWN_FAILING[cid], strict=False))
    return pytest.param(cid, *values, id=cid, marks=marks)


def _gen(seed, out, overrides):
    pdf, _ = generate(seed, out, **overrides)
    return str(pdf)


@pytest.fixture(scope="session")
def sample_dir(request) -> Path:
    return Path(request.config.cache.mkdir("fca-generated"))


@pytest.fixture(scope="session")
def text_sample(sample_dir) -> dict[str, Path]:
    """The text-layer sample, generated two at a time (cached between runs)."""
    with ProcessPoolExecutor(2) as ex:
        futs = {cid: ex.submit(_gen, seed, str(sample_dir), ov) for cid, (seed, ov) in TEXT_CASES.items()}
        return {cid: Path(f.result()) for cid, f in futs.items()}


@pytest.fixture(scope="session")
def extract_tables():
    return _sweep().extract_tables


def _check(pdf: Path, truth, extract_tables, workers: int = 1):
    tables, error = extract_tables(pdf, workers=workers)
    res = compare(truth, tables, error=error)
    unmet = res.unmet_targets()
    if unmet:
        kinds = Counter(f.kind + (f" ({f.detail})" if f.detail else "") for f in res.failures)
        first = [f"{f.kind} {f.where}: {f.truth!r} → {f.got!r}" for f in res.failures[:4]]
        pytest.fail(f"{res.name}: " + "; ".join(unmet) + "\nfailures: "
                    + ", ".join(f"{k} ×{n}" for k, n in kinds.most_common(8)) + "\n" + "\n".join(first))


@pytest.mark.parametrize("cid", [_case(c) for c in TEXT_CASES])
def test_generated_document(cid, text_sample, sample_dir, extract_tables):
    seed, ov = TEXT_CASES[cid]
    pdf, truth = generate(seed, sample_dir, **ov)  # cached by the session fixture
    assert pdf == text_sample[cid]
    _check(pdf, truth, extract_tables)


def _compared(case, sample_dir, extract_tables):
    """A text case ``(seed, overrides)`` generated, extracted in one process and compared: (truth, result)."""
    seed, ov = case
    pdf, truth = generate(seed, sample_dir, **ov)
    tables, error = extract_tables(pdf, workers=1)
    return truth, compare(truth, tables, error=error)


@pytest.mark.parametrize("cid", [_case(c) for c in UNSEEN_BREAK_CASES])
def test_generated_document_but_unseen_breaks(cid, sample_dir, extract_tables):
    truth, res = _compared(UNSEEN_BREAK_CASES[cid], sample_dir, extract_tables)
    assert shows_no_paragraph_breaks(truth), "the case's layout shows its paragraph breaks: put it in TEXT_CASES"
    others = [f"{f.kind} {f.where}: {f.truth!r} → {f.got!r}" for f in res.failures if f.detail != "paragraph breaks"]
    assert not others, "\n".join(others[:6])
    assert (res.rows_found, res.rows_exact_shown, res.spans_right) == (res.rows_truth,) * 3


@pytest.mark.parametrize("cid", [_case(c) for c in CONTEXT_CASES])
def test_generated_rows_in_context(cid, sample_dir, extract_tables):
    _, res = _compared(CONTEXT_CASES[cid], sample_dir, extract_tables)
    assert not res.unmet_targets(), res.unmet_targets()
    wrong = [f"{f.kind} {f.where}: {f.truth!r} → {f.got!r}" for f in res.failures if f.kind.startswith(("malomrade", "delmal"))]
    assert not wrong, "\n".join(wrong[:6])
    assert res.rows_exact_numbered == res.rows_truth > 0


@pytest.mark.parametrize("cid", [_case(c) for c in GOAL_CASES])
def test_generated_overview_goals(cid, sample_dir, extract_tables):
    _, res = _compared(GOAL_CASES[cid], sample_dir, extract_tables)
    wrong = [f"{f.kind} {f.where}: {f.truth!r} → {f.got!r}" for f in res.failures if f.kind.startswith("goal")]
    assert not wrong, "\n".join(wrong[:6])
    assert res.goals_exact == res.goals_truth > 0
