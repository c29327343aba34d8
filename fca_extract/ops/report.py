"""The run report (``DIR/_runs/<UTC time>Z-<pid>.json``) and the one-line summaries of a run."""

from __future__ import annotations

import resource
from collections import Counter
from enum import StrEnum
from collections.abc import Callable
from pathlib import Path

from ..errors import HaltError
from ..output.dataset import check_path
from ..vocab import Status
from .files import atomic_write_json, now_iso
from .plan import Action
from .runner import Outcome

RUNS_DIR = "_runs"


class Event(StrEnum):
    """Counts of a run that are neither an :class:`Action` nor a :class:`Status`."""

    FOUND = "found"
    EXTRACTED = "extracted"
    MISSING = "missing"  # gone from the source folder, rows kept
    PRUNED = "pruned"
    RECOVERED = "recovered"  # interrupted commits completed
    SKIPPED = "skipped"  # parts of the drop folder not read: unlistable, links out of it
    QUARANTINED = "quarantined"  # bad manifest entries or journal records set aside
    ESCAPED = "escaped_names"  # documents whose file name is not UTF-8, stored escaped


#: the report's counts
COUNTS = (Event.FOUND, *Action, Event.EXTRACTED, *Status, Event.MISSING, Event.PRUNED, Event.RECOVERED, Event.SKIPPED,
          Event.QUARANTINED, Event.ESCAPED)


class Tally:
    """What one run did: counts, each document processed (not skipped), each failure."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.documents: list[dict] = []
        self.failures: list[dict] = []
        self.seconds: list[float] = []  # of each extraction
        self.problems: list[dict] = []  # what was skipped or set aside, with why

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    @property
    def skipped(self) -> int:
        return self.counts[Action.UNCHANGED] + self.counts[Action.TOUCHED]

    def extracted(self, action: Action, o: Outcome) -> None:
        self.counts.update((action, Event.EXTRACTED, o.status))
        self.seconds.append(o.seconds)
        self.documents.append({"path": o.task.key, "action": action, "status": o.status, "doc_id": o.doc_id, "seconds": round(o.seconds, 3),
                               "worker_peak_mb": round(o.worker_peak_mb, 1) if o.worker_peak_mb else None})
        if o.status == Status.FAILED:
            self.failed(o.task.key, o.doc_id, o.error)

    def duplicate(self, key: str, action: Action, entry: dict) -> None:
        """``key`` settled by another path's rows (``entry``, its new manifest entry)."""
        self.counts.update((Action.DUPLICATE, action, entry["status"]))
        self.documents.append({"path": key, "action": action, "status": entry["status"], "doc_id": entry["doc_id"],
                               "duplicate_of": entry["duplicate_of"], "seconds": 0.0})
        if entry["status"] == Status.FAILED:
            self.failed(key, entry["doc_id"], entry.get("error"))

    def failed(self, key: str, doc_id: str | None, reason: str | None) -> None:
        self.failures.append({"path": key, "doc_id": doc_id, "status": Status.FAILED, "reason": reason})

    def problem(self, event: Event, path: str, reason: str) -> None:
        self.count(event)
        self.problems.append({"what": event, "path": path, "reason": reason})


def write_report(out: Path, run_id: str, report: dict) -> Path:
    """Write the report in ``DIR/_runs/`` (never through a symbolic link); an ``OSError`` or a :class:`HaltError` if it cannot."""
    path = check_path(out, f"{RUNS_DIR}/{run_id}.json")
    atomic_write_json(path, report)
    return path


def save_report(out: Path, run_id: str, make: Callable[[], dict], halted: HaltError | None) -> Path | None:
    """Build (``make``) and write the run report: its path, or None when it cannot be written.

    Then the halt that stopped the run says why too; a run that was not halted is halted by it
    (:class:`HaltError`): a nightly job whose report is lost must not look like a success.
    """
    try:
        return write_report(out, run_id, make())
    except (OSError, HaltError) as e:
        why = f"the run report could not be written ({e.strerror if isinstance(e, OSError) and e.strerror else e})"
        if halted is None:
            raise HaltError(f"{out}: {why}") from None
        halted.args = (f"{halted}; {why}",)
        return None


def build_report(tally: Tally, *, run_id: str, started_at: str, duration_s: float, interrupted: bool, exit_code: int,
                 src: Path | list[str], out: Path, version: str, options: dict, stale_lock: dict | None,
                 halted: str | None = None, prune_disabled: str | None = None) -> dict:
    """The run report; ``options``: the run's settings, ``stale_lock``: what a dead run's lock said;
    ``halted``: why the run could not go on; ``prune_disabled``: why ``--prune`` was off."""
    secs = tally.seconds
    return {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": now_iso(),
        "duration_s": round(duration_s, 3),
        "interrupted": interrupted,
        "halted": halted,
        "exit_code": int(exit_code),
        "src": src if isinstance(src, list) else str(src),  # extract: the files given
        "out": str(out),
        "pipeline_version": version,
        "options": options,
        "counts": {k: tally.counts[k] for k in COUNTS},
        "skipped": tally.skipped,
        "durations": {
            "total_s": round(duration_s, 3),
            "extract_sum_s": round(sum(secs), 3),
            "extract_mean_s": round(sum(secs) / len(secs), 3) if secs else None,
            "extract_max_s": round(max(secs), 3) if secs else None,
        },
        "failures": tally.failures,
        "problems": tally.problems,
        "prune_disabled": prune_disabled,
        "documents": sorted(tally.documents, key=lambda d: d["path"]),
        "stale_lock_taken_over": stale_lock,
        "parent_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def summary_line(c: Counter[str], interrupted: bool, report_path: Path | None, halted: bool = False) -> str:
    state = " (interrupted)" if interrupted else " (stopped: the run could not go on)" if halted else ""
    return (
        f"ingest{state}: {c[Event.FOUND]} found; {c[Action.NEW]} new, {c[Action.CHANGED]} changed, "
        f"{c[Action.RETRY]} retried, {c[Action.VERSION]} re-extracted (new version), {c[Action.DUPLICATE]} duplicates, "
        f"{c[Action.UNCHANGED] + c[Action.TOUCHED]} unchanged; "
        f"{c[Status.OK]} ok, {c[Status.PARTIAL]} partial, {c[Status.FAILED]} failed; {c[Event.MISSING]} gone (kept), {c[Event.PRUNED]} pruned"
        + (f"; {c[Event.RECOVERED]} interrupted commits completed" if c[Event.RECOVERED] else "")
        + (f"; {c[Event.SKIPPED]} skipped" if c[Event.SKIPPED] else "")
        + (f"; {c[Event.QUARANTINED]} quarantined" if c[Event.QUARANTINED] else "")
        + (f"; report {report_path}" if report_path else "; no report")
    )


def dry_run_line(c: Counter[str], src: Path, prune: bool) -> str:
    return (
        f"dry run: {c[Event.FOUND]} found: {c[Action.NEW]} new, {c[Action.CHANGED]} changed, {c[Action.RETRY]} to retry, "
        f"{c[Action.VERSION]} for the new pipeline version, {c[Action.REPAIR]} with missing files, {c[Action.DUPLICATE]} duplicates, "
        f"{c[Action.TOUCHED]} touched, {c[Action.UNCHANGED]} unchanged; "
        f"{c[Event.MISSING]} gone from {src} ({'would be pruned' if prune else 'kept'}); nothing written"
    )
