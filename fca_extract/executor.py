"""Run jobs in order with a bounded look-ahead: concurrency kept out of the domain.

The domain says what to run (a :class:`Job` per item that needs one), the
:class:`Executor` says how: inline when there is one worker (no process, no
pickling), else in a process pool started on the first job. :meth:`Executor.ordered`
gives the items back in their order, each with its job's future, while at most
``lookahead`` items are in flight, so memory stays flat whatever the number of
items. A worker that dies (killed, out of memory) fails the jobs it held
(``BrokenProcessPool`` from their futures); the next jobs get a new pool.
Modelled on OCRmyPDF's executor.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

#: items in flight per worker in :meth:`Executor.ordered`
LOOKAHEAD_PER_WORKER = 2


@dataclass(frozen=True)
class Job:
    """``fn(*args)`` in a worker: both must pickle (``fn`` defined at a module's top level)."""

    fn: Callable[..., Any]
    args: tuple = ()


class Executor:
    """Runs :class:`Job` s inline (one worker) or in a lazily started process pool.

    ``workers=None`` is the machine's cores; ``initializer`` runs once in each
    pool process. Close it (or use it as a context manager) to stop the pool.

    >>> with Executor(1) as ex:
    ...     [(item, fut and fut.result()) for item, fut in ex.ordered([("a", Job(abs, (-2,))), ("b", None)])]
    [('a', 2), ('b', None)]
    """

    def __init__(self, workers: int | None = None, initializer: Callable[[], None] | None = None, lookahead_per_worker: int = LOOKAHEAD_PER_WORKER) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.lookahead = max(1, lookahead_per_worker * self.workers)
        self.initializer = initializer
        self._pool: cf.ProcessPoolExecutor | None = None

    def submit(self, job: Job) -> cf.Future:
        if self.workers == 1:
            fut: cf.Future = cf.Future()
            try:
                fut.set_result(job.fn(*job.args))
            except Exception as e:  # reported through the future, as a pool does
                fut.set_exception(e)
            return fut
        if self._pool is None:
            # spawn, not fork: a child forked from a parent whose thread pools (Arrow's,
            # OpenCV's) hold locks can hang for ever. As with any spawn pool, a script that
            # uses it needs the `if __name__ == "__main__":` guard.
            ctx = multiprocessing.get_context("spawn")
            self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=self.initializer)
        try:
            return self._pool.submit(job.fn, *job.args)
        except BrokenProcessPool:
            # a worker died: the jobs it held are lost (their futures say so), the next ones get a new pool
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            return self.submit(job)

    def ordered(self, items: Iterable[tuple[T, Job | None]]) -> Iterator[tuple[T, cf.Future | None]]:
        """Each item with the future of its job (``None`` without one), in the items' order.

        ``items`` is pulled lazily. An item is yielded as soon as it and all
        before it are done; once more than ``lookahead`` items are pending the
        oldest is yielded unfinished, and its ``future.result()`` waits for it.
        """
        pending: deque[tuple[T, cf.Future | None]] = deque()

        def oldest_due() -> bool:
            fut = pending[0][1]
            return fut is None or fut.done() or len(pending) > self.lookahead

        for item, job in items:
            pending.append((item, None if job is None else self.submit(job)))
            while pending and oldest_due():
                yield pending.popleft()
        while pending:
            yield pending.popleft()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
