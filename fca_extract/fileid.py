"""Document ids: the sha256 of a file's bytes (the contract's ``doc_id``).

Kept free of heavy imports: the ingest parent process hashes files without
loading the PDF stack.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def unreadable_id(path: Path) -> str:
    """An id for a file whose bytes cannot be read: from its path, safe as a file name."""
    return "unreadable-" + hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()
