"""Fast unit tests of the page source and OCR stages: text-layer quality, the OCR decision,
the executor, typed page reads, deskew, turn, rulings, Tesseract wrapper."""

from __future__ import annotations

import concurrent.futures as cf
import os
import stat
import time

import cv2
import numpy as np
import pdfplumber
import pytest

from expected import FIXTURES, PDF_DIR
from fca_extract.errors import ExitCode, MissingDependencyError
from fca_extract.executor import Executor, Job
from fca_extract.model import PageContent, Ruling, Word
from fca_extract.ocr import raster
from fca_extract.ocr import recognise as ocr
from fca_extract.ocr import tesseract
from fca_extract.pages import source
from fca_extract.pages.decide import OcrReason, PageContext, is_ocr_required
from fca_extract.pages.load import read_text_layer
from fca_extract.pages.quality import VerdictKind, assess_text_layer, straddling_words
from fca_extract.vocab import Code, OcrMode, TextSource

# --- text-layer quality -------------------------------------------------------------


def _words(text: str) -> list[Word]:
    out, x, y = [], 50.0, 50.0
    for tok in text.split():
        w = 5.0 * len(tok)
        if x + w > 540:
            x, y = 50.0, y + 12
        out.append(Word(tok, x, y, x + w, y + 10, 10.0))
        x += w + 3
    return out


GOOD = (
    "Familjecentrerat arbetssätt (FCA) syftar till att stärka föräldrar i sitt föräldraskap och att "
    "främja barns hälsa och utveckling. Arbetet är ett samarbete mellan socialtjänsten, förskolan och "
    "primärvården för barn 0–18 år. Målgruppen är familjer med barn och unga som bor i stadsområdet, "
    "och insatserna ska öppna för fler mötesplatser där föräldrar får stöd på ett tidigt stadium. "
) * 2
BAD = (
    "Familjecentrerat arbetssatt (FCA) syftar till att stirka foraldrar i sitt foraldraskap och att "
    "framja barns halsa och utveckling. Arbetet &r ett samarbete mellan socialtjansten, forskolan och "
    "primarvarden for barn 018 ar. Malgruppen ar familjer med barn och unga som bor i stadsomradet, "
    "och insatserna ska 6ppna for fler motesplatser dar foraldrar far stod pa ett tidigt stadium. "
) * 2


def test_good_text_is_kept():
    verdict = assess_text_layer(_words(GOOD))
    assert not verdict.is_bad, verdict
    assert verdict.kind is VerdictKind.GOOD
    assert verdict.reason == "text layer"


def test_bad_ocr_text_is_redone_with_reasons():
    verdict = assess_text_layer(_words(BAD))
    assert verdict.is_bad and verdict.kind is VerdictKind.BAD
    reason = verdict.reason
    assert "without their diacritics" in reason and "&/6/@" in reason and "no å/ä/ö" in reason


def test_no_words_means_no_text_layer():
    assert assess_text_layer([]).is_bad


def test_words_across_cell_borders():
    words = [Word("cellA", 10, 10, 40, 20), Word("cellB", 60, 10, 90, 20), Word("läsarna", 45, 30, 80, 40)]
    assert straddling_words(words, [Ruling("v", 50, 0, 50, 100)]) == (1, 3)


@pytest.mark.parametrize("stem", ["handlingsplan_centrum_2024", "arsrapport_sydvast_2023", "arsrapport_sydvast_2023_landscape"])
def test_exported_text_layer_never_ocrd(stem):
    """A good text layer (the exported fixtures) is never replaced by OCR, page by page."""
    from fca_extract.repair import Lexicon

    is_word = Lexicon.default().is_word
    with pdfplumber.open(PDF_DIR / f"{stem}.pdf") as pdf:
        for i, page in enumerate(pdf.pages, 1):
            content = read_text_layer(page, i)
            verdict = assess_text_layer(content.words, is_word)
            assert not verdict.is_bad, (i, verdict)
            decision = is_ocr_required(PageContext(OcrMode.AUTO, content.words, 0.0, is_word=is_word))
            assert not decision.required, (i, str(decision))


# --- the OCR decision -------------------------------------------------------------------


def _column(text: str, n: int, x0: float = 10.0) -> list[Word]:
    """``n`` copies of ``text``, one under the other at ``x0`` (a table column)."""
    return [Word(text, x0, 12.0 * k, x0 + 30, 12.0 * k + 8) for k in range(n)]


STRIPPED_30 = _words("for ar pa " * 10)  # 30 Swedish words without their diacritics, nothing else wrong
STRIPPED_9 = _words("for ar pa " * 3)  # the same evidence on a short page (a budget table)
SHORT = _words("Budget 2024 SEK")
# a budget's last rows overleaf, read by a scanner without Swedish (WeasyPrint scan 1181): long enough for the
# missing å, ä and ö to tell, as none of the checks on words can
BUDGET_END = _words("GOTEBORGS STAD ~~ Foraldraskapsstédsprogram (gruppledare, materi- 90 000 45 000 45 000 al) 1 470 000 675 000 1 390 000 SUMMA 12")
PUNCTUATION = [Word("(.)", 10, 10, 30, 20)]
ACROSS_BORDER = [Ruling("v", 25, 0, 25, 400)]  # runs through the middle of every word of _column


def _no_rendering() -> list[Ruling]:
    raise AssertionError("the page image's rulings were asked for")


