"""Speed and memory of the full pipeline beside the libraries a user would otherwise use.

    .venv/bin/python benchmarks/bench_extract.py [PDF...]

Each measurement runs in its own process (so peak RSS is its own) over all
the given PDFs (default: fixtures/pdf/*.pdf), best of ``--rounds``:

* fca-extract: the whole pipeline (load → tables → reassembly → repair → Parquet);
* fca-extract-norepair: the same with every text-repair fix switched off (the repair's cost);
* camelot lattice alone: ``camelot.read_pdf(path, pages="all")``;
* pdfplumber alone: ``page.extract_text()`` on every page.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_one(method: str, pdfs: list[str], rounds: int) -> dict:
    import pdfplumber

    pages = 0
    for p in pdfs:
        with pdfplumber.open(p) as pdf:
            pages += len(pdf.pages)
    setup = 0.0
    if method in ("fca-extract", "fca-extract-norepair"):
        t = time.perf_counter()
        from fca_extract.pipeline import Options, extract_document
        from fca_extract.repair import Lexicon, RepairConfig
        from fca_extract.pages.source import SourceOptions
        from fca_extract.output.write import write_document

        lex = Lexicon.default()
        lex.is_word("förälder")  # force the lazy load
        setup = time.perf_counter() - t
        out = Path(tempfile.mkdtemp())
        off = dict.fromkeys(("mojibake", "unicode_nfc", "ligatures", "soft_hyphens", "odd_spaces", "dehyphenate", "diacritics", "use_context", "age_ranges"), False)
        repair = RepairConfig(**off) if method == "fca-extract-norepair" else RepairConfig()
        opts = Options(source=SourceOptions(ocr="auto"), repair=repair)

        def work(p):
            r = extract_document(Path(p), opts, lex)
            write_document(out, r.doc_id, r.doc_type, r.year, r.tables)

    elif method == "camelot-lattice":
        import camelot

        def work(p):
            camelot.read_pdf(p, pages="all", flavor="lattice")

    elif method == "pdfplumber-text":

        def work(p):
            with pdfplumber.open(p) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()

    else:
        raise SystemExit(f"unknown method {method}")
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        for p in pdfs:
            work(p)
        best = min(best, time.perf_counter() - t)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"method": method, "pages": pages, "seconds": best, "pages_per_s": pages / best, "peak_rss_mb": peak_mb, "setup_s": setup}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdfs", nargs="*")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    pdfs = args.pdfs or sorted(str(p) for p in (ROOT / "fixtures" / "pdf").glob("*.pdf"))
    if args.one:
        print(json.dumps(run_one(args.one, pdfs, args.rounds)))
        return
    results = []
    for method in ("fca-extract", "fca-extract-norepair", "camelot-lattice", "pdfplumber-text"):
        proc = subprocess.run([sys.executable, __file__, "--one", method, "--rounds", str(args.rounds), *pdfs], capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{method}: failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
            continue
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(f"{len(pdfs)} PDFs, best of {args.rounds} rounds, each method in its own process")
    print(f"{'method':<18}{'pages':>6}{'seconds':>9}{'pages/s':>9}{'peak RSS MB':>13}{'one-time setup s':>18}")
    for r in results:
        print(f"{r['method']:<18}{r['pages']:>6}{r['seconds']:>9.2f}{r['pages_per_s']:>9.1f}{r['peak_rss_mb']:>13.0f}{r['setup_s']:>18.2f}")
    by = {r["method"]: r for r in results}
    if "fca-extract" in by and "camelot-lattice" in by and "pdfplumber-text" in by:
        f, c, p = by["fca-extract"]["seconds"], by["camelot-lattice"]["seconds"], by["pdfplumber-text"]["seconds"]
        print(f"fca-extract vs camelot lattice: {c / f:.2f}x faster; vs pdfplumber extract_text: {f / p:.2f}x its time")
    # memory must not grow with the number of pages: the same document 1x and 10x as long
    from pypdf import PdfReader, PdfWriter

    src = ROOT / "fixtures" / "pdf" / "arsrapport_sydvast_2023.pdf"
    print("\npeak RSS of the full pipeline as one document grows")
    print(f"{'pages':>6}{'seconds':>9}{'peak RSS MB':>13}")
    for copies in (1, 10):
        w = PdfWriter()
        for _ in range(copies):
            for page in PdfReader(src).pages:
                w.add_page(page)
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
            w.write(f)
        proc = subprocess.run([sys.executable, __file__, "--one", "fca-extract", "--rounds", "1", f.name], capture_output=True, text=True)
        Path(f.name).unlink()
        if proc.returncode == 0:
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"{r['pages']:>6}{r['seconds']:>9.2f}{r['peak_rss_mb']:>13.0f}")
    if "fca-extract-norepair" in by and "fca-extract" in by:
        n = by["fca-extract-norepair"]["seconds"]
        print(f"text repair adds {100 * (by['fca-extract']['seconds'] - n) / n:.1f}% to the text-layer pipeline (one-time lexicon load excluded)")


if __name__ == "__main__":
    main()
