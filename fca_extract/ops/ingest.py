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

A file gone from SRC_DIR keeps its rows unless ``--prune``, and ``--prune``
removes only what is certainly gone: a part of SRC_DIR that cannot be listed
turns it off for the run. The same bytes under two names are extracted once
(the ``documents`` row names the first path in sorted order).

What ends a run early: Ctrl-C or SIGTERM (:mod:`~fca_extract.ops.signals`;
never inside a commit; exit 130), or a :class:`~fca_extract.errors.HaltError`
(a full disk, an unwritable or hostile ``DIR``; exit 5). Either way the
committed documents stay, the summary is printed and the run report written
if it still can be.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .. import __version__
from ..errors import ExitCode, HaltError, UsageError, halt
from ..fileid import sha256_file
from ..output.dataset import STAGING_DIR
from ..vocab import Status
from . import plan
from .commit import Dataset, clear_staging
from .console import Console, InOrder, Progress, Stream, describe
from .drop import Found, Problem, Skipped, iter_source
from .fault import fault
from .files import now_iso
from .lock import DirLock
from .names import is_utf8
from .plan import Action, Decision, Gone, Known
from .report import Event, Tally, build_report, dry_run_line, save_report, summary_line
from .runner import Job, Limits, Outcome, Task, run_documents
from .signals import Interrupts


@dataclass(frozen=True)
class IngestSettings:
    src: Path  # the drop folder
    out: Path  # the dataset
    workers: int
    limits: Limits = field(default_factory=Limits)
    prune: bool = False  # remove the rows of files gone from src
    dry_run: bool = False  # list what would be done; write nothing
    follow_symlinks: bool = False  # read links out of src too


def run_ingest(cfg: IngestSettings, job: Job, console: Console, preflight: Callable[[], bool] | None = None) -> ExitCode:
    """One ingest run of ``job`` over ``cfg.src``; the exit code.

    ``preflight`` checks the installation once, after the command line and before any work (not
    for a dry run): it raises :class:`~fca_extract.errors.MissingDependencyError`, or returns True
    when a program some documents need is missing (the run goes on; exit 4).

    Raises ``KeyboardInterrupt`` when interrupted (after the summary and the
    report), :class:`HaltError` when the run cannot go on (likewise),
    :class:`UsageError` before anything is done.
    """
    _check(cfg)
    run = _Run(cfg, job, console)
    if cfg.dry_run:
        return run.dry()
    run.missing_program = preflight() if preflight is not None else False
    try:
        cfg.out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise halt(f"{cfg.out}: cannot create the dataset directory", e) from None
    try:
        lock = DirLock(cfg.out).acquire()  # LockedError → exit 3, HaltError → exit 5
    except HaltError as e:
        run.report_halt(e, None)  # a lock that cannot be used: still say so in a report, if one can be written
        raise
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


def exit_code(tally: Tally, interrupted: bool, missing_dependency: bool, halted: bool = False) -> ExitCode:
    if interrupted:
        return ExitCode.interrupted
    if halted:
        return ExitCode.halted
    if missing_dependency:
        return ExitCode.missing_dependency  # the installation, not the documents, needs fixing
    c = tally.counts
    return ExitCode.documents_failed if c[Status.FAILED] or c[Status.PARTIAL] or c[Event.SKIPPED] else ExitCode.ok


