"""The drop folder: every ``*.pdf`` (any case) under ``SRC_DIR``, streamed in sorted order.

Names are handled as the bytes they are: a name that is not UTF-8 is a
``str`` with surrogate escapes (:func:`os.fsdecode`), which opens, hashes and
keys the manifest like any other (:mod:`fca_extract.ops.names` says how it is
stored and printed).

What cannot be walked is said, never passed over in silence: a directory
that cannot be listed or an entry that cannot be examined is a
:class:`Skipped` with :attr:`Problem.UNLISTED` (so the absence of what it
holds is not certain: ``--prune`` is off for the run). A symbolic link
leading out of ``SRC_DIR`` is skipped (:attr:`Problem.LINK_OUT`) unless the
caller follows links.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from .fault import fault


@dataclass(frozen=True)
class Found:
    """A PDF in the drop folder."""

    key: str  # path relative to the drop folder, POSIX: the manifest's key
    path: Path  # the drop folder made absolute, then the key: ``documents.source_path``
    size: int
    mtime_ns: int


class Problem(StrEnum):
    """Why a part of the drop folder was not read; the value is the message."""

    UNLISTED = "cannot be listed"  # a directory or entry the walk could not read: what it holds is unknown
    LINK_OUT = "symbolic link out of the drop folder: skipped (--follow-symlinks reads it)"


@dataclass(frozen=True)
class Skipped:
    key: str  # relative to the drop folder
    path: Path
    problem: Problem
    detail: str = ""  # the system's reason (Permission denied)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.problem}" + (f" ({self.detail})" if self.detail else "")


def iter_source(src: Path, skip: Path | None = None, *, follow_symlinks: bool = False,
                on_skip: Callable[[Skipped], None] | None = None) -> Iterator[Found]:
    """Every PDF under ``src``, in sorted order (by the names' bytes).

    Names starting with ``.`` (hidden files, half-copied temporaries) are
    skipped, and so is ``skip`` (the output directory, if it lies inside).
    A symbolic link is read if it leads to a file inside ``src`` (a directory
    link inside is not walked twice); one leading out of ``src`` is reported
    to ``on_skip`` unless ``follow_symlinks``. ``on_skip`` also hears of every
    directory or entry that cannot be listed or examined.
    """
    root = Path(os.path.abspath(src))
    real_root = os.path.realpath(root)
    skip_real = os.path.realpath(skip) if skip else None
    walked: set[str] = {real_root}

    def inside(real: str) -> bool:
        return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)

    def report(key: str, path: Path, problem: Problem, detail: str = "") -> None:
        if on_skip is not None:
            on_skip(Skipped(key, path, problem, detail))

    def walk(d: Path, rel: str) -> Iterator[Found]:
        try:
            fault("list", rel or ".")
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: os.fsencode(e.name))
        except OSError as e:
            report(rel.rstrip("/") or ".", d, Problem.UNLISTED, e.strerror or str(e))
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            path = d / e.name
            r = f"{rel}{e.name}"
            try:
                link = e.is_symlink()
                if link:
                    real = os.path.realpath(path)
                    if not (follow_symlinks or inside(real)):
                        if e.is_dir() or e.name.lower().endswith(".pdf"):
                            report(r, path, Problem.LINK_OUT, f"to {real}")
                        continue
                if e.is_dir(follow_symlinks=follow_symlinks):
                    real = os.path.realpath(path)
                    if (skip_real and real == skip_real) or real in walked:
                        continue  # the dataset, or a directory already walked (a link back up)
                    walked.add(real)
                    yield from walk(path, r + "/")
                elif e.name.lower().endswith(".pdf") and e.is_file():
                    st = e.stat()
                    yield Found(r, path, st.st_size, st.st_mtime_ns)
            except OSError as err:
                report(r, path, Problem.UNLISTED, err.strerror or str(err))

    yield from walk(root, "")
