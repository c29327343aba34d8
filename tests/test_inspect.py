"""``fca-extract inspect`` draws what the pipeline found; ``fca-extract show`` prints the reassembled rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from expected import FIXTURES, PDF_DIR, expected_activities, norm
from fca_extract.cli import main
from fca_extract.debug.draw import CELL, LEGEND_HEIGHT, LOW_CONF_COLOUR, ROLE, ROW, RULING, draw_overlay
from fca_extract.debug.inspect import inspect_page, page_trace, render_page
from fca_extract.model import PageContent, Ruling, Word
from fca_extract.vocab import TextSource
from fca_extract.assemble.template import ROLES

AR = PDF_DIR / "arsrapport_sydvast_2023.pdf"  # goal-table header not repeated on continuation pages
AR_LANDSCAPE = PDF_DIR / "arsrapport_sydvast_2023_landscape.pdf"  # header repeated
HP = PDF_DIR / "handlingsplan_centrum_2024.pdf"
SCANNED = sorted((FIXTURES / "scanned").glob("*.pdf")) if (FIXTURES / "scanned").is_dir() else []
DPI = 100


def _near(px, size, x: float, y: float, colour, r: int = 1) -> bool:
    w, h = size
    xi, yi = round(x), round(y)
    return any(px[i, j] == colour for i in range(max(xi - r, 0), min(xi + r + 1, w)) for j in range(max(yi - r, 0), min(yi + r + 1, h)))


def _page_part(img: Image.Image) -> Image.Image:
    """The image less the legend strip (which shows every overlay colour)."""
    return img.crop((0, 0, img.width, img.height - LEGEND_HEIGHT))


def _count(img: Image.Image, colour) -> int:
    return sum(n for n, c in (img.getcolors(maxcolors=1 << 24) or []) if c == colour)


def _run_inspect(pdf: Path, page: int, tmp_path: Path, *extra: str) -> Image.Image:
    out = tmp_path / f"{pdf.stem}_p{page}.png"
    assert main(["inspect", str(pdf), "--page", str(page), "--out", str(out), "--quiet", *extra]) == 0
    assert out.exists()
    return Image.open(out).convert("RGB")


def _check_overlays(img: Image.Image, pdf: Path, page: int, found) -> None:
    """Every ruling, cell, row boundary and column role the pipeline found is drawn where it is on the page."""
    plain = render_page(pdf, page, DPI)
    for colour in (RULING, CELL, ROW, ROLE):
        assert _count(plain, colour) == 0, f"overlay colour {colour} already on the page: the test could not tell"
    # the page (for OCR: the upright image the OCR read) at the requested dpi, plus the legend strip
    w, h = img.width, img.height - LEGEND_HEIGHT
    assert abs(w - found.content.width * DPI / 72) <= 2 and abs(h - found.content.height * DPI / 72) <= 2, (img.size, found.content.width, found.content.height)
    if found.content.text_source != TextSource.OCR:
        assert (w, h) == plain.size
    sx, sy = w / found.content.width, h / found.content.height
    px, size = img.load(), img.size
    missing = []
    for rl in found.content.rulings:
        x, y = ((rl.x0 + rl.x1) / 2 * sx, (rl.top + rl.bottom) / 2 * sy)
        if not _near(px, size, x, y, RULING):
            missing.append(rl)
    assert not missing, f"{len(missing)} of {len(found.content.rulings)} rulings not drawn, e.g. {missing[:3]}"
    for note in found.tables:
        t = note.table
        for c in t.cells:
            x0, top, x1, bottom = c.bbox
            # the cell box is drawn 3 px inside its borders: look on its left edge, at mid height
            assert _near(px, size, x0 * sx + 3, (top + bottom) / 2 * sy, CELL, r=2), f"cell r{c.row} c{c.col} not drawn"
        for y in t.ys:
            assert _near(px, size, t.xs[0] * sx - 8, y * sy, ROW, r=2), f"row boundary at y={y:.0f} not drawn"
        if note.kind == "goal":
            for col, role in enumerate(note.role_list):
                if role:
                    x = t.xs[col] * sx
                    region = img.crop((round(x), max(round(t.ys[0] * sy) - 22, 0), round(x) + 30, round(t.ys[0] * sy)))
                    assert _count(region, ROLE) > 20, f"no {role} label above column {col}"


# --- inspect on exported pages -------------------------------------------------------


@pytest.mark.parametrize(("pdf", "page"), [(AR, 4), (HP, 3), (AR_LANDSCAPE, 12)], ids=lambda v: getattr(v, "stem", v))
def test_inspect_draws_rulings_cells_rows_and_roles(pdf, page, tmp_path):
    img = _run_inspect(pdf, page, tmp_path)
    found = page_trace(pdf, page)
    assert found.content.rulings and found.tables, "the page has a table"
    _check_overlays(img, pdf, page, found)
    assert _count(_page_part(img), LOW_CONF_COLOUR) == 0, "no OCR on an exported page, so nothing marked low-confidence"


def test_inspect_dpi_sets_the_image_size(tmp_path):
    img = _run_inspect(HP, 1, tmp_path, "--dpi", "50")
    found = page_trace(HP, 1)
    assert abs(img.width - found.content.width * 50 / 72) <= 1
    assert abs(img.height - LEGEND_HEIGHT - found.content.height * 50 / 72) <= 1


def test_goal_table_roles_from_header_or_carried_from_previous_page():
    # årsrapport: the goal table starts on page 3 with its header and continues on page 4 without one
    p3 = page_trace(AR, 3).tables
    p4 = page_trace(AR, 4).tables
    assert [n.kind for n in p3] == ["goal"] and [n.kind for n in p4] == ["goal"]
    assert p3[0].role_list == list(ROLES) and p3[0].body_start >= 1 and not p3[0].carried
    assert p4[0].role_list == list(ROLES) and p4[0].body_start == 0 and p4[0].carried
    # the landscape variant repeats the header row on every page: nothing carried
    notes = page_trace(AR_LANDSCAPE, 4).tables
    assert notes and all(n.kind == "goal" and not n.carried and n.body_start >= 1 for n in notes)
    # other tables are told apart
    assert [n.kind for n in page_trace(AR, 2).tables] == ["overview"]
    assert [n.kind for n in page_trace(AR, 12).tables] == ["budget"]


def test_low_confidence_ocr_words_are_boxed_in_red():
    page = PageContent(
        page_no=1,
        width=200,
        height=100,
        words=[Word("osäker", 20, 20, 60, 30, conf=35.0), Word("säker", 120, 20, 160, 30, conf=96.0), Word("text", 20, 60, 50, 70)],
        rulings=[Ruling("h", 10, 50, 190, 50)],
        text_source=TextSource.OCR,
    )
    blank = Image.new("RGB", (400, 200), (255, 255, 255))  # 2 px per point
    img = draw_overlay(blank, page, None, [])
    px, size = img.load(), img.size
    assert _near(px, size, 40 - 2, 40, LOW_CONF_COLOUR)  # left edge of the box round the low-confidence word
    assert _near(px, size, 80, 20 * 2 - 2, LOW_CONF_COLOUR)  # its top edge
    assert not any(px[x, y] == LOW_CONF_COLOUR for x in range(230, 330) for y in range(30, 70)), "a confident word is not marked"
    assert not any(px[x, y] == LOW_CONF_COLOUR for x in range(30, 110) for y in range(110, 150)), "a text-layer word is not marked"
    assert _near(px, size, 200, 100, RULING)


def test_the_reading_the_lexicon_turned_down_is_labelled_over_its_word():
    # "avgifter)" read twice, unsure both times: the page shows the word taken, a label above it the one not taken
    words = [Word("avgifter)", 20, 40, 60, 50, conf=34.0, alt="avaqifter)"), Word("osäker", 120, 40, 160, 50, conf=35.0)]
    page = PageContent(1, 200, 100, words, [], text_source=TextSource.OCR)
    img = draw_overlay(Image.new("RGB", (400, 200), (255, 255, 255)), page, None, [])
    px = img.load()
    above = lambda x0, x1: sum(px[x, y] == LOW_CONF_COLOUR for x in range(x0, x1) for y in range(50, 76))
    assert above(40, 120) > 100  # the label's ground, over the word read twice
    assert above(240, 320) < 10  # none over a word read once (its box's top edge only)


# --- inspect on a scanned page --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "pdf",
    [pytest.param(p, id=p.stem) for p in SCANNED if not p.stem.endswith("_badocr")]
    or [pytest.param(None, marks=pytest.mark.skip(reason="no scanned fixtures in fixtures/scanned/ yet (made by fixtures/make_scans.py)"))],
)
def test_inspect_scanned_page(pdf, tmp_path):
    page = 3  # a goal table in both documents
    out = tmp_path / "scan.png"
    found = inspect_page(pdf, page, out, DPI)  # what the CLI runs; returns its findings, so pages are OCR'd once
    if found.content.text_source != TextSource.OCR:
        pytest.skip(f"{pdf.name} page {page} was not OCR'd: source.read_page has no OCR path yet (text layer only)")
    img = Image.open(out).convert("RGB")
    assert found.content.rulings and any(n.kind == "goal" for n in found.tables), "rulings and the goal table found in the scan"
    _check_overlays(img, pdf, page, found)
    red = _count(_page_part(img), LOW_CONF_COLOUR)
    assert (red > 0) == (found.low_conf_words > 0), f"{found.low_conf_words} low-confidence words, {red} red pixels"


# --- bad input ----------------------------------------------------------------------------


def test_inspect_bad_page_and_bad_file(tmp_path, capsys):
    assert main(["inspect", str(HP), "--page", "99", "--out", str(tmp_path / "x.png")]) == 2
    assert "no page 99 (the document has 6 pages)" in capsys.readouterr().err
    bad = tmp_path / "not.pdf"
    bad.write_text("hello")
    assert main(["inspect", str(bad), "--page", "1", "--out", str(tmp_path / "y.png")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"fca-extract: {bad}: not a PDF") and err.count("\n") == 1
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "y.png").exists()


def test_inspect_verbose_says_how_the_page_was_read_into_paragraphs(tmp_path, capsys):
    # the handlingsplan fixture is a LibreOffice export with automatic hyphenation ("föräldrastödspro-|gram")
    assert main(["inspect", str(HP), "--page", "2", "--out", str(tmp_path / "p.png"), "--verbose"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "paragraphs:" in ln)
    assert "hyphenation yes" in line and "wrap spaces yes" in line and "line gap" in line


# --- show ---------------------------------------------------------------------------------


def test_show_prints_the_reassembled_activities(capsys):
    width = 50
    assert main(["show", str(HP), "--width", str(width)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    rows = expected_activities("handlingsplan_centrum_2024")
    assert len(lines) == 3 + len(rows), "title, header, rule and one line per activity"
    assert lines[1].split()[:4] == ["row", "mål", "delmål", "delmål"]
    for i, (line, exp) in enumerate(zip(lines[3:], rows), 1):
        activity = " / ".join(norm(exp["activity"]).split("\n"))
        shown = activity if len(activity) <= width else activity[: width - 1] + "…"
        assert shown in line, f"row {i}: {shown!r} not in {line!r}"
        assert line.split()[0] == str(i)
        pages = str(exp["page_start"]) if exp["page_start"] == exp["page_end"] else f"{exp['page_start']}–{exp['page_end']}"
        assert line.endswith(pages)


def test_show_budget_table(capsys):
    assert main(["show", str(HP), "--table", "budget"]) == 0
    out = capsys.readouterr().out
    assert "SN+FSN" in out and "1250 tkr" in out
    summa = [ln for ln in out.splitlines() if ln.startswith("SUMMA")]
    assert len(summa) == 3 and any("1553000" in ln for ln in summa)
