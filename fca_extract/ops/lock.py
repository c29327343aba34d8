"""One ingest at a time per dataset directory: an exclusive lock file in ``DIR``.

The lock is a ``flock`` on ``DIR/_ingest.lock``. The kernel releases it when
the holding process dies, whatever the cause (SIGKILL included), so a lock
left behind by a killed run is never a real obstacle: the next run finds the
file with the dead run's pid in it, says so, and takes it over. The file's
content (pid, host, start time) is only for the messages.

A ``flock`` works on local file systems and on NFSv4; on other network file
systems keep ``DIR`` local.

A run that ends removes the lock file (while it still holds the lock); one
that finds, once it holds the lock, that the name now leads to another file
(removed and created again meanwhile) starts over, so two runs never hold
locks on two different files of the same name.

The lock file is opened without following a symbolic link (``O_NOFOLLOW``)
and must be a regular file: a lock that cannot be used (a link, a
directory, a FIFO, an unwritable ``DIR``) is a :class:`~fca_extract.errors.HaltError`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import socket
import stat
from pathlib import Path

from ..errors import HaltError, LockedError, halt

log = logging.getLogger(__name__)

LOCK_NAME = "_ingest.lock"


def _holder_text(info: dict) -> str:
    if not info:
        return "another process"
    return f"pid {info.get('pid', '?')} on {info.get('host', '?')}, started {info.get('started', '?')}"


def locked_message(info: dict) -> str:
    """What a run that finds ``DIR`` locked says: who holds it (``ingest`` or ``extract``, pid, host, start).

    >>> locked_message({"pid": 42, "host": "h", "started": "2026-01-01T02:30:00+00:00", "purpose": "ingest"})
    'locked by a running ingest (pid 42 on h, started 2026-01-01T02:30:00+00:00)'
    >>> locked_message({})
    'locked by another run (another process)'
    """
    purpose = info.get("purpose")
    return f"locked by a running {purpose} ({_holder_text(info)})" if purpose else f"locked by another run ({_holder_text(info)})"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DirLock:
    """``with DirLock(out):`` — raises :class:`LockedError` at once if another run holds ``out``."""

    def __init__(self, directory: Path, purpose: str = "ingest") -> None:
        self.path = Path(directory) / LOCK_NAME
        self.purpose = purpose
        self.fd: int | None = None
        self.stale: dict | None = None  # what a dead previous holder left, if anything

    def read_info(self, fd: int | None = None) -> dict:
        try:
            if fd is None:
                fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
                try:
                    data = os.pread(fd, 4096, 0)
                finally:
                    os.close(fd)
            else:
                data = os.pread(fd, 4096, 0)
            info = json.loads(data.decode("utf-8") or "{}")
            return info if isinstance(info, dict) else {}
        except (OSError, ValueError):
            return {}

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        except OSError as e:
            if os.path.islink(self.path):
                raise HaltError(f"{self.path}: the lock file is a symbolic link: refusing to write through it") from None
            raise halt(f"{self.path}: cannot open the lock file", e) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise HaltError(f"{self.path}: the lock file is not a regular file")
        return fd

    def _is_current(self, fd: int) -> bool:
        """Does the lock file's name still lead to the file ``fd`` holds (not removed by the run before)?"""
        try:
            st = os.lstat(self.path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)

    def acquire(self) -> "DirLock":
        for _ in range(100):
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                info = self.read_info(fd)
                os.close(fd)
                raise LockedError(f"{self.path.parent}: {locked_message(info)}; lock file {self.path}") from None
            except OSError as e:
                os.close(fd)
                raise halt(f"{self.path}: cannot lock", e) from None
            if self._is_current(fd):
                break
            os.close(fd)  # the run before removed it as we opened it: the lock is the new file's
        else:
            raise HaltError(f"{self.path}: the lock file keeps being replaced")
        # we hold it; whatever the file says was left by a run that is gone
        previous = self.read_info(fd)
        if previous.get("pid"):
            same_host = previous.get("host") == socket.gethostname()
            if same_host and previous.get("pid") != os.getpid() and isinstance(previous["pid"], int) and _pid_alive(previous["pid"]):
                reason = "its process no longer holds the lock"
            else:
                reason = "its process is gone"
            self.stale = previous
            log.warning("%s: taking over a stale lock left by %s (%s)", self.path.parent, _holder_text(previous), reason)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "purpose": self.purpose,
        }
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(info).encode(), 0)
            os.fsync(fd)
        except OSError as e:
            os.close(fd)
            raise halt(f"{self.path}: cannot write the lock file", e) from None
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            # removed while held: a run that ends leaves no lock file behind (nor a "stale lock" message)
            if self._is_current(self.fd):
                os.unlink(self.path)
        except OSError:
            try:
                os.ftruncate(self.fd, 0)  # cannot be removed: an empty file says nothing of a holder
            except OSError:
                pass
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> "DirLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
