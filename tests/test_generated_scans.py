"""The scanned cases of the generated sample (``SCAN_CASES`` in test_generated_sample.py), held to issue 9's
scan targets per document: ≥ 95 % rows exact, field similarity ≥ 0.995, budget cells and goals exact.

A module of their own because the suite runs each module on one worker (``--dist loadfile``): here the scans run
beside the text sample, not after it on the same worker (15.5 min in all on a fresh clone with both in one module,
2026-12-05).
"""

from __future__ import annotations

import pytest

# (first: it puts the checkout on sys.path for the generator)
from test_generated_sample import SCAN_CASES, _case, _check, extract_tables, sample_dir  # noqa: F401 (fixtures)

from fixtures.generator import generate  # noqa: E402


@pytest.mark.parametrize("cid", [_case(c, slow=True) for c in SCAN_CASES])
def test_generated_scan(cid, sample_dir, extract_tables):  # noqa: F811 (the fixtures imported above)
    seed, ov, scan = SCAN_CASES[cid]
    pdf, truth = generate(seed, sample_dir, scan=scan, **ov)
    _check(pdf, truth, extract_tables, workers=2)
