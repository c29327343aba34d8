"""``fca-extract ingest SRC_DIR --out DIR``: the nightly job. Incremental, idempotent, isolated, crash-safe.

The driver of one run; each decision lives in its own module:

* what to do with each source file: :mod:`~fca_extract.ops.plan` (over the drop
  folder's files, :mod:`~fca_extract.ops.drop`, and the manifest,
  :mod:`~fca_extract.ops.manifest`);
* extraction, each document in its own worker with a wall-time and a memory
  limit: :mod:`~fca_extract.ops.runner`, running the job the caller hands in;
* every change to the tables, one journalled commit per source file, completed
  by the next run if this one is killed: :mod:`~fca_extract.ops.commit`;
* one run at a time: :class:`~fca_extract.ops.lock.DirLock` (a second run exits with code 3);
* the run report and summary: :mod:`~fca_extract.ops.report`; what is printed:
  :mod:`~fca_extract.ops.console`.

A file gone from SRC_DIR keeps its rows unless ``--prune``. The same bytes
under two names are extracted once (the ``documents`` row names the first
path in sorted order).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import ExitCode, UsageError
from ..fileid import sha256_file
from ..vocab import Status
from . import plan
from .commit import STAGING_DIR, Dataset
from .console import Console, describe
from .drop import Found, iter_source
from .fault import fault
from .files import now_iso
from .lock import DirLock
from .plan import Action, Decision, Gone, Known
from .report import Event, Tally, build_report, dry_run_line, summary_line, write_report
from .runner import Job, Limits, Outcome, Task, run_documents


@dataclass(frozen=True)
class IngestSettings:
    src: Path  # the drop folder
    out: Path  # the dataset
    workers: int
    limits: Limits = field(default_factory=Limits)
    prune: bool = False  # remove the rows of files gone from src
    dry_run: bool = False  # list what would be done; write nothing


def run_ingest(cfg: IngestSettings, job: Job, console: Console) -> ExitCode:
    """One ingest run of ``job`` over ``cfg.src``; the exit code (raises KeyboardInterrupt when interrupted)."""
    _check(cfg)
    run = _Run(cfg, job, console)
    if cfg.dry_run:
        return run.dry()
    try:
        cfg.out.mkdir(parents=True, exist_ok=True)
        lock = DirLock(cfg.out).acquire()  # LockedError → exit 3
    except OSError as e:
        raise UsageError(f"{cfg.out}: cannot write the dataset directory: {e.strerror or e}") from e
    try:
        fault("locked")
        return run.real(lock)
    finally:
        lock.release()


def _check(cfg: IngestSettings) -> None:
    if not cfg.src.exists():
        raise UsageError(f"{cfg.src}: no such file or directory")
    if not cfg.src.is_dir():
        raise UsageError(f"{cfg.src}: not a directory (ingest takes the folder the PDFs are dropped in)")
    if cfg.out.exists() and not cfg.out.is_dir():
        raise UsageError(f"{cfg.out}: exists and is not a directory")


def _refuse_prune(src: Path, n: int) -> UsageError:
    return UsageError(f"{src} holds no PDF files: refusing to --prune all {n} documents (is it mounted?)")


def _sha(path: Path) -> str | None:
    """The file's sha256, None if it cannot be read now."""
    try:
        return sha256_file(path)
    except OSError:
        return None


