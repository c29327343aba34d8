"""The paths a command is given, checked before any work: one line and the documented exit code each.

:func:`input_problem` and :func:`output_problem` look at the file system once
and name what is wrong as a :class:`PathProblem`; the commands turn it into a
:class:`~fca_extract.errors.UsageError` (exit 2: the command line is wrong) or a
:class:`~fca_extract.errors.HaltError` (exit 5: the place cannot be written).
"""

from __future__ import annotations

import os
import stat
from enum import Enum
from pathlib import Path

from ..errors import FcaError, HaltError, UsageError


class PathProblem(Enum):
    """What is wrong with a path; the value is the message (after ``PATH: ``)."""

    MISSING = "no such file or directory"
    DIRECTORY = "is a directory, not a file"
    NOT_A_FILE = "is not a regular file"
    UNREADABLE = "cannot be read"
    OUT_IS_DIRECTORY = "is a directory: give the name of the file to write"
    OUT_IS_FILE = "exists and is not a directory"
    UNWRITABLE = "cannot be written"

    @property
    def usage(self) -> bool:
        """A mistake on the command line (exit 2), not a place that cannot be used (exit 5)."""
        return self is not PathProblem.UNWRITABLE


def input_problem(path: Path) -> tuple[PathProblem, str] | None:
    """Why the file ``path`` (a PDF, a text to learn from) cannot be read (with the system's reason), None if it can be opened."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return PathProblem.MISSING, ""
    except OSError as e:
        return PathProblem.UNREADABLE, e.strerror or str(e)
    if stat.S_ISDIR(st.st_mode):
        return PathProblem.DIRECTORY, ""
    if not stat.S_ISREG(st.st_mode):
        return PathProblem.NOT_A_FILE, ""
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        return PathProblem.UNREADABLE, e.strerror or str(e)
    return None


def output_problem(path: Path) -> tuple[PathProblem, str] | None:
    """Why the file ``path`` cannot be written (its directory is made if missing), None if it can."""
    if path.is_dir():
        return PathProblem.OUT_IS_DIRECTORY, ""
    above = next((p for p in path.parents if os.path.lexists(p)), None)
    if above is not None and not above.is_dir():
        return PathProblem.UNWRITABLE, f"{above} is not a directory"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        return PathProblem.UNWRITABLE, e.strerror or str(e)
    if not os.access(path.parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return PathProblem.UNWRITABLE, "Permission denied"
    return None


def error(path: Path, found: tuple[PathProblem, str]) -> FcaError:
    """The error of ``path``'s problem: one line naming the path and the reason."""
    problem, detail = found
    text = f"{path}: {problem.value}" + (f" ({detail})" if detail else "")
    return UsageError(text) if problem.usage else HaltError(text)


def check_input(path: Path) -> None:
    found = input_problem(path)
    if found is not None:
        raise error(path, found)


def check_output(path: Path) -> None:
    found = output_problem(path)
    if found is not None:
        raise error(path, found)
