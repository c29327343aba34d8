"""Test-only fault injection: ``FCA_EXTRACT_FAULT=POINT[:N[:ACTION]]`` (comma separated).

The process SIGKILLs itself (ACTION ``kill``, the default), sleeps S seconds
(``sleepS``) or raises the ``OSError`` of an errno name (``ENOSPC``: a full
disk) the N-th time (default 1st; 0: every time) it reaches POINT (``POINT@TEXT``: only
where the key, a source path, contains TEXT). Points: ``staged``,
``journal``, ``renamed`` (after half the renames), ``removed``, ``entry``
(the steps of a commit, :mod:`fca_extract.ops.commit`; not while completing
an interrupted commit), ``committed`` (a document's commit done, outside it),
``locked`` (lock just taken), ``report`` (before the
run report), ``worker`` (a worker about to run its document: a crashed
worker), ``stage`` (a worker about to write its staged files), ``list`` (the
drop folder's walk about to list a directory, keyed ``sub/``). Never set in
production.
"""

from __future__ import annotations

import errno
import os
import signal
import time

_hits: dict[str, int] = {}


def fault(point: str, key: str = "") -> None:
    """Die or sleep here if ``FCA_EXTRACT_FAULT`` says so (see the module docstring)."""
    spec = os.environ.get("FCA_EXTRACT_FAULT")
    if not spec:
        return
    for item in spec.split(","):
        parts = item.strip().split(":")
        name, _, only = parts[0].partition("@")
        if name != point or (only and only not in key):
            continue
        _hits[item] = hits = _hits.get(item, 0) + 1
        nth = int(parts[1]) if len(parts) > 1 and parts[1] else 1
        action = parts[2] if len(parts) > 2 else "kill"
        if nth and hits != nth:
            continue
        if action.startswith("sleep"):
            time.sleep(float(action[5:] or 3600))
        elif action.startswith("E"):
            code = getattr(errno, action)
            raise OSError(code, f"{os.strerror(code)} (fault injected at {point})")
        else:
            os.kill(os.getpid(), signal.SIGKILL)
