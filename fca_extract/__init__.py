"""fca-extract: FCA handlingsplaner and årsrapporter (PDF) to Parquet datasets."""

__version__ = "0.1.0"
