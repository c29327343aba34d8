"""``fca-extract repair``: Swedish text repaired from one stream to another.

The options are parsed by :mod:`fca_extract.cli`, which calls :func:`repair_stream`.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import RepairConfig, repair_text
from .lexicon import Lexicon


def repair_stream(stdin, stdout, *, explain: bool = False, learn: Iterable[str] = (), use_context: bool = True) -> None:  # noqa: ANN001
    """Repair the text of ``stdin`` onto ``stdout``.

    ``explain``: after the text, one ``#`` line per change; ``learn``: files of
    clean text of the same batch to learn words and word pairs from;
    ``use_context``: score words with their neighbours.
    """
    lex = Lexicon.default()
    learn = list(learn)
    if learn:
        lex = lex.copy()
        for path in learn:
            with open(path, encoding="utf-8") as fh:
                lex.learn(fh.read())
    text = stdin.read()
    fixed, changes = repair_text(text, RepairConfig(use_context=use_context), lex)
    stdout.write(fixed)
    if explain:
        if not fixed.endswith("\n"):
            stdout.write("\n")
        stdout.write(f"# {len(changes)} change(s)\n")
        for c in changes:
            orig, rep = c.original.replace("\n", "\\n"), c.repaired.replace("\n", "\\n")
            stdout.write(f"# {c.start}\t{orig} -> {rep}\t{c.method}\t{c.confidence:.2f}\n")
