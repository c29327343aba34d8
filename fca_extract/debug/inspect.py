"""Sub-commands for reviewers: ``fca-extract inspect`` and ``fca-extract show``.

``inspect PDF --page N --out page.png`` renders one page and draws on it what
the pipeline found there (rulings, cells, row boundaries, the column roles of
goal tables, low-confidence OCR words; see :mod:`fca_extract.debug.draw`), so an
extraction can be checked by eye.

``show PDF [--table activities|goals|budget]`` runs the whole pipeline on one
document and prints the reassembled rows as a fixed-width table.

``inspect`` draws the pipeline's own per-page trace
(:func:`fca_extract.pipeline.trace_pages`, the loop ``extract_document``
runs), never a re-implementation, so what is drawn is what the extraction did.
"""

from __future__ import annotations

import itertools
import os
import sys
from contextlib import closing
from pathlib import Path

from ..assemble.driver import Assembler
from ..errors import ExitCode, FcaError, UsageError
from ..model import PageContent
from ..pages.load import check_header, open_pdf
from ..pages.writer import pdf_writer
from ..pages.source import SourceOptions, judge_pages, read_page, read_pages
from ..repair.lexicon import Lexicon
from ..pipeline import PageTrace, document_words, trace_pages
from ..vocab import Status, TextSource
from .draw import draw_overlay

# --- inspect -----------------------------------------------------------------


def _prefixed(path: Path, e: FcaError) -> FcaError:
    err = type(e)(f"{path}: {e}")
    err.exit_code = e.exit_code
    return err


def page_trace(path: Path, page_no: int, source: SourceOptions | None = None, exact: bool = False) -> PageTrace:
    """The pipeline's own trace of page ``page_no``: what it read there and what it decided.

    The pages before it go through the same driver (:func:`~fca_extract.pipeline.trace_pages`),
    because a table at the top of a page may continue the previous page's table
    and take its column roles from there. Unless ``exact``, only page
    ``page_no`` is OCR'd: earlier pages that need OCR are judged but not read,
    and counted in ``PageTrace.pages_not_read`` (the reassembly may then have
    had less to go on than the extraction had).
    """
    path = Path(path)
    source = source or SourceOptions()
    try:
        check_header(path)
        with open_pdf(path) as pdf:
            n = len(pdf.pages)
            if not 1 <= page_no <= n:
                raise UsageError(f"{path}: no page {page_no} (the document has {n} pages)")
            if exact:
                reads = read_pages(pdf, source)
                skipped = 0
            else:
                with closing(judge_pages(pdf, source)) as judged:
                    earlier = list(itertools.islice(judged, page_no - 1))
                skipped = sum(1 for r in earlier if r.content is None and r.failure is None)
                reads = [*earlier, read_page(pdf, page_no, source)]
            printed = document_words(Lexicon.default())
            with closing(trace_pages(reads, Assembler(printed.is_broken, pdf_writer(pdf)), n, printed=printed)) as traces:
                for trace in traces:
                    if trace.page_no < page_no:
                        continue
                    if trace.content is None:
                        raise UsageError(f"{path}: page {page_no} {trace.ocr_reason}")
                    if trace.layout is None:
                        raise FcaError(f"{path}: {trace.notices[-1]}")
                    trace.pages_not_read = skipped
                    return trace
    except UsageError:
        raise
    except FcaError as e:
        raise _prefixed(path, e) from e
    raise UsageError(f"{path}: page {page_no} could not be read")


