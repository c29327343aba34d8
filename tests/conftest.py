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


#: the longest modules (the generated sample, made and extracted in the run on a fresh clone): collected first, so
#: that the suite's two workers (``--dist loadfile``, one module per worker) each start on one half of the scans
#: and share the rest, instead of one worker taking them all at the end (15.5–16 min in all on a fresh clone,
#: 2026-12-05)
LONGEST_FIRST = ("test_generated_scans.py", "test_generated_scans_b.py", "test_generated_sample.py")


def pytest_collection_modifyitems(config, items):
    def rank(item):
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # (stable: the order inside each module stays)
