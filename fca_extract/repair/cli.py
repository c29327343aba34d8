"""``fca-extract repair [--explain] [--learn FILE ...]``: repair text from stdin to stdout."""

from __future__ import annotations

import argparse


def run(argv: list[str], stdin, stdout) -> int:  # noqa: ANN001 - file-like objects
    from . import RepairConfig
    from . import repair_text
    from .lexicon import Lexicon

    p = argparse.ArgumentParser(prog="fca-extract repair",
                                description="Repair Swedish text read on stdin; write it on stdout.")
    p.add_argument("--explain", action="store_true",
                   help="after the text, list every change (offset, original -> repaired, method, confidence)")
    p.add_argument("--learn", action="append", default=[], metavar="FILE",
                   help="clean text of the same batch to learn words and word pairs from (repeatable)")
    p.add_argument("--no-context", action="store_true", help="score words alone, without neighbours")
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    lex = Lexicon.default()
    if args.learn:
        lex = lex.copy()
        for path in args.learn:
            with open(path, encoding="utf-8") as fh:
                lex.learn(fh.read())
    text = stdin.read()
    fixed, changes = repair_text(text, RepairConfig(use_context=not args.no_context), lex)
    stdout.write(fixed)
    if args.explain:
        if not fixed.endswith("\n"):
            stdout.write("\n")
        stdout.write(f"# {len(changes)} change(s)\n")
        for c in changes:
            orig, rep = c.original.replace("\n", "\\n"), c.repaired.replace("\n", "\\n")
            stdout.write(f"# {c.start}\t{orig} -> {rep}\t{c.method}\t{c.confidence:.2f}\n")
    return 0


def main() -> None:  # pragma: no cover - convenience for `python -m fca_extract.repair.cli`
    import sys
    raise SystemExit(run(sys.argv[1:], sys.stdin, sys.stdout))


if __name__ == "__main__":  # pragma: no cover
    main()
