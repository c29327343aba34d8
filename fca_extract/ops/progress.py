"""A one-line progress bar on stderr, for terminals only.

Presentation lives here, out of the pipeline: the stages report pages through a
callback and the commands decide whether anything is drawn.
"""

from __future__ import annotations

import sys
import time


class ProgressBar:
    """``[#####.....] 3/10 0 failed 00:42 file.pdf 4/12 pages``; silent when not enabled."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled = enabled
        self.total = total
        self.t0 = time.monotonic()
        self.last = 0.0

    def update(self, done: int, failed: int, current: str = "", pages: tuple[int, int] | None = None, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        total = max(self.total, done)
        width = 30
        fill = int(width * done / total) if total else width
        el = int(now - self.t0)
        page_text = f" {pages[0]}/{pages[1]} pages" if pages else ""
        line = f"\r[{'#' * fill}{'.' * (width - fill)}] {done}/{total} {failed} failed {el // 60:02d}:{el % 60:02d} {current[-40:]}{page_text}"
        sys.stderr.write(line[:160].ljust(100))
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()
