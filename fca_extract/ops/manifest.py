"""The ingest manifest and the per-document commit journal, both in ``DIR/_manifest/``.

Manifest: one small JSON file per source file, ``_manifest/entries/<sha1 of
the path>.json``, holding path, size, mtime, sha256 (= doc_id), pipeline
version, status and error. Each is written atomically (temporary file, fsync,
``os.replace``), so a run killed at any moment leaves every entry old or new,
and a commit costs one small file however large the dataset is.

Commit of one document (``commit``), the only way the ingest changes tables:

1. the worker has written the document's 7 Parquet files, complete and
   fsynced, to ``_staging/`` (outside every table directory);
2. a journal ``_manifest/journal/<n>.json`` lists the renames (staged file →
   ``TABLE/doc_type=…/year=…/<doc_id>.parquet``), the old files to remove
   and the new manifest entry. Once the journal is on disk the commit has
   happened: everything after it is redone by :func:`recover` if the run
   dies;
3. renames (``documents`` last), removals (``documents`` first), the
   manifest entry, then the journal is deleted.

A reader never sees a temporary file (they live in ``_staging/`` and
``_manifest/``); a document that is mid-commit when the run is killed is
completed, before anything else, by the next run.

Test-only fault injection: ``FCA_EXTRACT_FAULT=POINT[:N[:ACTION]]`` (comma
separated) makes the process SIGKILL itself (ACTION ``kill``, the default) or
sleep S seconds (``sleepS``) the N-th time (default 1st) it reaches POINT
(``POINT@TEXT``: only in the commit of a source path containing TEXT):
``staged``, ``journal``, ``renamed`` (after half the renames), ``removed``,
``entry`` (commit points; not while completing an interrupted commit),
``locked`` (lock just taken), ``report`` (before the run report). It is never
set in production.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

MANIFEST_DIR = "_manifest"
STAGING_DIR = "_staging"
RUNS_DIR = "_runs"
FORMAT = 1

# ---------------------------------------------------------------- fault injection

_fault_hits: dict[str, int] = {}


def fault(point: str, key: str = "") -> None:
    """Test-only hook: see the module docstring."""
    spec = os.environ.get("FCA_EXTRACT_FAULT")
    if not spec:
        return
    for item in spec.split(","):
        parts = item.strip().split(":")
        name, _, only = parts[0].partition("@")
        if name != point or (only and only not in key):
            continue
        _fault_hits[item] = hits = _fault_hits.get(item, 0) + 1
        nth = int(parts[1]) if len(parts) > 1 and parts[1] else 1
        action = parts[2] if len(parts) > 2 else "kill"
        if hits != nth:
            continue
        if action.startswith("sleep"):
            time.sleep(float(action[5:] or 3600))
        else:
            os.kill(os.getpid(), signal.SIGKILL)


# ---------------------------------------------------------------- atomic files


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(dest: Path, data: bytes, sync_dir: bool = True) -> None:
    """Write ``dest`` so that it is either wholly old or wholly new, also after a crash."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()
    if sync_dir:
        fsync_dir(dest.parent)


def atomic_write_json(dest: Path, obj) -> None:
    atomic_write_bytes(dest, json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


# ---------------------------------------------------------------- manifest


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


# ---------------------------------------------------------------- journal


class Journal:
    """Pending commits in ``_manifest/journal/``; see the module docstring."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.dir = self.out / MANIFEST_DIR / "journal"
        self.seq = 0

    def pending(self) -> list[Path]:
        if not self.dir.is_dir():
            return []
        return sorted((p for p in self.dir.iterdir() if p.suffix == ".json" and not p.name.startswith(".")), key=lambda p: p.name)

    def write(self, record: dict) -> Path:
        self.seq += 1
        path = self.dir / f"{time.time_ns():020d}-{os.getpid()}-{self.seq:06d}.json"
        atomic_write_json(path, record)
        return path


def commit(out: Path, manifest: Manifest, journal: Journal, key: str, entry: dict | None, renames: list[tuple[str, str]], removes: list[str]) -> None:
    """Replace one source file's document atomically (see the module docstring).

    ``renames``: (staged, final) paths relative to ``out``, ``documents`` last;
    ``removes``: old files relative to ``out``, ``documents`` first; ``entry``:
    the new manifest entry, ``None`` to drop ``key`` (prune).
    """
    record = {"format": FORMAT, "key": key, "entry": entry, "renames": renames, "removes": removes}
    fault("staged", key)
    path = journal.write(record)
    fault("journal", key)
    apply(out, manifest, record, faults=True)
    path.unlink()
    fault("entry", key)


def apply(out: Path, manifest: Manifest, record: dict, faults: bool = False) -> bool:
    """Carry out a journal record; safe to repeat (every step is idempotent). False if staged data was lost."""
    ok = True
    touched: set[Path] = set()
    renames = record["renames"]
    half = len(renames) // 2
    finals = set()
    for i, (src, dst) in enumerate(renames):
        s, d = out / src, out / dst
        finals.add(dst)
        if faults and i == half:
            fault("renamed", record["key"])
        if s.exists():
            d.parent.mkdir(parents=True, exist_ok=True)
            os.replace(s, d)
            touched.add(d.parent)
        elif not d.exists():
            log.error("commit of %s: staged file %s is missing", record["key"], src)
            ok = False
    for rel in record["removes"]:
        if rel in finals:
            continue
        p = out / rel
        if p.exists():
            p.unlink()
            touched.add(p.parent)
    for d in touched:
        fsync_dir(d)
    if faults:
        fault("removed", record["key"])
    if not ok:
        # never claim a document we could not complete: forget the entry, the next run re-extracts it
        manifest.delete(record["key"])
    elif record["entry"] is None:
        manifest.delete(record["key"])
    else:
        manifest.put(record["entry"])
    return ok


def recover(out: Path, manifest: Manifest, journal: Journal) -> int:
    """Roll forward every commit a killed run left half done; then clear the staging area."""
    n = 0
    for path in journal.pending():
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # a journal is written atomically, so this is a half-written temporary at worst: nothing was committed
            log.warning("ignoring unreadable journal %s", path)
            path.unlink(missing_ok=True)
            continue
        log.warning("completing the commit of %s left by an interrupted run", record["key"])
        apply(out, manifest, record)
        path.unlink()
        n += 1
    for d in (journal.dir, manifest.dir):
        if not d.is_dir():
            continue
        for p in d.iterdir():
            if p.name.startswith(".") and p.name.endswith(".tmp"):  # temporaries of writes that never completed
                p.unlink(missing_ok=True)
        fsync_dir(d)
    return n


def clear_staging(out: Path, keep: str | None = None) -> None:
    """Remove staged files of earlier runs (never committed, so never visible)."""
    import shutil

    staging = Path(out) / STAGING_DIR
    if not staging.is_dir():
        return
    for p in staging.iterdir():
        if p.name != keep:
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
