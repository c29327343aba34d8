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

Every journal record is checked when read (:func:`record_problem`): one of
another shape, or naming a path outside the tables or the staging area
(``../x``), is quarantined with a warning and its document extracted again.
No path is followed out of ``DIR`` (:func:`~fca_extract.output.dataset.check_path`).
An ``OSError`` while committing (a full disk) is a
:class:`~fca_extract.errors.HaltError`: the run stops, and whatever was
journalled is completed by the next run.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import time
from pathlib import Path

from ..errors import HaltError, halt
from ..output.dataset import COMMIT_ORDER, STAGING_DIR, check_layout, check_path, is_clean_relpath, remove_candidates
from ..vocab import Status
from .drop import Found
from .fault import fault
from .files import atomic_write_json, fsync_dir, now_iso
from .manifest import MANIFEST_DIR, Manifest, Warn, entry_problem
from .plan import Known
from .runner import Outcome

log = logging.getLogger(__name__)

FORMAT = 1

# the order old files are removed in: documents first out (and last in, COMMIT_ORDER)
_REMOVE_ORDER = {t: i for i, t in enumerate(("documents",) + COMMIT_ORDER[:-1])}


# ---------------------------------------------------------------- the journal


def record_problem(r: object) -> str | None:
    """Why ``r`` is not a journal record this version can carry out; None if it is one.

    >>> record_problem({"format": 1, "key": "a.pdf", "entry": None, "renames": [], "removes": ["../x"]})
    "bad 'removes'"
    """
    if not isinstance(r, dict):
        return "not an object"
    if r.get("format") != FORMAT:
        return f"format {r.get('format')!r}, not {FORMAT}"
    if not isinstance(r.get("key"), str) or not r["key"]:
        return "no 'key'"
    entry = r.get("entry")
    if entry is not None and (entry_problem(entry) is not None or entry["path"] != r["key"]):
        return "bad 'entry'"
    renames = r.get("renames")
    if not isinstance(renames, list) or not all(
        isinstance(x, list) and len(x) == 2 and is_clean_relpath(x[0], (STAGING_DIR,)) and is_clean_relpath(x[1]) for x in renames
    ):
        return "bad 'renames'"
    removes = r.get("removes")
    if not isinstance(removes, list) or not all(is_clean_relpath(x) for x in removes):
        return "bad 'removes'"
    return None


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

    def staged_dirs(self) -> set[str]:
        """The run directories of ``_staging/`` that pending commits still need."""
        need = set()
        for p in self.pending():
            try:
                r = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if record_problem(r) is None:
                need.update(src.split("/")[1] for src, _ in r["renames"])
        return need


def commit(out: Path, manifest: Manifest, journal: Journal, key: str, entry: dict | None, renames: list[tuple[str, str]], removes: list[str]) -> None:
    """Replace one source file's document atomically (see the module docstring).

    ``renames``: (staged, final) paths relative to ``out``, ``documents`` last;
    ``removes``: old files relative to ``out``, ``documents`` first; ``entry``:
    the new manifest entry, ``None`` to drop ``key`` (prune). An ``OSError`` is
    a :class:`HaltError`; once the journal is written, the next run completes the commit.
    """
    record = {"format": FORMAT, "key": key, "entry": entry, "renames": [list(r) for r in renames], "removes": removes}
    try:
        fault("staged", key)
        path = journal.write(record)
    except OSError as e:
        raise halt(f"{journal.dir}: cannot write the commit of {key}", e) from None
    try:
        fault("journal", key)
        apply(out, manifest, record, faults=True)
        path.unlink()
        fault("entry", key)
    except OSError as e:
        raise halt(f"{out}: the commit of {key} stopped half done (the next run completes it)", e) from None


def apply(out: Path, manifest: Manifest, record: dict, faults: bool = False) -> bool:
    """Carry out a journal record; safe to repeat (every step is idempotent). False if staged data was lost.

    Every path is checked on the way (:func:`~fca_extract.output.dataset.check_path`): nothing
    is moved or removed through a symbolic link.
    """
    ok = True
    touched: set[Path] = set()
    renames = record["renames"]
    half = len(renames) // 2
    finals = set()
    for i, (src, dst) in enumerate(renames):
        s, d = check_path(out, src), check_path(out, dst)
        finals.add(dst)
        if faults and i == half:
            fault("renamed", record["key"])
        if os.path.lexists(s) and not os.path.islink(s):
            d.parent.mkdir(parents=True, exist_ok=True)
            os.replace(s, d)
            touched.add(d.parent)
        elif not d.exists():
            log.error("commit of %s: staged file %s is missing", record["key"], src)
            ok = False
    for rel in record["removes"]:
        if rel in finals:
            continue
        p = check_path(out, rel)
        if os.path.lexists(p):
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


