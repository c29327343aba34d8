"""``fca-extract extract PATH... --out DIR``: a batch of PDFs into a dataset, with what ``ingest`` gives a run.

Each document runs in its own worker under the same limits as the ingest's
(:mod:`~fca_extract.ops.runner`); the same bytes given twice (two names, or one
file named twice) are extracted once and the copy reported as a duplicate; a
run report is written to ``DIR/_runs/`` (also when the run stops early, if it
still can); the dataset's lock (:class:`~fca_extract.ops.lock.DirLock`, held as
``extract``) keeps an ingest out while it writes, and is removed when the run
ends. What is printed of each file comes in the order the files were given.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path

from .. import __version__
from ..errors import ExitCode, HaltError, halt
from ..fileid import sha256_file
from ..output.dataset import STAGING_DIR, check_layout, commit_staged
from ..vocab import Status
from .commit import clear_staging
from .console import Console, InOrder, Progress, Stream, describe
from .files import now_iso
from .lock import DirLock
from .names import is_utf8
from .plan import Action
from .report import Event, Tally, build_report, save_report
from .runner import Job, Limits, Outcome, Task, run_documents
from .signals import Interrupts

TABLES = ("activities", "goals", "budget", "sections", "pages", "repairs")


class PathProblem(Enum):
    """Why a PATH given to ``extract`` yields no PDF; the value is the message."""

    MISSING = "no such file or directory"  # a usage error (exit 2)
    NO_PDFS = "directory holds no PDF files"
    UNLISTED = "cannot be listed"


def find_pdfs(paths: list[str]) -> tuple[list[Path], list[tuple[Path, PathProblem, str]]]:
    """PDF files from files and directories (recursive, any case of ``.pdf``, in sorted order), and the
    paths that gave none, each with the problem and the system's reason (if any)."""
    found: list[Path] = []
    problems: list[tuple[Path, PathProblem, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            try:
                pdfs = sorted(q for q in p.rglob("*") if q.suffix.lower() == ".pdf" and q.is_file())
            except OSError as e:
                problems.append((p, PathProblem.UNLISTED, e.strerror or str(e)))
                continue
            if not pdfs:
                problems.append((p, PathProblem.NO_PDFS, ""))
            found.extend(pdfs)
        elif p.is_file():
            found.append(p)
        else:
            problems.append((p, PathProblem.MISSING, ""))
    return found, problems


@dataclass(frozen=True)
class ExtractSettings:
    pdfs: list[Path]
    out: Path
    workers: int
    limits: Limits = field(default_factory=Limits)


def exit_code(statuses: Counter[str], *, interrupted: bool, halted: bool, missing_dependency: bool, path_problems: bool) -> ExitCode:
    """The exit code of an ``extract`` run (a missing PATH is a usage error, exit 2, decided before the run)."""
    if interrupted:
        return ExitCode.interrupted
    if halted:
        return ExitCode.halted
    if missing_dependency:
        return ExitCode.missing_dependency  # the installation, not the documents, needs fixing
    if path_problems or statuses[Status.FAILED] or statuses[Status.PARTIAL]:
        return ExitCode.documents_failed
    return ExitCode.ok


def summary_line(statuses: Counter[str], rows: Counter[str], n_warn: int, n_dup: int, out: Path, state: str) -> str:
    total = statuses[Status.OK] + statuses[Status.PARTIAL] + statuses[Status.FAILED]
    return (
        f"{total} documents{state}: {statuses[Status.OK]} ok, {statuses[Status.PARTIAL]} partial, {statuses[Status.FAILED]} failed"
        + (f", {n_dup} duplicates (same bytes as another file: not extracted again)" if n_dup else "")
        + "; rows: " + ", ".join(f"{t} {rows[t]}" for t in TABLES) + f"; {n_warn} warnings; dataset in {out}"
    )


class _Extract:
    def __init__(self, cfg: ExtractSettings, job: Job, console: Console, path_problems: bool) -> None:
        self.cfg = cfg
        self.job = job
        self.console = console
        self.path_problems = path_problems
        self.run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + f"Z-{os.getpid()}"
        self.started = now_iso()
        self.t0 = time.monotonic()
        self.tally = Tally()
        self.statuses: Counter[str] = Counter()
        self.rows: Counter[str] = Counter()
        self.n_warn = 0
        self.order = InOrder()
        self.seqs: dict[str, int] = {}
        self.first: dict[str, str] = {}  # sha → the path extracted for it
        self.copies: dict[str, list[tuple[Path, int]]] = {}  # sha → the later files with its bytes, waiting for it
        self.settled: dict[str, Outcome] = {}  # sha (and path) → the outcome of the file extracted for it
        self.bar = Progress(False, 0, 1, console.stderr)  # drawn once the lock is held

    def tasks(self) -> Iterator[Task]:
        """A task per distinct file; a copy of one already given waits for its outcome."""
        for p in self.cfg.pdfs:
            key, seq = str(p), self.order.start()
            self.tally.count(Event.FOUND)
            try:
                sha: str | None = sha256_file(p)
            except OSError:
                sha = None  # the worker fails it, with the reason
            first = self.first.get(sha) if sha else None
            if first is not None or key in self.seqs or key in self.settled:
                done = self.settled.get(sha or key)
                if done is not None:  # its original is settled already
                    self.copy(p, seq, done)
                else:
                    self.copies.setdefault(sha or key, []).append((p, seq))
                continue
            self.seqs[key] = seq
            if sha:
                self.first[sha] = key
            yield Task(p, key, sha)

    def settle(self, o: Outcome) -> None:
        """Commit a staged document; its lines, and its copies', in their places."""
        try:
            commit_staged(self.cfg.out, o.doc_id, o.partition, o.staged)
        except OSError as e:
            raise halt(f"{self.cfg.out}: cannot commit {o.path}", e) from None
        self.tally.extracted(Action.NEW, o)
        self.statuses[o.status] += 1
        self.n_warn += o.n_warnings
        self.rows.update(o.counts)
        lines: list[tuple[Stream, str]] = []
        if o.status != Status.OK:
            lines.append((Stream.ERR, f"{o.path}: {o.status}: {o.error}"))
        elif not is_utf8(str(o.path)):
            lines.append((Stream.ERR, f"{o.path}: the file name is not UTF-8: stored escaped"))
        if o.status != Status.FAILED and not self.console.quiet:
            lines.append((Stream.OUT, f"{o.status:8} {o.path}: {describe(o)}"))
        if self.console.verbose:
            lines += [(Stream.OUT, f"  warning: {o.path}: {w}") for w in o.warnings]
        self.console.emit(self.order.finish(self.seqs.pop(o.task.key), lines))
        self.bar.done(o.task.key, o.status == Status.FAILED)
        self.settled[o.doc_id] = self.settled[o.task.key] = o
        for path, seq in self.copies.pop(o.doc_id, []) + self.copies.pop(o.task.key, []):
            self.copy(path, seq, o)

    def copy(self, path: Path, seq: int, o: Outcome) -> None:
        """``path`` holds the bytes of ``o``'s file: its rows serve it too."""
        self.tally.duplicate(str(path), Action.NEW, {"status": o.status, "doc_id": o.doc_id, "duplicate_of": o.task.key})
        line = [] if self.console.quiet else [(Stream.OUT, f"{'duplicate':8} {path}: same bytes as {o.path}: not extracted again")]
        self.console.emit(self.order.finish(seq, line))
        self.bar.done()

    def run(self) -> ExitCode:
        cfg, console = self.cfg, self.console
        staging = cfg.out / STAGING_DIR / f"extract-{os.getpid()}"
        interrupted = missing_dependency = False
        halted: HaltError | None = None
        interrupts = Interrupts()  # SIGTERM as Ctrl-C; never inside a commit

        def on_pages(task: Task, pages_done: int, n_pages: int) -> None:
            self.bar.pages(task.key, task.path.name, pages_done, n_pages)

        with interrupts.installed(), DirLock(cfg.out, "extract") as lock:  # exit 3 while an ingest writes the same directory
            self.bar = console.bar(len(cfg.pdfs), cfg.workers)
            try:
                try:
                    check_layout(cfg.out)
                    clear_staging(cfg.out, only="extract-")  # left by killed extracts (none runs: we hold the lock)
                except OSError as e:
                    raise halt(f"{cfg.out}: cannot use the dataset directory", e) from None
                for o in run_documents(self.tasks(), staging, self.job, cfg.workers, cfg.limits, on_pages):
                    missing_dependency = missing_dependency or o.missing_dependency
                    with interrupts.commit():
                        self.settle(o)
            except KeyboardInterrupt:
                interrupted = True
            except HaltError as e:
                halted = e
                interrupts.stop()
            finally:
                self.bar.close()
                console.emit(self.order.rest())
                shutil.rmtree(staging, ignore_errors=True)
                try:
                    staging.parent.rmdir()
                except OSError:
                    pass
            code = exit_code(self.statuses, interrupted=interrupted, halted=halted is not None,
                             missing_dependency=missing_dependency, path_problems=self.path_problems)
            report_path = self.report(code, interrupted, halted, lock.stale)
            if not console.quiet:
                state = " (interrupted)" if interrupted else " (stopped: the run could not go on)" if halted else ""
                console.out(summary_line(self.statuses, self.rows, self.n_warn, self.tally.counts[Action.DUPLICATE], cfg.out, state)
                            + (f"; report {report_path}" if report_path else "; no report"))
        if interrupted:
            raise KeyboardInterrupt
        if halted is not None:
            raise halted
        return code

    def report(self, code: ExitCode, interrupted: bool, halted: HaltError | None, stale_lock: dict | None) -> Path | None:
        """Write the run report; its path (None if it could not be written: then the halt's message says why)."""
        cfg = self.cfg
        options = {"command": "extract", "workers": cfg.workers, "timeout_s": cfg.limits.timeout_s,
                   "timeout_per_page_s": cfg.limits.per_page_s, "memory_mb": cfg.limits.memory_mb, **asdict(self.job.settings)}
        return save_report(cfg.out, self.run_id, lambda: build_report(
            self.tally, run_id=self.run_id, started_at=self.started, duration_s=time.monotonic() - self.t0,
            interrupted=interrupted, exit_code=code, src=[str(p) for p in cfg.pdfs], out=cfg.out,
            version=__version__, options=options, stale_lock=stale_lock, halted=str(halted) if halted else None), halted)


def run_extract(cfg: ExtractSettings, job: Job, console: Console, path_problems: bool = False) -> ExitCode:
    """Extract ``cfg.pdfs`` into ``cfg.out``; the exit code (``path_problems``: some PATH gave no PDF).

    Raises ``KeyboardInterrupt`` when interrupted and :class:`HaltError` when the run cannot go on
    (each after the summary and the run report), :class:`~fca_extract.errors.LockedError` when
    another run holds ``DIR``.
    """
    try:
        cfg.out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise halt(f"{cfg.out}: cannot create the dataset directory", e) from None
    return _Extract(cfg, job, console, path_problems).run()
