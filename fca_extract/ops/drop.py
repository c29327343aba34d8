"""The drop folder: every ``*.pdf`` (any case) under ``SRC_DIR``, streamed in sorted order."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Found:
    """A PDF in the drop folder."""

    key: str  # path relative to the drop folder, POSIX: the manifest's key
    path: Path  # as found; becomes ``documents.source_path``
    size: int
    mtime_ns: int


def iter_source(src: Path, skip: Path | None = None) -> Iterator[Found]:
    """Every PDF under ``src``, in sorted order.

    Names starting with ``.`` (hidden files, half-copied temporaries) are
    skipped, and so is ``skip`` (the output directory, if it lies inside).
    """
    skip_real = os.path.realpath(skip) if skip else None

    def walk(d: Path, rel: str) -> Iterator[Found]:
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            log.warning("%s: cannot list directory: %s", d, e.strerror or e)
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            path = d / e.name
            r = f"{rel}{e.name}"
            try:
                if e.is_dir(follow_symlinks=False):
                    if skip_real and os.path.realpath(path) == skip_real:
                        continue
                    yield from walk(path, r + "/")
                elif e.name.lower().endswith(".pdf") and e.is_file():
                    st = e.stat()
                    yield Found(r, path, st.st_size, st.st_mtime_ns)
            except OSError as err:
                log.warning("%s: %s", path, err.strerror or err)

    yield from walk(src, "")
