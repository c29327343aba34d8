"""Fast unit tests of the OCR stages: text-layer quality, deskew, turn, rulings, Tesseract wrapper."""

from __future__ import annotations

import os
import stat

import cv2
import numpy as np
import pdfplumber
import pytest

from expected import PDF_DIR
from fca_extract.ocr import raster
from fca_extract.ocr import recognise as ocr
from fca_extract.errors import ExitCode, MissingDependencyError
from fca_extract.pages.load import read_text_layer
from fca_extract.model import PageContent, Ruling, Word
from fca_extract.pages.quality import assess_text_layer, straddling_words
from fca_extract.pages.source import SourceOptions, decide

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
    is_bad, reason = verdict
    assert reason == "text layer"


def test_bad_ocr_text_is_redone_with_reasons():
    is_bad, reason = assess_text_layer(_words(BAD))
    assert is_bad
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
            use_ocr, reason = decide(content, 0.0, SourceOptions())
            assert not use_ocr, (i, reason)


def test_decide_scanned_page_without_text_and_modes():
    empty = PageContent(1, 595, 842, [], [])
    assert decide(empty, 1.0, SourceOptions()) == (True, "no text layer (a page image)")
    assert decide(empty, 0.0, SourceOptions())[0] is False  # a blank page: nothing to read
    good = PageContent(1, 595, 842, _words(GOOD), [])
    assert decide(good, 0.0, SourceOptions(ocr="always"))[0] is True


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


def test_bullet_misreads_become_bullets():
    line = (1, 1, 1, 1)
    words = [ocr.TsvWord("«", 100, 20, 14, 15, 50.0, line), ocr.TsvWord("Stärka", 175, 10, 120, 32, 95.0, line)]
    out = ocr.mark_bullets(words, 44.0)
    assert [w.text for w in out] == ["•", "Stärka"]
    # an ordinary short word at a line start is no bullet
    words = [ocr.TsvWord("o", 100, 20, 14, 15, 90.0, line), ocr.TsvWord("barn", 125, 10, 80, 32, 95.0, line)]
    assert [w.text for w in ocr.mark_bullets(words, 44.0)] == ["o", "barn"]


# --- the Tesseract wrapper -----------------------------------------------------------------


def test_missing_tesseract_has_a_clear_message(monkeypatch):
    monkeypatch.setenv("FCA_TESSERACT", "tesseract-not-installed-here")
    ocr.tesseract_version.cache_clear()
    try:
        with pytest.raises(MissingDependencyError) as e:
            ocr.check_tesseract()
        assert "tesseract not found" in str(e.value) and "apt-get install tesseract-ocr" in str(e.value)
        assert e.value.exit_code == ExitCode.missing_dependency
    finally:
        ocr.tesseract_version.cache_clear()


def test_old_tesseract_is_refused(monkeypatch, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\necho 'tesseract 3.05.02'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("FCA_TESSERACT", str(fake))
    ocr.tesseract_version.cache_clear()
    try:
        with pytest.raises(MissingDependencyError, match="too old"):
            ocr.tesseract_version()
    finally:
        ocr.tesseract_version.cache_clear()


def test_missing_language_model(monkeypatch, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\nif [ \"$1\" = --list-langs ]; then printf 'List of available languages (1):\\neng\\n'; else echo 'tesseract 5.3.0'; fi\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("FCA_TESSERACT", str(fake))
    ocr.tesseract_version.cache_clear()
    ocr.tesseract_languages.cache_clear()
    try:
        with pytest.raises(MissingDependencyError, match="tesseract-ocr-swe"):
            ocr.check_tesseract()
    finally:
        ocr.tesseract_version.cache_clear()
        ocr.tesseract_languages.cache_clear()


def test_tsv_parsing():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t22\t100\t36\t96.5\tStärka\n"
        "5\t1\t1\t1\t1\t2\t120\t30\t40\t28\t91\tatt\n"
        "5\t1\t1\t1\t1\t3\t170\t30\t40\t28\t-1\t \n"
    )
    words, lines = ocr.parse_tsv(tsv)
    assert [w.text for w in words] == ["Stärka", "att"]
    assert lines[(1, 1, 1, 1)] == (10, 20, 300, 40)
    assert words[0].conf == 96.5


def test_environment_limits_tesseract_threads():
    assert ocr._env()["OMP_THREAD_LIMIT"] == "1"
    assert os.environ.get("OMP_THREAD_LIMIT") != "0"
