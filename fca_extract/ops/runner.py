"""Process isolation: each document is extracted in its own worker process.

A worker is forked (``multiprocessing`` *forkserver*) from a server process
that has already imported the pipeline and loaded the lexicon, so it starts
in milliseconds. In the worker:

* ``RLIMIT_AS`` caps its memory (``Limits.memory_mb``; inherited by any
  program it runs, such as tesseract), so a decompression bomb raises
  ``MemoryError`` instead of taking the machine;
* it gets its own process group, and a thread that watches the parent
  (a Linux pidfd): when the run dies, even by SIGKILL, the worker kills its
  group, and the fork server, left without clients, exits too — a killed run
  leaves no processes behind;
* it extracts the document and writes its 7 Parquet files itself, complete
  and fsynced, into a staging directory, and sends back only a small
  :class:`Outcome` — the parent never holds a document's rows, so its memory
  does not grow with the documents.

The parent kills a worker (its whole process group) that passes the wall-time
limit (``Limits.timeout_s``) and records the document as failed with the
reason; a worker that crashes (segfault, OOM killer) is recorded the same way.
The caller then commits the staged files (:func:`commit_plain`, i.e.
:func:`fca_extract.output.write.commit_staged`, for
``extract``; ``fca_extract.ops.ingest`` with its journal).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..fileid import sha256_file, unreadable_id
from ..output.write import commit_staged, partition_dir, stage_document

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MEMORY_MB = 2048
DEFAULT_PER_PAGE_S = 10.0


@dataclass(frozen=True)
class Limits:
    timeout_s: float = DEFAULT_TIMEOUT_S  # wall time per document; 0 = none
    memory_mb: int = DEFAULT_MEMORY_MB  # address space per worker (RLIMIT_AS); 0 = none
    # a long scan needs longer: once the worker reports its page count the deadline
    # becomes max(timeout_s, per_page_s × pages) (OCR takes about 3 s a page on one core)
    per_page_s: float = DEFAULT_PER_PAGE_S

    def deadline_for(self, n_pages: int) -> float:
        return max(self.timeout_s, self.per_page_s * n_pages) if self.timeout_s else 0.0


@dataclass
class Task:
    path: Path  # as found; becomes ``documents.source_path``
    key: str = ""  # the caller's identifier (ingest: path relative to the source directory)
    doc_id: str | None = None  # sha256 if the caller already knows it
    extra: dict = field(default_factory=dict)  # carried through to the outcome untouched


@dataclass
class Outcome:
    task: Task
    doc_id: str
    status: str  # ok, partial, failed
    doc_type: str
    year: int | None
    error: str | None
    warnings: list[str]  # the first 50
    n_warnings: int
    counts: dict[str, int]
    partition: str  # doc_type=…/year=…
    staged: dict[str, str]  # table → staged file (absolute); empty if staging failed
    seconds: float
    worker_peak_mb: float | None = None
    killed: str | None = None  # why the parent killed or lost the worker, if it did
    district: str | None = None
    missing_dependency: bool = False  # failed because the installation lacks a program (exit code 4)

    @property
    def path(self) -> Path:
        return self.task.path


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- staging (worker side, or parent for failures)


def _outcome_from_result(task: Task, result, staged: dict[str, str], seconds: float, killed: str | None = None) -> Outcome:
    doc = (result.tables.get("documents") or [{}])[0]

    def s(v):  # plain Python values only: unpickling numpy scalars would load numpy into the parent
        return None if v is None else str(v)

    year = None if result.year is None else int(result.year)
    return Outcome(
        task=task,
        doc_id=str(result.doc_id),
        status=str(result.status),
        doc_type=str(result.doc_type),
        year=year,
        error=s(result.error),
        warnings=[str(w) for w in result.warnings[:50]],
        n_warnings=len(result.warnings),
        counts={str(t): len(r) for t, r in result.tables.items()},
        partition=partition_dir(result.doc_type, year),
        staged=staged,
        seconds=float(seconds),
        killed=killed,
        district=s(doc.get("district")),
    )


def _failed(task: Task, reason: str, stage_dir: Path, seconds: float, killed: str | None = None) -> Outcome:
    from ..pipeline import failed_result

    doc_id = task.doc_id
    if doc_id is None:
        try:
            doc_id = sha256_file(task.path)
        except OSError:
            doc_id = None
    result = failed_result(Path(task.path), reason, doc_id or _safe_doc_id(task))
    staged = stage_document(stage_dir, result.tables)
    return _outcome_from_result(task, result, staged, seconds, killed)


def _safe_doc_id(task: Task) -> str:
    """A doc_id usable as a file name for a file that cannot even be read."""
    return task.doc_id or unreadable_id(task.path)


def _memory_failure(result, limits: Limits) -> str | None:
    from ..vocab import Code

    hit = next((n for n in result.notices if n.code is Code.MEMORY), None)
    return f"memory limit exceeded ({limits.memory_mb} MB): {hit}" if hit is not None else None


# ---------------------------------------------------------------- the worker


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


def _worker(conn, task: Task, stage_dir: Path, options, limits: Limits, parent_pid: int | None = None) -> None:
    t0 = time.perf_counter()
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    _set_pdeathsig()
    if parent_pid:
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
    from ..errors import MissingDependencyError
    from ..pipeline import Options, extract_document
    from ..repair import Lexicon

    def progress(done: int, total: int) -> None:
        try:
            conn.send(("progress", done, total))
        except OSError:
            pass

    # the parent hears of every page: it draws the progress bar and scales the deadline
    options = options or Options()
    try:
        try:
            result = extract_document(Path(task.path), options, Lexicon.default(), progress=progress)
            reason = _memory_failure(result, limits) if limits.memory_mb else None
            if reason:
                del result
                out = _failed(task, reason, stage_dir, time.perf_counter() - t0)
            else:
                staged = stage_document(stage_dir, result.tables)
                out = _outcome_from_result(task, result, staged, time.perf_counter() - t0)
                del result
        except MemoryError:
            result = None
            out = _failed(task, f"memory limit exceeded ({limits.memory_mb} MB)", stage_dir, time.perf_counter() - t0)
        except MissingDependencyError as e:
            out = _failed(task, str(e), stage_dir, time.perf_counter() - t0)
            out.missing_dependency = True
        except Exception as e:  # a bug in a stage: one document fails, with the reason
            log.debug("worker for %s failed", task.path, exc_info=True)
            out = _failed(task, f"internal error: {type(e).__name__}: {e}", stage_dir, time.perf_counter() - t0)
        out.worker_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        try:
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


def _context():
    """The forkserver context, with the pipeline and lexicon preloaded in the server."""
    global _ctx
    if _ctx is None:
        methods = multiprocessing.get_all_start_methods()
        if "forkserver" in methods:
            _ctx = multiprocessing.get_context("forkserver")
            _ctx.set_forkserver_preload(["fca_extract.ops._warm"])
        else:  # pragma: no cover - not Linux
            _ctx = multiprocessing.get_context("spawn")
    return _ctx


@dataclass
class _Job:
    task: Task
    proc: object
    conn: object
    stage_dir: Path
    started: float
    deadline: float | None


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


def _time_out(job: _Job, now: float) -> Outcome:
    _kill(job.proc)
    why = f"timed out after {now - job.started:.0f} s (wall-time limit); worker killed"
    shutil.rmtree(job.stage_dir, ignore_errors=True)
    return _failed(job.task, why, job.stage_dir, now - job.started, killed=why)


def run_documents(
    tasks: Iterable[Task],
    staging: Path,
    options=None,
    workers: int | None = None,
    limits: Limits | None = None,
    on_progress: Callable[[Task, int, int], None] | None = None,
) -> Iterator[Outcome]:
    """Extract ``tasks`` in isolated workers, yielding each :class:`Outcome` as it finishes.

    ``tasks`` is consumed lazily (one per free worker), so it may be a
    generator over a directory walk. Every task yields exactly one outcome
    whose files are staged under ``staging`` — failures too (a ``documents``
    row, status ``failed``, the reason in ``warnings``). Outcomes come in
    completion order. ``on_progress(task, pages_done, n_pages)`` is called in
    this process as workers report pages. Closing the iterator (or an exception in the caller)
    kills the workers still running.
    """
    if options is None:
        from ..pipeline import Options

        options = Options()
    limits = limits or Limits()
    workers = max(1, workers or default_workers())
    ctx = _context()
    staging = Path(staging)
    staging.mkdir(parents=True, exist_ok=True)
    seq = itertools.count(1)
    running: list[_Job] = []
    it = iter(tasks)
    exhausted = False
    try:
        while True:
            while not exhausted and len(running) < workers:
                try:
                    task = next(it)
                except StopIteration:
                    exhausted = True
                    break
                stage_dir = staging / f"{next(seq):06d}"
                reader, writer = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker, args=(writer, task, stage_dir, options, limits, os.getpid()), name=f"fca-extract worker {task.path}")
                now = time.monotonic()
                proc.start()
                writer.close()
                running.append(_Job(task, proc, reader, stage_dir, now, now + limits.timeout_s if limits.timeout_s else None))
            if not running:
                return
            now = time.monotonic()
            deadlines = [j.deadline for j in running if j.deadline is not None]
            timeout = max(0.0, min(deadlines) - now) if deadlines else None
            ready = multiprocessing.connection.wait([j.conn for j in running] + [j.proc.sentinel for j in running], timeout)
            now = time.monotonic()
            finished: list[tuple[_Job, Outcome]] = []
            for job in list(running):
                outcome = None
                if job.conn in ready or job.proc.sentinel in ready:
                    while outcome is None and job.conn.poll():
                        try:
                            msg = job.conn.recv()
                        except (EOFError, OSError):
                            break
                        if isinstance(msg, tuple) and msg[0] == "progress":
                            _, done, total = msg
                            if job.deadline is not None and done == 1:
                                job.deadline = job.started + limits.deadline_for(total)
                            if on_progress is not None:
                                on_progress(job.task, done, total)
                        else:
                            outcome = msg
                    if outcome is None and job.proc.is_alive() and job.proc.sentinel not in ready:
                        if job.deadline is None or now < job.deadline:
                            continue  # only progress so far
                        outcome = _time_out(job, now)
                    elif outcome is not None:
                        job.proc.join()
                    elif not job.proc.is_alive() or job.proc.sentinel in ready:
                        job.proc.join(5)
                        code = job.proc.exitcode
                        if code is not None and code < 0:
                            why = f"worker killed by {_signal_name(code)}" + (" (out of memory?)" if code == -signal.SIGKILL else "")
                        else:
                            why = f"worker exited with status {code} without a result"
                        outcome = _failed(job.task, why, job.stage_dir, now - job.started, killed=why)
                    else:
                        continue  # data coming; read it on the next round
                elif job.deadline is not None and now >= job.deadline:
                    outcome = _time_out(job, now)
                else:
                    continue
                job.conn.close()
                finished.append((job, outcome))
            for job, outcome in finished:
                running.remove(job)
            for job, outcome in finished:
                yield outcome
    finally:
        for job in running:
            _kill(job.proc)
            job.conn.close()


def commit_plain(out: Path, outcome: Outcome) -> list[Path]:
    """Move one staged document into the dataset (``extract``; ingest commits through its journal)."""
    return commit_staged(out, outcome.doc_id, outcome.partition, outcome.staged)


def outcome_dict(o: Outcome) -> dict:
    d = dataclasses.asdict(o)
    d["task"] = {"path": str(o.task.path), "key": o.task.key}
    return d