def render_page(path: Path, page_no: int, dpi: float = 100):
    """The page as a Pillow image at ``dpi``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[page_no - 1]
        try:
            return page.render(scale=dpi / 72).to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        pdf.close()


def ocr_frame(path: Path, page_no: int, content: PageContent, dpi: float = 100):
    """An OCR'd page as the OCR saw it (turned upright, levelled), or ``None`` if that cannot be redone.

    OCR word boxes and rulings are in the corrected image's frame, which
    differs from the PDF page when the sheet was fed sideways or askew. The
    correction is redone with the OCR stage's own ``prepare`` on the same
    rendering, with the quarter turn the OCR chose (``content.image_turn``).
    """
    try:
        from PIL import Image

        from ..ocr import recognise as ocr
        from ..ocr import raster
    except ImportError:  # no OCR stage in this build
        return None
    turn = content.image_turn
    gray = raster.render_page(str(path), page_no - 1, raster.OCR_DPI)
    prep = ocr.prepare(gray, turn=turn)
    img = Image.fromarray(prep.gray).convert("RGB")
    k = dpi / raster.OCR_DPI
    return img.resize((max(round(img.width * k), 1), max(round(img.height * k), 1)), Image.LANCZOS)


def draw_page(path: Path, page_no: int, dpi: float = 100, source: SourceOptions | None = None, exact: bool = False):
    """Page ``page_no`` with the pipeline's findings drawn on it (a Pillow image), and its trace.

    A text-layer page is drawn on the PDF page as rendered; an OCR'd page on
    the upright, levelled image the OCR read (see :func:`ocr_frame`).
    ``inspect`` and :func:`fca_extract.inspect_page` both draw with this.
    """
    path = Path(path)
    found = page_trace(path, page_no, source, exact)
    return draw_trace(path, found, dpi), found


def draw_trace(path: Path, trace: PageTrace, dpi: float = 100):
    """A page's trace drawn on the page's image (a Pillow image, the legend strip below).

    The image is the PDF page as rendered, or for an OCR'd page the upright,
    levelled image the OCR read (:func:`ocr_frame`); either way its page part is
    ``content.width × content.height`` points at ``dpi``. ``report`` draws every
    page of an extraction with this, from the traces ``extract_document`` passed it.
    """
    path = Path(path)
    content = trace.content
    image = ocr_frame(path, trace.page_no, content, dpi) if content.text_source == TextSource.OCR else None
    if image is None:
        image = render_page(path, trace.page_no, dpi)
    title = f"{path.name} p. {trace.page_no} ({content.text_source})"
    return draw_overlay(image, content, trace.layout, trace.tables, title=title)


def inspect_page(path: Path, page_no: int, out: Path, dpi: float = 100, source: SourceOptions | None = None, exact: bool = False) -> PageTrace:
    """Write ``out`` (PNG): page ``page_no`` with the pipeline's findings drawn on it (:func:`draw_page`)."""
    drawn, found = draw_page(path, page_no, dpi, source, exact)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    drawn.save(out, format="PNG")
    return found


def cmd_inspect(args) -> int:
    if args.dpi <= 0 or args.dpi > 600:
        raise UsageError(f"--dpi must be between 1 and 600, not {args.dpi}")
    found = inspect_page(Path(args.pdf), args.page, Path(args.out), args.dpi, SourceOptions(ocr=args.ocr, workers=args.workers), args.exact)
    if not args.quiet:
        kinds = ", ".join(n.kind + (" (roles carried)" if n.carried else "") for n in found.tables) or "none"
        print(
            f"{args.pdf} page {args.page}: {found.content.text_source}, {len(found.content.rulings)} rulings, "
            f"{len(found.tables)} tables ({kinds}), {sum(len(n.table.cells) for n in found.tables)} cells, "
            f"{found.low_conf_words} low-confidence OCR words → {args.out}"
        )
        if found.pages_not_read:
            print(f"  note: {found.pages_not_read} earlier page(s) need OCR and were not read; --exact reads them as the extraction does")
        if args.verbose:
            print(f"  text: {found.ocr_reason}")
            for n in found.tables:
                t = n.table
                print(f"  {n.kind}: {t.n_rows} rows × {t.n_cols} columns at y {t.top:.0f}–{t.bottom:.0f}; roles {[str(r) if r else None for r in n.role_list]}")
                for d in n.decisions:
                    print(f"    {d}" + (f" (row {d.row + 1})" if d.row is not None else ""))
            for d in found.prose:
                print(f"  {d}")
            lay = found.layout
            leading = f"{lay.leading:.1f} pt" if lay.leading is not None else "not seen"
            space = f"{lay.space:.2f} em" if lay.space is not None else "not seen"
            hyphenation = "no" if not lay.hyphenates else "yes" if lay.hyphen_min is None else f"yes (words of {lay.hyphen_min} letters or more)"
            print(f"  paragraphs: hyphenation {hyphenation}, "
                  f"wrap spaces {'yes' if lay.wrap_spaces else 'no'}, line gap {leading}, space {space}")
            for call in lay.edge_words:
                print(f"  word at a column's edge: {call}")
            for text in lay.dropped:
                print(f"  dropped as page furniture (or OCR specks, or ink overflowing from the next page): {text!r}")
    return ExitCode.ok