def exit_code(tally: Tally, interrupted: bool, missing_dependency: bool) -> ExitCode:
    if interrupted:
        return ExitCode.interrupted
    if missing_dependency:
        return ExitCode.missing_dependency  # the installation, not the documents, needs fixing
    return ExitCode.documents_failed if tally.counts[Status.FAILED] or tally.counts[Status.PARTIAL] else ExitCode.ok


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """A service stop (SIGTERM) stops the run like Ctrl-C: finished documents stay, the rest is done next run."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return

    def on_term(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Run:
    """One run's state: what was seen, what is being extracted, what waits for it, the tally."""

    def __init__(self, cfg: IngestSettings, job: Job, console: Console) -> None:
        self.cfg = cfg
        self.job = job
        self.console = console
        self.run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + f"Z-{os.getpid()}"
        self.tally = Tally()
        self.seen: set[str] = set()
        self.inflight: dict[str, str] = {}  # sha → key being extracted this run
        self.extracting: dict[str, tuple[Found, Decision]] = {}  # key → what its task is for
        self.deferred: list[tuple[Found, Decision]] = []  # duplicates of a document being extracted

    # ------------------------------------------------------------ planning
    def decisions(self, ds: Dataset) -> Iterator[tuple[Found, Known | None, Decision]]:
        """Every source file with what is known of it and what to do; the same bytes are extracted once."""
        for f in iter_source(self.cfg.src, self.cfg.out):
            self.seen.add(f.key)
            self.tally.count(Event.FOUND)
            known = ds.known(f.key)
            if plan.unchanged(known, f, __version__):
                d = Decision(Action.UNCHANGED)
            else:
                sha = _sha(f.path)
                has_original = sha is not None and ds.original(sha, f.key) is not None
                d = plan.decide(known, sha, __version__, has_original=has_original, running=self.inflight.get(sha or ""))
            if d.action.extracts and d.sha is not None:
                self.inflight[d.sha] = f.key
            yield f, known, d

    def gone(self, ds: Dataset) -> list[tuple[str, Gone]]:
        gone = plan.gone(list(ds.manifest.entries), self.seen, self.cfg.prune)
        if gone and self.cfg.prune and not self.seen:
            raise _refuse_prune(self.cfg.src, len(gone))
        return gone

    # ------------------------------------------------------------ the dry run
    def dry(self) -> ExitCode:
        ds = Dataset(self.cfg.out, __version__, self.run_id)
        out = self.console.out
        pending = ds.journal.pending()
        if pending:
            out(f"complete  {len(pending)} commit(s) left by an interrupted run")
        for f, known, d in self.decisions(ds):
            self.tally.count(d.action)
            if d.running is not None:
                out(f"{d.action:9} {f.path} (same bytes as {d.running})")
            elif d.action is not Action.UNCHANGED or self.console.verbose:
                extra = f" (last error: {known.error})" if d.action is Action.RETRY and known else ""
                out(f"{d.action:9} {f.path}{extra}")
        for key, what in self.gone(ds):
            self.tally.count(Event.MISSING)
            out(f"{what:9} {key}" + ("" if what is Gone.PRUNE else " (rows kept; --prune removes them)"))
        if not self.console.quiet:
            out(dry_run_line(self.tally.counts, self.cfg.src, self.cfg.prune))
        return ExitCode.ok

    # ------------------------------------------------------------ the run
    def real(self, lock: DirLock) -> ExitCode:
        cfg, console, tally = self.cfg, self.console, self.tally
        t0, started = time.monotonic(), now_iso()
        ds = Dataset(cfg.out, __version__, self.run_id)
        tally.count(Event.RECOVERED, ds.recover())
        if cfg.prune and len(ds.manifest) and next(iter_source(cfg.src, cfg.out), None) is None:
            raise _refuse_prune(cfg.src, len(ds.manifest))
        staging = cfg.out / STAGING_DIR / self.run_id
        bar = console.bar(sum(1 for _ in iter_source(cfg.src, cfg.out)) if console.progress else 0)
        interrupted = missing_dependency = False
        done = 0

        def on_pages(task: Task, pages_done: int, n_pages: int) -> None:
            bar.update(tally.skipped + done, tally.counts[Status.FAILED], str(task.path), (pages_done, n_pages))

        with _sigterm_interrupts():
            try:
                for o in run_documents(self.tasks(ds), staging, self.job, cfg.workers, cfg.limits, on_pages):
                    found, d = self.extracting.pop(o.task.key)
                    missing_dependency = missing_dependency or o.missing_dependency
                    ds.commit_extracted(found, o)
                    self.inflight.pop(d.sha or "", None)
                    self.record(d.action, o)
                    done += 1
                    bar.update(tally.skipped + done, tally.counts[Status.FAILED], str(o.task.path))
                for found, d in self.deferred:
                    self.duplicate(ds, found, d)
                for key, what in self.gone(ds):
                    self.settle_gone(ds, key, what)
            except KeyboardInterrupt:
                interrupted = True
            finally:
                bar.close()
                shutil.rmtree(staging, ignore_errors=True)
        code = exit_code(tally, interrupted, missing_dependency)
        fault("report")
        options = {"workers": cfg.workers, "timeout_s": cfg.limits.timeout_s, "memory_mb": cfg.limits.memory_mb, "prune": cfg.prune,
                   **asdict(self.job.settings)}
        report = build_report(tally, run_id=self.run_id, started_at=started, duration_s=time.monotonic() - t0, interrupted=interrupted,
                              exit_code=code, src=cfg.src, out=cfg.out, version=__version__, options=options, stale_lock=lock.stale)
        report_path = write_report(cfg.out, self.run_id, report)
        if not console.quiet:
            console.out(summary_line(tally.counts, interrupted, report_path))
        if interrupted:
            raise KeyboardInterrupt
        return code

    def tasks(self, ds: Dataset) -> Iterator[Task]:
        """The documents to extract; every other decision is carried out on the way."""
        for f, _, d in self.decisions(ds):
            match d.action:
                case Action.UNCHANGED:
                    self.tally.count(d.action)
                case Action.TOUCHED:
                    ds.touch(f)
                    self.tally.count(d.action)
                case Action.UNREADABLE:
                    reason = "cannot be read now; its earlier rows are kept"
                    self.tally.count(d.action)
                    self.tally.count(Status.FAILED)
                    self.tally.failed(f.key, ds.manifest.get(f.key).get("doc_id"), reason)
                    self.console.error(f"{f.path}: failed: {reason}")
                case Action.DUPLICATE if d.running is not None:
                    self.deferred.append((f, d))  # settled once the file with the same bytes is committed
                case Action.DUPLICATE:
                    self.duplicate(ds, f, d)
                case _:
                    self.extracting[f.key] = (f, d)
                    yield Task(f.path, f.key, d.sha)

    def record(self, action: Action, o: Outcome) -> None:
        self.tally.extracted(action, o)
        if o.status != Status.OK:
            self.console.error(f"{o.task.path}: {o.status}: {o.error}")
        if self.console.verbose:
            self.console.error(f"{action} {o.status} {o.task.path} ({o.seconds:.1f} s): {describe(o)}")
            for w in o.warnings:
                self.console.error(f"  warning: {o.task.path}: {w}")

    def duplicate(self, ds: Dataset, f: Found, d: Decision) -> None:
        entry = ds.commit_duplicate(f, d.sha)
        if entry is None:
            return
        self.tally.duplicate(f.key, d.cause, entry)
        if self.console.verbose:
            self.console.error(f"{f.path}: same bytes as {entry['duplicate_of']}: not extracted again")

    def settle_gone(self, ds: Dataset, key: str, what: Gone) -> None:
        if what is Gone.KEPT:
            self.tally.count(Event.MISSING)
            return
        ds.prune(key)
        self.tally.count(Event.PRUNED)
        if self.console.verbose:
            self.console.error(f"{key}: gone from {self.cfg.src}: rows removed (--prune)")
