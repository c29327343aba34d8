import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from expected import PDF_DIR  # noqa: E402


@pytest.fixture(scope="session")
def exported_dataset(tmp_path_factory):
    """The exported fixtures extracted once through the real CLI."""
    from fca_extract.cli import main

    out = tmp_path_factory.mktemp("dataset")
    pdfs = [str(PDF_DIR / f"{stem}.pdf") for stem in ("handlingsplan_centrum_2024", "arsrapport_sydvast_2023", "arsrapport_sydvast_2023_landscape")]
    code = main(["extract", *pdfs, "--out", str(out), "--quiet"])
    return out, code