def recover(out: Path, manifest: Manifest, journal: Journal, warn: Warn | None = None) -> int:
    """Roll forward every commit a killed run left half done; a bad record is quarantined."""
    n = 0
    for path in journal.pending():
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            # a journal is written atomically, so this is not one of ours: nothing it names is trusted
            manifest.set_aside(path, f"not readable as JSON ({e})", warn, read_only=False)
            continue
        problem = record_problem(record)
        if problem is not None:
            manifest.set_aside(path, f"not a journal record: {problem}", warn, read_only=False)
            _reextract(manifest, record.get("key") if isinstance(record, dict) else None)
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


def _reextract(manifest: Manifest, key: object) -> None:
    """Make the next extraction of ``key`` replace its rows: its entry is marked failed (a retry)."""
    e = manifest.get(key) if isinstance(key, str) else None
    if e is not None:
        manifest.put({**e, "status": Status.FAILED, "error": "its last commit was quarantined: extracted again"})


def clear_staging(out: Path, only: str | None = None, keep: str | None = None) -> None:
    """Remove what earlier runs left in ``_staging/`` (never committed, so never visible), except what
    a pending commit still needs; ``only``: just the entries starting so (``extract-``); ``keep``: not this one.

    Nothing is followed: a symbolic link is removed, never its target.
    """
    staging = Path(out) / STAGING_DIR
    try:
        st = os.lstat(staging)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        raise HaltError(f"{staging}: is {'a symbolic link' if stat.S_ISLNK(st.st_mode) else 'not a directory'}: refusing to use it")
    need = Journal(out).staged_dirs()
    with os.scandir(staging) as it:
        entries = [e for e in it if e.name not in need and e.name != keep and (only is None or e.name.startswith(only))]
    for e in entries:
        if e.is_dir(follow_symlinks=False):
            shutil.rmtree(e.path, ignore_errors=True)
        else:
            try:
                os.unlink(e.path)
            except OSError:
                pass


# ---------------------------------------------------------------- the ingest's commits


class Dataset:
    """The dataset directory ``out`` as the ingest sees and changes it: tables, manifest, journal.

    ``warn`` reports what was found broken and set aside; ``read_only`` (a dry run): nothing is moved.
    """

    def __init__(self, out: Path, version: str, run_id: str, warn: Warn | None = None, read_only: bool = False) -> None:
        self.out = Path(out)
        self.version = version  # the pipeline version entries are written with
        self.run_id = run_id
        self.warn = warn
        try:
            check_layout(self.out)
            self.manifest = Manifest(self.out).load(warn, read_only)
        except OSError as e:
            raise halt(f"{self.out}: cannot read the dataset's manifest", e) from None
        self.journal = Journal(self.out)

    def recover(self) -> int:
        """Complete the commits a killed run left half done; drop what it left staged."""
        try:
            n = recover(self.out, self.manifest, self.journal, self.warn)
            clear_staging(self.out)
        except OSError as e:
            raise halt(f"{self.out}: cannot complete the commits of an interrupted run", e) from None
        return n

    def files_of(self, doc_id: str) -> list[str]:
        """Every file of ``doc_id`` relative to ``out``, in the order they are removed."""
        found = [os.path.relpath(p, self.out) for p in remove_candidates(self.out, doc_id)]
        return sorted(found, key=lambda r: _REMOVE_ORDER.get(r.split("/", 1)[0], 99))

    def intact(self, e: dict) -> bool:
        return bool(e["files"]) and all((self.out / f).exists() for f in e["files"])

    def known(self, key: str) -> Known | None:
        """What the manifest knows of ``key`` (its entry was checked against the schema when loaded)."""
        e = self.manifest.get(key)
        if e is None:
            return None
        return Known(sha256=e["sha256"], size=e["size"], mtime_ns=e["mtime_ns"], pipeline_version=e["pipeline_version"],
                     failed=e["status"] == Status.FAILED, error=e["error"], intact=self.intact(e))

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
        try:
            self.manifest.put(e)
        except OSError as err:
            raise halt(f"{self.manifest.dir}: cannot record {found.key}", err) from None

    def prune(self, key: str) -> None:
        """Forget ``key`` and remove its rows (unless another path shares them)."""
        commit(self.out, self.manifest, self.journal, key, None, [], self.removals_for_old(key, None))
