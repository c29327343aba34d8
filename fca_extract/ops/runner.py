"""Process isolation: each document is run by a job in its own worker process.

The runner knows nothing of PDFs. The caller names a :class:`Job`: a module
that only the workers import (the fork server preloads it, so a worker starts
in milliseconds with the pipeline and lexicon loaded), with plain settings. So
the parent never loads the pipeline, pdfplumber or pyarrow, whatever becomes
of a document: even a document whose worker is lost is staged as failed by a
short-lived worker of its own.

In a worker (``multiprocessing`` *forkserver*):

* ``RLIMIT_AS`` caps its memory (``Limits.memory_mb``; inherited by any
  program it runs, such as tesseract), so a decompression bomb raises
  ``MemoryError`` instead of taking the machine;
* it gets its own process group, and a thread that watches the parent
  (a Linux pidfd): when the run dies, even by SIGKILL, the worker kills its
  group, and the fork server, left without clients, exits too — a killed run
  leaves no processes behind;
* the job extracts the document and writes its files itself, complete and
  fsynced, into a staging directory, and sends back only a small
  :class:`Outcome` — the parent never holds a document's rows, so its memory
  does not grow with the documents.

The parent kills a worker (its whole process group) that passes the wall-time
limit (``Limits.timeout_s``, a hard limit) and records the document as failed
with the reason; a worker that crashes (segfault, OOM killer) is recorded the
same way. The caller then commits the staged files. A worker that cannot even
stage a failed document (a full disk) stops the run: :class:`HaltError`.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import logging
import logging.handlers
import multiprocessing
import multiprocessing.connection
import os
import resource
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import HaltError, MissingDependencyError, halt
from ..vocab import Status
from .fault import fault
from .signals import check as check_stop, held

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MEMORY_MB = 2048
# staging a failed document writes a few empty files: anything slower is a broken dataset directory
FAILURE_STAGING_S = 60.0
PROBE_S = 60.0  # a dependency check (tesseract --version, --list-langs)



@dataclass(frozen=True)
class Limits:
    timeout_s: float = DEFAULT_TIMEOUT_S  # wall time per document, a hard limit; 0 = none
    memory_mb: int = DEFAULT_MEMORY_MB  # address space per worker (RLIMIT_AS); 0 = none
    # opt-in (--timeout-per-page): a document of n pages may take per_page_s × n seconds
    # when that is longer than timeout_s (OCR takes about 3 s a page on one core); 0 = off
    per_page_s: float = 0.0

    def deadline_for(self, n_pages: int) -> float:
        """The wall-time limit of a document of ``n_pages`` pages (0: none)."""
        if not self.timeout_s:
            return 0.0
        return max(self.timeout_s, self.per_page_s * n_pages) if self.per_page_s else self.timeout_s


@dataclass(frozen=True)
class Task:
    path: Path  # as found; becomes ``documents.source_path``
    key: str = ""  # the caller's identifier (ingest: path relative to the source directory)
    doc_id: str | None = None  # sha256 if the caller already knows it


@dataclass(frozen=True)
class Outcome:
    """What a job reports of one document; its files are staged, the parent commits them."""

    task: Task
    doc_id: str
    status: Status
    doc_type: str
    year: int | None
    error: str | None
    warnings: list[str]  # the first 50
    n_warnings: int
    counts: dict[str, int]  # table → rows
    partition: str  # doc_type=…/year=…
    staged: dict[str, str]  # table → staged file (absolute)
    district: str | None = None
    seconds: float = 0.0
    worker_peak_mb: float | None = None
    killed: str | None = None  # why the parent killed or lost the worker, if it did
    missing_dependency: bool = False  # failed because the installation lacks a program (exit code 4)

    @property
    def path(self) -> Path:
        return self.task.path


Progress = Callable[[int, int], None]


class JobModule(Protocol):
    """What a :class:`Job`'s module defines."""

    def run(self, task: Task, settings: Any, stage_dir: Path, progress: Progress) -> Outcome:
        """Extract ``task``, stage its files in ``stage_dir``; ``progress(pages_done, n_pages)`` after each page.

        Raise ``MemoryError`` when the document ran out of memory (with what was
        lost as the message, if the job survived it), :class:`MissingDependencyError`
        when the installation lacks a program; any other exception fails the
        document as an internal error.
        """

    def fail(self, task: Task, reason: str, stage_dir: Path) -> Outcome:
        """Stage ``task`` as a failed document, with ``reason``."""


@dataclass(frozen=True)
class Job:
    """The work of every worker: ``module`` (a :class:`JobModule`) is imported by the workers only.

    ``settings``, a dataclass of plain values, goes to the module's ``run`` and
    into run reports; it must unpickle without importing any stage.
    """

    module: str
    settings: Any


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- the worker


