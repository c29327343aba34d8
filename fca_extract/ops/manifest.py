"""The ingest manifest: what is known of each source file, in ``DIR/_manifest/entries/``.

One small JSON file per source file, ``<sha1 of the path's bytes>.json``, holding
path, size, mtime, sha256 (= doc_id), pipeline version, status and error. Each
is written atomically, so a run killed at any moment leaves every entry old or
new, and a commit (:mod:`fca_extract.ops.commit`) costs one small file however
large the dataset is.

Every entry is checked against its schema when read (:func:`entry_problem`): one
that is not JSON, or JSON of another shape (``{}``, ``null``), is moved aside to
``_manifest/quarantine/`` with a warning, and its source file is extracted again
as a new one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..output.dataset import is_clean_relpath
from ..vocab import Status
from .files import atomic_write_json, fsync_dir

log = logging.getLogger(__name__)

MANIFEST_DIR = "_manifest"
QUARANTINE_DIR = "quarantine"

Warn = Callable[[str], None]


def entry_name(key: str) -> str:
    """The entry's file name: the sha1 of the path's bytes (a name that is not UTF-8 included)."""
    return hashlib.sha1(os.fsencode(key)).hexdigest() + ".json"


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _str_or_none(v: object) -> bool:
    return v is None or isinstance(v, str)


_STATUSES = frozenset(s.value for s in Status)


def entry_problem(e: object) -> str | None:
    """Why ``e`` is not a manifest entry; None if it is one.

    >>> entry_problem({}), entry_problem(None)
    ("no 'path'", 'not an object')
    """
    if not isinstance(e, dict):
        return "not an object"
    if not isinstance(e.get("path"), str) or not e["path"]:
        return "no 'path'"
    checks = {
        "size": _is_int(e.get("size")) and e["size"] >= 0,
        "mtime_ns": _is_int(e.get("mtime_ns")),
        "sha256": isinstance(e.get("sha256"), str) and bool(e["sha256"]),
        "doc_id": isinstance(e.get("doc_id"), str) and bool(e["doc_id"]) and "/" not in e["doc_id"],
        "pipeline_version": isinstance(e.get("pipeline_version"), str),
        "status": e.get("status") in _STATUSES,
        "error": _str_or_none(e.get("error")),
        "files": isinstance(e.get("files"), list) and all(is_clean_relpath(f) for f in e["files"]),
        "duplicate_of": _str_or_none(e.get("duplicate_of")),
        "doc_type": _str_or_none(e.get("doc_type")),
        "year": e.get("year") is None or _is_int(e["year"]),
        "source_path": _str_or_none(e.get("source_path")),
    }
    bad = [k for k, ok in checks.items() if not ok]
    return f"bad or missing {', '.join(repr(k) for k in bad)}" if bad else None


class Manifest:
    """Entries keyed by the source file's path relative to the source directory.

    Held in memory as a dict (a few hundred bytes per source file) with a
    reverse index doc_id → keys, so that a document shared by two paths (the
    same bytes twice) is removed only when no path refers to it any more.
    """

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.dir = self.out / MANIFEST_DIR / "entries"
        self.quarantine_dir = self.out / MANIFEST_DIR / QUARANTINE_DIR
        self.entries: dict[str, dict] = {}
        self.by_doc: dict[str, set[str]] = {}
        self.quarantined: list[str] = []  # the entries found bad (and moved aside, unless read only)

    def load(self, warn: Warn | None = None, read_only: bool = False) -> "Manifest":
        """Read every entry; a bad one is moved to quarantine (only reported if ``read_only``)."""
        if not self.dir.is_dir():
            return self
        with os.scandir(self.dir) as it:
            names = sorted(de.name for de in it if de.name.endswith(".json") and not de.name.startswith("."))
        for name in names:
            path = self.dir / name
            try:
                with open(path, encoding="utf-8") as f:
                    e = json.load(f)
            except (OSError, ValueError) as err:
                self.set_aside(path, f"not readable as JSON ({err})", warn, read_only)
                continue
            problem = entry_problem(e)
            if problem is None and entry_name(e["path"]) != name:
                problem = f"filed under another path's name (its path is {e['path']!r})"
            if problem is not None:
                self.set_aside(path, f"not a manifest entry: {problem}", warn, read_only)
                continue
            self._index(e)
        return self

    def set_aside(self, path: Path, why: str, warn: Warn | None, read_only: bool) -> None:
        """Quarantine a bad file of the manifest (the entry or a journal record at ``path``), with a warning."""
        self.quarantined.append(str(path))
        if read_only:
            (warn or log.warning)(f"{path}: {why}: would be moved to {self.quarantine_dir}")
            return
        dest = self.quarantine_dir / f"{path.parent.name}-{path.name}.{time.time_ns()}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, dest)
        fsync_dir(path.parent)
        fsync_dir(dest.parent)
        (warn or log.warning)(f"{path}: {why}: moved to {dest}; its document is extracted again")

    def _index(self, e: dict) -> None:
        old = self.entries.get(e["path"])
        if old is not None:
            self._unindex(old)
        self.entries[e["path"]] = e
        if e.get("doc_id"):
            self.by_doc.setdefault(e["doc_id"], set()).add(e["path"])

    def _unindex(self, e: dict) -> None:
        keys = self.by_doc.get(e.get("doc_id") or "")
        if keys is not None:
            keys.discard(e["path"])
            if not keys:
                del self.by_doc[e["doc_id"]]

    def get(self, key: str) -> dict | None:
        return self.entries.get(key)

    def keys_of(self, doc_id: str) -> set[str]:
        return self.by_doc.get(doc_id, set())

    def put(self, entry: dict) -> None:
        atomic_write_json(self.dir / entry_name(entry["path"]), entry)
        self._index(entry)

    def delete(self, key: str) -> None:
        (self.dir / entry_name(key)).unlink(missing_ok=True)
        fsync_dir(self.dir)
        old = self.entries.pop(key, None)
        if old is not None:
            self._unindex(old)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[dict]:
        return iter(list(self.entries.values()))
