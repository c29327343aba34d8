"""Every change the ingest makes to the dataset: one journalled commit per source file.

Commit of one document (:func:`commit`):

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
completed, before anything else, by the next run. :class:`Dataset` builds
the commits of the ingest's decisions (an extracted document, a duplicate,
a touched file, a pruned one).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

from ..output.dataset import COMMIT_ORDER, remove_candidates
from ..vocab import Status
from .drop import Found
from .fault import fault
from .files import atomic_write_json, fsync_dir, now_iso
from .manifest import MANIFEST_DIR, Manifest
from .plan import Known
from .runner import Outcome

log = logging.getLogger(__name__)

STAGING_DIR = "_staging"
FORMAT = 1

# the order old files are removed in: documents first out (and last in, COMMIT_ORDER)
_REMOVE_ORDER = {t: i for i, t in enumerate(("documents",) + COMMIT_ORDER[:-1])}


# ---------------------------------------------------------------- the journal


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


def clear_staging(out: Path) -> None:
    """Remove staged files of earlier runs (never committed, so never visible)."""
    staging = Path(out) / STAGING_DIR
    if not staging.is_dir():
        return
    for p in staging.iterdir():
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)


# ---------------------------------------------------------------- the ingest's commits


class Dataset:
    """The dataset directory ``out`` as the ingest sees and changes it: tables, manifest, journal."""

    def __init__(self, out: Path, version: str, run_id: str) -> None:
        self.out = Path(out)
        self.version = version  # the pipeline version entries are written with
        self.run_id = run_id
        self.manifest = Manifest(self.out).load()
        self.journal = Journal(self.out)

    def recover(self) -> int:
        """Complete the commits a killed run left half done; drop what it left staged."""
        n = recover(self.out, self.manifest, self.journal)
        clear_staging(self.out)
        return n

    def files_of(self, doc_id: str) -> list[str]:
        """Every file of ``doc_id`` relative to ``out``, in the order they are removed."""
        found = [os.path.relpath(p, self.out) for p in remove_candidates(self.out, doc_id)]
        return sorted(found, key=lambda r: _REMOVE_ORDER.get(r.split("/", 1)[0], 99))

    def intact(self, e: dict) -> bool:
        return bool(e.get("files")) and all((self.out / f).exists() for f in e["files"])

    def known(self, key: str) -> Known | None:
        e = self.manifest.get(key)
        if e is None:
            return None
        return Known(sha256=e.get("sha256"), size=e.get("size"), mtime_ns=e.get("mtime_ns"), pipeline_version=e.get("pipeline_version"),
                     failed=e.get("status") == Status.FAILED, error=e.get("error"), intact=self.intact(e))

    def original(self, sha: str, key: str) -> dict | None:
        """The entry of another path holding ``sha``, current and intact: its rows serve ``key`` too."""
        for k in sorted(self.manifest.keys_of(sha) - {key}):
            e = self.manifest.get(k)
            if e and e.get("pipeline_version") == self.version and e.get("status") != Status.FAILED and self.intact(e):
                return e
        return None

    def removals_for_old(self, key: str, new_doc_id: str | None) -> list[str]:
        """The files of ``key``'s old document, unless another path still refers to them."""
        old = self.manifest.get(key)
        if old is None or not old.get("doc_id") or old["doc_id"] == new_doc_id:
            return []
        if self.manifest.keys_of(old["doc_id"]) - {key}:
            return []
        return self.files_of(old["doc_id"])

    def commit_extracted(self, found: Found, o: Outcome) -> None:
        """Put a staged document in place of ``found``'s old one."""
        finals = {t: f"{t}/{o.partition}/{o.doc_id}.parquet" for t in COMMIT_ORDER}
        renames = [(os.path.relpath(o.staged[t], self.out), finals[t]) for t in COMMIT_ORDER]
        removes = [r for r in self.files_of(o.doc_id) if r not in finals.values()]  # same doc, other partition
        removes += self.removals_for_old(found.key, o.doc_id)
        entry = {
            "path": found.key,
            "source_path": str(found.path),
            "size": found.size,
            "mtime_ns": found.mtime_ns,
            "sha256": o.doc_id,
            "doc_id": o.doc_id,
            "pipeline_version": self.version,
            "status": o.status,
            "error": o.error,
            "doc_type": o.doc_type,
            "year": o.year,
            "files": [finals[t] for t in COMMIT_ORDER],
            "duplicate_of": None,
            "extracted_at": now_iso(),
            "run_id": self.run_id,
        }
        commit(self.out, self.manifest, self.journal, found.key, entry, renames, removes)
        shutil.rmtree(Path(o.staged["documents"]).parent, ignore_errors=True)

    def commit_duplicate(self, found: Found, sha: str) -> dict | None:
        """Point ``found`` at the rows of another path with the same bytes; the entry, or None if there is none."""
        orig = self.original(sha, found.key)
        if orig is None:  # the original failed (or vanished): take its failure, retried next run
            others = [self.manifest.get(k) for k in sorted(self.manifest.keys_of(sha)) if k != found.key]
            orig = next((e for e in others if e), None)
            if orig is None:
                return None
        entry = {k: orig.get(k) for k in ("sha256", "doc_id", "pipeline_version", "status", "error", "doc_type", "year", "files", "extracted_at")}
        entry.update(path=found.key, source_path=str(found.path), size=found.size, mtime_ns=found.mtime_ns, duplicate_of=orig["path"], run_id=self.run_id)
        commit(self.out, self.manifest, self.journal, found.key, entry, [], self.removals_for_old(found.key, sha))
        return entry

    def touch(self, found: Found) -> None:
        """Same bytes, new size or mtime: only the manifest entry changes."""
        e = dict(self.manifest.get(found.key))
        e.update(size=found.size, mtime_ns=found.mtime_ns, source_path=str(found.path))
        self.manifest.put(e)

    def prune(self, key: str) -> None:
        """Forget ``key`` and remove its rows (unless another path shares them)."""
        commit(self.out, self.manifest, self.journal, key, None, [], self.removals_for_old(key, None))