@dataclass(frozen=True)
class _Pages:
    """A worker's progress message."""

    done: int
    total: int


@dataclass(frozen=True)
class _Log:
    """A log record of a worker, for the parent's handlers (``--verbose`` shows the workers' debug logging)."""

    record: logging.LogRecord


class _PipeLogHandler(logging.handlers.QueueHandler):
    """A worker's log records, formatted and made picklable by :class:`~logging.handlers.QueueHandler`,
    sent to the parent over the worker's own pipe (a queue shared by all workers holds a lock that a
    worker killed mid-write would never release)."""

    def __init__(self, send: Callable[[object], None]) -> None:
        super().__init__(None)  # type: ignore[arg-type]
        self.send = send

    def enqueue(self, record: logging.LogRecord) -> None:
        self.send(_Log(record))


def _init_logging(send: Callable[[object], None], level: int) -> None:
    """The worker's logging: every record at ``level`` or above goes to the parent, which prints it."""
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(_PipeLogHandler(send))
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))


#: the parsers log every operator at DEBUG: --verbose is about our decisions, not theirs
QUIET_LOGGERS = ("pdfminer", "PIL", "pypdfium2")


@dataclass(frozen=True)
class _Halt:
    """A worker's last message when it cannot stage its document at all (the run cannot go on)."""

    reason: str


def _set_pdeathsig() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:  # pragma: no cover - best effort
        pass


