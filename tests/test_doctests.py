"""Every module's docstring examples run (the decisions' worked examples are part of their contract)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import fca_extract

MODULES = sorted(m.name for m in pkgutil.walk_packages(fca_extract.__path__, "fca_extract.") if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    mod = importlib.import_module(name)
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False)
    assert res.failed == 0, f"{name}: {res.failed} of {res.attempted} examples failed (run python -m doctest -v on it)"