# mode, text-layer words, image share, earlier bad pages, verticals → OCR?, reason, pages.ocr_reason
DECISIONS = [
    (OcrMode.ALWAYS, _words(GOOD), 0.0, 0, None, True, OcrReason.FORCED, "OCR forced (--ocr always)"),
    (OcrMode.NEVER, [], 1.0, 0, None, False, OcrReason.OFF, "no text layer (a page image); OCR off (--ocr never)"),
    (OcrMode.NEVER, STRIPPED_30, 1.0, 3, None, False, OcrReason.NEVER, "text layer (--ocr never)"),
    (OcrMode.AUTO, [], 1.0, 0, None, True, OcrReason.NO_TEXT_LAYER, "no text layer (a page image)"),
    (OcrMode.AUTO, [], 0.0, 0, None, False, OcrReason.BLANK, "no text (blank page)"),
    (OcrMode.AUTO, PUNCTUATION, 0.0, 0, None, True, OcrReason.NO_WORDS, "no text layer"),
    (OcrMode.AUTO, _words(GOOD), 0.0, 0, _no_rendering, False, OcrReason.TEXT_LAYER, "text layer"),
    (OcrMode.AUTO, _words(GOOD), 0.9, 0, list, False, OcrReason.TEXT_LAYER, "text layer (over a page image)"),
    (OcrMode.AUTO, SHORT, 0.0, 0, None, False, OcrReason.TEXT_LAYER, "text layer (3 words, too few to judge)"),
    (OcrMode.AUTO, SHORT, 0.9, 0, list, True, OcrReason.THIN_TEXT_LAYER, "a page image with only 13 characters of text layer"),
    (OcrMode.AUTO, STRIPPED_30, 0.0, 0, None, True, OcrReason.BAD_TEXT_LAYER, "bad text layer: 30 Swedish words without their diacritics (ar, for, pa)"),
    # a scanned page that reads well word by word, but across the table borders seen in its image
    (OcrMode.AUTO, _column("barn", 30), 0.9, 0, lambda: ACROSS_BORDER, True, OcrReason.BAD_TEXT_LAYER, "bad text layer: 30 words run across table cell borders"),
    (OcrMode.AUTO, _column("barn", 30), 0.0, 0, _no_rendering, False, OcrReason.TEXT_LAYER, "text layer"),
    # a short scanned page after bad ones is judged on less evidence
    (OcrMode.AUTO, STRIPPED_9, 0.9, 0, list, True, OcrReason.THIN_TEXT_LAYER, "a page image with only 21 characters of text layer"),
    (OcrMode.AUTO, STRIPPED_9, 0.9, 1, list, True, OcrReason.BAD_LIKE_EARLIER, "bad text layer: 9 Swedish words without their diacritics (ar, for, pa) (like 1 earlier page)"),
    (OcrMode.AUTO, STRIPPED_9, 0.9, 2, list, True, OcrReason.BAD_LIKE_EARLIER, "bad text layer: 9 Swedish words without their diacritics (ar, for, pa) (like 2 earlier pages)"),
    (OcrMode.AUTO, STRIPPED_9, 0.0, 2, None, False, OcrReason.TEXT_LAYER, "text layer (9 words, too few to judge)"),
    (OcrMode.AUTO, BUDGET_END, 0.9, 11, list, True, OcrReason.BAD_LIKE_EARLIER, "bad text layer: no å/ä/ö in 62 letters (like 11 earlier pages)"),
]


@pytest.mark.parametrize("mode, words, share, bad_before, verticals, required, reason, text", DECISIONS)
def test_is_ocr_required(mode, words, share, bad_before, verticals, required, reason, text):
    decision = is_ocr_required(PageContext(mode, words, share, bad_before, verticals))
    assert (decision.required, decision.reason, str(decision)) == (required, reason, text)
    assert decision.bad_text_layer == (reason in (OcrReason.BAD_TEXT_LAYER, OcrReason.BAD_LIKE_EARLIER))


def test_ocr_mode_from_a_command_line():
    assert is_ocr_required(PageContext("always")).reason is OcrReason.FORCED
    assert source.SourceOptions(ocr="never").ocr is OcrMode.NEVER
    with pytest.raises(ValueError):
        PageContext("sometimes")


# --- the executor ---------------------------------------------------------------------------


def test_executor_inline_keeps_order_and_failures():
    with Executor(1) as ex:
        out = list(ex.ordered([("a", Job(abs, (-2,))), ("b", None), ("c", Job(int, ("x",)))]))
    assert [item for item, _ in out] == ["a", "b", "c"]
    assert out[0][1].result() == 2 and out[1][1] is None
    with pytest.raises(ValueError):
        out[2][1].result()


class _Held(Executor):
    """Jobs that never finish on their own: what the look-ahead does, without timing."""

    def submit(self, job: Job) -> cf.Future:
        return cf.Future()


def test_executor_lookahead_is_bounded():
    pulled = []

    def items():
        for i in range(10):
            pulled.append(i)
            yield i, Job(abs, (i,))

    ex = _Held(2, lookahead_per_worker=2)  # 4 items in flight
    out = ex.ordered(items())
    assert next(out)[0] == 0 and len(pulled) == 5  # the oldest is given up (unfinished) once 5 are pending
    assert next(out)[0] == 1 and len(pulled) == 6
    # items without a job wait behind the unfinished ones, in order
    assert [i for i, _ in out] == list(range(2, 10))


def test_executor_pool_keeps_order():
    items = [(i, Job(time.sleep, (0.05 * (4 - i),)) if i % 2 == 0 else None) for i in range(5)]  # later jobs finish first
    with Executor(2) as ex:
        out = [(i, None if fut is None else fut.result()) for i, fut in ex.ordered(items)]
    assert out == [(0, None), (1, None), (2, None), (3, None), (4, None)]


def test_executor_recovers_from_a_broken_pool():
    with Executor(2) as ex:
        dying = ex.submit(Job(os._exit, (1,)))  # a worker killed (out of memory, a signal)
        with pytest.raises(cf.process.BrokenProcessPool):
            dying.result(timeout=60)
        assert ex.submit(Job(abs, (-3,))).result(timeout=60) == 3  # the next job gets a new pool


# --- typed page reads ------------------------------------------------------------------------

HP = PDF_DIR / "handlingsplan_centrum_2024.pdf"
SCANNED = FIXTURES / "scanned"


def test_read_pages_gives_typed_reads():
    with pdfplumber.open(HP) as pdf:
        reads = list(source.read_pages(pdf, source.SourceOptions(workers=1)))
        n = len(pdf.pages)
    assert [r.page_no for r in reads] == list(range(1, n + 1))
    for r in reads:
        assert r.failure is None and r.decision.reason is OcrReason.TEXT_LAYER and not r.decision.required
        assert r.content.text_source is TextSource.TEXT_LAYER and r.content.words
        assert r.ocr_reason == str(r.decision) == "text layer"


def test_unreadable_page_is_a_typed_failure(monkeypatch):
    real = source.read_text_layer

    def flaky(page, i):
        if i == 2:
            raise ValueError("boom")
        return real(page, i)

    monkeypatch.setattr(source, "read_text_layer", flaky)
    with pdfplumber.open(HP) as pdf:
        read = source.read_page(pdf, 2)
    assert (read.content, read.decision, read.failure.code) == (None, None, Code.PAGE_UNREADABLE)
    assert str(read.failure) == "page 2: could not be read (ValueError: boom)"
    assert read.ocr_reason == "could not be read (ValueError: boom)"


def test_out_of_memory_is_not_a_page_failure(monkeypatch):
    def bomb(page, i):
        raise RuntimeError(MemoryError())  # as pdfminer wraps a decompression bomb's

    monkeypatch.setattr(source, "read_text_layer", bomb)
    with pdfplumber.open(HP) as pdf, pytest.raises(MemoryError, match="page 1"):
        source.read_page(pdf, 1)


