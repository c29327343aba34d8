"""What the operator sees: result lines, one-line errors on stderr, a progress bar on terminals only.

Presentation lives here, out of the pipeline: the stages report pages through a
callback and the commands decide whether anything is drawn. Every line printed
goes through :func:`~fca_extract.ops.names.printable`: a newline or an escape
sequence in a file name or a reason is shown escaped, so one message is one
line and a name cannot forge a log line.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

from .names import printable
from .runner import Outcome


class ProgressBar:
    """``[#####.....] 3/10 0 failed 00:42 file.pdf 4/12 pages``; silent when not enabled."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled = enabled
        self.total = total
        self.t0 = time.monotonic()
        self.last = 0.0

    def update(self, done: int, failed: int, current: str = "", pages: tuple[int, int] | None = None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        total = max(self.total, done)
        width = 30
        fill = int(width * done / total) if total else width
        el = int(now - self.t0)
        page_text = f" {pages[0]}/{pages[1]} pages" if pages else ""
        line = f"\r[{'#' * fill}{'.' * (width - fill)}] {done}/{total} {failed} failed {el // 60:02d}:{el % 60:02d} {printable(current)[-40:]}{page_text}"
        sys.stderr.write(line[:160].ljust(100))
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


class Console:
    """A command's output: ``quiet`` prints errors only, ``verbose`` every decision; the bar only on a terminal."""

    def __init__(self, *, quiet: bool = False, verbose: bool = False, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.progress = not quiet and self.stderr.isatty()

    def bar(self, total: int) -> ProgressBar:
        return ProgressBar(self.progress, total)

    def error(self, msg: str) -> None:
        """``fca-extract: msg`` on stderr, over the progress bar's line."""
        if self.progress:
            self.stderr.write("\r" + " " * 100 + "\r")
        print(f"fca-extract: {printable(msg)}", file=self.stderr, flush=True)

    def out(self, line: str) -> None:
        print(printable(line), file=self.stdout, flush=True)


class OneLineFormatter(logging.Formatter):
    """Log records as one line each: the message's control characters and undecodable bytes escaped."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = printable(record.message)
        return super().formatMessage(record)


def describe(o: Outcome) -> str:
    """What was found in a document: ``handlingsplan 2024 Centrum — 17 activities, …, 3 warnings``."""
    c = o.counts
    return (f"{o.doc_type} {o.year} {o.district} — {c.get('activities', 0)} activities, {c.get('goals', 0)} goals, "
            f"{c.get('budget', 0)} budget, {c.get('sections', 0)} sections, {o.n_warnings} warnings")
