"""Ctrl-C and a service stop (SIGTERM) end a run the same way, never in the middle of a commit.

:class:`Interrupts` turns the first SIGINT or SIGTERM into ``KeyboardInterrupt``
— at once, or, inside :meth:`Interrupts.commit`, as soon as that commit is
complete (so a journalled commit is never left for the next run by a
signal, and its staged files are never deleted under it). Signals after the
first are ignored while the run stops, and until the process exits: its
workers are killed, its staging removed, its summary and run report written
(a double Ctrl-C no longer loses them). A SIGKILL is handled by the journal
(:mod:`fca_extract.ops.commit`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_current: "Interrupts | None" = None  # the one installed, if any


class Interrupts:
    def __init__(self) -> None:
        self.depth = 0  # > 0 inside a commit
        self.pending = False  # a signal came inside a commit
        self.stopping = False  # the run is stopping: further signals are ignored
        self.signum: int | None = None
        self.raised = False  # a signal's KeyboardInterrupt was raised (it may have been swallowed: :meth:`check`)

    def _on_signal(self, signum: int, frame) -> None:  # noqa: ANN001
        if self.stopping:
            return
        self.signum = signum
        if self.depth:
            self.pending = True
            return
        self.stopping = self.raised = True
        raise KeyboardInterrupt

    def check(self) -> None:
        """Raise the stop a signal asked for again, where the first ``KeyboardInterrupt`` was lost: a handler runs
        between any two bytecodes of the main thread, also inside a finalizer (a finished worker's pipe closed
        as it is dropped), where Python prints an exception and goes on. Called where the run waits, so that a
        stop is never held up until the next document finishes."""
        if self.raised:
            raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator["Interrupts"]:
        """SIGINT and SIGTERM handled as above for the duration (in the main thread only)."""
        if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
            yield self
            return
        global _current
        previous = {s: signal.signal(s, self._on_signal) for s in _SIGNALS}
        outer, _current = _current, self
        try:
            yield self
        finally:
            _current = outer
            for s, h in previous.items():
                # a run that is stopping stays deaf to signals until the process exits: a late second
                # Ctrl-C must not turn a clean exit (130, summary and report written) into a traceback
                signal.signal(s, signal.SIG_IGN if self.stopping else h)

    @contextmanager
    def commit(self) -> Iterator[None]:
        """A section no signal interrupts: a signal inside it takes effect when it is done."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
        if not self.depth and self.pending and not self.stopping:
            self.pending = False
            self.stopping = self.raised = True
            raise KeyboardInterrupt

    def stop(self) -> None:
        """The run is stopping for another reason (an error): ignore signals from now on."""
        self.stopping = True


@contextmanager
def held() -> Iterator[None]:
    """A section the installed :class:`Interrupts` does not interrupt (as :meth:`Interrupts.commit`); a
    signal meanwhile takes effect at its end. Without one installed, nothing is held.

    Held at the Python level, not with a signal mask: a process-directed signal is delivered to any
    thread that does not block it (tqdm's monitor, a log listener), and its Python handler then runs
    in the main thread at once, mask or no mask.
    """
    if _current is None:
        yield
        return
    with _current.commit():
        yield


def check() -> None:
    """:meth:`Interrupts.check` of the installed one, if any."""
    if _current is not None:
        _current.check()