def test_ocr_failure_is_a_typed_failure(monkeypatch, tmp_path, fresh_tesseract_checks):
    script = (
        'case "$1" in --version) echo "tesseract 5.3.0";; '
        "--list-langs) printf 'List of available languages (2):\\nosd\\nswe\\n';; "
        '*) echo "Error: cannot read the image" >&2; exit 1;; esac\n'
    )
    monkeypatch.setenv("FCA_TESSERACT", str(_fake_tesseract(tmp_path, script)))
    with pdfplumber.open(SCANNED / "handlingsplan_centrum_2024_scan.pdf") as pdf:
        read = source.read_page(pdf, 1)
    assert read.decision.reason is OcrReason.NO_TEXT_LAYER and read.content is None
    assert read.failure.code is Code.OCR_FAILED
    assert str(read.failure) == "page 1: OCR failed (RuntimeError: tesseract failed (exit 1): Error: cannot read the image)"
    assert read.ocr_reason == "OCR failed (RuntimeError: tesseract failed (exit 1): Error: cannot read the image)"


def test_read_page_ocrs_that_page_only(monkeypatch):
    """A page read alone is read as in the whole document (its decision counts the earlier
    pages with a bad text layer), and only that page is OCR'd."""
    ocrd = []

    def fake_ocr(pdf_source, index, page_no, dpi):
        ocrd.append(page_no)
        return PageContent(page_no, 595, 842, [Word("OCR", 10, 10, 40, 20, 10, conf=90.0)], [], text_source=TextSource.OCR)

    monkeypatch.setattr(ocr, "ocr_pdf_page", fake_ocr)
    with pdfplumber.open(SCANNED / "handlingsplan_centrum_2024_scan_badocr.pdf") as pdf:
        whole = list(source.read_pages(pdf, source.SourceOptions(workers=1)))
        last = whole[-1]  # a short page, judged bad only because the earlier ones were
        assert last.decision.reason is OcrReason.BAD_LIKE_EARLIER and str(last.decision).endswith("(like 5 earlier pages)")
        for r in (whole[0], last):
            ocrd.clear()
            assert source.read_page(pdf, r.page_no) == r
            assert ocrd == [r.page_no]
    assert [str(n) for n in last.content.notices] == [f"page 6: OCR ({last.ocr_reason})"]


# --- images: deskew, turn, rulings ------------------------------------------------------


WORDS = "familjecentrerat arbetssatt och samverkan for barn unga foraldrar stod halsa skola utveckling".split()


