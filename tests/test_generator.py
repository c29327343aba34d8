"""The document generator's own properties (fixtures/generator): determinism, truth found in the
rendered text, page counts, axes that vary, and the comparison used by the sweep."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.generator import GENERATOR_VERSION, Truth, draw, generate  # noqa: E402
from fixtures.generator.compare import compare  # noqa: E402
from fixtures.generator.content import cell_text  # noqa: E402
from fixtures.generator.measure import measure  # noqa: E402

# one small document per writer (tuning range), the other axes as the seed draws them
PER_WRITER = {"libreoffice": 31, "chromium": 12, "weasyprint": 50}


@pytest.fixture(scope="session")
def gen_dir(request) -> Path:
    """Generated documents, kept between runs (the generator skips what exists at its version)."""
    return Path(request.config.cache.mkdir("fca-generated"))


@pytest.mark.parametrize("writer", sorted(PER_WRITER))
def test_truth_is_found_in_the_rendered_pdf(gen_dir, writer):
    """Every cell, delmål, goal, budget post/note/amount, section paragraph and the title is printed."""
    import pypdf

    seed = PER_WRITER[writer]
    pdf, truth = generate(seed, gen_dir, writer=writer)
    content, layout = draw(seed, writer=writer)
    m = measure(pdf, content, layout, verify=True)  # raises MeasureError for any text not found
    rows = [r for mo in content.malomraden for d in mo.delmal for r in d.rows]
    assert m.checked["cells"] == sum(2 + bool(r.ansvar) for r in rows)
    assert m.checked["goals"] == len(truth.goals)
    assert m.checked["budget"] == len(truth.budget)
    assert [tuple(x) for x in m.row_spans] == [(a.page_start, a.page_end) for a in truth.activities]
    assert truth.document.n_pages == len(pypdf.PdfReader(str(pdf)).pages)
    assert truth.writer == writer and truth.generator_version == GENERATOR_VERSION
    assert all(1 <= a.page_start <= a.page_end <= truth.document.n_pages for a in truth.activities)


def test_same_seed_same_document(tmp_path):
    """Content and layout are a function of the seed; one override changes nothing else."""
    for seed in (0, 7, 10123):
        c1, l1 = draw(seed)
        c2, l2 = draw(seed)
        assert dataclasses.asdict(c1) == dataclasses.asdict(c2) and l1 == l2
        _, l3 = draw(seed, writer="weasyprint")
        # (tagging follows the writer: WeasyPrint writes no structure tree, Chromium always one)
        assert dataclasses.replace(l3, writer=l1.writer, tagged=l1.tagged) == l1
        assert l3.tagged is False and draw(seed, writer="chromium")[1].tagged is True
        c4, _ = draw(seed, writer="weasyprint")
        assert dataclasses.asdict(c4) == dataclasses.asdict(c1)
    # rendering twice gives the same truth (spans measured again)
    _, t1 = generate(52, tmp_path / "a", writer="weasyprint")
    _, t2 = generate(52, tmp_path / "b", writer="weasyprint")
    d1, d2 = t1.to_dict(), t2.to_dict()
    d1.pop("timings"), d2.pop("timings")
    assert d1 == d2


def test_cached_files_are_reused(gen_dir):
    pdf, truth = generate(PER_WRITER["weasyprint"], gen_dir, writer="weasyprint")
    stamp = pdf.stat().st_mtime_ns
    pdf2, truth2 = generate(PER_WRITER["weasyprint"], gen_dir, writer="weasyprint")
    assert pdf2 == pdf and pdf.stat().st_mtime_ns == stamp and truth2.to_dict() == truth.to_dict()
    assert Truth.load(pdf.with_suffix("").with_suffix(".truth.json")).to_dict() == truth.to_dict()


def test_axes_vary_across_seeds():
    docs = [draw(s) for s in range(0, 80)]
    lay = [l for _, l in docs]
    con = [c for c, _ in docs]
    for axis in ("writer", "landscape", "font", "size", "repeat_header", "caption_row", "hyphenate", "header_text",
                 "header_logo", "page_numbers", "footer_text", "cover_page", "toc", "cell_para_space",
                 "budget_note_italic"):
        assert len({getattr(x, axis) for x in lay}) >= 2, axis
    assert {x.writer for x in lay} == {"libreoffice", "chromium", "weasyprint"}
    assert {x.page_numbers for x in lay} == {"Sida {n} ({m})", "Sida {n} av {m}", "{n}", ""}
    assert min(x.col_fractions[0] for x in lay) < 0.14 < 0.2 < max(x.col_fractions[0] for x in lay)
    assert {c.doc_type for c in con} == {"handlingsplan", "arsrapport"}
    assert {c.district for c in con} == {"Centrum", "Sydväst", "Nordost", "Hisingen"}
    assert len({c.year for c in con}) >= 6
    assert {c.numbered_delmal for c in con} == {True, False}
    assert {c.budget.separator for c in con} == {" ", "\u00a0", ".", ""}
    assert {c.budget.unit for c in con} == {"tkr", "kr"}
    assert any(ln.note for c in con for ln in c.budget.lines)
    n_delmal = Counter(len(m.delmal) for c in con for m in c.malomraden)
    assert set(n_delmal) == {2, 3, 4, 5}
    n_rows = Counter(len(d.rows) for c in con for m in c.malomraden for d in m.delmal)
    assert min(n_rows) == 1 and max(n_rows) >= 6
    cells = [r.activity for c in con for m in c.malomraden for d in m.delmal for r in d.rows]
    lengths = [len(cell_text(x)) for x in cells]
    assert min(lengths) < 20 and max(lengths) > 3000  # one word … longer than a page
    assert any(p.bullet for x in cells for p in x) and any(len(x) > 2 for x in cells)
    texts = " ".join(cell_text(x) for x in cells)
    assert "FCA-koordinator" in texts or "SIP-utbildningar" in texts
    assert "0–18 år" in texts or "0–5 år" in texts


def test_cli_writes_pdf_and_truth(gen_dir, capsys):
    from fixtures.generator.__main__ import main, parse_seeds

    assert parse_seeds("3:6,9") == [3, 4, 5, 9]
    seed = PER_WRITER["chromium"]
    assert main(["--seeds", f"{seed}:{seed + 1}", "--out", str(gen_dir), "--writer", "chromium"]) == 0
    out = capsys.readouterr().out
    assert f"gen{seed:05d}_chromium.pdf" in out
    t = json.loads((gen_dir / f"gen{seed:05d}_chromium.truth.json").read_text(encoding="utf-8"))
    assert t["document"]["n_pages"] >= 4 and t["activities"] and t["budget"] and t["layout"]["writer"] == "chromium"


def _as_tables(truth: Truth) -> dict:
    acts = [dict(dataclasses.asdict(a), text_source="text_layer") for a in truth.activities]
    return {
        "activities": acts,
        "goals": [dataclasses.asdict(g) for g in truth.goals],
        "budget": [dataclasses.asdict(b) for b in truth.budget],
        "sections": [dataclasses.asdict(s) for s in truth.sections],
        "documents": [dataclasses.asdict(truth.document)],
    }


def test_compare_counts_a_split_row_once(gen_dir):
    """Alignment: a split, a missing row and a merge are each one failure, later rows stay exact."""
    _, truth = generate(PER_WRITER["weasyprint"], gen_dir, writer="weasyprint")
    perfect = compare(truth, _as_tables(truth))
    assert perfect.unmet_targets() == [] and perfect.rows_exact == perfect.rows_truth
    assert perfect.budget_exact == perfect.budget_truth and perfect.goals_exact == perfect.goals_truth
    assert perfect.failures == []

    tables = _as_tables(truth)
    acts = tables["activities"]
    # row 2 split after its first half, row 5 missing, rows 7 and 8 merged
    head, tail = dict(acts[1]), dict(acts[1])
    words = acts[1]["activity"].split(" ")
    head["activity"], tail["activity"] = " ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2:])
    head["outcome"], tail["ansvar"], tail["page_start"] = None, None, acts[1]["page_end"]
    merged = dict(acts[6], activity=acts[6]["activity"] + "\n" + acts[7]["activity"],
                  outcome=acts[6]["outcome"] + "\n" + acts[7]["outcome"])
    tables["activities"] = acts[:1] + [head, tail] + acts[2:4] + acts[5:6] + [merged] + acts[8:]
    # a budget remark glued into its post
    noted = next(i for i, b in enumerate(tables["budget"]) if b["note"])
    b = tables["budget"][noted]
    tables["budget"][noted] = dict(b, post=b["post"] + "\n" + b["note"], note=None)
    r = compare(truth, tables)
    kinds = Counter(f.kind for f in r.failures)
    assert kinds["row split in two"] == 1 and kinds["row missing"] == 1 and kinds["rows merged"] == 1
    assert kinds["extra row"] == 0
    assert r.rows_exact == r.rows_truth - 4
    assert any(f.kind == "budget post wrong" and f.detail == "note glued into post" for f in r.failures)
    assert r.unmet_targets()


def test_shown_counts_paragraph_breaks_only_where_the_layout_shows_none(gen_dir):
    """A row that differs only in a paragraph break counts in rows_exact_shown where the layout shows no
    paragraph ends (no spacing, tags or wrap spaces), and nowhere else; any other difference never does."""
    _, truth = generate(PER_WRITER["weasyprint"], gen_dir, writer="weasyprint")
    tables = _as_tables(truth)
    acts = tables["activities"]
    k = next(i for i, a in enumerate(acts) if "\n" in a["activity"])
    acts[k] = dict(acts[k], activity=acts[k]["activity"].replace("\n", " ", 1))
    acts[k + 1] = dict(acts[k + 1], ansvar=(acts[k + 1]["ansvar"] or "") + " extra")
    for space, tagged, shown in ((0.0, False, 1), (4.0, False, 0), (0.0, True, 0)):
        t = dataclasses.replace(truth, layout=dict(truth.layout, cell_para_space=space, tagged=tagged))
        r = compare(t, tables)
        assert r.rows_exact == r.rows_truth - 2
        assert r.rows_exact_shown == r.rows_exact + shown, (space, tagged)


@pytest.mark.slow
def test_scan_keeps_the_truth_of_its_source(gen_dir):
    import pypdf

    seed = PER_WRITER["chromium"]
    src, truth = generate(seed, gen_dir, writer="chromium")
    pdf, st = generate(seed, gen_dir, writer="chromium", scan={"bad_ocr": False, "dpi": 150, "turns": {2: 180}})
    assert st.scan["dpi"] == 150 and st.scan["turns"] == {"2": 180} and st.source_pdf == src.name
    assert [dataclasses.asdict(a) for a in st.activities] == [dataclasses.asdict(a) for a in truth.activities]
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) == truth.document.n_pages
    assert not (reader.pages[0].extract_text() or "").strip()  # image only
