"""OCR seconds per page: the pipeline's OCR stage beside plain ``tesseract`` on the same page images.

    .venv/bin/python benchmarks/bench_ocr.py [PDF...] [--workers 1 2] [--rounds N]

Default PDFs: the image-only scanned fixtures (``fixtures/scanned/*_scan.pdf``).
Every page is rendered once at 300 dpi (grayscale, as the pipeline renders
it) into a PGM file; then, in one run:

* **tesseract**: ``tesseract page.pgm stdout -l swe --dpi 300 tsv`` on each
  image, N at a time (a thread per running process), document by document
  like the pipeline — the plain CLI with nothing around it. ``OMP_THREAD_LIMIT=1`` as in the pipeline: with its
  default OpenMP threads Tesseract 5 is several times *slower* on a small
  machine (``--omp-default`` measures that too);
* **pipeline**: :func:`fca_extract.pages.source.read_pages` with
  ``--ocr always`` over the same PDFs and ``workers=N`` — rendering, turning
  sideways pages, deskew, ruling detection, Tesseract, re-reading doubtful
  words, building the page object, the ordered process pool included.

Printed as one table: seconds per page, the pipeline's overhead over plain
Tesseract with the same number of workers (goal ≤ 20 %), and each method's
speed-up from 1 to 2 workers (goal ≥ 1.7×). Best of ``--rounds``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def render_all(pdfs: list[Path], out: Path, dpi: int = 300) -> list[list[Path]]:
    """Each PDF's pages as PGM files (the pipeline's rendering), one list per PDF."""
    import cv2
    import pypdfium2 as pdfium

    from fca_extract.ocr import raster

    docs = []
    for pdf in pdfs:
        doc = pdfium.PdfDocument(str(pdf))
        n = len(doc)
        doc.close()
        paths = []
        for i in range(n):
            p = out / f"{pdf.stem}_{i + 1:03d}.pgm"
            cv2.imwrite(str(p), raster.render_page(str(pdf), i, dpi))
            paths.append(p)
        docs.append(paths)
    return docs


def plain_tesseract(docs: list[list[Path]], workers: int, omp_default: bool = False) -> float:
    env = dict(os.environ)
    if omp_default:
        env.pop("OMP_THREAD_LIMIT", None)
    else:
        env["OMP_THREAD_LIMIT"] = "1"

    def one(p: Path) -> None:
        subprocess.run(["tesseract", str(p), "stdout", "-l", "swe", "--dpi", "300", "tsv"], check=True, capture_output=True, env=env)

    t = time.perf_counter()
    for images in docs:  # document by document, as the pipeline goes
        with ThreadPoolExecutor(workers) as ex:
            list(ex.map(one, images))
    return time.perf_counter() - t


def pipeline(pdfs: list[Path], workers: int) -> tuple[float, int]:
    import pdfplumber

    from fca_extract.pages.source import SourceOptions, read_pages

    opts = SourceOptions(ocr="always", workers=workers)
    n = 0
    t = time.perf_counter()
    for pdf_path in pdfs:
        with pdfplumber.open(pdf_path) as pdf:
            for read in read_pages(pdf, opts):
                if read.failure is not None:
                    raise SystemExit(f"{pdf_path}: {read.failure}")
                n += 1
    return time.perf_counter() - t, n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--omp-default", action="store_true", help="also time plain tesseract with its default OpenMP threads (1 worker)")
    args = ap.parse_args(argv)
    pdfs = args.pdfs or sorted((ROOT / "fixtures" / "scanned").glob("*_scan.pdf"))
    from fca_extract.ocr.tesseract import check_tesseract

    version = ".".join(map(str, check_tesseract()))
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        images = render_all(pdfs, Path(tmp))
        n = sum(map(len, images))
        print(f"{n} pages from {len(pdfs)} PDFs ({', '.join(p.name for p in pdfs)}); tesseract {version}; {os.cpu_count()} cores; best of {args.rounds}")
        res: dict[tuple[str, int], float] = {}
        for _ in range(args.rounds):
            for w in args.workers:
                t = plain_tesseract(images, w)
                res["tesseract", w] = min(res.get(("tesseract", w), float("inf")), t)
                t, got = pipeline(pdfs, w)
                assert got == n, (got, n)
                res["pipeline", w] = min(res.get(("pipeline", w), float("inf")), t)
        if args.omp_default:
            res["tesseract (OpenMP default)", 1] = plain_tesseract(images, 1, omp_default=True)

    w1 = min(args.workers)
    head = f"{'method':28} {'workers':>7} {'seconds':>8} {'s/page':>7} {'overhead':>9} {'speed-up':>9}"
    print(head + "\n" + "-" * len(head))
    ok = True
    for (method, w), t in res.items():
        per = t / n
        overhead = ""
        if method == "pipeline" and ("tesseract", w) in res:
            o = t / res["tesseract", w] - 1
            overhead = f"{o:+.0%}"
            ok &= o <= 0.20
        speed = ""
        if (method, w1) in res and w != w1:
            s = res[method, w1] / t
            speed = f"{s:.2f}×"
            if method == "pipeline" and w == 2:
                ok &= s >= 1.7
        print(f"{method:28} {w:>7} {t:>8.1f} {per:>7.2f} {overhead:>9} {speed:>9}")
    print("goals (overhead ≤ +20 %, 2 workers ≥ 1.7× one): " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
