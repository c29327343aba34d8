"""What the operator sees: result lines, one-line errors on stderr, a progress bar on terminals only.

Presentation lives here, out of the pipeline: the stages report pages through a
callback and the commands decide whether anything is drawn. Every line printed
goes through :func:`~fca_extract.ops.names.printable`: a newline or an escape
sequence in a file name or a reason is shown escaped, so one message is one
line and a name cannot forge a log line.
"""

from __future__ import annotations

import logging
import os
import sys
from enum import Enum
from typing import TextIO

from .names import printable
from .runner import Outcome


def fit(text: str, width: int) -> str:
    """``text`` in at most ``width`` columns: cut in the middle (``…``), so a file name keeps its end.

    >>> fit("worker 1: a/very/long/folder/name/rapport.pdf page 3/12", 30)
    'worker 1: a/ve…t.pdf page 3/12'
    """
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    if width < 8:
        return text[:width]
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head):]


class Progress:
    """Progress on a terminal (tqdm): one bar for the run — documents done of all, failed, elapsed and
    ETA — and one line per worker with its document and page. Silent when not enabled.

    Every line is cut to the terminal's width at each redraw (a line never wraps) and tqdm pads a
    redrawn line over the old one (nothing stale is left); :meth:`write` prints a line above the bars.
    """

    def __init__(self, enabled: bool, total: int, workers: int, stream: TextIO) -> None:
        self.enabled = enabled
        self.stream = stream
        self.failed = 0
        self.slots: dict[object, int] = {}  # a document being extracted → its worker line
        self.bar = None
        self.lines: list = []
        if not enabled:
            return
        from tqdm import tqdm  # on a terminal only

        self.bar = tqdm(total=total, unit="doc", file=stream, dynamic_ncols=True, leave=False, position=0, mininterval=0.2,
                        bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]{postfix}", desc="documents",
                        postfix="0 failed")
        self.lines = [tqdm(total=0, file=stream, dynamic_ncols=True, leave=False, position=i + 1, bar_format="{desc}")
                      for i in range(max(1, workers))]
        for i, line in enumerate(self.lines):
            self._show(i, "idle")
        from tqdm.contrib.logging import logging_redirect_tqdm

        self._logs = logging_redirect_tqdm([logging.getLogger()])  # log lines go above the bars too
        self._logs.__enter__()

    def _width(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            return 80

    def _show(self, slot: int, state: str) -> None:
        # one column short of the width: a line that fills the last column wraps on some terminals
        self.lines[slot].set_description_str(fit(f"worker {slot + 1}: {state}", self._width() - 1), refresh=True)

    def set_total(self, total: int) -> None:
        if self.bar is not None:
            self.bar.total = total
            self.bar.refresh()

    def pages(self, key: object, name: str, done: int, total: int) -> None:
        """A worker's document ``key`` (shown as ``name``) has ``done`` of ``total`` pages read."""
        if self.bar is None:
            return
        slot = self.slots.get(key)
        if slot is None:
            free = sorted(set(range(len(self.lines))) - set(self.slots.values()))
            if not free:
                return
            slot = self.slots[key] = free[0]
        self._show(slot, f"{printable(name)} page {done}/{total}")

    def done(self, key: object = None, failed: bool = False, n: int = 1) -> None:
        """``n`` documents done (``key``'s worker is free again)."""
        if self.bar is None:
            return
        slot = self.slots.pop(key, None)
        if slot is not None:
            self._show(slot, "idle")
        self.failed += failed
        self.bar.set_postfix_str(f"{self.failed} failed", refresh=False)
        self.bar.update(n)
        self.bar.refresh()  # a document done is news: shown at once

    def write(self, line: str, file: TextIO) -> None:
        """Print ``line`` on ``file`` above the bars (they are cleared and redrawn)."""
        if self.bar is None:
            print(line, file=file, flush=True)
            return
        from tqdm import tqdm

        tqdm.write(line, file=file)

    def close(self) -> None:
        if self.bar is None:
            return
        self._logs.__exit__(None, None, None)
        for line in self.lines:
            line.close()
        self.bar.close()
        self.bar = None
        self.lines = []


class Console:
    """A command's output: ``quiet`` prints errors only, ``verbose`` every decision; the bar only on a terminal."""

    def __init__(self, *, quiet: bool = False, verbose: bool = False, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.progress = not quiet and self.stderr.isatty()
        self.live: Progress = Progress(False, 0, 1, self.stderr)

    def bar(self, total: int, workers: int = 1) -> Progress:
        """The progress display (drawn on a terminal only); :meth:`error` and :meth:`out` print above it."""
        self.live.close()
        self.live = Progress(self.progress, total, workers, self.stderr)
        return self.live

    def error(self, msg: str) -> None:
        """``fca-extract: msg`` on stderr, above the progress display."""
        self.live.write(f"fca-extract: {printable(msg)}", self.stderr)

    def out(self, line: str) -> None:
        self.live.write(printable(line), self.stdout)

    def emit(self, lines: list[tuple["Stream", str]]) -> None:
        """Lines released by an :class:`InOrder`: stdout as they are, stderr as errors."""
        for stream, line in lines:
            (self.out if stream is Stream.OUT else self.error)(line)


class OneLineFormatter(logging.Formatter):
    """Log records as one line each: the message's control characters and undecodable bytes escaped."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = printable(record.message)
        return super().formatMessage(record)


def describe(o: Outcome) -> str:
    """What was found in a document: ``handlingsplan 2024 Centrum — 17 activities, …, 3 warnings``
    (what is not known left out: ``unknown — 0 activities, …``)."""
    c = o.counts
    what = " ".join(str(v) for v in (o.doc_type, o.year, o.district) if v not in (None, "")) or "?"
    return (f"{what} — {c.get('activities', 0)} activities, {c.get('goals', 0)} goals, "
            f"{c.get('budget', 0)} budget, {c.get('sections', 0)} sections, {o.n_warnings} warnings")


class Stream(Enum):
    OUT = "stdout"
    ERR = "stderr"


class InOrder:
    """The lines of numbered items (files in input order) released in that order, whatever order the
    items finish in: an item's lines wait until every earlier item is finished.

    >>> o = InOrder()
    >>> o.start(), o.start(), o.start()
    (0, 1, 2)
    >>> o.finish(1, [(Stream.OUT, "b")])
    []
    >>> o.finish(0, [(Stream.OUT, "a")])
    [(<Stream.OUT: 'stdout'>, 'a'), (<Stream.OUT: 'stdout'>, 'b')]
    >>> o.rest(), o.finish(2, [(Stream.ERR, "c")])
    ([], [(<Stream.ERR: 'stderr'>, 'c')])
    """

    def __init__(self) -> None:
        self.n = 0  # items started
        self.next = 0  # the first item not yet released
        self.waiting: dict[int, list[tuple[Stream, str]]] = {}

    def start(self) -> int:
        """A new item's number."""
        self.n += 1
        return self.n - 1

    def finish(self, seq: int, lines: list[tuple[Stream, str]]) -> list[tuple[Stream, str]]:
        """Item ``seq`` is finished with ``lines``; the lines that can be printed now, in order."""
        if seq < self.next:  # released already by :meth:`rest`
            return list(lines)
        self.waiting[seq] = lines
        ready: list[tuple[Stream, str]] = []
        while self.next in self.waiting:
            ready += self.waiting.pop(self.next)
            self.next += 1
        return ready

    def rest(self) -> list[tuple[Stream, str]]:
        """Every line still waiting (a run that stops early, or a summary due: some items never finish), in
        order; items finished later are released at once."""
        ready = [line for seq in sorted(self.waiting) for line in self.waiting[seq]]
        self.waiting.clear()
        self.next = self.n
        return ready