class _Run:
    """One run's state: what was seen, what is being extracted, what waits for it, the tally."""

    def __init__(self, cfg: IngestSettings, job: Job, console: Console) -> None:
        # the drop folder and the dataset made absolute: source_path does not depend on how SRC_DIR was spelled
        self.cfg = cfg = replace(cfg, src=Path(os.path.abspath(cfg.src)), out=Path(os.path.abspath(cfg.out)))
        self.job = job
        self.console = console
        self.run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + f"Z-{os.getpid()}"
        self.started = now_iso()
        self.t0 = time.monotonic()
        self.tally = Tally()
        self.interrupts = Interrupts()
        self.seen: set[str] = set()
        self.unseen: set[str] = set()  # keys the walk could not read: nothing is known to be gone there
        self.unseen_dirs: list[str] = []  # ... and directories ("" = the whole drop folder)
        self.prune_disabled: str | None = None
        self.inflight: dict[str, str] = {}  # sha → key being extracted this run
        self.extracting: dict[str, tuple[Found, Known | None, Decision]] = {}  # key → what its task is for
        self.deferred: list[tuple[Found, Decision]] = []  # duplicates of a document being extracted
        # what is printed of each file waits for the files before it: lines in input order, whatever the workers' pace
        self.order = InOrder()
        self.seqs: dict[str, int] = {}
        self.said: dict[str, list[tuple[Stream, str]]] = {}
        self.bar = Progress(False, 0, 1, console.stderr)
        self.missing_program = False  # the preflight found a program missing that some documents need  # drawn once the run knows how many files there are

    # ------------------------------------------------------------ what is printed, in input order
    def say(self, key: str, line: str, stream: Stream = Stream.ERR) -> None:
        self.said.setdefault(key, []).append((stream, line))

    def finish(self, key: str, failed: bool = False, worker: bool = False) -> None:
        """``key`` is settled: its lines are printed once every file before it is settled too."""
        self.console.emit(self.order.finish(self.seqs.pop(key), self.said.pop(key, [])))
        self.bar.done(key if worker else None, failed)

    def at_once(self, line: str) -> None:
        """A line about the walk or the state (not a file's outcome), in its place among the files' lines."""
        self.console.emit(self.order.finish(self.order.start(), [(Stream.ERR, line)]))

    # ------------------------------------------------------------ what the walk and the state say
    def skipped(self, s: Skipped) -> None:
        """A part of the drop folder not read: said, counted, and never taken as gone."""
        self.unseen.add(s.key)
        self.unseen_dirs.append("" if s.key == "." else s.key + "/")
        note = ""
        if s.problem is Problem.UNLISTED and self.cfg.prune and self.prune_disabled is None:
            self.prune_disabled = f"{s.path}: {s.problem}"
            note = "; --prune is off for this run"
        self.tally.problem(Event.SKIPPED, s.key, s.message)
        self.at_once(s.message + note)

    def quarantined(self, message: str) -> None:
        self.tally.problem(Event.QUARANTINED, message.split(": ", 1)[0], message)
        self.at_once(message)

    # ------------------------------------------------------------ planning
    def decisions(self, ds: Dataset) -> Iterator[tuple[Found, Known | None, Decision]]:
        """Every source file with what is known of it and what to do; the same bytes are extracted once."""
        for f in iter_source(self.cfg.src, self.cfg.out, follow_symlinks=self.cfg.follow_symlinks, on_skip=self.skipped):
            self.seen.add(f.key)
            self.seqs[f.key] = self.order.start()
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
        """The known files not found, each with what becomes of it; none under a part the walk could not see."""
        known = [k for k in ds.manifest.entries if k not in self.unseen and not any(k.startswith(d) for d in self.unseen_dirs)]
        gone = plan.gone(known, self.seen, self.cfg.prune and self.prune_disabled is None)
        if gone and self.cfg.prune and not self.seen and not self.unseen:
            raise _refuse_prune(self.cfg.src, len(gone))
        return gone

    # ------------------------------------------------------------ the dry run
    def dry(self) -> ExitCode:
        ds = Dataset(self.cfg.out, __version__, self.run_id, warn=self.quarantined, read_only=True)
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
            out(dry_run_line(self.tally.counts, self.cfg.src, self.cfg.prune and self.prune_disabled is None))
        return ExitCode.documents_failed if self.tally.counts[Event.SKIPPED] else ExitCode.ok

    # ------------------------------------------------------------ the run
    def real(self, lock: DirLock) -> ExitCode:
        cfg, console, tally = self.cfg, self.console, self.tally
        staging = cfg.out / STAGING_DIR / self.run_id
        interrupted = False
        missing_dependency = self.missing_program
        halted: HaltError | None = None

        def on_pages(task: Task, pages_done: int, n_pages: int) -> None:
            self.bar.pages(task.key, task.key, pages_done, n_pages)

        with self.interrupts.installed():
            try:
                ds = Dataset(cfg.out, __version__, self.run_id, warn=self.quarantined)
                with self.interrupts.commit():
                    tally.count(Event.RECOVERED, ds.recover())
                if cfg.prune and len(ds.manifest) and next(iter_source(cfg.src, cfg.out, follow_symlinks=cfg.follow_symlinks), None) is None:
                    raise _refuse_prune(cfg.src, len(ds.manifest))
                if console.progress:
                    self.bar = console.bar(sum(1 for _ in iter_source(cfg.src, cfg.out, follow_symlinks=cfg.follow_symlinks)), cfg.workers)
                for o in run_documents(self.tasks(ds), staging, self.job, cfg.workers, cfg.limits, on_pages):
                    missing_dependency = missing_dependency or o.missing_dependency
                    with self.interrupts.commit():
                        self.settle(ds, o)
                    self.interrupts.check()
                    fault("committed", o.task.key)
                for found, d in self.deferred:
                    with self.interrupts.commit():
                        self.duplicate(ds, found, d)
                    self.finish(found.key)
                for key, what in self.gone(ds):
                    with self.interrupts.commit():
                        self.settle_gone(ds, key, what)
            except KeyboardInterrupt:
                interrupted = True
            except HaltError as e:
                halted = e
                self.interrupts.stop()
            finally:
                self.bar.close()
                console.emit(self.order.rest())  # what the files settled before the stop said
                try:  # this run's staged files, unless a journalled commit still needs them (the next run completes it)
                    clear_staging(cfg.out, only=self.run_id)
                except (OSError, HaltError):
                    pass
            code = exit_code(tally, interrupted, missing_dependency, halted is not None)
            report_path = self.report(code, interrupted, halted, lock.stale)
            if not console.quiet:
                console.out(summary_line(tally.counts, interrupted, report_path, halted is not None))
        if interrupted:
            raise KeyboardInterrupt
        if halted is not None:
            raise halted
        return code

    def report(self, code: ExitCode, interrupted: bool, halted: HaltError | None, stale_lock: dict | None) -> Path | None:
        """Write the run report; its path (None if it could not be written: then the halt's message says why)."""
        cfg = self.cfg
        options = {"workers": cfg.workers, "timeout_s": cfg.limits.timeout_s, "timeout_per_page_s": cfg.limits.per_page_s,
                   "memory_mb": cfg.limits.memory_mb, "prune": cfg.prune, "follow_symlinks": cfg.follow_symlinks, **asdict(self.job.settings)}

        def make() -> dict:
            fault("report")
            return build_report(self.tally, run_id=self.run_id, started_at=self.started, duration_s=time.monotonic() - self.t0,
                                interrupted=interrupted, exit_code=code, src=cfg.src, out=cfg.out, version=__version__, options=options,
                                stale_lock=stale_lock, halted=str(halted) if halted else None, prune_disabled=self.prune_disabled)

        return save_report(cfg.out, self.run_id, make, halted)

    def report_halt(self, e: HaltError, stale_lock: dict | None) -> None:
        """The report of a run that could not even start (its lock unusable), if it can be written."""
        self.report(ExitCode.halted, False, e, stale_lock)

    def tasks(self, ds: Dataset) -> Iterator[Task]:
        """The documents to extract; every other decision is carried out on the way."""
        for f, known, d in self.decisions(ds):
            match d.action:
                case Action.UNCHANGED:
                    self.tally.count(d.action)
                    self.finish(f.key)
                case Action.TOUCHED:
                    with self.interrupts.commit():
                        ds.touch(f)
                    self.tally.count(d.action)
                    self.finish(f.key)
                case Action.UNREADABLE:
                    self.kept(f, known, "cannot be read now; its earlier rows are kept")
                    self.finish(f.key, failed=True)
                case Action.DUPLICATE if d.running is not None:
                    self.deferred.append((f, d))  # settled once the file with the same bytes is committed
                case Action.DUPLICATE:
                    with self.interrupts.commit():
                        self.duplicate(ds, f, d)
                    self.finish(f.key)
                case _:
                    self.extracting[f.key] = (f, known, d)
                    yield Task(f.path, f.key, d.sha)

    def kept(self, f: Found, known: Known | None, reason: str) -> None:
        """A known file that could not be read (now, or as it was hashed): its rows stay; counted failed, retried next run."""
        self.tally.count(Action.UNREADABLE)
        self.tally.count(Status.FAILED)
        self.tally.failed(f.key, known.sha256 if known else None, reason)
        self.say(f.key, f"{f.path}: failed: {reason}")

    def settle(self, ds: Dataset, o: Outcome) -> None:
        """Commit an extracted document; unless its file vanished (or changed) since it was hashed and it failed:
        then its earlier rows stay."""
        found, known, d = self.extracting.pop(o.task.key)
        self.inflight.pop(d.sha or "", None)
        if o.status == Status.FAILED and o.doc_id != d.sha and known is not None and not known.failed:
            shutil.rmtree(Path(o.staged["documents"]).parent, ignore_errors=True)
            self.kept(found, known, f"{o.error}; its earlier rows are kept")
        else:
            ds.commit_extracted(found, o)
            self.record(d.action, o)
        self.finish(found.key, failed=o.status == Status.FAILED, worker=True)

    def record(self, action: Action, o: Outcome) -> None:
        key = o.task.key
        self.tally.extracted(action, o)
        if o.status != Status.OK:
            self.say(key, f"{o.task.path}: {o.status}: {o.error}")
        elif not is_utf8(key):
            self.say(key, f"{o.task.path}: the file name is not UTF-8: stored escaped")
        if not is_utf8(key):
            self.tally.problem(Event.ESCAPED, key, "the file name is not UTF-8: stored escaped")
        if self.console.verbose:
            self.say(key, f"{action} {o.status} {o.task.path} ({o.seconds:.1f} s): {describe(o)}")
            for w in o.warnings:
                self.say(key, f"  warning: {o.task.path}: {w}")

    def duplicate(self, ds: Dataset, f: Found, d: Decision) -> None:
        entry = ds.commit_duplicate(f, d.sha)
        if entry is None:
            return
        self.tally.duplicate(f.key, d.cause, entry)
        if self.console.verbose:
            self.say(f.key, f"{f.path}: same bytes as {entry['duplicate_of']}: not extracted again")

    def settle_gone(self, ds: Dataset, key: str, what: Gone) -> None:
        if what is Gone.KEPT:
            self.tally.count(Event.MISSING)
            return
        ds.prune(key)
        self.tally.count(Event.PRUNED)
        if self.console.verbose:
            self.console.error(f"{key}: gone from {self.cfg.src}: rows removed (--prune)")
