"""Where a document's files live in the dataset, and how staged files go there.

Free of pyarrow: the ingest parent and ``extract``'s parent commit with this
alone, while workers write the files (:mod:`fca_extract.output.write`).

Nothing is written, moved or removed outside the dataset directory ``DIR``:
every path a commit touches is relative to ``DIR``, has no ``..``, and no
directory on the way to it is a symbolic link (:func:`check_path`);
:func:`check_layout` checks the directories the tool owns before a run.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from ..errors import HaltError

# A null Hive partition ("__HIVE_DEFAULT_PARTITION__") makes pandas.read_parquet
# fail ("Cannot yet unify dictionaries with nulls"), so a document whose year
# could not be determined is filed under year=0.
UNKNOWN_YEAR = 0

# the order files go into the dataset: a reader that sees a documents row sees the rest
COMMIT_ORDER = ("activities", "goals", "budget", "sections", "pages", "repairs", "documents")

#: the directories of DIR the tool writes besides the tables
STAGING_DIR = "_staging"
OWN_DIRS = ("_manifest", "_runs", STAGING_DIR)


def partition_dir(doc_type: str | None, year: int | None) -> str:
    return f"doc_type={doc_type or 'unknown'}/year={year if year is not None else UNKNOWN_YEAR}"


def is_clean_relpath(rel: object, first: tuple[str, ...] = COMMIT_ORDER, suffix: str = ".parquet") -> bool:
    """Is ``rel`` a plain relative path under one of the directories ``first``, ending in ``suffix``?

    >>> is_clean_relpath("documents/doc_type=x/year=1/ab.parquet"), is_clean_relpath("../x"), is_clean_relpath("documents/../../x.parquet")
    (True, False, False)
    """
    if not isinstance(rel, str) or not rel or "\0" in rel or rel.startswith("/") or not rel.endswith(suffix):
        return False
    parts = rel.split("/")
    return len(parts) >= 2 and parts[0] in first and all(p not in ("", ".", "..") for p in parts)


def check_path(out: Path, rel: str) -> Path:
    """``out / rel``, after checking that no directory between ``out`` and it is a symbolic link (or not a directory)."""
    p = Path(out)
    for part in rel.split("/")[:-1]:
        p = p / part
        try:
            st = os.lstat(p)
        except FileNotFoundError:
            break  # created by us, below here
        if stat.S_ISLNK(st.st_mode):
            raise HaltError(f"{p}: is a symbolic link: refusing to write through it out of {out}")
        if not stat.S_ISDIR(st.st_mode):
            raise HaltError(f"{p}: is not a directory")
    return Path(out) / rel


def check_layout(out: Path) -> None:
    """The directories the tool owns in ``out`` (tables, their partitions, ``_manifest``, ``_runs``,
    ``_staging``) are real directories, none a symbolic link: else :class:`HaltError`."""
    out = Path(out)
    for name in (*COMMIT_ORDER, *OWN_DIRS):
        d = out / name
        if not _real_dir(d, missing_ok=True):
            continue
        for sub in ("entries", "journal", "quarantine") if name == "_manifest" else ():
            _real_dir(d / sub, missing_ok=True)
        if name in COMMIT_ORDER:
            for part in _subdirs(d):
                _subdirs(part)  # the year directories: a symbolic link among them halts


def _real_dir(d: Path, missing_ok: bool = False) -> bool:
    try:
        st = os.lstat(d)
    except FileNotFoundError:
        if missing_ok:
            return False
        raise
    if stat.S_ISLNK(st.st_mode):
        raise HaltError(f"{d}: is a symbolic link: refusing to follow it out of the dataset directory")
    if not stat.S_ISDIR(st.st_mode):
        raise HaltError(f"{d}: is not a directory (the dataset keeps its own files there)")
    return True


def _subdirs(d: Path) -> list[Path]:
    """The directories in ``d``; a symbolic link among them is a :class:`HaltError`."""
    out = []
    with os.scandir(d) as it:
        for e in it:
            if e.is_symlink():
                raise HaltError(f"{e.path}: is a symbolic link: refusing to follow it out of the dataset directory")
            if e.is_dir(follow_symlinks=False):
                out.append(Path(e.path))
    return sorted(out)


def commit_staged(out: Path, doc_id: str, partition: str, staged: dict[str, str]) -> list[Path]:
    """Move a staged document into the dataset; then drop its files in other partitions."""
    out = Path(out)
    written = []
    for table in COMMIT_ORDER:
        dest = check_path(out, f"{table}/{partition}/{doc_id}.parquet")
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged[table], dest)
        written.append(dest)
    keep = set(written)
    for stale in remove_candidates(out, doc_id):
        if stale not in keep:
            stale.unlink(missing_ok=True)
    shutil.rmtree(Path(staged["documents"]).parent, ignore_errors=True)
    return written


def remove_candidates(out: Path, doc_id: str) -> list[Path]:
    """Every file of ``doc_id`` in the dataset, in any partition (symbolic links are not followed)."""
    found = []
    for table in COMMIT_ORDER:
        t = Path(out) / table
        if not _real_dir(t, missing_ok=True):
            continue
        for part in _subdirs(t):
            for year in _subdirs(part):
                p = year / f"{doc_id}.parquet"
                if os.path.lexists(p):
                    found.append(p)
    return found