def _watch_parent(parent_pid: int) -> None:
    """Die (with anything this worker started) as soon as the run that asked for it is gone.

    The worker's own parent is the fork server, which outlives a SIGKILLed run
    for as long as any worker lives, so PR_SET_PDEATHSIG alone is not enough.
    """
    import select
    import threading

    try:
        fd = os.pidfd_open(parent_pid)  # Linux ≥ 5.3: readable once the process has exited
    except (AttributeError, OSError):
        fd = None

    def watch() -> None:
        if fd is not None:
            select.select([fd], [], [])
        else:
            while True:
                time.sleep(0.5)
                try:
                    os.kill(parent_pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    pass
        try:
            os.killpg(0, signal.SIGKILL)
        finally:
            os._exit(1)

    threading.Thread(target=watch, name="fca-extract parent watch", daemon=True).start()


def _isolate(limits: Limits, parent_pid: int) -> None:
    """Make this process a worker: own process group, bound to the run's life, memory capped."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    _set_pdeathsig()
    _watch_parent(parent_pid)
    # the parent decides: Ctrl-C or a service stop (SIGTERM to the whole cgroup) must not make a worker
    # die in a way the parent would record as a failed document; the parent kills workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if limits.memory_mb:
        cap = int(limits.memory_mb) << 20
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _memory_reason(memory_mb: int, e: MemoryError) -> str:
    head = f"memory limit exceeded ({memory_mb} MB)" if memory_mb else "out of memory"
    return f"{head}: {e}" if str(e) else head


def _run(module: JobModule, job: Job, task: Task, stage_dir: Path, limits: Limits, progress: Progress) -> Outcome:
    """The job's outcome; an exception fails the document, with the reason."""
    missing_dependency = False
    try:
        return module.run(task, job.settings, stage_dir, progress)
    except HaltError:
        raise  # the staging area, not the document: the worker reports it and the run stops
    except MemoryError as e:
        reason = _memory_reason(limits.memory_mb, e)
    except MissingDependencyError as e:
        reason, missing_dependency = str(e), True
    except Exception as e:  # a bug in a stage: one document fails, with the reason
        log.debug("worker for %s failed", task.path, exc_info=True)
        reason = f"internal error: {type(e).__name__}: {e}"
    # out of the except clause: the traceback, and the document it holds, are freed first
    return dataclasses.replace(module.fail(task, reason, stage_dir), missing_dependency=missing_dependency)


def _worker(conn, job: Job, task: Task, stage_dir: Path, limits: Limits, parent_pid: int, failure: str | None,
            log_level: int = logging.WARNING) -> None:
    """A worker's life: run ``job`` on ``task`` (or, given ``failure``, only stage it as failed) and send the outcome."""
    t0 = time.perf_counter()
    _isolate(limits, parent_pid)
    sending = threading.Lock()  # progress, log records (from any thread) and the outcome share the pipe

    def send(msg: object) -> None:
        with sending:
            try:
                conn.send(msg)
            except OSError:
                pass

    _init_logging(send, log_level)
    module: JobModule = importlib.import_module(job.module)  # type: ignore[assignment]

    def progress(done: int, total: int) -> None:
        send(_Pages(done, total))

    try:
        try:
            if failure is not None:
                out = module.fail(task, failure, stage_dir)
            else:
                log.debug("%s: extracting in worker pid %d", task.path, os.getpid())
                fault("worker", str(task.path))
                out = _run(module, job, task, stage_dir, limits, progress)
            out = dataclasses.replace(out, seconds=time.perf_counter() - t0,
                                      worker_peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            log.debug("%s: %s in %.1f s (worker pid %d, peak %.0f MB)", task.path, out.status, out.seconds, os.getpid(), out.worker_peak_mb)
        except HaltError as e:
            out = _Halt(str(e))
        except OSError as e:  # staging the failure failed too
            out = _Halt(str(halt(f"cannot stage {task.path} in {stage_dir}", e)))
        try:
            with sending:
                conn.send(out)
        except OSError:  # the parent is gone (killed): nobody to tell, nothing committed
            os._exit(1)
    finally:
        try:
            conn.close()
        except OSError:
            pass


# ---------------------------------------------------------------- the parent

_ctx = None


def _context(preload: str):
    """The forkserver context; its server imports ``preload`` (the job's module) once for every worker."""
    global _ctx
    if _ctx is None:
        methods = multiprocessing.get_all_start_methods()
        _ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if _ctx.get_start_method() == "forkserver":
        _ctx.set_forkserver_preload([preload])  # no effect once the server runs
    return _ctx


@dataclass
class _Running:
    task: Task
    proc: Any
    conn: Any
    stage_dir: Path
    started: float
    deadline: float | None


def _start(proc) -> None:
    """``proc.start()``, never cut short by Ctrl-C or SIGTERM.

    A start is a conversation with the fork server (connect, send the fds, send the process data,
    read the pid); a ``KeyboardInterrupt`` in the middle of it leaves the server or the new child
    with half a request, and they die with a traceback (``recvfds``) on our stderr. A stop that comes
    meanwhile is held (:func:`~fca_extract.ops.signals.held`) until the start is complete; the
    caller holds it until the new worker is on its list (so that it is killed with the others).
    """
    with held():
        proc.start()


def _kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the worker and anything it started (tesseract)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.kill()
    except Exception:
        pass
    proc.join(5)


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def _crash_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"worker killed by {_signal_name(exitcode)}" + (" (out of memory?)" if exitcode == -signal.SIGKILL else "")
    return f"worker exited with status {exitcode} without a result"


class _Workers:
    """Starts and watches the worker processes of one :func:`run_documents`."""

    def __init__(self, job: Job, limits: Limits, on_progress: Callable[[Task, int, int], None] | None) -> None:
        self.job = job
        self.limits = limits
        self.on_progress = on_progress
        self.ctx = _context(job.module)
        self.log_level = logging.getLogger().getEffectiveLevel()

    def start(self, task: Task, stage_dir: Path, failure: str | None = None) -> _Running:
        reader, writer = self.ctx.Pipe(duplex=False)
        args = (writer, self.job, task, stage_dir, self.limits, os.getpid(), failure, self.log_level)
        proc = self.ctx.Process(target=_worker, args=args, name=f"fca-extract worker {task.path}")
        now = time.monotonic()
        _start(proc)
        writer.close()
        timeout = self.limits.timeout_s
        return _Running(task, proc, reader, stage_dir, now, now + timeout if timeout else None)

    def poll(self, run: _Running, now: float) -> Outcome | None:
        """``run``'s outcome if it has one by now (a lost worker's staged as failed); None while it works."""
        exited = not run.proc.is_alive()  # before reading: whatever it sent before exiting is in the pipe
        outcome = self._read(run)
        if isinstance(outcome, _Halt):
            run.proc.join(5)
            raise HaltError(outcome.reason)
        if outcome is not None:
            run.proc.join()
        elif exited:
            run.proc.join(5)
            outcome = self._lost(run, _crash_reason(run.proc.exitcode), now)
        elif run.deadline is not None and now >= run.deadline:
            _kill(run.proc)
            why = f"timed out after {run.deadline - run.started:.0f} s (wall-time limit); worker killed"
            outcome = self._lost(run, why, now)
        else:
            return None
        run.conn.close()
        return outcome

    def _read(self, run: _Running) -> Outcome | _Halt | None:
        """Take in ``run``'s progress messages; its outcome, if it has come."""
        while run.conn.poll():
            try:
                msg = run.conn.recv()
            except (EOFError, OSError):
                return None
            if isinstance(msg, _Log):
                logging.getLogger(msg.record.name).handle(msg.record)
                continue
            if not isinstance(msg, _Pages):
                return msg
            if run.deadline is not None and msg.done == 1:
                run.deadline = run.started + self.limits.deadline_for(msg.total)
            if self.on_progress is not None:
                self.on_progress(run.task, msg.done, msg.total)
        return None

    def _lost(self, run: _Running, reason: str, now: float) -> Outcome:
        """Stage a document whose worker was killed or crashed as failed, in a short-lived worker of its own."""
        shutil.rmtree(run.stage_dir, ignore_errors=True)
        with held():  # a stop waits for the failure's staging (at most FAILURE_STAGING_S)
            stager = self.start(run.task, run.stage_dir, failure=reason)
            try:
                answered = stager.conn.poll(FAILURE_STAGING_S)
                outcome = self._read(stager) if answered else None
                stager.proc.join(5)  # it exits once it has answered
            finally:
                _kill(stager.proc)  # if it has not
                stager.conn.close()
        if isinstance(outcome, _Halt):
            raise HaltError(f"{outcome.reason} ({run.task.path}: {reason})")
        if outcome is None:
            why = _crash_reason(stager.proc.exitcode) if answered else f"no result in {FAILURE_STAGING_S:.0f} s"
            raise HaltError(f"{run.task.path}: {reason}; staging it as failed failed too ({why})")
        return dataclasses.replace(outcome, seconds=now - run.started, worker_peak_mb=None, killed=reason)


def _probe(conn, target: str) -> None:
    """In a worker: call ``target`` (``module:function``, raising :class:`MissingDependencyError` when the
    installation lacks a program) and send back the error's message, or None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    module, _, name = target.partition(":")
    try:
        getattr(importlib.import_module(module), name)()
        answer = None
    except MissingDependencyError as e:
        answer = str(e)
    conn.send(answer)
    conn.close()


def missing_dependency(job: Job, target: str) -> str | None:
    """Why the installation cannot run ``job`` (``target`` is the check, ``module:function``), None if it can.

    The check runs once, before any work, in a worker of the job's fork server (the parent loads no
    stage: the check's module may import OpenCV).
    """
    ctx = _context(job.module)
    reader, writer = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_probe, args=(writer, target), name="fca-extract dependency check")
    _start(proc)
    writer.close()
    try:
        if not reader.poll(PROBE_S):
            return f"the dependency check ({target}) gave no answer in {PROBE_S:.0f} s"
        try:
            return reader.recv()
        except (EOFError, OSError):
            return f"the dependency check ({target}) failed: {_crash_reason(proc.exitcode)}"
    finally:
        reader.close()
        proc.join(5)
        _kill(proc)


#: the longest the run waits for its workers at a time (seconds) before it looks again for a stop asked for
WAIT_STEP = 1.0


def run_documents(
    tasks: Iterable[Task],
    staging: Path,
    job: Job,
    workers: int | None = None,
    limits: Limits | None = None,
    on_progress: Callable[[Task, int, int], None] | None = None,
) -> Iterator[Outcome]:
    """Run ``job`` on ``tasks`` in isolated workers, yielding each :class:`Outcome` as it finishes.

    ``tasks`` is consumed lazily (one per free worker), so it may be a
    generator over a directory walk. Every task yields exactly one outcome
    whose files are staged under ``staging`` — failures too (the job's
    ``fail``). Outcomes come in completion order. ``on_progress(task,
    pages_done, n_pages)`` is called in this process as workers report pages.
    Closing the iterator (or an exception in the caller) kills the workers
    still running.
    """
    limits = limits or Limits()
    workers = max(1, workers or default_workers())
    pool = _Workers(job, limits, on_progress)
    staging = Path(staging)
    try:
        staging.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise halt(f"{staging}: cannot create the staging directory", e) from None
    seq = itertools.count(1)
    running: list[_Running] = []
    it = iter(tasks)
    try:
        while True:
            while len(running) < workers and (task := next(it, None)) is not None:
                with held():  # a stop waits until the new worker is listed: the finally below kills it
                    running.append(pool.start(task, staging / f"{next(seq):06d}"))
            if not running:
                return
            deadlines = [r.deadline for r in running if r.deadline is not None]
            # (a step at a time: a stop whose KeyboardInterrupt a finalizer swallowed is raised again here)
            timeout = min([WAIT_STEP, *(max(0.0, d - time.monotonic()) for d in deadlines)])
            multiprocessing.connection.wait([r.conn for r in running] + [r.proc.sentinel for r in running], timeout)
            check_stop()
            now = time.monotonic()
            finished = [(r, o) for r in list(running) if (o := pool.poll(r, now)) is not None]
            for r, _ in finished:
                running.remove(r)
            for _, outcome in finished:
                yield outcome
    finally:
        for r in running:
            _kill(r.proc)
            r.conn.close()
