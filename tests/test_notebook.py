"""The analyst notebook runs top to bottom on the fixture dataset and draws every plot."""

from __future__ import annotations

import base64
import io
import json
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "fca_dataset_tour.ipynb"
KERNEL = "fca-extract-venv"


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _text_outputs(cell) -> str:
    parts = []
    for o in cell.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif "data" in o and "text/plain" in o.data:
            parts.append(o.data["text/plain"])
    return "\n".join(parts)


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in _code_cells(nb):
        assert cell.outputs == [] and cell.execution_count is None, "clear the notebook's outputs before committing"


@pytest.fixture(scope="module")
def executed(exported_dataset, tmp_path_factory):
    """The notebook executed with FCA_DATASET pointing at the fixture dataset, in a kernel of this interpreter."""
    out, code = exported_dataset
    assert code == 0
    # a kernel spec for exactly this interpreter (a user-level "python3" spec could point elsewhere)
    jupyter_dir = tmp_path_factory.mktemp("jupyter")
    spec = jupyter_dir / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "fca-extract venv", "language": "python"})
    )
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(jupyter_dir))
    mp.setenv("FCA_DATASET", str(out))
    mp.setenv("MPLBACKEND", "Agg")  # the notebook must still produce its images (it selects inline itself)
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        client = NotebookClient(nb, kernel_name=KERNEL, timeout=300, resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        t0 = time.monotonic()
        client.execute()
        print(f"notebook executed in {time.monotonic() - t0:.1f}s")
    finally:
        mp.undo()
    return nb


def test_notebook_runs_without_errors(executed):
    for cell in _code_cells(executed):
        assert cell.execution_count is not None
        assert not [o for o in cell.outputs if o.output_type == "error"]


def test_every_plot_cell_draws_a_plot(executed):
    plot_cells = [c for c in _code_cells(executed) if "plot" in c.metadata.get("tags", [])]
    assert len(plot_cells) >= 4, "plots: activities per målområde, text search, ansvar, budget vs utfall"
    for cell in plot_cells:
        pngs = [o.data["image/png"] for o in cell.outputs if "data" in o and "image/png" in o.data]
        assert len(pngs) == 1, f"plot cell has {len(pngs)} images:\n{cell.source[:200]}"
        img = Image.open(io.BytesIO(base64.b64decode(pngs[0]))).convert("RGB")
        assert img.width >= 300 and img.height >= 150
        # something was drawn: a plot has many distinct colours, a blank figure one or two
        colours = img.getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 20


def test_notebook_answers_the_questions(executed):
    text = "\n".join(_text_outputs(c) for c in _code_cells(executed))
    # both loaders saw both fixture documents (the landscape copy of the årsrapport is set aside)
    n_fixtures = len(list((Path(__file__).resolve().parents[1] / "fixtures" / "pdf").glob("*.pdf")))
    assert f"{n_fixtures} documents, 2 kept" in text
    assert "Centrum" in text and "Sydväst" in text
    # the text search finds the hand-written activity "Läsfrämjande föräldramöten"
    assert "activities mention 'läsfrämjande'" in text
    assert "Läsfrämjande föräldramöten" in text
    # ansvar split: the coordinators are the most named organisation
    assert "FCA-koordinator" in text
    # budget: the line items add up to the printed SUMMA in the fixtures
    assert "False" not in _text_outputs(next(c for c in _code_cells(executed) if "printed SUMMA" in c.source))
    # one document per district/type/year: the originals are kept, the layout variants set aside (by file name)
    not_used = next(line for line in text.splitlines() if " kept; not used: " in line).split("not used: ")[1].split(", ")
    assert sorted(not_used) == [
        "arsrapport_sydvast_2023_dejavu_wide.pdf",
        "arsrapport_sydvast_2023_landscape.pdf",
        "handlingsplan_centrum_2024_serif_narrow.pdf",
    ]


# --- one document per district, type and year ------------------------------------------------------


def one_per_document():
    """The notebook's own ``one_per_document``, from its cell tagged ``one-per-document``."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c for c in _code_cells(nb) if "one-per-document" in c.metadata.get("tags", []))
    ns = {"pd": pd}
    exec(cell.source, ns)
    return ns["one_per_document"]


def _doc(file_name, status="ok", n_pages_ocr=0, n_pages=6, district="Centrum", doc_type="handlingsplan", year=2024, doc_id=None):
    return dict(doc_id=doc_id or f"id-{file_name}", file_name=file_name, district=district, doc_type=doc_type, year=year,
                status=status, n_pages=n_pages, n_pages_ocr=n_pages_ocr)


def _frame(rows):
    """A documents frame with read_dataset's dtypes (nullable Int32 and string)."""
    df = pd.DataFrame(rows)
    return df.astype({"doc_id": "string", "file_name": "string", "district": "string", "doc_type": "string", "year": "Int32",
                      "status": "string", "n_pages": "Int32", "n_pages_ocr": "Int32"})


def _kept(rows, order):
    return sorted(one_per_document()(_frame([rows[i] for i in order])).file_name)


def test_one_per_document_prefers_the_text_layer_then_status_then_name():
    rows = [
        _doc("z_scan.pdf", n_pages_ocr=6),                        # ok, but every page OCR'd
        _doc("y_export.pdf", status="partial"),                   # the text layer: wins over the ok scan
        _doc("b_report.pdf", doc_type="arsrapport", year=2023),   # two ok text-layer copies: the first by name
        _doc("a_report.pdf", doc_type="arsrapport", year=2023),
        _doc("c_half.pdf", doc_type="arsrapport", year=2023, n_pages_ocr=1),
        _doc("failed.pdf", status="failed", n_pages=None, district=None, doc_type="unknown", year=0),
        _doc("x1.pdf", district=None), _doc("x2.pdf", district=None),  # district unknown: nothing to compare with
    ]
    want = ["a_report.pdf", "x1.pdf", "x2.pdf", "y_export.pdf"]
    # the same choice whatever order the documents were extracted (listed) in
    for order in ([0, 1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1, 0], [3, 0, 6, 2, 5, 1, 7, 4]):
        assert _kept(rows, order) == want, order


def test_one_per_document_prefers_fewer_ocr_pages_and_ok_over_partial():
    rows = [_doc("a.pdf", n_pages_ocr=3), _doc("b.pdf", n_pages_ocr=1), _doc("c.pdf", n_pages_ocr=1, status="partial")]
    assert _kept(rows, [0, 1, 2]) == ["b.pdf"] == _kept(rows, [2, 1, 0])
    same_id = [_doc("same.pdf", doc_id="bbb"), _doc("same.pdf", doc_id="aaa")]  # one file name twice (two folders)
    assert list(one_per_document()(_frame(same_id)).doc_id) == ["aaa"]


def test_notebook_says_how_to_open_it_and_the_extra_exists():
    intro = nbformat.read(NOTEBOOK, as_version=4).cells[0].source
    assert "pip install -e '.[notebook]'" in intro and "jupyter lab notebooks/fca_dataset_tour.ipynb" in intro
    cfg = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    extra = cfg.split("\nnotebook =\n", 1)[1].split("\n\n", 1)[0]
    assert "jupyterlab" in extra