def _text_image(w: int = 1600, h: int = 1200) -> np.ndarray:
    """Lines of text of varying words and lengths, like a printed page."""
    rng = np.random.default_rng(7)
    img = np.full((h, w), 255, np.uint8)
    for y in range(120, h - 100, 48):
        line = " ".join(rng.choice(WORDS, 6))
        cv2.putText(img, line, (90 + int(rng.integers(0, 40)), y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2, cv2.LINE_AA)
    return img


@pytest.mark.parametrize("angle", [-1.5, -0.7, 0.3, 1.2])
def test_estimate_skew_levels_a_tilted_page(angle):
    tilted = raster.rotate(_text_image(), angle)
    est = raster.estimate_skew(raster.binarize(tilted))
    assert est == pytest.approx(-angle, abs=0.1)


def test_sideways_page_detected():
    img = _text_image()
    assert raster.is_sideways(raster.binarize(img))[0] is False
    assert raster.is_sideways(raster.binarize(raster.quarter_turn(img, 90)))[0] is True


def test_upright_or_upside_down():
    mask = raster.binarize(_text_image())
    assert raster.upright_score(mask) > 0.1
    assert raster.upright_score(raster.quarter_turn(mask, 180)) < -0.1
    assert raster.upright_score(np.zeros((100, 100), np.uint8)) == 0.0


def test_prepare_turns_a_sideways_page_upright():
    img = raster.rotate(_text_image(), 0.8)
    for fed in (90, 180, 270):
        prep = ocr.prepare(raster.quarter_turn(img, fed))
        assert (prep.turned + fed) % 360 == 0, fed
        assert prep.skew == pytest.approx(-0.8, abs=0.1)


def _tall_row_image() -> np.ndarray:
    """A page inside one tall table row: short text lines in narrow columns between long column borders."""
    rng = np.random.default_rng(11)
    img = np.full((1200, 1600), 255, np.uint8)
    xs = [80, 420, 800, 1150, 1530]
    for x in xs:
        cv2.line(img, (x, 20), (x, 1180), 0, 4)
    for left, right in zip(xs, xs[1:]):
        for y in range(90, 1150, 60):
            words = " ".join(rng.choice(WORDS, 2))
            cv2.putText(img, words[: (right - left) // 22], (left + 14, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2, cv2.LINE_AA)
    return img


def test_a_page_inside_one_tall_row_is_not_taken_for_sideways():
    # (generated scan, tuning seed 5, page 10: the column borders' profile outweighed the short text lines, and
    # the upright page was turned by 270°, its table lost and the next pages' continuations with it)
    img = raster.rotate(_tall_row_image(), 1.2)
    prep = ocr.prepare(img)
    assert prep.turned == 0 and prep.skew == pytest.approx(-1.2, abs=0.15)
    assert (ocr.prepare(raster.quarter_turn(img, 90)).turned + 90) % 360 == 0


def _grid_image() -> np.ndarray:
    img = np.full((1000, 1400), 255, np.uint8)
    xs, ys = [100, 400, 900, 1300], [100, 180, 500, 900]
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 3)
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 3)
    cv2.putText(img, "Delmal", (120, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    cv2.line(img, (500, 700), (800, 700), 0, 3)  # an underline inside a cell: not a border
    return img


def test_find_rulings_on_a_grid():
    segs = raster.table_segments(raster.find_rulings(raster.binarize(_grid_image())))
    hs = sorted(round(s.pos) for s in segs if s.orientation == "h")
    vs = sorted(round(s.pos) for s in segs if s.orientation == "v")
    assert hs == pytest.approx([100, 180, 500, 900], abs=2)
    assert vs == pytest.approx([100, 400, 900, 1300], abs=2)
    for s in segs:
        assert s.end - s.start > 250


def test_rulings_become_table_cells():
    """Rulings found in an image, scaled to points, build the grid tables.find_grids expects."""
    from fca_extract.layout.tables import find_grids

    segs = raster.table_segments(raster.find_rulings(raster.binarize(_grid_image())))
    k = 72 / 300
    rulings = [Ruling("h", s.start * k, s.pos * k, s.end * k, s.pos * k) if s.orientation == "h" else Ruling("v", s.pos * k, s.start * k, s.pos * k, s.end * k) for s in segs]
    (grid,) = find_grids(rulings)
    assert (grid.n_rows, grid.n_cols) == (3, 3)


def test_dash_width_tells_hyphen_from_en_dash():
    size = 44.0
    for length, want in ((11, "-"), (23, "–"), (43, "—")):
        img = np.zeros((60, 80), np.uint8)
        img[30:34, 20 : 20 + length] = 255  # a bar 0.25–0.3 em above a baseline at y=42
        (w,) = raster.dash_widths(img, 42, size)
        assert ocr.clean_word("0—18", [w]) == f"0{want}18"


def test_a_dash_is_measured_above_the_baseline_only():
    # "0–1" in DejaVu Sans at 200 dpi (generated scan, tuning seed 122): the next line's ascenders reach up into
    # the crop under the dash, whose columns then looked tall: an en dash measured as a hyphen (0.24 em)
    size, base = 50.0, 40
    img = np.zeros((53, 74), np.uint8)
    cv2.ellipse(img, (12, 22), (10, 17), 0, 0, 360, 255, 5)  # the 0
    img[5:40, 61:67] = 255  # the 1
    img[24:29, 28:47] = 255  # the dash: 19 px, 0.38 em
    img[50:53, 26:36] = 255  # an ascender of the line below
    (w,) = raster.dash_widths(img, base, size)
    assert w == pytest.approx(0.38, abs=0.02)
    assert ocr.clean_word("0-1", [w]) == "0–1"  # DejaVu's en dash, with no hyphen on the page to compare


def test_bullet_misreads_become_bullets():
    line = (1, 1, 1, 1)
    words = [tesseract.TsvWord("«", 100, 20, 14, 15, 50.0, line), tesseract.TsvWord("Stärka", 175, 10, 120, 32, 95.0, line)]
    out = ocr.mark_bullets(words, 44.0)
    assert [w.text for w in out] == ["•", "Stärka"]
    # an ordinary short word at a line start is no bullet (a letter's ink: an x-height, half the em, high)
    words = [tesseract.TsvWord("o", 100, 20, 22, 23, 90.0, line), tesseract.TsvWord("barn", 133, 10, 80, 32, 95.0, line)]
    assert [w.text for w in ocr.mark_bullets(words, 44.0)] == ["o", "barn"]


def test_a_dot_one_space_before_its_text_is_a_bullet_whatever_it_was_read_as():
    # measured on a 300 dpi scan of a WeasyPrint list (tuning seed 438): the dot read "e", 14 x 13 px,
    # 13 px before the text, in a line of size ~46 px
    line = (1, 1, 1, 1)
    ws = [("e", 751, 14, 13), ("Föräldramöten", 778, 220, 36), ("med", 1011, 60, 26)]
    words = [tesseract.TsvWord(t, x, 40 - h, w, h, 85.0, line) for t, x, w, h in ws]
    assert [w.text for w in ocr.mark_bullets(words, 46.0)] == ["•", "Föräldramöten", "med"]
    # a letter "e" as tall as the x-height, one space before a word, is a word ("e Föräldramöten" is none,
    # but the size says letter)
    ws = [("e", 751, 22, 24), ("Föräldramöten", 786, 220, 36), ("med", 1019, 60, 26)]
    words = [tesseract.TsvWord(t, x, 40 - h, w, h, 85.0, line) for t, x, w, h in ws]
    assert [w.text for w in ocr.mark_bullets(words, 46.0)][0] == "e"


def test_a_narrow_list_indent_still_marks_the_bullet():
    # measured on a 200 dpi scan of a Chromium list (rendered at 300 dpi): the indent is 0.79 of the
    # line's size, its word spaces 0.35
    line = (1, 1, 1, 1)
    ws = [("«", 565, 13), ("Hur", 614, 66), ("familjer", 695, 138), ("med", 848, 60), ("barn", 924, 80)]
    words = [tesseract.TsvWord(t, x, 20, w, 30, 80.0, line) for t, x, w in ws]
    assert [w.text for w in ocr.mark_bullets(words, 45.8)][:2] == ["•", "Hur"]
    # the same line with the marker followed by an ordinary space is a word, not a bullet
    ws = [("o", 565, 13), ("Hur", 594, 66), ("familjer", 675, 138), ("med", 828, 60), ("barn", 904, 80)]
    words = [tesseract.TsvWord(t, x, 20, w, 30, 80.0, line) for t, x, w in ws]
    assert [w.text for w in ocr.mark_bullets(words, 45.8)][:2] == ["o", "Hur"]


def test_a_marker_one_space_before_its_text_is_a_bullet():
    # measured on a 250 dpi scan of a WeasyPrint list: "»" 16 px before the text, as far as the words stand apart
    line = (1, 1, 1, 1)
    ws = [("»", 878, 12), ("Bokgåvor", 906, 172), ("till", 1090, 36), ("familjer", 1141, 140)]
    words = [tesseract.TsvWord(t, x, 20, w, 30, 80.0, line) for t, x, w in ws]
    assert [w.text for w in ocr.mark_bullets(words, 43.1)] == ["•", "Bokgåvor", "till", "familjer"]
    # a dash one space before the next word is prose wrapped before a spaced dash ("det till | – vilket")
    ws = [("–", 878, 20), ("vilket", 912, 110), ("vi", 1036, 36), ("hoppas", 1086, 130)]
    words = [tesseract.TsvWord(t, x, 20, w, 30, 80.0, line) for t, x, w in ws]
    assert [w.text for w in ocr.mark_bullets(words, 43.1)][0] == "–"
    # a quotation mark set against its word is not a bullet
    ws = [("»", 878, 12), ("Bokgåvor»", 893, 185), ("till", 1090, 36)]
    words = [tesseract.TsvWord(t, x, 20, w, 30, 80.0, line) for t, x, w in ws]
    assert [w.text for w in ocr.mark_bullets(words, 43.1)][0] == "»"


# --- the Tesseract wrapper -----------------------------------------------------------------


@pytest.fixture
def fresh_tesseract_checks():
    """The wrapper's cached checks forgotten before and after the test (it changes $FCA_TESSERACT)."""
    for f in (tesseract.tesseract_version, tesseract.tesseract_languages):
        f.cache_clear()
    yield
    for f in (tesseract.tesseract_version, tesseract.tesseract_languages):
        f.cache_clear()


def _fake_tesseract(tmp_path, script: str):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def test_missing_tesseract_has_a_clear_message(monkeypatch, fresh_tesseract_checks):
    monkeypatch.setenv("FCA_TESSERACT", "tesseract-not-installed-here")
    with pytest.raises(MissingDependencyError) as e:
        tesseract.check_tesseract()
    assert "tesseract not found" in str(e.value) and "apt-get install tesseract-ocr" in str(e.value)
    assert e.value.exit_code == ExitCode.missing_dependency


def test_old_tesseract_is_refused(monkeypatch, tmp_path, fresh_tesseract_checks):
    monkeypatch.setenv("FCA_TESSERACT", str(_fake_tesseract(tmp_path, "echo 'tesseract 3.05.02'\n")))
    with pytest.raises(MissingDependencyError, match="too old"):
        tesseract.tesseract_version()


def test_missing_language_model(monkeypatch, tmp_path, fresh_tesseract_checks):
    script = "if [ \"$1\" = --list-langs ]; then printf 'List of available languages (1):\\neng\\n'; else echo 'tesseract 5.3.0'; fi\n"
    monkeypatch.setenv("FCA_TESSERACT", str(_fake_tesseract(tmp_path, script)))
    with pytest.raises(MissingDependencyError, match="tesseract-ocr-swe"):
        tesseract.check_tesseract()


def test_tesseract_that_hangs_is_a_missing_dependency(monkeypatch, tmp_path, fresh_tesseract_checks):
    monkeypatch.setenv("FCA_TESSERACT", str(_fake_tesseract(tmp_path, "exec sleep 5\n")))
    monkeypatch.setattr(tesseract, "ASK_TIMEOUT", 0.2)
    with pytest.raises(MissingDependencyError, match="could not be run"):
        tesseract.check_tesseract()


def test_tsv_parsing():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t22\t100\t36\t96.5\tStärka\n"
        "5\t1\t1\t1\t1\t2\t120\t30\t40\t28\t91\tatt\n"
        "5\t1\t1\t1\t1\t3\t170\t30\t40\t28\t-1\t \n"
    )
    words, lines = tesseract.parse_tsv(tsv)
    assert [w.text for w in words] == ["Stärka", "att"]
    assert lines[(1, 1, 1, 1)] == (10, 20, 300, 40)
    assert words[0].conf == 96.5


def test_environment_limits_tesseract_threads():
    assert tesseract._env()["OMP_THREAD_LIMIT"] == "1"
    assert os.environ.get("OMP_THREAD_LIMIT") != "0"


def test_the_pages_hyphen_width_skips_words_whose_dashes_were_not_all_measured():
    # "FCA-koordinator--" has two dash runs but one measured width: which run it belongs to is unknown
    assert ocr.hyphen_width(ocr.hyphen_refs([("FCA-koordinator--", [0.5]), ("barn-", [0.24]), ("Idrotts-", [0.26])])) == 0.25


def test_a_tall_rows_tilted_column_borders_do_not_make_a_page_sideways():
    # a scan inside one tall row: five column borders the length of the page, tilted 0.9°, and one column of
    # text down half of it (tuning seed 127, WeasyPrint scan). Erased as straight bands, the borders' ends stayed as long
    # vertical strokes, read as text lines running down the page: the upright page was turned by 270°
    import cv2
    import numpy as np

    from fca_extract.ocr import raster

    img = np.full((1400, 1000), 255, np.uint8)
    for x in (60, 250, 520, 700, 940):
        cv2.line(img, (x, 40), (x + 20, 1360), 0, 4)
    rng = np.random.default_rng(7)
    for y in range(60, 60 + 25 * 26, 26):  # lines of "words" in the last column
        x = 715
        while x < 900:
            w = int(rng.integers(12, 50))
            cv2.rectangle(img, (x, y), (min(x + w, 925), y + 12), 0, -1)
            x += w + 9
    text = raster.without_lines(raster.binarize(img))
    assert raster.is_sideways(text)[0] is False
    # the same page fed sideways is still told
    assert raster.is_sideways(raster.without_lines(raster.binarize(np.rot90(img).copy())))[0] is True


def _dejavu_font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", size)


def _boxed_words(texts: list[str], x: int, y: int, size: int, line: int, conf: float = 95.0) -> list[tesseract.TsvWord]:
    """The words of one line ``_dejavu_lines`` printed as " ".join(texts) at (x, y), each boxed as Tesseract boxes
    a word: its own ink."""
    font, out = _dejavu_font(size), []
    for k, text in enumerate(texts):
        left = x + font.getlength(" ".join(texts[:k]) + (" " if k else ""))
        wl, wt, wr, wb = font.getbbox(text)
        out.append(tesseract.TsvWord(text, round(left + wl), y + wt, wr - wl, wb - wt, conf, (1, 1, 1, line)))
    return out


def _dejavu_lines(lines: list[tuple[str, int, int]], size: int = 46) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A white 300 dpi strip with ``(text, x, y)`` printed in DejaVu Sans; each text's ink box (l, t, r, b)."""
    from PIL import Image, ImageDraw

    font = _dejavu_font(size)
    img = Image.new("L", (900, 60 + 80 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    boxes = []
    for text, x, y in lines:
        draw.text((x, y), text, font=font, fill=0)
        boxes.append(draw.textbbox((x, y), text, font=font))
    return np.array(img), boxes


def test_a_line_read_in_pieces_is_read_again_whole():
    # Tesseract read a narrow cell's "7.1.2." as "7 fö Br" (WeasyPrint scan, tuning seed 511); the pieces
    # alone are no better, the line cut out whole is
    img, ((l0, t0, r0, b0), (l1, t1, r1, b1)) = _dejavu_lines([("7.1.2.", 40, 40), ("Öka", 40, 110)])
    img[t0 - 14, 20:400] = 225  # the grey an erased row border leaves just above the line
    line, h = (1, 1, 1, 1), b0 - t0
    words = [
        tesseract.TsvWord("7", l0 - 4, t0 - 6, 14, h + 20, 82.0, line),
        tesseract.TsvWord("fö", l0 + 26, t0, 16, h, 0.0, line),
        tesseract.TsvWord("Br", l0 + 50, t0, r0 - l0 - 50, h, 23.0, line),
        tesseract.TsvWord("Öka", l1, t1, r1 - l1, b1 - t1, 96.0, (1, 1, 1, 2)),
    ]
    out = ocr.reread_doubtful(img, words)
    assert [w.text for w in out] == ["7.1.2.", "Öka"]
    new = out[0]
    assert new.line == line and new.conf >= ocr.REREAD_MIN_CONF
    assert l0 - 6 <= new.left and new.left + new.width <= r0 + 6  # where the ink is, in the page's pixels
    assert t0 - 12 <= new.top and new.top + new.height <= b0 + 12


def test_a_doubtful_short_word_beside_good_ones_is_read_again():
    # the "r." a narrow column broke off "FCA-koordinator", read "fr" on a line whose other words are fine
    img, ((l0, t0, r0, b0), (l1, t1, r1, b1)) = _dejavu_lines([("r.", 40, 40), ("Ökad", 500, 40)])
    line = (1, 1, 1, 1)
    words = [tesseract.TsvWord("fr", l0, t0, r0 - l0, b0 - t0, 24.0, line), tesseract.TsvWord("Ökad", l1, t1, r1 - l1, b1 - t1, 95.0, line)]
    assert [w.text for w in ocr.reread_doubtful(img, words)] == ["r.", "Ökad"]
    # and a confident reading is left alone
    sure = [tesseract.TsvWord("fr", l0, t0, r0 - l0, b0 - t0, 91.0, line), words[1]]
    assert ocr.reread_doubtful(img, sure) == sure


def test_text_the_first_reading_passed_over_is_read_from_black_and_white():
    # Tesseract's page layout left a column of grey-filled label cells unread (generated WeasyPrint bad-OCR scan
    # 524, tuning seed): the words on the unread ink come from a second reading, nothing already read twice
    img, boxes = _dejavu_lines([("Delmål", 40, 40), ("Samordna lokalt", 40, 120), ("i tid", 40, 200)])
    img[30:100, 30:260] = np.minimum(img[30:100, 30:260], 232)  # the label cell's grey fill
    (l0, t0, r0, b0), (l1, t1, r1, b1), (l2, t2, r2, b2) = boxes
    first = [
        tesseract.TsvWord("Samordna lokalt", l1, t1, r1 - l1, b1 - t1, 95.0, (1, 2, 1, 1)),
        # an "i" read in a box one pixel wide: its ink is read, not missed
        tesseract.TsvWord("i", l2 + 4, t2 + 8, 1, b2 - t2 - 8, 95.0, (1, 3, 1, 1)),
        tesseract.TsvWord("tid", l2 + 30, t2, r2 - l2 - 30, b2 - t2, 95.0, (1, 3, 1, 1)),
    ]
    prep = ocr.PreparedPage(img, raster.binarize(img), 0, 0.0, [])  # no rulings
    words, lines = ocr.read_missed(prep, (0, 0, img.shape[1], img.shape[0]), first, {})
    added = words[len(first):]
    assert [w.text for w in added] == ["Delmål"]
    assert added[0].line not in {w.line for w in first} and added[0].line in lines
    assert abs(added[0].left - l0) <= 6 and abs(added[0].top - t0) <= 8
    # a page read whole is not read again
    assert ocr.read_missed(prep, (0, 0, img.shape[1], img.shape[0]), first + added, {})[0] == first + added


def test_bullets_tesseract_drops_are_put_back_from_the_ink():
    # a cell of bullet items on a LibreOffice page scanned at 200 dpi with JPEG noise (generated bad-OCR scan 582,
    # tuning seed; cut from the levelled page): Tesseract reads every item's text but none of its bullets, so the
    # items ran together as one paragraph. The dots are found in the ink left of each item's first word
    from pathlib import Path

    from fca_extract.layout.textlines import group_lines

    crop = cv2.imread(str(Path(__file__).parent / "data" / "scan-bullets-lo-200dpi.png"), cv2.IMREAD_GRAYSCALE)
    page = ocr.ocr_image(crop, 1, raster.OCR_DPI)
    lines = [ln.text for ln in group_lines(page.words)]
    assert [ln[:2] for ln in lines] == ["Ex", "• ", "• ", "• ", "• ", "• ", "Ar"]
    # the lead line and the paragraph after the list have no dot before them
    assert lines[0].startswith("Exempel på insatser") and lines[-1].startswith("Arrangera")


def test_a_dot_read_as_letters_is_a_bullet():
    # measured on a 200 dpi scan of a LibreOffice list (OpenSymbol •), rendered at 300 dpi (tuning seed 621): the
    # dot read "LJ" at 90 %, 14 x 14 px, in a line of size ~44 px
    line = (1, 1, 1, 1)
    ws = [("LJ", 627, 883, 14, 14), ("Kunskap", 705, 876, 150, 37), ("om", 867, 882, 52, 24)]
    words = [tesseract.TsvWord(t, x, y, w, h, 90.0, line) for t, x, y, w, h in ws]
    assert [w.text for w in ocr.mark_bullets(words, 44.0)] == ["•", "Kunskap", "om"]
    # two capital letters as tall as a capital are a word
    ws = [("LJ", 627, 876, 40, 31), ("Kunskap", 705, 876, 150, 37)]
    words = [tesseract.TsvWord(t, x, y, w, h, 90.0, line) for t, x, y, w, h in ws]
    assert [w.text for w in ocr.mark_bullets(words, 44.0)][0] == "LJ"


def test_a_bullet_after_a_column_border_on_a_line_read_across_cells():
    # Tesseract read a table row's line across two cells ("närvaro- och" in the delmål column, then the activity's
    # bullet and text; WeasyPrint scan, tuning seed 614): the bullet opens its cell's part of the line
    import cv2

    img = np.full((300, 1400), 255, np.uint8)
    cv2.line(img, (660, 0), (660, 299), 0, 3)  # the column border
    prep = ocr.PreparedPage(img, raster.binarize(img), 0, 0.0, [raster.Segment("v", 660, 0, 299, 3)])
    line = (1, 1, 1, 1)
    ws = [("närvaro-", 232, 139, 145, 29), ("och", 392, 136, 61, 32), ("«", 684, 147, 10, 11),
          ("Gruppverksamhet", 710, 136, 310, 41), ("för", 1033, 136, 50, 32)]
    words = [tesseract.TsvWord(t, x, y, w, h, 92.0, line) for t, x, y, w, h in ws]
    content = ocr.to_page_content(prep, words, {}, 1)
    assert [w.text for w in content.words] == ["närvaro-", "och", "•", "Gruppverksamhet", "för"]
    # without the border the mark stands inside one line of text and stays as read
    flat = ocr.PreparedPage(img, raster.binarize(img), 0, 0.0, [])
    assert "«" in [w.text for w in ocr.to_page_content(flat, words, {}, 1).words]


def test_an_amount_misread_as_one_word_is_read_again_as_its_pieces():
    # a budget cell's "750 tkr" read "Z50:tkt" at 0 % beside the next cell's "375 tkr" (Chromium scan, tuning
    # seed 613): read again alone, inside its own cell, it is two words, each with its box
    import cv2

    img, ((l0, t0, r0, b0), (l1, t1, r1, b1)) = _dejavu_lines([("750 tkr", 40, 40), ("375 tkr", 420, 40)])
    cv2.line(img, (380, 0), (380, img.shape[0] - 1), 200, 2)  # the grey an erased border leaves
    line = (1, 1, 1, 1)
    words = [tesseract.TsvWord("Z50:tkt", l0, t0, r0 - l0, b0 - t0, 0.0, line),
             tesseract.TsvWord("|", 376, t0 - 4, 8, b0 - t0 + 8, 20.0, line),
             tesseract.TsvWord("375", l1, t1, 60, b1 - t1, 22.0, line),
             tesseract.TsvWord("tkr", l1 + 90, t1, r1 - l1 - 90, b1 - t1, 96.0, line)]
    walls = [raster.Segment("v", 380, 0, img.shape[0], 2)]
    out = ocr.reread_doubtful(img, words, walls)
    assert [w.text for w in out][:2] == ["750", "tkr"]
    assert out[0].left + out[0].width <= out[1].left and out[1].left + out[1].width <= r0 + 6
    assert [w.text for w in out][-2:] == ["375", "tkr"]


def test_a_table_of_contents_leader_is_read_as_an_ellipsis():
    # a row of dots read on a low-resolution scan comes out as capitals at next to no confidence ("MEANS blire NR
    # NIE KR", WeasyPrint scan 642), bigger than the title, which took it in; erased before OCR, the leader comes
    # back as the text layer's "…" between the entry and its page number, and the entry is no heading
    from fca_extract.assemble.headings import read_heading
    from fca_extract.layout.page import Paragraph

    img, ((l0, t0, r0, b0), (l1, t1, r1, b1)) = _dejavu_lines([("1 INLEDNING", 40, 40), ("3", 840, 40)], size=38)
    img = np.concatenate([img, np.full((img.shape[0], 500), 255, np.uint8)], axis=1)
    for x in range(r0 + 30, l1 - 20, 17):  # the leader's dots on the baseline
        img[b0 - 5 : b0, x : x + 5] = 0
    # a 150 dpi scan of it, brought back to 300 dpi
    img = cv2.resize(cv2.resize(img, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), (img.shape[1], img.shape[0]))
    content = ocr.ocr_image(img, 1)
    texts = [w.text for w in content.words]
    assert "…" in texts
    leader = content.words[texts.index("…")]
    assert leader.x0 * 300 / 72 >= r0 and leader.x1 * 300 / 72 <= l1
    # nothing else read where the dots are
    assert not [w for w in content.words if w is not leader and w.x0 * 300 / 72 > r0 + 10 and w.x1 * 300 / 72 < l1 - 10]
    # the page's confidence is Tesseract's own words': the leader given back adds nothing to it
    read = [w.conf for w in content.words if w is not leader]
    assert content.ocr_confidence == pytest.approx(sum(read) / len(read), abs=0.01)
    line = " ".join(w.text for w in sorted(content.words, key=lambda w: w.x0))
    assert line.startswith("1 INLEDNING …")
    para = Paragraph(line, 0.0, 10.0, 10.0, 9.0, False, 1)
    assert read_heading(para, None) is None
    assert read_heading(Paragraph("1 INLEDNING", 0.0, 10.0, 10.0, 9.0, False, 1), None) is not None


def test_a_short_line_tesseract_passed_over_is_read_alone():
    # "år." alone under a cell's text: Tesseract read only its period (a box 4 pixels wide, at 47 %), the page
    # as a whole read well, so no second reading of the page came (LibreOffice scan with a bad OCR layer, tuning
    # seed 675); the word-sized ink no word covers is read on its own
    img, ((l0, t0, r0, b0), (l1, t1, r1, b1)) = _dejavu_lines([("med barn 10–15", 40, 40), ("år.", 40, 100)], size=34)
    prep = ocr.PreparedPage(img, raster.binarize(img), 0, 0.0, [])
    line = (1, 1, 1, 1)
    words, x = [], l0
    for text in ("med", "barn", "10–15"):
        (wl, wt, wr, wb) = _dejavu_lines([(text, 0, 0)], size=34)[1][0]
        words.append(tesseract.TsvWord(text, x, t0, wr - wl, b0 - t0, 95.0, line))
        x += wr - wl + 12
    words.append(tesseract.TsvWord("i", r1 - 5, b1 - 5, 4, 4, 47.0, (1, 1, 1, 2)))  # the period
    found = ocr.read_leftovers(img, prep, words)
    # (its ring may read apart, as a line over "ar.": the repair gives "ar" after "10–15" its ring back)
    assert [w.text for w in found] in (["år."], ["ar."])
    (w,) = found
    assert abs(w.left - l1) <= 6 and abs(w.top + w.height - b1) <= 6
    # a page whose words cover its ink has nothing left over
    words[-1] = tesseract.TsvWord("år.", l1, t1, r1 - l1, b1 - t1, 95.0, (1, 1, 1, 2))
    assert ocr.read_leftovers(img, prep, words) == []


def test_a_first_letter_left_unread_is_read_with_its_word():
    # Tesseract's layout laid a box over two lines and, reading again, lost the "f" of "föräldraskapsstöd."
    # (WeasyPrint scan, tuning 1136); alone the letter reads as nothing, with its word it reads as the word
    img, boxes = _dejavu_lines([("Fler familjer nås", 40, 40), ("föräldraskapsstöd.", 40, 110)], size=40)
    (l1, t1, r1, b1) = boxes[1]
    f_right = 40 + _dejavu_font(40).getbbox("f")[2]
    prep = ocr.PreparedPage(img, raster.binarize(img), 0, 0.0, [])
    words = _boxed_words(["Fler", "familjer", "nås"], 40, 40, 40, 1)
    words.append(tesseract.TsvWord("öräldraskapsstöd.", f_right + 2, t1, r1 - f_right - 2, b1 - t1, 91.0, (1, 1, 1, 2)))
    found = ocr.read_leftovers(img, prep, words)
    assert [w.text for w in found] == ["f"]
    assert abs(found[0].left - l1) <= 4
    joined = ocr.with_leftovers(words, found, 0.7 * ocr.word_gap(words))
    assert [w.text for w in joined][-1] == "föräldraskapsstöd."


def test_a_lone_i_left_unread_at_a_line_end_is_read_beside_the_word_before():
    # "hembesök i|samverkan": Tesseract passed over the "i" ending the line, and alone its narrow stem is no
    # word-sized piece nor reads as anything (WeasyPrint 200 dpi scan, tuning 1160); with its dot counted and read
    # beside the word before it, it is an "i"
    img, _ = _dejavu_lines([("utökade hembesök i", 40, 40), ("samverkan mellan", 40, 110)], size=40)
    prep = ocr.PreparedPage(img, raster.binarize(img), 0, 0.0, [])
    words = _boxed_words(["utökade", "hembesök"], 40, 40, 40, 1) + _boxed_words(["samverkan", "mellan"], 40, 110, 40, 2)
    found = ocr.read_leftovers(img, prep, words)
    assert [w.text for w in found] == ["i"]
    assert found[0].left > words[1].left + words[1].width


def test_an_i_read_as_a_stroke_against_a_column_border_is_an_i():
    # "| samverkan" opening an ansvar cell (Chromium scan, tuning 1153): the "i" stands a few pixels right of the
    # column's border, where a rule's stub would, but its ink has the dot a stub never has
    img, _ = _dejavu_lines([("i samverkan med BHV.", 40, 40)], size=40)
    ink = raster.binarize(img)
    words = _boxed_words(["i", "samverkan", "med", "BHV."], 40, 40, 40, 1)
    words[0] = tesseract.TsvWord("|", words[0].left, words[0].top, words[0].width, words[0].height, 0.0, words[0].line)
    size = 42.0  # the line's type size in pixels
    wall = [raster.Segment("v", words[0].left - 4, 0, 200, 3)]
    assert [w.text for w in ocr.misread_i(words, size, wall, ink)] == ["i", "samverkan", "med", "BHV."]
    # a stub of the border itself, a solid stroke, stays what it was read as
    img[:, words[0].left : words[0].left + words[0].width] = 255
    img[words[0].top : words[0].top + words[0].height, words[0].left + 1 : words[0].left + 4] = 0
    assert [w.text for w in ocr.misread_i(words, size, wall, raster.binarize(img))][0] == "|"


def test_a_range_dash_right_under_a_row_border_is_measured_as_an_en_dash():
    # "barn 6–12 år" on the first line of a row, under the border that closes a repeated header row (Chromium
    # scan, tuning 1153): the border stood in the dashes' band and filled their columns, so they went unmeasured
    # and stayed the hyphens Tesseract read
    from PIL import Image, ImageDraw

    font = _dejavu_font(42)
    img = Image.new("L", (2480, 700), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle((100, 100, 2380, 600), outline=0, width=4)  # the table's frame
    draw.line((100, 300, 2380, 300), fill=0, width=4)  # the row border
    draw.line((1200, 100, 1200, 600), fill=0, width=4)  # a column border
    draw.text((130, 150), "Målgrupp och insatser", font=font, fill=0)
    top = 300 + 3 - font.getbbox("b")[1]  # the ascenders' tops just under the border
    draw.text((130, top), "barn 6–12 år för familjer med barn 3–12", font=font, fill=0)
    draw.text((130, top + 60), "år och deras föräldrar.", font=font, fill=0)
    content = ocr.ocr_image(np.array(img), 1)
    texts = [w.text for w in content.words]
    assert "6–12" in texts and "3–12" in texts, texts


def test_letters_that_fill_a_tight_header_row_are_no_column_borders():
    # a bold header printed close to its row's lines, blurred by the scanner: the strokes of "l" and "å" (ring and
    # all) run from the row's top line to its bottom one, as a one-row border would (LibreOffice scans 1180, 1192:
    # "Delmål" cut in two, the header unread, every row's delmål lost); letters stand beside them, padding beside a
    # border
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 42)
    img = Image.new("L", (1400, 400), 255)
    draw = ImageDraw.Draw(img)
    _, t, _, b = font.getbbox("Delmål")
    top, bottom = 100, 100 + (b - t) + 4
    draw.text((70, top + 2 - t), "Delmål", font=font, fill=0)
    draw.text((470, top + 2 - t), "Genomförda insatser - Målgrupp", font=font, fill=0)
    for y in (top, bottom, 350):
        draw.line((50, y, 1350, y), fill=0, width=3)
    for x in (50, 450, 1350):
        draw.line((x, top, x, 350), fill=0, width=3)
    ink = raster.binarize(cv2.GaussianBlur(np.array(img), (0, 0), 2.0))
    segments = raster.find_rulings(ink)
    assert len([s for s in raster.table_segments(segments) if s.orientation == "v"]) > 3  # the strokes alone look like borders
    borders = [s for s in raster.table_segments(segments, ink=ink) if s.orientation == "v"]
    assert sorted(round(s.pos) for s in borders) == [50, 450, 1350]


def test_two_unsure_readings_of_a_word_are_kept_for_the_lexicon_to_choose(monkeypatch):
    # "avgifter)" in a budget's post, read "avaqifter)" at 34 % on the page and "avgifter)" at 37 % alone (LibreOffice
    # scan 1148): neither is sure enough to replace the other; the word that is a word wins, its marks kept
    img, _ = _dejavu_lines([("inkl. sociala avgifter)", 40, 40)])
    words = _boxed_words(["inkl.", "sociala", "avgifter)"], 40, 40, 46, 1)
    w = words[2]
    words[2] = tesseract.TsvWord("avaqifter),", w.left, w.top, w.width, w.height, 34.0, w.line)

    def alone(crops):  # Tesseract's second reading of the crop, as it gave it
        top = ocr._GAP
        return [tesseract.TsvWord("avgifter)", 10, top + 4, w.width, w.height, 37.0, (1, 1, 1, 1))], [(top, top + crops[0].shape[0])]

    from fca_extract.repair import Lexicon

    monkeypatch.setattr(ocr, "read_stacked", alone)
    read = ocr.reread_doubtful(img, words)[2]
    assert (read.text, read.alt, read.conf) == ("avaqifter),", "avgifter)", 34.0)
    content = PageContent(1, 100.0, 100.0, [Word(read.text, 0, 0, 10, 10, conf=read.conf, alt=read.alt)], [])
    ocr.settle_readings(content, Lexicon.default().is_word)
    assert [w.text for w in content.words] == ["avgifter),"]
    # where the first reading is the word, it stays
    content = PageContent(1, 100.0, 100.0, [Word("avgifter),", 0, 0, 10, 10, conf=34.0, alt="avaqifter)")], [])
    ocr.settle_readings(content, Lexicon.default().is_word)
    assert [w.text for w in content.words] == ["avgifter),"]
