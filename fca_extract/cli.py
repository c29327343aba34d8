"""Command line: ``fca-extract extract|ingest|repair|inspect|show|report``; all argument parsing is here.

Printing lives here and in :mod:`fca_extract.ops.console`, never in the stages.
Errors are one line on stderr: ``fca-extract: FILE: reason``. ``extract`` and
``ingest`` run each document in a worker (:mod:`fca_extract.ops.runner`) and
never load a stage themselves: the job they hand the workers is named in
:mod:`fca_extract.jobs`.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from pathlib import Path

from . import __version__
from .errors import ExitCode, FcaError, UsageError
from .jobs import ExtractSettings, extract_job
from .ops import batch
from .ops.batch import PathProblem, find_pdfs
from .ops.console import Console, OneLineFormatter
from .ops.deps import check_programs
from .ops.ingest import IngestSettings, run_ingest
from .ops.names import printable
from .ops.paths import check_input, check_output, input_problem
from .ops.paths import error as path_error
from .ops.runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, QUIET_LOGGERS, Limits, default_workers
from .vocab import OcrMode

log = logging.getLogger("fca_extract")

SHOW_TABLES = ("activities", "goals", "budget")
REPAIR_DESCRIPTION = "Repair Swedish text read on stdin; write it on stdout."


class OneLineParser(argparse.ArgumentParser):
    """argparse with its errors as one line, ``fca-extract: extract: argument --ocr: invalid choice: …`` (exit 2)."""

    def error(self, message: str):  # noqa: ANN201 - argparse's signature
        raise UsageError(f"{self.prog.removeprefix('fca-extract').strip() or 'usage'}: {message} (--help shows the options)")


def _workers(args) -> int:
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    return args.workers or default_workers()


def _limits(args) -> Limits:
    for name, v in (("--timeout", args.timeout), ("--timeout-per-page", args.timeout_per_page), ("--memory-mb", args.memory_mb)):
        if not math.isfinite(v) or v < 0:
            raise UsageError(f"{name} must be a finite number of at least 0 (0 = no limit), not {v}")
    if 0 < args.memory_mb < 256:
        raise UsageError("--memory-mb below 256 cannot even load the pipeline")
    if args.timeout_per_page and not args.timeout:
        raise UsageError("--timeout-per-page needs a --timeout (0 means no limit at all)")
    return Limits(timeout_s=args.timeout, memory_mb=args.memory_mb, per_page_s=args.timeout_per_page)


def cmd_extract(args) -> int:
    workers = _workers(args)
    limits = _limits(args)
    console = Console(quiet=args.quiet, verbose=args.verbose)
    pdfs, problems = find_pdfs(args.paths)
    for path, problem, detail in problems:
        console.error(f"{path}: {problem.value}" + (f" ({detail})" if detail else ""))
    if not pdfs:
        return ExitCode.usage  # each PATH said why it gave none
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: exists and is not a directory")
    if any(problem is PathProblem.MISSING for _, problem, _ in problems):
        return ExitCode.usage  # a mistyped PATH: nothing is done
    # documents run in parallel workers; a document's own OCR pages then get one core each
    job = extract_job(ExtractSettings(ocr=OcrMode(args.ocr), ocr_workers=1 if workers > 1 else None))
    no_tesseract = check_programs(job, OcrMode(args.ocr), console)  # once, before any work
    code = batch.run_extract(batch.ExtractSettings(pdfs, out, workers, limits), job, console, path_problems=bool(problems))
    return ExitCode.missing_dependency if no_tesseract and code == ExitCode.ok else code


def cmd_ingest(args) -> int:
    workers = _workers(args)
    # document-level parallelism: each worker does its own OCR in one process
    job = extract_job(ExtractSettings(ocr=OcrMode(args.ocr), ocr_workers=1 if workers > 1 else args.workers))
    cfg = IngestSettings(Path(args.src), Path(args.out), workers, _limits(args), prune=args.prune, dry_run=args.dry_run,
                         follow_symlinks=args.follow_symlinks)
    console = Console(quiet=args.quiet, verbose=args.verbose)
    return run_ingest(cfg, job, console, preflight=lambda: check_programs(job, OcrMode(args.ocr), console))


def run_repair(argv: list[str], stdin, stdout) -> int:  # noqa: ANN001 - file-like objects
    """``fca-extract repair ARGV``: text from ``stdin`` repaired to ``stdout``."""
    p = OneLineParser(prog="fca-extract repair", description=REPAIR_DESCRIPTION)
    p.add_argument("--explain", action="store_true",
                   help="after the text, list every change (offset, original -> repaired, method, confidence)")
    p.add_argument("--learn", action="append", default=[], metavar="FILE",
                   help="clean text of the same batch to learn words and word pairs from (repeatable)")
    p.add_argument("--no-context", action="store_true", help="score words alone, without neighbours")
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except UsageError as e:
        print(f"fca-extract: {printable(str(e))}", file=sys.stderr)
        return ExitCode.usage
    for f in args.learn:
        found = input_problem(Path(f))
        if found is not None:
            print(f"fca-extract: {printable(str(path_error(Path(f), found)))}", file=sys.stderr)
            return ExitCode.usage
    from .repair.cli import repair_stream  # the repair stage and its lexicon: for this command only

    repair_stream(stdin, stdout, explain=args.explain, learn=args.learn, use_context=not args.no_context)
    return ExitCode.ok


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command."""
    ap = OneLineParser(prog="fca-extract", description="FCA handlingsplaner and årsrapporter (PDF) to Parquet.")
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        g = p.add_mutually_exclusive_group()
        g.add_argument("-q", "--quiet", action="store_true", help="print only errors")
        g.add_argument("-v", "--verbose", action="store_true", help="print every warning and debug logging")
        p.add_argument("--ocr", choices=[m.value for m in OcrMode], default=OcrMode.AUTO.value,
                       help="OCR pages: auto (pages without a usable text layer), never, always")
        p.add_argument("--workers", type=int, default=None, help="parallel workers (default: the machine's cores)")

    def limits(p: argparse.ArgumentParser) -> None:
        p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                       help=f"wall-time limit per document, a hard limit (default {DEFAULT_TIMEOUT_S:g}; 0 = none)")
        p.add_argument("--timeout-per-page", type=float, default=0.0, metavar="SECONDS",
                       help="let a document of N pages run SECONDS x N when that is longer than --timeout (default: off)")
        p.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                       help=f"memory (address space) limit per worker (default {DEFAULT_MEMORY_MB}; 0 = none)")

    p = sub.add_parser("extract", help="extract PDFs (files or directories) into a Parquet dataset")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", required=True, metavar="DIR")
    limits(p)
    common(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "ingest",
        help="incremental, crash-safe ingest of a drop folder into a dataset (the nightly job)",
        description="Extract new and changed PDFs of SRC_DIR into the dataset DIR; skip what is done. "
        "Exit codes: 0 all ok, 1 some document failed or is partial (or a part of SRC_DIR was not read), 2 usage, "
        "3 DIR locked by another run, 4 Tesseract missing, 5 the run cannot go on (disk full, DIR unwritable or unsafe), 130 interrupted.",
    )
    p.add_argument("src", metavar="SRC_DIR")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--prune", action="store_true",
                   help="remove the rows of files gone from SRC_DIR (default: keep them; off for a run that cannot list all of SRC_DIR)")
    p.add_argument("--dry-run", action="store_true", help="list what would be done; write nothing")
    p.add_argument("--follow-symlinks", action="store_true", help="read symbolic links that lead out of SRC_DIR (default: skip them, with a warning)")
    limits(p)
    common(p)
    p.set_defaults(func=cmd_ingest)

    # listed for --help; main() hands "repair ..." to run_repair, which parses its options
    sub.add_parser("repair", help="repair Swedish text read on stdin, write it on stdout (repair --help for options)", add_help=False)

    p = sub.add_parser("inspect", help="draw what the pipeline found on a page (rulings, cells, rows, column roles, decisions, low-confidence OCR) into a PNG")
    p.add_argument("pdf", metavar="PDF")
    p.add_argument("--page", type=int, required=True, metavar="N", help="1-based page number")
    p.add_argument("--out", required=True, metavar="PNG", help="image to write")
    p.add_argument("--dpi", type=float, default=100, help="resolution of the page image (default 100)")
    p.add_argument("--exact", action="store_true", help="OCR the earlier pages too, as the extraction does (default: only page N is OCR'd)")
    common(p)
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("show", help="print the reassembled rows of one document as a table")
    p.add_argument("pdf", metavar="PDF")
    p.add_argument("--table", choices=SHOW_TABLES, default="activities", help="which rows (default activities)")
    p.add_argument("--width", type=int, default=40, help="characters shown of each field (default 40)")
    common(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("report", help="write a self-contained HTML report of one document for review: every page drawn as inspect draws it, the rows of show, linked both ways")
    p.add_argument("pdf", metavar="PDF")
    p.add_argument("--out", required=True, metavar="HTML", help="file to write")
    p.add_argument("--dpi", type=float, default=100, help="resolution of the page images (default 100)")
    common(p)
    p.set_defaults(func=cmd_report)
    return ap


# the reviewers' tools load the whole pipeline: imported for their own commands only
def cmd_inspect(args) -> int:
    check_input(Path(args.pdf))
    check_output(Path(args.out))
    from .debug.inspect import cmd_inspect as run

    return run(args)


def cmd_show(args) -> int:
    check_input(Path(args.pdf))
    from .debug.inspect import cmd_show as run

    return run(args)


def cmd_report(args) -> int:
    from .debug.report import cmd_report as run

    return run(args)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["repair"]:
        return run_repair(argv[1:], sys.stdin, sys.stdout)
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:  # --help, --version
        return int(e.code or 0) and ExitCode.usage
    except UsageError as e:
        print(f"fca-extract: {printable(str(e))}", file=sys.stderr)
        return ExitCode.usage
    verbose = getattr(args, "verbose", False)
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("%(levelname)s %(name)s: %(message)s" if verbose else "fca-extract: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])
    # the parsers log every operator at DEBUG: --verbose is about our decisions, not theirs
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        return int(args.func(args))
    except FcaError as e:  # a usage error (2), a lock held (3), the run cannot go on (5) …: one line
        print(f"fca-extract: {printable(str(e))}", file=sys.stderr)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print("fca-extract: interrupted", file=sys.stderr)
        return ExitCode.interrupted
