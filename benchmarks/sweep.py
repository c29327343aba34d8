#!/usr/bin/env python
"""Sweep: generate FCA documents from a seed range, extract them, compare with their truth.

    python benchmarks/sweep.py --seeds 10000:10060 [--jobs 2] [--out DIR] [--scans N] [--writer W]

Seed ranges (fixtures/generator/README.md):
  TUNING     0–9999   — look at these documents while developing;
  REPORTING  10000+   — only run them for the figures you report; never look at them while developing.

Prints one table per PDF writer and per text layer / scan: documents, rows truth/found, % rows with
the four fields exact (delmal, activity, ansvar, outcome; and the same incl. malomrade_no and
delmal_no), mean field character similarity, % page spans right, budget cells exact, goals exact,
metadata right; then the failures by kind (and by detail) with counts and examples. The per-document
results go to DIR/sweep-results.json. The comparison lives in fixtures/generator/compare.py.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # appended: a PYTHONPATH copy of fca_extract (a snapshot to measure) still wins

from fixtures.generator import REPORTING_START, generate  # noqa: E402
from fixtures.generator.__main__ import parse_seeds  # noqa: E402
from fixtures.generator.compare import DocResult, compare  # noqa: E402
from fixtures.generator.truth import Truth  # noqa: E402


def extract_tables(pdf: Path, workers: int = 1) -> tuple[dict[str, list[dict]], str | None]:
    """The extracted tables of one PDF and the failure reason (None if not failed).

    Every fca_extract call of the sweep (and of tests/test_generated_sample.py) is here: update this if the
    package moves. ``workers``: OCR processes (the sweep runs documents side by side instead).
    """
    import dataclasses

    from fca_extract.pipeline import Options, extract_document

    opts = Options(source=dataclasses.replace(Options().source, workers=workers))
    r = extract_document(Path(pdf), opts)
    return r.tables, (r.error if str(r.status) == "failed" else None)


# ------------------------------------------------------------------ work items (run in worker processes)
def _gen(seed: int, out: str, scan: bool, writer: str | None) -> list[tuple[str, str, float]]:
    kw = {"writer": writer} if writer else {}
    done = []
    t0 = time.perf_counter()
    pdf, t = generate(seed, out, **kw)
    done.append((str(pdf), str(pdf.with_suffix("")) + ".truth.json", time.perf_counter() - t0))
    if scan:
        t1 = time.perf_counter()
        spdf, _ = generate(seed, out, scan=True, **kw)
        done.append((str(spdf), str(spdf.with_suffix("")) + ".truth.json", time.perf_counter() - t1))
    return done


def _extract(pdf: str, truth_path: str) -> dict:
    truth = Truth.load(Path(truth_path))
    t0 = time.perf_counter()
    try:
        tables, error = extract_tables(Path(pdf))
    except Exception as e:  # a crash is a result too
        tables, error = {}, f"{type(e).__name__}: {e}"
    res = compare(truth, tables, seconds=time.perf_counter() - t0, error=error)
    return res.to_dict()


def _extract_item(item: tuple[str, str]) -> dict:
    return _extract(*item)


def _result(d: dict) -> DocResult:
    from fixtures.generator.compare import Failure

    d = dict(d)
    d.pop("similarity", None)
    d["failures"] = [Failure(**f) for f in d["failures"]]
    return DocResult(**d)


# ------------------------------------------------------------------ report
def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:5.1f}" if b else "    –"


def table(results: list[DocResult]) -> str:
    groups: dict[tuple[str, str], list[DocResult]] = defaultdict(list)
    for r in results:
        groups[(r.writer, r.source)].append(r)
    head = (f"{'writer':<12} {'source':<12} {'docs':>4} {'rows t/f':>10} {'exact%':>6} {'shown%':>6} {'+nos%':>6} "
            f"{'sim':>6} {'spans%':>6} {'budget%':>7} {'goals%':>6} {'meta%':>6} {'sect%':>6} {'failed':>6}")
    lines = [head, "-" * len(head)]

    def row(label, src, rs):
        rt = sum(r.rows_truth for r in rs)
        simn = sum(r.sim_n for r in rs)
        return (f"{label:<12} {src:<12} {len(rs):>4} {sum(r.rows_truth for r in rs):>5}/{sum(r.rows_found for r in rs):<4} "
                f"{_pct(sum(r.rows_exact for r in rs), rt):>6} {_pct(sum(r.rows_exact_shown for r in rs), rt):>6} "
                f"{_pct(sum(r.rows_exact_numbered for r in rs), rt):>6} "
                f"{(sum(r.sim_sum for r in rs) / simn if simn else 0):6.3f} {_pct(sum(r.spans_right for r in rs), rt):>6} "
                f"{_pct(sum(r.budget_exact for r in rs), sum(r.budget_truth for r in rs)):>7} "
                f"{_pct(sum(r.goals_exact for r in rs), sum(r.goals_truth for r in rs)):>6} "
                f"{_pct(sum(r.metadata_right for r in rs), sum(r.metadata_truth for r in rs)):>6} "
                f"{_pct(sum(r.sections_right for r in rs), sum(r.sections_truth for r in rs)):>6} "
                f"{sum(1 for r in rs if r.error):>6}")

    order = {"libreoffice": 0, "chromium": 1, "weasyprint": 2}
    for (w, s) in sorted(groups, key=lambda k: (k[1] != "text", order.get(k[0], 9), k[1])):
        lines.append(row(w, s, groups[(w, s)]))
    lines.append("-" * len(head))
    text = [r for r in results if r.source == "text"]
    scans = [r for r in results if r.source != "text"]
    if text:
        lines.append(row("all", "text", text))
    if scans:
        lines.append(row("all", "scans", scans))
    return "\n".join(lines)


def failures(results: list[DocResult], examples: int = 2) -> str:
    groups = sorted({(r.writer, r.source) for r in results})
    short = {"libreoffice": "LO", "chromium": "Chr", "weasyprint": "Wea"}
    cols = [f"{short.get(w, w)}/{'txt' if s == 'text' else 'scan' if s == 'scan' else 'ocr'}" for w, s in groups]
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_detail: dict[str, Counter] = defaultdict(Counter)
    ex: dict[str, list[str]] = defaultdict(list)
    for r in results:
        g = (r.writer, r.source)
        for f in r.failures:
            by_kind[f.kind][g] += 1
            if f.detail:
                by_detail[f.kind][f.detail] += 1
            if len(ex[f.kind]) < examples:  # none on reporting seeds
                ex[f.kind].append(f"{r.name} {f.where}: {f.detail + ': ' if f.detail else ''}"
                                  f"truth {f.truth!r} got {f.got!r}")
    if not by_kind:
        return "no failures"
    w0 = max(len(k) for k in by_kind) + 2
    lines = [f"{'failure kind':<{w0}}{'total':>6} " + " ".join(f"{c:>9}" for c in cols)]
    for kind in sorted(by_kind, key=lambda k: -sum(by_kind[k].values())):
        c = by_kind[kind]
        lines.append(f"{kind:<{w0}}{sum(c.values()):>6} " + " ".join(f"{c.get(g, 0):>9}" for g in groups))
        for detail, n in by_detail[kind].most_common(6):
            lines.append(f"    {n:>5} × {detail}")
    if examples:
        lines += ["", "examples:"]
    for kind in sorted(ex):
        for e in ex[kind]:
            lines.append(f"  [{kind}] {e}")
    return "\n".join(lines)


def render(meta: dict, results: list[DocResult], examples: int) -> str:
    """The printed report: what was run, the table per writer and source, the failures by kind."""
    per: dict[str, list[float]] = defaultdict(list)
    for r in results:
        per[r.writer if r.source == "text" else "scan"].append(r.seconds or 0.0)
    lines = [
        f"fca_extract {meta['fca_extract']}" + (f" — {meta['label']}" if meta.get("label") else ""),
        f"sweep over seeds {meta['seeds']}: {meta['n_docs']} documents, {sum(1 for r in results if r.source != 'text')} "
        f"scans (jobs {meta['jobs']}, {meta['cores']} cores)",
        f"generation {meta['generation_seconds']:.0f} s wall (" + ", ".join(
            f"{w} {sum(v) / len(v):.1f} s/doc × {len(v)}" for w, v in sorted(meta["generation_per_doc"].items()))
        + "; files already generated are reused and count their first time)",
        f"extraction {meta['extraction_seconds']:.0f} s wall (" + ", ".join(
            f"{w} {sum(v) / len(v):.1f} s/doc" for w, v in sorted(per.items())) + ")",
        "",
        "exact% = rows with delmal, activity, ansvar, outcome all exact (of truth rows); shown% = also counting rows "
        "that differ only in paragraph breaks, in documents that show none (no spacing between a cell's paragraphs, "
        "and no tags or wrap spaces in a text layer: a paragraph ending on a full line looks like a wrap to any "
        "reader); +nos% = exact and malomrade_no and delmal_no;",
        "sim = mean field character similarity of the rows found; spans% = rows with page_start and page_end right;",
        "budget% = budget cells with post, note, funder, kind, amount exact; goals% = overview goals exact; "
        "meta% = doc_type/year/district/title/n_pages; sect% = sections right (heading + prose text)",
        "",
        table(results),
        "",
        failures(results, examples),
    ]
    if meta.get("generation_failures"):
        lines += ["", "generation failed:"] + [f"  seed {s}: {e}" for s, e in meta["generation_failures"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="10000:10060", help="a:b (b excluded) or a comma list; default 10000:10060")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "sweep")
    ap.add_argument("--scans", type=int, default=None, help="how many documents also get scanned (evenly spread; "
                    "default a fifth); 0 for none")
    ap.add_argument("--writer", choices=("libreoffice", "chromium", "weasyprint"), help="one writer for all")
    ap.add_argument("--examples", type=int, default=None, help="examples printed per failure kind (default: 2 on "
                    "tuning seeds, none on reporting seeds — those are not to be looked at)")
    ap.add_argument("--docs", type=Path, help="where the generated documents go (default OUT/docs; share it between "
                    "sweeps of different code)")
    ap.add_argument("--label", default="", help="a note for the report's first line (e.g. the commit measured)")
    ap.add_argument("--report", type=Path, help="only print the report of an earlier sweep-results.json")
    a = ap.parse_args(argv)
    if a.report:
        data = json.loads(a.report.read_text(encoding="utf-8"))
        results = [_result(d) for d in data["documents"]]
        seeds = parse_seeds(data["meta"]["seeds"])
        ex_n = a.examples if a.examples is not None else (2 if max(seeds) < REPORTING_START else 0)
        print(render(data["meta"], results, ex_n))
        return 0
    seeds = parse_seeds(a.seeds)
    if a.examples is None:
        a.examples = 2 if max(seeds) < REPORTING_START else 0
    n_scan = len(seeds) // 5 if a.scans is None else a.scans
    step = len(seeds) / n_scan if n_scan else 0
    scan_seeds = {seeds[int(i * step)] for i in range(n_scan)} if n_scan else set()
    a.out.mkdir(parents=True, exist_ok=True)
    docs_dir = a.docs or a.out / "docs"

    t0 = time.perf_counter()
    items: list[tuple[str, str, float]] = []
    gen_fail = []
    with ProcessPoolExecutor(a.jobs) as ex:
        futs = {ex.submit(_gen, s, str(docs_dir), s in scan_seeds, a.writer): s for s in seeds}
        for f, s in futs.items():
            try:
                items.extend(f.result())
            except Exception as e:
                gen_fail.append((s, f"{type(e).__name__}: {e}"))
    t_gen = time.perf_counter() - t0
    gen_time: dict[str, list[float]] = defaultdict(list)
    for pdf, tp, sec in items:
        t = Truth.load(Path(tp))
        gen_time[t.writer if not t.scan else "scan"].append(t.timings.get("total", t.timings.get("scan", sec)))

    t1 = time.perf_counter()
    results: list[DocResult] = []
    # a fresh worker every few documents (ProcessPoolExecutor's max_tasks_per_child can hang on 3.11)
    with multiprocessing.get_context("fork").Pool(a.jobs, maxtasksperchild=4) as pool:
        for k, d in enumerate(pool.imap(_extract_item, [(pdf, tp) for pdf, tp, _ in items]), 1):
            results.append(_result(d))
            print(f"[{k}/{len(items)}] {d['name']}: {d['rows_exact']}/{d['rows_truth']} rows exact "
                  f"({d['seconds'] or 0:.0f} s)", file=sys.stderr, flush=True)
    t_ext = time.perf_counter() - t1

    import fca_extract

    meta = {
        "fca_extract": f"{getattr(fca_extract, '__version__', '?')} from {Path(fca_extract.__file__).parent}",
        "label": a.label, "seeds": a.seeds, "n_docs": len(seeds), "jobs": a.jobs, "cores": os.cpu_count(),
        "generation_seconds": t_gen, "generation_per_doc": dict(gen_time), "extraction_seconds": t_ext,
        "generation_failures": gen_fail,
    }
    text = render(meta, results, a.examples)
    print(text)
    (a.out / "sweep-results.json").write_text(json.dumps(
        {"meta": meta, "documents": [r.to_dict() for r in results]}, ensure_ascii=False, indent=1, default=str)
        + "\n", encoding="utf-8")
    (a.out / "sweep-report.txt").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
