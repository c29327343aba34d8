"""What the ingest does with each source file: pure decisions over what is known of it.

A file whose size and mtime are unchanged since a successful extraction by
this pipeline version, with all its files in place, is skipped unread
(:func:`unchanged`); otherwise it is hashed and :func:`decide` says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .drop import Found


class Action(StrEnum):
    """What is done with a source file; the words of ``--dry-run`` and of the run report's counts."""

    NEW = "new"
    CHANGED = "changed"  # new bytes under a known name: its old rows are replaced
    RETRY = "retry"  # failed last time
    VERSION = "version"  # extracted by another pipeline version
    REPAIR = "repair"  # some of its files are missing from the dataset
    UNCHANGED = "unchanged"
    TOUCHED = "touched"  # same bytes, new mtime: only the manifest changes
    DUPLICATE = "duplicate"  # the same bytes as another source file: that one's rows serve both
    UNREADABLE = "unreadable"  # a known file that cannot be read now: its rows are kept

    @property
    def extracts(self) -> bool:
        return self in _EXTRACTS


_EXTRACTS = frozenset({Action.NEW, Action.CHANGED, Action.RETRY, Action.VERSION, Action.REPAIR})


class Gone(StrEnum):
    """What becomes of a known file no longer in the drop folder."""

    KEPT = "gone"  # its rows stay
    PRUNE = "prune"  # its rows are removed (--prune)


@dataclass(frozen=True)
class Known:
    """The manifest's record of a source file, as planning needs it."""

    sha256: str | None
    size: int | None
    mtime_ns: int | None
    pipeline_version: str | None
    failed: bool
    error: str | None
    intact: bool  # every file it names is in the dataset


@dataclass(frozen=True)
class Decision:
    action: Action
    sha: str | None = None  # None: not read (unchanged) or unreadable
    cause: Action | None = None  # a duplicate's own action (new, changed, …): counted too
    running: str | None = None  # a duplicate of this file, being extracted in this run: settled after it


def unchanged(known: Known | None, found: Found, version: str) -> bool:
    """Skip unread: same size and mtime as when extracted, by this version, successfully, files intact."""
    return (
        known is not None
        and (known.size, known.mtime_ns) == (found.size, found.mtime_ns)
        and known.pipeline_version == version
        and not known.failed
        and known.intact
    )


def classify(known: Known | None, sha: str | None, version: str) -> Action:
    """The action for a file read as ``sha`` (None: it cannot be read now)."""
    if sha is None:
        # a new file gets its failed row from the worker; a known one keeps its rows
        # rather than lose them to what may be a passing problem (permissions, a share gone away)
        return Action.NEW if known is None else Action.UNREADABLE
    if known is None:
        return Action.NEW
    if known.failed:
        return Action.RETRY
    if known.sha256 != sha:
        return Action.CHANGED
    if known.pipeline_version != version:
        return Action.VERSION
    if not known.intact:
        return Action.REPAIR
    return Action.TOUCHED


def decide(known: Known | None, sha: str | None, version: str, *, has_original: bool, running: str | None) -> Decision:
    """:func:`classify`, then the same bytes are extracted once.

    ``has_original``: another path holds these bytes, current and intact (its rows
    serve this path too); ``running``: the path of these bytes being extracted in this run.
    """
    action = classify(known, sha, version)
    if not action.extracts or sha is None:
        return Decision(action, sha)
    if has_original:
        return Decision(Action.DUPLICATE, sha, cause=action)
    if running is not None:
        return Decision(Action.DUPLICATE, sha, cause=action, running=running)
    return Decision(action, sha)


def gone(known: list[str], seen: set[str], prune: bool) -> list[tuple[str, Gone]]:
    """The known paths not found in this run, sorted, each with what becomes of it."""
    what = Gone.PRUNE if prune else Gone.KEPT
    return [(key, what) for key in sorted(set(known) - seen)]
