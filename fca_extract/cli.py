"""Command line: ``fca-extract extract|repair|...``.

All printing lives here (and in the ingest runner), never in the stages.
Errors are one line on stderr: ``fca-extract: FILE: reason``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections import Counter
from pathlib import Path

from . import __version__
from .errors import ExitCode, FcaError, UsageError

log = logging.getLogger("fca_extract")

# modules that add their own sub-command (ingest, inspect/show)
PLUGIN_COMMANDS = ("fca_extract.ops.ingest", "fca_extract.debug.inspect")


def find_pdfs(paths: list[str], err) -> tuple[list[Path], list[str]]:
    """PDF files from files and directories (recursive, any case of ``.pdf``); problems as lines."""
    found: list[Path] = []
    problems: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            pdfs = sorted(q for q in p.rglob("*") if q.suffix.lower() == ".pdf" and q.is_file())
            if not pdfs:
                problems.append(f"{p}: directory holds no PDF files")
            found.extend(pdfs)
        elif p.is_file():
            found.append(p)
        else:
            problems.append(f"{p}: no such file or directory")
    return found, problems


def _progress_enabled(args) -> bool:
    return not args.quiet and sys.stderr.isatty()


def cmd_extract(args) -> int:
    import os
    import shutil

    from .ops.lock import DirLock
    from .pipeline import Options
    from .ops.progress import ProgressBar
    from .ops.runner import Limits, Task, commit_plain, default_workers, run_documents
    from .pages.source import SourceOptions

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    pdfs, problems = find_pdfs(args.paths, sys.stderr)
    for line in problems:
        print(f"fca-extract: {line}", file=sys.stderr)
    if not pdfs:
        print("fca-extract: no PDF files to extract", file=sys.stderr)
        return ExitCode.usage
    out = Path(args.out)
    workers = args.workers or default_workers()
    # documents run in parallel workers; a document's own OCR pages then get one core each
    options = Options(source=SourceOptions(ocr=args.ocr, workers=1 if workers > 1 else None))
    statuses: Counter[str] = Counter()
    rows: Counter[str] = Counter()
    n_warn = 0
    out.mkdir(parents=True, exist_ok=True)
    staging = out / "_staging" / f"extract-{os.getpid()}"
    bar = ProgressBar(_progress_enabled(args), len(pdfs))
    missing_dependency = False

    def on_pages(task, pages_done, n_pages):
        bar.update(sum(statuses.values()), statuses["failed"], str(task.path), (pages_done, n_pages))

    with DirLock(out, "extract"):  # exit 3 while an ingest writes the same directory
        try:
            # each document in its own worker process, with a wall-time and a memory limit
            for o in run_documents((Task(p) for p in pdfs), staging, options, workers, Limits(), on_pages):
                bar.close()
                missing_dependency = missing_dependency or o.missing_dependency
                commit_plain(out, o)
                statuses[o.status] += 1
                n_warn += o.n_warnings
                for t, n in o.counts.items():
                    rows[t] += n
                if o.status != "ok":
                    print(f"fca-extract: {o.path}: {o.status}: {o.error}", file=sys.stderr)
                if o.status == "failed":
                    continue
                if not args.quiet:
                    c = o.counts
                    print(
                        f"{o.status:8} {o.path}: {o.doc_type} {o.year} {o.district} — {c.get('activities', 0)} activities, "
                        f"{c.get('goals', 0)} goals, {c.get('budget', 0)} budget, {c.get('sections', 0)} sections, {o.n_warnings} warnings"
                    )
                if args.verbose:
                    for w in o.warnings:
                        print(f"  warning: {o.path}: {w}")
        finally:
            bar.close()
            shutil.rmtree(staging, ignore_errors=True)
            try:
                (out / "_staging").rmdir()
            except OSError:
                pass
    total = sum(statuses.values())
    if not args.quiet:
        print(
            f"{total} documents: {statuses['ok']} ok, {statuses['partial']} partial, {statuses['failed']} failed; "
            f"rows: " + ", ".join(f"{t} {rows[t]}" for t in ("activities", "goals", "budget", "sections", "pages", "repairs"))
            + f"; {n_warn} warnings; dataset in {out}"
        )
    if missing_dependency:
        return ExitCode.missing_dependency  # the installation, not the documents, needs fixing
    if problems:
        return ExitCode.usage if any("no such file" in p for p in problems) else ExitCode.documents_failed
    return ExitCode.ok if statuses["ok"] == total else ExitCode.documents_failed


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="fca-extract", description="FCA handlingsplaner and årsrapporter (PDF) to Parquet.")
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        g = p.add_mutually_exclusive_group()
        g.add_argument("-q", "--quiet", action="store_true", help="print only errors")
        g.add_argument("-v", "--verbose", action="store_true", help="print every warning and debug logging")
        p.add_argument("--ocr", choices=["auto", "never", "always"], default="auto", help="OCR pages: auto (pages without a usable text layer), never, always")
        p.add_argument("--workers", type=int, default=None, help="parallel workers (default: the machine's cores)")

    p = sub.add_parser("extract", help="extract PDFs (files or directories) into a Parquet dataset")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", required=True, metavar="DIR")
    common(p)
    p.set_defaults(func=cmd_extract)

    # the repair stage owns its options (--explain, --learn FILE, --no-context): pass them through
    # listed here for --help; main() hands "repair ..." to the repair stage's own parser
    sub.add_parser("repair", help="repair Swedish text read on stdin, write it on stdout (repair --help for options)", add_help=False)
    # commands that live with their own stage: each module has register(sub, common)
    for name in PLUGIN_COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise
            continue
        module.register(sub, common)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["repair"]:
        # the repair stage owns its options (--explain, --learn FILE, --no-context)
        from .repair import run_repair_cli

        return run_repair_cli(argv[1:], sys.stdin, sys.stdout)
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0) and ExitCode.usage
    logging.basicConfig(level=logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # the parsers log every operator at DEBUG: --verbose is about our decisions, not theirs
    for name in ("pdfminer", "PIL", "pypdfium2"):
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        return int(args.func(args))
    except UsageError as e:
        print(f"fca-extract: {e}", file=sys.stderr)
        return ExitCode.usage
    except FcaError as e:
        print(f"fca-extract: {e}", file=sys.stderr)
        return int(e.exit_code)
    except KeyboardInterrupt:
        print("fca-extract: interrupted", file=sys.stderr)
        return ExitCode.interrupted
