"""Files that are either wholly old or wholly new, also after a crash or power loss; their UTC timestamps."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def to_json(obj) -> bytes:
    """``obj`` as UTF-8 JSON; text with undecodable bytes of a file name is written as ``\\udcxx`` escapes,
    which :func:`json.loads` turns back into the same name."""
    try:
        return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")


def atomic_write_json(dest: Path, obj) -> None:
    """Write ``dest`` through a temporary file (never through a symbolic link), fsync and ``os.replace``."""
    data = to_json(obj)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        with open(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    finally:
        if os.path.lexists(tmp):
            tmp.unlink()
    fsync_dir(dest.parent)
