"""Imported once by the runner's fork server (never by the parent): every
document's worker is forked from a process that already holds the pipeline's
modules and the lexicon, so a worker starts in milliseconds, and each starts
from the same pristine lexicon (results do not depend on which documents a
worker saw before)."""

import pyarrow.parquet  # noqa: F401  (write.py imports it lazily; a worker under its memory cap must not)

from .. import pipeline  # noqa: F401  (the heavy imports: pdfplumber, pyarrow, …)
from ..output import schema  # noqa: F401
from ..repair import Lexicon

Lexicon.default().is_word("förälder")  # force the lazy load
