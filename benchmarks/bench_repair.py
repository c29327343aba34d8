"""Speed of the repair stage.

    .venv/bin/python benchmarks/bench_repair.py [--rounds N]

Prints the time to load the lexicon (wordfreq sv + hunspell sv_SE), to build its
candidate index (first damaged word), and chars/second of ``repair_text`` on the
clean seed (text layer, 001) and on the OCR seed (000), whole document and
cell by cell (the pipeline repairs each table cell on its own).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = Path("/work/shared/seeds")
if not SEEDS.exists():
    SEEDS = ROOT.parent / "shared" / "seeds"


def best_of(rounds: int, fn) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    t = time.perf_counter()
    from fca_extract.repair import Lexicon, RepairConfig, estimate_damage_rate, repair_text
    lex = Lexicon.default()
    lex.is_word("barn")
    print(f"lexicon load: {time.perf_counter() - t:.3f} s")
    t = time.perf_counter()
    lex.words_for_key("barn")
    print(f"candidate index build (lazy, first damaged word): {time.perf_counter() - t:.3f} s")

    for name, label in (("001_8a687878c809fdca.txt", "clean text layer (001)"),
                        ("000_ae3de9a0def5477d.txt", "OCR (000)")):
        text = (SEEDS / name).read_text(encoding="utf-8")
        repair_text(text, lexicon=lex)  # warm caches once, as a batch would
        dt = best_of(args.rounds, lambda: repair_text(text, lexicon=lex))
        print(f"{label}: whole text {len(text)} chars in {dt * 1000:.1f} ms = {len(text) / dt:,.0f} chars/s")
        cells = [c for c in text.split("\n\n") if c.strip()]
        cfg = RepairConfig(damage_rate=estimate_damage_rate(text, lex))
        dt = best_of(args.rounds, lambda: [repair_text(c, cfg, lex) for c in cells])
        print(f"{label}: {len(cells)} cells one by one in {dt * 1000:.1f} ms = {len(text) / dt:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
