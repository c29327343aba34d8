"""The command line without rough edges (issue 11, part 4).

Every bad path and option of every subcommand runs the real command line in a subprocess and must
give its documented exit code and exactly one line on stderr, naming the file (or option) and the
reason, and no traceback. Then what ``extract`` shares with ``ingest`` (duplicates, run report, no lock
left), the lock's holder, lines in input order, worker logs under ``--verbose``, the dependency check
before any work, and the progress display through a pseudo-terminal at 60 and 120 columns.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pandas as pd
import pytest

from expected import PDF_DIR

HP = PDF_DIR / "handlingsplan_centrum_2024.pdf"
AR = PDF_DIR / "arsrapport_sydvast_2023.pdf"


def cli(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k != "FCA_EXTRACT_FAULT"}
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "fca_extract", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=e, cwd=cwd, stdin=subprocess.DEVNULL)


def one_line(proc: subprocess.CompletedProcess, code: int, *fragments: str) -> str:
    """Exit ``code``, and stderr exactly one ``fca-extract: …`` line holding every fragment."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("fca-extract: ") and all(f in lines[0] for f in fragments), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    """A working directory: a plain file, an empty directory, a directory of one PDF."""
    d = tmp_path_factory.mktemp("edges")
    (d / "afile").write_text("a plain file")
    (d / "empty").mkdir()
    (d / "one").mkdir()
    shutil.copy(HP, d / "one" / "a.pdf")
    return d


# ---------------------------------------------------------------- every bad path and option: one line, its exit code

# (arguments, exit code, fragments of the line); "{d}" is the working directory
CASES = {
    # extract
    "extract: missing file": (["extract", "{d}/nope.pdf", "--out", "{d}/o"], 2, ["nope.pdf", "no such file"]),
    "extract: directory without PDFs": (["extract", "{d}/empty", "--out", "{d}/o"], 2, ["empty", "holds no PDF"]),
    "extract: --out is a file": (["extract", "{d}/one", "--out", "{d}/afile"], 2, ["afile", "not a directory"]),
    "extract: --out under a file": (["extract", "{d}/one", "--out", "{d}/afile/ds"], 5, ["afile/ds", "cannot create"]),
    "extract: --workers 0": (["extract", "{d}/one", "--out", "{d}/o", "--workers", "0"], 2, ["--workers"]),
    "extract: --workers two": (["extract", "{d}/one", "--out", "{d}/o", "--workers", "two"], 2, ["--workers", "invalid int"]),
    "extract: --timeout nan": (["extract", "{d}/one", "--out", "{d}/o", "--timeout", "nan"], 2, ["--timeout", "finite"]),
    "extract: --memory-mb 100": (["extract", "{d}/one", "--out", "{d}/o", "--memory-mb", "100"], 2, ["--memory-mb"]),
    "extract: --ocr bogus": (["extract", "{d}/one", "--out", "{d}/o", "--ocr", "bogus"], 2, ["--ocr", "invalid choice"]),
    "extract: no --out": (["extract", "{d}/one"], 2, ["extract", "--out"]),
    # ingest
    "ingest: missing SRC_DIR": (["ingest", "{d}/nope", "--out", "{d}/o"], 2, ["nope", "no such file"]),
    "ingest: SRC_DIR is a file": (["ingest", "{d}/afile", "--out", "{d}/o"], 2, ["afile", "not a directory"]),
    "ingest: --out is a file": (["ingest", "{d}/one", "--out", "{d}/afile"], 2, ["afile", "not a directory"]),
    "ingest: --out under a file": (["ingest", "{d}/one", "--out", "{d}/afile/ds"], 5, ["afile/ds", "cannot create"]),
    "ingest: --timeout -1": (["ingest", "{d}/one", "--out", "{d}/o", "--timeout", "-1"], 2, ["--timeout"]),
    "ingest: --timeout-per-page inf": (["ingest", "{d}/one", "--out", "{d}/o", "--timeout-per-page", "inf"], 2, ["--timeout-per-page"]),
    "ingest: unknown option": (["ingest", "{d}/one", "--out", "{d}/o", "--purge"], 2, ["--purge", "unrecognized"]),
    # inspect
    "inspect: missing file": (["inspect", "{d}/nope.pdf", "--page", "1", "--out", "{d}/x.png"], 2, ["nope.pdf", "no such file"]),
    "inspect: a directory": (["inspect", "{d}/one", "--page", "1", "--out", "{d}/x.png"], 2, ["one", "is a directory, not a file"]),
    "inspect: --out is a directory": (["inspect", "{d}/one/a.pdf", "--page", "1", "--out", "{d}/empty"], 2, ["empty", "is a directory"]),
    "inspect: --out under a file": (["inspect", "{d}/one/a.pdf", "--page", "1", "--out", "{d}/afile/x.png"], 5, ["afile/x.png", "cannot be written"]),
    "inspect: no such page": (["inspect", "{d}/one/a.pdf", "--page", "99", "--out", "{d}/x.png"], 2, ["a.pdf", "no page 99"]),
    "inspect: --dpi 0": (["inspect", "{d}/one/a.pdf", "--page", "1", "--out", "{d}/x.png", "--dpi", "0"], 2, ["--dpi"]),
    "inspect: no --page": (["inspect", "{d}/one/a.pdf", "--out", "{d}/x.png"], 2, ["--page"]),
    # show
    "show: missing file": (["show", "{d}/nope.pdf"], 2, ["nope.pdf", "no such file"]),
    "show: a directory": (["show", "{d}/one"], 2, ["one", "is a directory, not a file"]),
    "show: --width 0": (["show", "{d}/one/a.pdf", "--width", "0"], 2, ["--width"]),
    "show: --table bogus": (["show", "{d}/one/a.pdf", "--table", "bogus"], 2, ["--table", "invalid choice"]),
    # repair
    "repair: unknown option": (["repair", "--bogus"], 2, ["--bogus", "unrecognized"]),
    "repair: --learn missing file": (["repair", "--learn", "{d}/nope.txt"], 2, ["nope.txt", "no such file"]),
    # no command at all
    "no command": ([], 2, ["command"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_path_or_option_is_one_line_and_its_exit_code(place, case):
    args, code, fragments = CASES[case]
    proc = cli(*(a.format(d=place) for a in args))
    one_line(proc, code, *(f.format(d=place) for f in fragments))
    assert not (place / "o").exists(), "nothing is written for a bad command line"


def test_lock_names_its_holder_both_ways(place, tmp_path):
    from fca_extract.ops.lock import DirLock

    for holder, other in (("ingest", ["extract", place / "one"]), ("extract", ["ingest", place / "one"])):
        out = tmp_path / holder
        with DirLock(out, holder):
            proc = cli(*other, "--out", out, "--ocr", "never")
        one_line(proc, 3, f"locked by a running {holder} (pid {os.getpid()} on ")
        assert not (out / "_ingest.lock").exists()


def test_missing_tesseract_is_found_once_before_any_work(place, tmp_path):
    env = {"FCA_TESSERACT": str(tmp_path / "no-such-tesseract")}
    for cmd in (["extract", place / "one"], ["ingest", place / "one"]):
        out = tmp_path / cmd[0]
        proc = cli(*cmd, "--out", out, "--ocr", "always", env=env)
        one_line(proc, 4, "tesseract not found", "--ocr always")
        assert not out.exists(), "the check comes before any work"


# ---------------------------------------------------------------- extract has what ingest has


@pytest.mark.parametrize("workers", [1, 2])
def test_extract_duplicates_report_no_lock_and_lines_in_input_order(tmp_path, workers):
    """Two identical files: one document, the copy reported as a duplicate (whether the copy comes up
    before or after its original is done); a run report; no lock or staging left. With 2 workers the
    first file's worker is held back, so it finishes last: its line still comes first."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(HP, src / "a.pdf")
    shutil.copy(AR, src / "b.pdf")
    shutil.copy(HP, src / "c.pdf")  # the same bytes as a.pdf
    proc = cli("extract", src / "a.pdf", src / "b.pdf", src / "c.pdf", "--out", out, "--ocr", "never", "--workers", workers,
               env={"FCA_EXTRACT_FAULT": "worker@a.pdf:1:sleep4"} if workers == 2 else {})
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    lines = proc.stdout.splitlines()
    assert [ln.split()[0] + " " + Path(ln.split()[1].rstrip(":")).name for ln in lines[:3]] == ["ok a.pdf", "ok b.pdf", "duplicate c.pdf"], lines
    assert "same bytes as" in lines[2] and str(src / "a.pdf") in lines[2]
    assert "1 duplicates" in lines[3]
    docs = pd.read_parquet(out / "documents")
    assert sorted(docs.file_name) == ["a.pdf", "b.pdf"]
    (report,) = (out / "_runs").glob("*.json")
    rep = json.loads(report.read_text())
    assert rep["counts"]["found"] == 3 and rep["counts"]["extracted"] == 2 and rep["counts"]["duplicate"] == 1 and rep["exit_code"] == 0
    assert {d["path"]: d.get("duplicate_of") for d in rep["documents"]}[str(src / "c.pdf")] == str(src / "a.pdf")
    assert sorted(p.name for p in out.iterdir()) == ["_runs", "activities", "budget", "documents", "goals", "pages", "repairs", "sections"]


