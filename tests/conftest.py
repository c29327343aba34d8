import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from expected import PDF_DIR, VARIANTS  # noqa: E402


@pytest.fixture(scope="session")
def exported_dataset(tmp_path_factory):
    """The exported fixtures extracted once through the real CLI."""
    from fca_extract.cli import main

    out = tmp_path_factory.mktemp("dataset")
    pdfs = [str(PDF_DIR / f"{stem}.pdf") for stem in VARIANTS]
    code = main(["extract", *pdfs, "--out", str(out), "--quiet"])
    return out, code
