"""The analyst notebook runs top to bottom on the fixture dataset and draws every plot."""

from __future__ import annotations

import base64
import io
import json
import sys
import time
from pathlib import Path

import nbformat
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
