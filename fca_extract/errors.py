"""Every error the tool reports, each mapped to a process exit code.

Modelled on OCRmyPDF's exceptions module: the CLI catches these, prints one
line naming the file and the reason, and exits with ``exit_code``.
"""

from __future__ import annotations

import errno
from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    documents_failed = 1  # some document failed or is partial; the rest were written
    usage = 2  # bad command line or configuration
    locked = 3  # another ingest holds the output directory's lock
    missing_dependency = 4  # an external program (tesseract) is missing or too old
    halted = 5  # the run cannot go on: the dataset directory is unwritable, full, not ours, or its lock unusable
    interrupted = 130


class FcaError(Exception):
    """Base class. ``str(err)`` is the one-line reason shown to the user."""

    exit_code = ExitCode.documents_failed


class InputFileError(FcaError):
    """A source file cannot be read as a PDF document at all."""


class NotAPdfError(InputFileError):
    pass


class EmptyFileError(InputFileError):
    pass


class CorruptPdfError(InputFileError):
    pass


class EncryptedPdfError(InputFileError):
    pass


class ResourceLimitError(InputFileError):
    """A document exceeded a time or memory limit (a PDF that hangs or bombs a parser)."""


class NotFcaDocumentError(FcaError):
    """The PDF parses but holds none of the FCA template's structure."""


class UsageError(FcaError):
    exit_code = ExitCode.usage


class MissingDependencyError(FcaError):
    exit_code = ExitCode.missing_dependency


class LockedError(FcaError):
    exit_code = ExitCode.locked


class HaltError(FcaError):
    """The run cannot go on here: the disk is full, the dataset directory is unwritable, a path in it
    leads out of it (a symbolic link), its lock is unusable. What was committed stays; a run report
    is written if it still can be."""

    exit_code = ExitCode.halted


def halt(what: str, e: OSError) -> HaltError:
    """The :class:`HaltError` of an ``OSError`` met while ``what`` (``"writing DIR/_staging"``)."""
    return HaltError(f"{what}: {e.strerror or e}")


def is_out_of_memory(e: BaseException) -> bool:
    """Is ``e`` (or what it wraps) the process running out of memory?

    Parsers wrap the ``MemoryError`` of a decompression bomb in their own
    exception (pdfminer's ``PdfminerException(MemoryError(...))``), so the
    chain of arguments, causes and contexts is searched by type.
    """
    seen: set[int] = set()
    todo = [e]
    while todo:
        x = todo.pop()
        if x is None or id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, MemoryError) or (isinstance(x, OSError) and x.errno == errno.ENOMEM):
            return True
        todo += [a for a in x.args if isinstance(a, BaseException)] + [x.__cause__, x.__context__]
    return False
