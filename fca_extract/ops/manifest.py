"""The ingest manifest: what is known of each source file, in ``DIR/_manifest/entries/``.

One small JSON file per source file, ``<sha1 of the path>.json``, holding path,
size, mtime, sha256 (= doc_id), pipeline version, status and error. Each is
written atomically, so a run killed at any moment leaves every entry old or
new, and a commit (:mod:`fca_extract.ops.commit`) costs one small file however
large the dataset is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from .files import atomic_write_json, fsync_dir

log = logging.getLogger(__name__)

MANIFEST_DIR = "_manifest"


def entry_name(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest() + ".json"


class Manifest:
    """Entries keyed by the source file's path relative to the source directory.

    Held in memory as a dict (a few hundred bytes per source file) with a
    reverse index doc_id → keys, so that a document shared by two paths (the
    same bytes twice) is removed only when no path refers to it any more.
    """

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.dir = self.out / MANIFEST_DIR / "entries"
        self.entries: dict[str, dict] = {}
        self.by_doc: dict[str, set[str]] = {}

    def load(self) -> "Manifest":
        if not self.dir.is_dir():
            return self
        with os.scandir(self.dir) as it:
            for de in it:
                if not de.name.endswith(".json") or de.name.startswith("."):
                    continue
                try:
                    with open(de.path, encoding="utf-8") as f:
                        e = json.load(f)
                except (OSError, ValueError) as err:  # cannot happen with atomic writes; treat as unknown
                    log.warning("manifest entry %s unreadable (%s): its file will be re-extracted", de.path, err)
                    continue
                self._index(e)
        return self

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
