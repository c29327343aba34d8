"""fca-extract: FCA handlingsplaner and årsrapporter (PDF) to Parquet datasets.

The Python API (:mod:`fca_extract.api`)::

    import fca_extract
    x = fca_extract.extract("plan.pdf")                              # .documents, .activities, … as pandas frames
    acts = fca_extract.read_dataset("out/fixtures", "activities")    # one table of a dataset, contract dtypes
    fca_extract.inspect_page("plan.pdf", 4)                          # the page with what was found drawn on it

They are loaded on first use: ``import fca_extract`` alone (as the command
line and its workers do) loads neither pandas nor the pipeline.
"""

__version__ = "0.1.0"

__all__ = ["Extraction", "extract", "read_dataset", "inspect_page", "__version__"]

_API = frozenset({"Extraction", "extract", "read_dataset", "inspect_page"})


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