# --- show --------------------------------------------------------------------

SHOW_COLUMNS: dict[str, list[tuple[str, str]]] = {
    # table → (header, column) ; "pages" is page_start–page_end
    "activities": [("row", "row_no"), ("mål", "malomrade_no"), ("delmål", "delmal_no"), ("delmål text", "delmal"), ("activity", "activity"), ("ansvar", "ansvar"), ("outcome", "outcome"), ("pages", "pages")],
    "goals": [("mål", "malomrade_no"), ("målområde", "malomrade"), ("delmål", "delmal_no"), ("delmål text", "delmal")],
    "budget": [("post", "post"), ("funder", "funder"), ("kind", "kind"), ("amount_sek", "amount_sek"), ("raw", "raw")],
}
RIGHT_ALIGNED = {"row_no", "amount_sek"}


def _cell(row: dict, col: str, width: int) -> str:
    if col == "pages":
        a, b = row.get("page_start"), row.get("page_end")
        v = "" if a is None else (str(a) if b in (None, a) else f"{a}–{b}")
    else:
        v = row.get(col)
        v = "" if v is None else str(v)
    v = " / ".join(" ".join(part.split()) for part in v.split("\n") if part.strip())
    return v if len(v) <= width else v[: width - 1] + "…"


def format_table(rows: list[dict], columns: list[tuple[str, str]], width: int = 40) -> str:
    """Rows as a fixed-width text table: one line per row, each field cut to ``width`` characters."""
    cells = [[_cell(r, col, width) for _, col in columns] for r in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, (h, _) in enumerate(columns)]

    def line(values: list[str]) -> str:
        out = []
        for (_, col), v, w in zip(columns, values, widths):
            out.append(v.rjust(w) if col in RIGHT_ALIGNED else v.ljust(w))
        return "  ".join(out).rstrip()

    lines = [line([h for h, _ in columns]), "  ".join("-" * w for w in widths)]
    lines += [line(c) for c in cells]
    return "\n".join(lines)


def cmd_show(args) -> int:
    from ..pipeline import Options, extract_document

    path = Path(args.pdf)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    if args.width < 4:
        raise UsageError("--width must be at least 4")
    result = extract_document(path, Options(source=SourceOptions(ocr=args.ocr, workers=args.workers)))
    if result.status == Status.FAILED:
        print(f"fca-extract: {path}: failed: {result.error}", file=sys.stderr)
        return ExitCode.documents_failed
    doc = result.tables["documents"][0]
    rows = result.tables.get(args.table, [])
    if args.table == "activities":
        rows = sorted(rows, key=lambda r: r["row_no"])
    try:
        print(f"{path}: {doc['doc_type']} {doc['year']} {doc['district']} — {result.status}, {len(rows)} rows of {args.table}")
        print(format_table(rows, SHOW_COLUMNS[args.table], args.width))
        sys.stdout.flush()
    except BrokenPipeError:  # `fca-extract show X | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.ok
    if result.status != Status.OK:
        print(f"fca-extract: {path}: {result.status}: {result.error}", file=sys.stderr)
    if args.verbose:
        for w in result.warnings:
            print(f"  warning: {path}: {w}", file=sys.stderr)
    return ExitCode.ok if result.status == Status.OK else ExitCode.documents_failed