def test_unknown_values_are_left_out_of_the_result_line(tmp_path):
    """A scan under ``--ocr never`` finds no type, year or district: the line says ``unknown``, never ``None``."""
    scan = PDF_DIR.parent / "scanned" / "handlingsplan_centrum_2024_scan.pdf"
    proc = cli("extract", scan, "--out", tmp_path / "out", "--ocr", "never")
    assert proc.returncode == 1, proc.stderr
    (line,) = [ln for ln in proc.stdout.splitlines() if scan.name in ln]
    assert "None" not in line and ": unknown — 0 activities" in line, line


def test_worker_logs_reach_verbose(tmp_path):
    proc = cli("extract", HP, "--out", tmp_path / "out", "--ocr", "never", "--verbose", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    logged = [ln for ln in proc.stderr.splitlines() if "fca_extract.ops.runner" in ln and "worker pid" in ln]
    assert len(logged) == 2, proc.stderr  # from inside the worker: started, and done
    pids = {re.search(r"worker pid (\d+)", ln).group(1) for ln in logged}
    assert len(pids) == 1 and pids != {str(os.getpid())}
    quiet = cli("extract", HP, "--out", tmp_path / "out2", "--ocr", "never", "--workers", "1")
    assert quiet.stderr == ""


# ---------------------------------------------------------------- the progress display through a pseudo-terminal


def _terminal(columns: int):
    """A pseudo-terminal of ``columns`` × 24: (master fd, a text stream on the slave side)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    stream = io.TextIOWrapper(os.fdopen(slave, "wb", buffering=0), encoding="utf-8", write_through=True)
    os.set_blocking(master, False)
    return master, stream


def _drain(master: int) -> bytes:
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except (BlockingIOError, OSError):
            return data
        if not chunk:
            return data
        data += chunk


@pytest.mark.parametrize("columns", [60, 120])
def test_progress_fits_the_terminal_and_leaves_nothing_stale(columns):
    """Each worker's line, the run's bar (with ETA) and a message printed meanwhile, at 60 and 120 columns:
    drawn on a screen twice as wide, no line passes the terminal's width (nothing wrapped); after every
    redraw each worker line says exactly its latest state (no stale characters: "pageses"); once closed,
    only the message is left."""
    import pyte

    from fca_extract.ops.console import Console

    master, stream = _terminal(columns)
    screen = pyte.Screen(2 * columns, 24)  # twice as wide: a line longer than the terminal shows, not wraps
    term = pyte.ByteStream(screen)
    console = Console(stdout=stream, stderr=stream)
    assert console.progress
    long = "a/very/long/folder/name/that/goes/on/" * 3 + "handlingsplan_Östra_Göteborg_2024.pdf"
    steps = [("pages", "k1", long, 12, 120), ("pages", "k2", "b.pdf", 1, 3), ("pages", "k1", long, 99, 120),
             ("error", "x.pdf: failed: not a PDF"), ("done", "k2"), ("pages", "k3", "c.pdf", 7, 9), ("pages", "k1", long, 100, 120),
             ("done", "k1"), ("pages", "k3", "c.pdf", 8, 9), ("done", "k3")]

    def rows() -> list[str]:
        term.feed(_drain(master))
        return [r.rstrip() for r in screen.display]

    bar = console.bar(3, workers=2)
    expected = {0: "worker 1: idle", 1: "worker 2: idle"}
    try:
        for step in steps:
            kind, *rest = step
            if kind == "pages":
                key, name, done, total = rest
                bar.pages(key, name, done, total)
                expected[bar.slots[key]] = f"worker {bar.slots[key] + 1}: {name} page {done}/{total}"
            elif kind == "done":
                slot = bar.slots[rest[0]]
                bar.done(rest[0])
                expected[slot] = f"worker {slot + 1}: idle"
            else:
                console.error(rest[0])
            screen_rows = rows()
            assert all(len(r) <= columns for r in screen_rows), (step, [r for r in screen_rows if len(r) > columns])
            for slot, text in expected.items():
                shown = [r for r in screen_rows if r.startswith(f"worker {slot + 1}: ")]
                assert len(shown) == 1, (step, screen_rows)
                want = text if len(text) < columns else None
                if want is not None:
                    assert shown[0] == want, (step, shown[0], want)
                else:  # cut in the middle to the width: its start and its end
                    assert len(shown[0]) == columns - 1 and shown[0].endswith(text[-12:]) and "…" in shown[0], shown[0]
            (main,) = [r for r in screen_rows if r.startswith("documents")]
            assert "<" in main and main.endswith("failed")  # elapsed<remaining (the ETA), the failures last
    finally:
        bar.close()
    left = [r for r in rows() if r]
    assert left == ["fca-extract: x.pdf: failed: not a PDF"], left
    stream.close()
    os.close(master)

