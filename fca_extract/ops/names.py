"""File names and reasons as text that can be stored and printed: bytes-safe, one line.

A POSIX file name is bytes. Python decodes it with ``surrogateescape``
(:func:`os.fsdecode`), so a name from an old Latin-1 share (``rapport_\\xe5.pdf``)
is a ``str`` holding a lone surrogate: it opens fine, but cannot be written as
UTF-8 (Parquet, the console). :func:`stored` is the form written to the
dataset, :func:`printable` the form printed on one line.

>>> name = os.fsdecode(b"rapport_\\xe5.pdf")
>>> is_utf8(name), stored(name)
(False, 'rapport_\\\\xe5.pdf')
>>> printable("a\\nb\\tc\\x1b[2J")
'a\\\\nb\\\\tc\\\\x1b[2J'
"""

from __future__ import annotations

import os
import re

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: what splits or hides a line
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def is_utf8(text: str) -> bool:
    """Can ``text`` be written as UTF-8 (no undecodable bytes of a file name in it)?"""
    return _SURROGATE.search(text) is None


def _byte(ch: str) -> str:
    cp = ord(ch)
    return f"\\x{cp - 0xDC00:02x}" if 0xDC80 <= cp <= 0xDCFF else f"\\u{cp:04x}"


def stored(text: str) -> str:
    """``text`` as valid UTF-8: each undecodable byte of a name as ``\\xNN`` (valid text unchanged)."""
    return text if is_utf8(text) else _SURROGATE.sub(lambda m: _byte(m.group()), text)


def printable(text: str) -> str:
    """``text`` on one line: undecodable bytes and control characters escaped (``\\n``, ``\\x1b``)."""

    def esc(m: re.Match[str]) -> str:
        ch = m.group()
        return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")

    return _CONTROL.sub(esc, stored(text))


def display(path: os.PathLike | str) -> str:
    """A path as printed: :func:`printable` of its text."""
    return printable(os.fspath(path))
