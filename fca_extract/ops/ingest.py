"""``fca-extract ingest SRC_DIR --out DIR``: the nightly job. Incremental, idempotent, isolated, crash-safe.

* **Incremental.** ``DIR/_manifest/`` records each source file (path relative
  to SRC_DIR, size, mtime, sha256 = doc_id, pipeline version, status, error).
  A file whose size and mtime match, extracted by this pipeline version, not
  failed and with its files present is skipped without being read. Otherwise
  it is hashed: same bytes → only the manifest is updated; new bytes → the
  old document's rows are replaced in every table, in one commit. Failed
  documents are retried on every run. A file gone from SRC_DIR keeps its rows
  unless ``--prune``. The same bytes under two names are extracted once (the
  ``documents`` row names the first path in sorted order).
* **Crash-safe.** Every change to the tables goes through
  :func:`fca_extract.ops.manifest.commit` (staged files, journal, renames); a run
  killed at any moment is completed by the next one.
* **Isolated.** Each document runs in its own worker (:mod:`fca_extract.ops.runner`)
  with a wall-time and a memory limit.
* **One at a time.** :class:`fca_extract.ops.lock.DirLock` on ``DIR``; a second
  run exits with code 3.

Every run writes a JSON report to ``DIR/_runs/``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import resource
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from .. import __version__
from ..errors import ExitCode, UsageError
from .progress import ProgressBar
from ..output.write import COMMIT_ORDER, remove_candidates
from .lock import DirLock
from .manifest import (
    MANIFEST_DIR,
    RUNS_DIR,
    STAGING_DIR,
    Journal,
    Manifest,
    atomic_write_json,
    clear_staging,
    commit,
    fault,
    recover,
)
from ..fileid import sha256_file
from .runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, Limits, Outcome, Task, default_workers, run_documents

log = logging.getLogger(__name__)

# documents last in, first out (write.py imports pyarrow only where it writes)
TABLE_ORDER = COMMIT_ORDER

# what the planner decided for a source file
NEW, CHANGED, RETRY, VERSION, REPAIR, UNCHANGED, TOUCHED, DUPLICATE, UNREADABLE = (
    "new", "changed", "retry", "version", "repair", "unchanged", "touched", "duplicate", "unreadable")
EXTRACT_ACTIONS = (NEW, CHANGED, RETRY, VERSION, REPAIR)


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def iter_source(src: Path, skip: Path | None = None) -> Iterator[tuple[str, Path, os.stat_result]]:
    """(path relative to ``src`` as POSIX, path as found, stat) of every ``*.pdf`` (any case), streamed in sorted order.

    Names starting with ``.`` (hidden files, half-copied temporaries) are
    skipped, and so is ``skip`` (the output directory, if it lies inside).
    """
    skip_real = os.path.realpath(skip) if skip else None

    def walk(d: Path, rel: str) -> Iterator[tuple[str, Path, os.stat_result]]:
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
                    yield r, path, e.stat()
            except OSError as err:
                log.warning("%s: %s", path, err.strerror or err)

    yield from walk(src, "")


class Ingest:
    def __init__(self, src: Path, out: Path, *, options=None, workers: int | None = None, limits: Limits | None = None,
                 prune: bool = False, dry_run: bool = False, quiet: bool = False, verbose: bool = False,
                 progress: bool | None = None, stdout=None, stderr=None) -> None:
        self.src = Path(src)
        self.out = Path(out)
        self.options = options
        self.workers = workers or default_workers()
        self.limits = limits or Limits()
        self.prune = prune
        self.dry_run = dry_run
        self.quiet = quiet
        self.verbose = verbose
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.progress_on = (not quiet and self.stderr.isatty()) if progress is None else progress
        self.run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + f"Z-{os.getpid()}"
        self.counts: Counter[str] = Counter()
        self.docs: list[dict] = []  # one small record per document processed (not skipped)
        self.failures: list[dict] = []
        self.seen: set[str] = set()
        self.inflight: dict[str, str] = {}  # sha → key being extracted this run
        self.deferred: list[tuple[str, Path, os.stat_result, str]] = []
        self.ext_seconds: list[float] = []

    # ------------------------------------------------------------ helpers
    def err(self, msg: str) -> None:
        if self.progress_on:
            self.stderr.write("\r" + " " * 100 + "\r")
        print(f"fca-extract: {msg}", file=self.stderr)

    def rel(self, p: Path | str) -> str:
        return os.path.relpath(p, self.out)

    def files_of(self, doc_id: str) -> list[str]:
        found = [self.rel(p) for p in remove_candidates(self.out, doc_id)]
        order = {t: i for i, t in enumerate(("documents",) + TABLE_ORDER[:-1])}  # documents first when removing
        return sorted(found, key=lambda r: order.get(r.split("/", 1)[0], 99))

    def entry_intact(self, e: dict) -> bool:
        return bool(e.get("files")) and all((self.out / f).exists() for f in e["files"])

    def good_original(self, sha: str, key: str) -> dict | None:
        """An entry of another path holding ``sha``, current and intact: its rows serve this path too."""
        for k in sorted(self.manifest.keys_of(sha)):
            if k == key:
                continue
            e = self.manifest.get(k)
            if e and e.get("pipeline_version") == __version__ and e.get("status") != "failed" and self.entry_intact(e):
                return e
        return None

    # ------------------------------------------------------------ planning
    def classify(self, key: str, path: Path, st: os.stat_result) -> tuple[str, str | None]:
        """(action, sha256 or None when not read)."""
        e = self.manifest.get(key)
        if e is not None and e.get("size") == st.st_size and e.get("mtime_ns") == st.st_mtime_ns \
                and e.get("pipeline_version") == __version__ and e.get("status") != "failed" and self.entry_intact(e):
            return UNCHANGED, None
        try:
            sha = sha256_file(path)
        except OSError:
            # cannot be read now (permissions, a share gone away): a new file gets its failed row from the
            # worker; a known one keeps its rows rather than lose them to what may be a passing problem
            return (NEW, None) if e is None else (UNREADABLE, None)
        if e is None:
            action = NEW
        elif e.get("status") == "failed":
            action = RETRY
        elif e.get("sha256") != sha:
            action = CHANGED
        elif e.get("pipeline_version") != __version__:
            action = VERSION
        elif not self.entry_intact(e):
            action = REPAIR
        else:
            return TOUCHED, sha
        if self.good_original(sha, key) is not None:
            return DUPLICATE, sha
        return action, sha

    def tasks(self) -> Iterator[Task]:
        """The documents to extract; everything that needs no extraction is done on the way."""
        for key, path, st in iter_source(self.src, self.out):
            self.seen.add(key)
            self.counts["found"] += 1
            action, sha = self.classify(key, path, st)
            if action in EXTRACT_ACTIONS and sha is not None and sha in self.inflight:
                if self.dry_run:
                    self.counts[DUPLICATE] += 1
                    print(f"{DUPLICATE:9} {path} (same bytes as {self.inflight[sha]})", file=self.stdout)
                else:
                    self.deferred.append((key, path, st, sha))  # same bytes as a file being extracted now
                continue
            if self.dry_run:
                self.counts[action] += 1
                if action != UNCHANGED or self.verbose:
                    e = self.manifest.get(key)
                    extra = f" (last error: {e.get('error')})" if action == RETRY and e else ""
                    print(f"{action:9} {path}{extra}", file=self.stdout)
                if sha is not None and action in EXTRACT_ACTIONS:
                    self.inflight[sha] = key
                continue
            if action == UNREADABLE:
                reason = "cannot be read now; its earlier rows are kept"
                self.counts[UNREADABLE] += 1
                self.counts["failed"] += 1
                self.failures.append({"path": key, "doc_id": self.manifest.get(key).get("doc_id"), "status": "failed", "reason": reason})
                self.err(f"{path}: failed: {reason}")
            elif action == UNCHANGED:
                self.counts[UNCHANGED] += 1
            elif action == TOUCHED:
                self.counts[TOUCHED] += 1
                e = dict(self.manifest.get(key))
                e.update(size=st.st_size, mtime_ns=st.st_mtime_ns, source_path=str(path))
                self.manifest.put(e)
            elif action == DUPLICATE:
                self.commit_duplicate(key, path, st, sha)
            else:
                if sha is not None:
                    self.inflight[sha] = key
                yield Task(path=path, key=key, doc_id=sha, extra={"action": action, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha": sha})

    # ------------------------------------------------------------ commits
    def removals_for_old(self, key: str, new_doc_id: str | None) -> list[str]:
        old = self.manifest.get(key)
        if old is None or not old.get("doc_id") or old["doc_id"] == new_doc_id:
            return []
        if self.manifest.keys_of(old["doc_id"]) - {key}:
            return []  # another path still refers to those rows
        return self.files_of(old["doc_id"])

    def commit_outcome(self, o: Outcome) -> None:
        key = o.task.key
        finals = {t: f"{t}/{o.partition}/{o.doc_id}.parquet" for t in TABLE_ORDER}
        renames = [(self.rel(o.staged[t]), finals[t]) for t in TABLE_ORDER]
        removes = [r for r in self.files_of(o.doc_id) if r not in finals.values()]  # same doc, other partition
        removes += self.removals_for_old(key, o.doc_id)
        entry = {
            "path": key,
            "source_path": str(o.task.path),
            "size": o.task.extra.get("size"),
            "mtime_ns": o.task.extra.get("mtime_ns"),
            "sha256": o.doc_id,
            "doc_id": o.doc_id,
            "pipeline_version": __version__,
            "status": o.status,
            "error": o.error,
            "doc_type": o.doc_type,
            "year": o.year,
            "files": [finals[t] for t in TABLE_ORDER],
            "duplicate_of": None,
            "extracted_at": _now_iso(),
            "run_id": self.run_id,
        }
        commit(self.out, self.manifest, self.journal, key, entry, renames, removes)
        shutil.rmtree(Path(o.staged["documents"]).parent, ignore_errors=True)

    def commit_duplicate(self, key: str, path: Path, st: os.stat_result, sha: str) -> None:
        orig = self.good_original(sha, key)
        if orig is None:  # the original failed (or vanished): take its failure, retried next run
            others = [self.manifest.get(k) for k in sorted(self.manifest.keys_of(sha)) if k != key]
            orig = next((e for e in others if e), None)
            if orig is None:
                return
        entry = {k: orig.get(k) for k in ("sha256", "doc_id", "pipeline_version", "status", "error", "doc_type", "year", "files", "extracted_at")}
        entry.update(path=key, source_path=str(path), size=st.st_size, mtime_ns=st.st_mtime_ns, duplicate_of=orig["path"], run_id=self.run_id)
        old = self.manifest.get(key)
        action = NEW if old is None else (CHANGED if old.get("doc_id") != sha else RETRY if old.get("status") == "failed" else VERSION)
        commit(self.out, self.manifest, self.journal, key, entry, [], self.removals_for_old(key, sha))
        self.counts[DUPLICATE] += 1
        self.counts[action] += 1
        self.counts[entry["status"]] += 1
        self.docs.append({"path": key, "action": action, "status": entry["status"], "doc_id": sha, "duplicate_of": orig["path"], "seconds": 0.0})
        if entry["status"] == "failed":
            self.failures.append({"path": key, "doc_id": sha, "status": "failed", "reason": entry.get("error")})
        if self.verbose:
            self.err(f"{path}: same bytes as {orig['path']}: not extracted again")

    # ------------------------------------------------------------ the run
    def validate(self) -> None:
        if not self.src.exists():
            raise UsageError(f"{self.src}: no such file or directory")
        if not self.src.is_dir():
            raise UsageError(f"{self.src}: not a directory (ingest takes the folder the PDFs are dropped in)")
        if self.out.exists() and not self.out.is_dir():
            raise UsageError(f"{self.out}: exists and is not a directory")
        if self.workers < 1:
            raise UsageError("--workers must be at least 1")
        if self.limits.timeout_s < 0 or self.limits.memory_mb < 0:
            raise UsageError("--timeout and --memory-mb must not be negative")
        if 0 < self.limits.memory_mb < 256:
            raise UsageError("--memory-mb below 256 cannot even load the pipeline")

    def run(self) -> int:
        self.validate()
        t0 = time.monotonic()
        self.started = _now_iso()
        if self.dry_run:
            return self.run_dry()
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            lock = DirLock(self.out).acquire()  # LockedError → exit 3
        except OSError as e:
            raise UsageError(f"{self.out}: cannot write the dataset directory: {e.strerror or e}") from e
        try:
            fault("locked")
            return self.run_locked(t0, lock)
        finally:
            lock.release()

    def run_dry(self) -> int:
        self.manifest = Manifest(self.out).load()
        pending = Journal(self.out).pending()
        if pending:
            print(f"complete  {len(pending)} commit(s) left by an interrupted run", file=self.stdout)
        for _ in self.tasks():
            pass
        self.missing_entries(report_only=True)
        c = self.counts
        if not self.quiet:
            print(f"dry run: {c['found']} found: {c[NEW]} new, {c[CHANGED]} changed, {c[RETRY]} to retry, {c[VERSION]} for the new pipeline version, "
                  f"{c[REPAIR]} with missing files, {c[DUPLICATE]} duplicates, {c[TOUCHED]} touched, {c[UNCHANGED]} unchanged; "
                  f"{c['missing']} gone from {self.src} ({'would be pruned' if self.prune else 'kept'}); nothing written", file=self.stdout)
        return ExitCode.ok

    def missing_entries(self, report_only: bool = False) -> None:
        gone = [e for e in self.manifest if e["path"] not in self.seen]
        if not gone:
            return
        if self.prune and not self.seen:
            raise UsageError(f"{self.src} holds no PDF files: refusing to --prune all {len(gone)} documents (is it mounted?)")
        for e in sorted(gone, key=lambda e: e["path"]):
            if report_only:
                self.counts["missing"] += 1
                print(f"{'prune' if self.prune else 'gone':9} {e['path']}" + ("" if self.prune else " (rows kept; --prune removes them)"), file=self.stdout)
                continue
            if self.prune:
                removes = self.removals_for_old(e["path"], None)
                commit(self.out, self.manifest, self.journal, e["path"], None, [], removes)
                self.counts["pruned"] += 1
                if self.verbose:
                    self.err(f"{e['path']}: gone from {self.src}: rows removed (--prune)")
            else:
                self.counts["missing"] += 1

    def run_locked(self, t0: float, lock: DirLock) -> int:
        self.manifest = Manifest(self.out).load()
        self.journal = Journal(self.out)
        self.counts["recovered"] = recover(self.out, self.manifest, self.journal)
        clear_staging(self.out)
        if self.prune and len(self.manifest) and next(iter_source(self.src, self.out), None) is None:
            raise UsageError(f"{self.src} holds no PDF files: refusing to --prune all {len(self.manifest)} documents (is it mounted?)")
        staging = self.out / STAGING_DIR / self.run_id
        total = 0
        if self.progress_on:
            total = sum(1 for _ in iter_source(self.src, self.out))
        progress = ProgressBar(self.progress_on, total)
        interrupted = False
        previous_term = signal.getsignal(signal.SIGTERM)

        def on_term(signum, frame):
            raise KeyboardInterrupt

        if threading_main():
            signal.signal(signal.SIGTERM, on_term)
        done = 0
        missing_dependency = False
        try:
            def on_pages(task, pages_done, n_pages):
                progress.update(self.counts[UNCHANGED] + self.counts[TOUCHED] + done, self.counts["failed"], str(task.path), (pages_done, n_pages))

            for o in run_documents(self.tasks(), staging, self.options, self.workers, self.limits, on_pages):
                missing_dependency = missing_dependency or o.missing_dependency
                self.commit_outcome(o)
                self.inflight.pop(o.task.extra.get("sha") or "", None)
                self.record(o)
                done += 1
                progress.update(self.counts[UNCHANGED] + self.counts[TOUCHED] + done, self.counts["failed"], str(o.task.path))
            for key, path, st, sha in self.deferred:
                self.commit_duplicate(key, path, st, sha)
            self.missing_entries()
        except KeyboardInterrupt:
            interrupted = True
        finally:
            progress.close()
            if threading_main():
                signal.signal(signal.SIGTERM, previous_term)
            shutil.rmtree(staging, ignore_errors=True)
        code = ExitCode.interrupted if interrupted else (ExitCode.documents_failed if (self.counts["failed"] or self.counts["partial"]) else ExitCode.ok)
        if missing_dependency and not interrupted:
            code = ExitCode.missing_dependency  # the installation, not the documents, needs fixing
        report_path = self.write_report(t0, code, interrupted, lock)
        self.summary(report_path, interrupted)
        if interrupted:
            raise KeyboardInterrupt
        return code

    def record(self, o: Outcome) -> None:
        action = o.task.extra.get("action", NEW)
        self.counts[action] += 1
        self.counts["extracted"] += 1
        self.counts[o.status] += 1
        self.ext_seconds.append(o.seconds)
        self.docs.append({"path": o.task.key, "action": action, "status": o.status, "doc_id": o.doc_id, "seconds": round(o.seconds, 3),
                          "worker_peak_mb": round(o.worker_peak_mb, 1) if o.worker_peak_mb else None})
        if o.status != "ok":
            if o.status == "failed":
                self.failures.append({"path": o.task.key, "doc_id": o.doc_id, "status": o.status, "reason": o.error})
            self.err(f"{o.task.path}: {o.status}: {o.error}")
        if self.verbose:
            c = o.counts
            self.err(f"{action} {o.status} {o.task.path} ({o.seconds:.1f} s): {o.doc_type} {o.year} {o.district} — "
                     f"{c.get('activities', 0)} activities, {c.get('goals', 0)} goals, {c.get('budget', 0)} budget, "
                     f"{c.get('sections', 0)} sections, {o.n_warnings} warnings")
            for w in o.warnings:
                self.err(f"  warning: {o.task.path}: {w}")

    def write_report(self, t0: float, code: int, interrupted: bool, lock: DirLock) -> Path:
        fault("report")
        secs = self.ext_seconds
        keys = ("found", NEW, CHANGED, RETRY, VERSION, REPAIR, UNCHANGED, TOUCHED, DUPLICATE, UNREADABLE, "extracted", "ok", "partial", "failed", "missing", "pruned", "recovered")
        report = {
            "run_id": self.run_id,
            "started_at": self.started,
            "finished_at": _now_iso(),
            "duration_s": round(time.monotonic() - t0, 3),
            "interrupted": interrupted,
            "exit_code": int(code),
            "src": str(self.src),
            "out": str(self.out),
            "pipeline_version": __version__,
            "options": {"workers": self.workers, "timeout_s": self.limits.timeout_s, "memory_mb": self.limits.memory_mb, "prune": self.prune,
                        "ocr": getattr(getattr(self.options, "source", None), "ocr", None)},
            "counts": {k: self.counts[k] for k in keys},
            "skipped": self.counts[UNCHANGED] + self.counts[TOUCHED],
            "durations": {
                "total_s": round(time.monotonic() - t0, 3),
                "extract_sum_s": round(sum(secs), 3),
                "extract_mean_s": round(sum(secs) / len(secs), 3) if secs else None,
                "extract_max_s": round(max(secs), 3) if secs else None,
            },
            "failures": self.failures,
            "documents": sorted(self.docs, key=lambda d: d["path"]),
            "stale_lock_taken_over": lock.stale,
            "parent_peak_rss_mb": round(_peak_rss_mb(), 1),
        }
        path = self.out / RUNS_DIR / f"{self.run_id}.json"
        atomic_write_json(path, report)
        return path

    def summary(self, report_path: Path, interrupted: bool) -> None:
        if self.quiet:
            return
        c = self.counts
        print(
            f"ingest{' (interrupted)' if interrupted else ''}: {c['found']} found; {c[NEW]} new, {c[CHANGED]} changed, "
            f"{c[RETRY]} retried, {c[VERSION]} re-extracted (new version), {c[DUPLICATE]} duplicates, {c[UNCHANGED] + c[TOUCHED]} unchanged; "
            f"{c['ok']} ok, {c['partial']} partial, {c['failed']} failed; {c['missing']} gone (kept), {c['pruned']} pruned"
            + (f"; {c['recovered']} interrupted commits completed" if c["recovered"] else "")
            + f"; report {report_path}",
            file=self.stdout,
        )


def threading_main() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


# ---------------------------------------------------------------- command line


def cmd_ingest(args) -> int:
    from ..pipeline import Options
    from ..pages.source import SourceOptions

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    workers = args.workers or default_workers()
    # document-level parallelism: each worker does its own OCR in one process
    options = Options(source=SourceOptions(ocr=args.ocr, workers=1 if workers > 1 else args.workers))
    ing = Ingest(
        Path(args.src), Path(args.out), options=options, workers=workers,
        limits=Limits(timeout_s=args.timeout, memory_mb=args.memory_mb),
        prune=args.prune, dry_run=args.dry_run, quiet=args.quiet, verbose=args.verbose,
    )
    return ing.run()


def register(sub, common) -> None:
    p = sub.add_parser(
        "ingest",
        help="incremental, crash-safe ingest of a drop folder into a dataset (the nightly job)",
        description="Extract new and changed PDFs of SRC_DIR into the dataset DIR; skip what is done. "
        "Exit codes: 0 all ok, 1 some document failed or is partial, 2 usage or configuration, 3 DIR locked by another run.",
    )
    p.add_argument("src", metavar="SRC_DIR")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--prune", action="store_true", help="remove the rows of files gone from SRC_DIR (default: keep them)")
    p.add_argument("--dry-run", action="store_true", help="list what would be done; write nothing")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                   help=f"wall-time limit per document (default {DEFAULT_TIMEOUT_S:g}; 0 = none)")
    p.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                   help=f"memory (address space) limit per worker (default {DEFAULT_MEMORY_MB}; 0 = none)")
    common(p)
    p.set_defaults(func=cmd_ingest)


__all__ = ["Ingest", "register", "cmd_ingest", "iter_source", "MANIFEST_DIR", "RUNS_DIR", "STAGING_DIR"]
