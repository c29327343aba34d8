"""``fca-extract report PDF --out report.html``: one self-contained HTML page for a reviewer.

One extraction pass (:func:`~fca_extract.pipeline.extract_document`) collects
each page's trace through its ``on_page`` callback; the report then shows

* the document's summary and warnings;
* the rows of ``show`` (activities, goals, budget) as HTML tables, each
  activity with its OCR confidence and warnings beside it;
* every page drawn as ``inspect`` draws it (:func:`~fca_extract.debug.inspect.draw_trace`),
  with the page's text source, OCR confidence and warnings beside it.

Rows and pages are linked both ways: an activity's "p. N" link lands on its
cells on page N (``#p{N}-r{row_no}``); each of those cells is a link box laid
over the image that leads back to the row (``#row-{row_no}``, the dataset's
``row_no``). Budget and goal rows link to the budget table and the overview
grid they were read from. Images are inlined as ``data:`` URIs and the page
uses no script, so the one file is the whole report.
"""

from __future__ import annotations

import base64
import html
import io
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ExitCode, UsageError
from ..model import LOW_OCR_CONFIDENCE
from ..pipeline import DocumentResult, Options, PageTrace, extract_document
from ..pages.source import SourceOptions
from ..vocab import Code, Status, TableKind
from .draw import LEGEND_HEIGHT
from .inspect import SHOW_COLUMNS, draw_trace

__all__ = ["Region", "PageView", "page_regions", "build_report", "render_html", "write_report", "cmd_report"]

DEFAULT_DPI = 100


@dataclass(frozen=True)
class Region:
    """A link box over a page image: pixels of the drawn page, where it leads, and its own id."""

    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels
    href: str  # the row (or table) in the report it stands for
    anchor: str | None  # id of this box, for the link that leads here (the first box of a row on a page)
    title: str
    kind: str  # "activity", "budget" or "goals"


@dataclass
class PageView:
    """One page of the report: the drawn image and what is linked on it."""

    page_no: int
    png: bytes | None  # None: the page could not be read
    width: int = 0
    height: int = 0  # the page part, less the legend strip
    text_source: str | None = None
    ocr_confidence: float | None = None
    ocr_reason: str = ""
    low_conf_words: int = 0
    regions: list[Region] = field(default_factory=list)
    row_nos: list[int] = field(default_factory=list)


def _px_box(bbox: tuple[float, float, float, float], sx: float, sy: float) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = bbox
    return round(x0 * sx), round(y0 * sy), round(x1 * sx), round(y1 * sy)


def page_regions(trace: PageTrace, width_px: int, height_px: int) -> list[Region]:
    """Link boxes for everything of ``trace`` that a row of the report came from.

    Each body cell of a goal table's row that became an activity gets a box
    leading to ``#row-{row_no}``; the first box of a row on the page carries the
    id ``p{page}-r{row_no}``. A budget table and an overview grid get one box
    each, leading to the budget and goals tables, with ids ``p{page}-budget`` and
    ``p{page}-goals``. Boxes are in pixels of an image of ``width_px × height_px``
    showing the page's ``content.width × content.height`` points.

    >>> from fca_extract.layout.page import Table, TableCell
    >>> from fca_extract.assemble.trace import TableReading
    >>> from fca_extract.model import PageContent
    >>> from fca_extract.pages.source import PageRead
    >>> cells = [TableCell(0, 0, 1, 2, "Delmål", (0, 0, 100, 10)),
    ...          TableCell(1, 0, 1, 1, "a", (0, 10, 50, 20)), TableCell(1, 1, 1, 1, "b", (50, 10, 100, 20))]
    >>> note = TableReading(Table(3, [0, 50, 100], [0, 10, 20], cells, 200), TableKind.GOAL, body_start=1, row_nos={1: 7})
    >>> trace = PageTrace(PageRead(3, PageContent(3, 100, 200, [], []), None), tables=[note])
    >>> [(r.box, r.href, r.anchor) for r in page_regions(trace, 200, 400)]
    [((0, 20, 100, 40), '#row-7', 'p3-r7'), ((100, 20, 200, 40), '#row-7', None)]
    """
    c = trace.content
    if c is None or not c.width or not c.height:
        return []
    sx, sy = width_px / c.width, height_px / c.height
    out: list[Region] = []
    seen: set[str] = set()
    for note in trace.tables:
        t = note.table
        if note.kind == TableKind.GOAL:
            for r, row_no in sorted(note.row_nos.items()):
                for cell in t.cells_in_row(r):
                    if cell.row != r and cell.row_span > 1:
                        continue  # a merged cell (a delmål over several rows) links from its first row
                    anchor = f"p{trace.page_no}-r{row_no}"
                    out.append(Region(_px_box(cell.bbox, sx, sy), f"#row-{row_no}", anchor if anchor not in seen else None,
                                      f"row {row_no}", "activity"))
                    seen.add(anchor)
        elif note.kind in (TableKind.BUDGET, TableKind.OVERVIEW):
            name = "budget" if note.kind == TableKind.BUDGET else "goals"
            anchor = f"p{trace.page_no}-{name}"
            box = _px_box((t.xs[0], t.ys[0], t.xs[-1], t.ys[-1]), sx, sy)
            out.append(Region(box, f"#{name}", anchor if anchor not in seen else None, f"{name} table", name))
            seen.add(anchor)
    return out


def _png(image) -> bytes:  # noqa: ANN001 - a Pillow image
    """The image as a compact PNG: a 256-colour palette keeps a rendered page small."""
    buf = io.BytesIO()
    image.quantize(colors=256, method=2, dither=0).save(buf, format="PNG", optimize=False, compress_level=9)
    return buf.getvalue()


def page_view(path: Path, trace: PageTrace, dpi: float = DEFAULT_DPI) -> PageView:
    """A page of the report from its trace: the drawing of ``inspect`` and its link boxes."""
    c = trace.content
    view = PageView(trace.page_no, None, ocr_reason=trace.ocr_reason)
    if c is None:
        return view
    img = draw_trace(path, trace, dpi)
    view.png = _png(img)
    view.width, view.height = img.width, img.height - LEGEND_HEIGHT
    view.text_source = str(c.text_source)
    view.ocr_confidence = c.ocr_confidence
    view.low_conf_words = trace.low_conf_words
    view.regions = page_regions(trace, view.width, view.height)
    view.row_nos = sorted({int(r.href.split("-")[1]) for r in view.regions if r.kind == "activity"})
    return view


@dataclass
class Report:
    """What ``report`` found: the extraction, the drawn pages, the HTML and how long it took."""

    result: DocumentResult
    pages: list[PageView]
    html: str
    row_conf: dict[int, float] = field(default_factory=dict)
    seconds: float = 0.0


def _row_confidence(traces: list[PageTrace]) -> dict[int, float]:
    """Lowest mean OCR word confidence of an activity's cells, per row_no (OCR'd pages only)."""
    out: dict[int, float] = {}
    for trace in traces:
        for note in trace.tables:
            for r, row_no in note.row_nos.items():
                for cell in note.table.cells_in_row(r):
                    if cell.conf is not None:
                        out[row_no] = min(out.get(row_no, 100.0), cell.conf)
    return out


def build_report(path: Path, source: SourceOptions | None = None, dpi: float = DEFAULT_DPI) -> Report:
    """Extract ``path`` once, draw every page from its trace and lay it all out as HTML."""
    t0 = time.perf_counter()
    path = Path(path)
    traces: list[PageTrace] = []
    result = extract_document(path, Options(source=source or SourceOptions()), on_page=traces.append)
    pages = [page_view(path, tr, dpi) for tr in traces]
    row_conf = _row_confidence(traces)
    rep = Report(result, pages, "", row_conf)
    rep.html = render_html(path, result, pages, row_conf)
    rep.seconds = time.perf_counter() - t0
    return rep


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font:14px/1.35 system-ui,sans-serif;margin:0;color:#222;background:#fff}
header,section.rows,section.pages>h2{padding:0 16px}
h1{font-size:20px;margin:12px 0 4px}h2{font-size:17px;margin:18px 0 6px}
table.rows{border-collapse:collapse;margin:0 16px 8px;font-size:13px}
table.rows th,table.rows td{border:1px solid #bbb;padding:3px 5px;vertical-align:top;text-align:left;max-width:26em}
table.rows th{background:#eee;position:sticky;top:0}
table.rows td.num{text-align:right}
tr:target{background:#fff3b0;outline:2px solid #e0a000}
.warn{color:#a40000}.muted{color:#777}
ul.warnings{margin:4px 0 8px}
section.page{border-top:2px solid #444;padding:8px 16px;display:flex;gap:16px;align-items:flex-start}
.pageimg{position:relative;flex:none}
.pageimg img{display:block}
.pageimg a.box{position:absolute;display:block;border:2px solid transparent;box-sizing:border-box}
.pageimg a.box:hover{border-color:#e0a000;background:rgba(255,220,0,.15)}
.pageimg a.box:target{border-color:#e00000;background:rgba(255,220,0,.25)}
aside{min-width:14em;max-width:28em}
"""


def _e(v: object) -> str:
    return html.escape("" if v is None else str(v))


def _text(v: object) -> str:
    """A field's text with its line breaks kept."""
    return "<br>".join(_e(part) for part in ("" if v is None else str(v)).split("\n"))


def _page_links(pages_of_row: list[int], row_no: int) -> str:
    return " ".join(f'<a class="rowlink" href="#p{p}-r{row_no}">p.&nbsp;{p}</a>' for p in pages_of_row)


def render_html(path: Path, result: DocumentResult, pages: list[PageView], row_conf: dict[int, float] | None = None) -> str:
    """The report page: summary, warnings, the rows of ``show`` and every page, linked both ways."""
    row_conf = row_conf or {}
    doc = (result.tables.get("documents") or [{}])[0]
    title = f"{path.name}: {doc.get('doc_type', '')} {doc.get('year') or ''} {doc.get('district') or ''}".strip()
    pages_of_row: dict[int, list[int]] = {}
    for pv in pages:
        for row_no in pv.row_nos:
            pages_of_row.setdefault(row_no, []).append(pv.page_no)
    row_warnings: dict[int, list[str]] = {}
    page_warnings: dict[int, list[str]] = {}
    for n in result.notices:
        if n.code == Code.LOW_OCR_CONFIDENCE and "row" in n.fields:
            row_warnings.setdefault(int(n.fields["row"]), []).append(str(n))
        if n.page is not None:
            page_warnings.setdefault(n.page, []).append(str(n))
    budget_pages = [pv.page_no for pv in pages if any(r.kind == "budget" for r in pv.regions)]
    goal_pages = [pv.page_no for pv in pages if any(r.kind == "goals" for r in pv.regions)]

    out = [f"<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{_e(title)}</title>",
           f"<style>{_CSS}</style></head><body>"]
    out.append(f'<header id="top"><h1>{_e(title)}</h1><p>status <b>{_e(result.status)}</b>'
               + (f" ({_e(result.error)})" if result.error else "")
               + f"; {doc.get('n_pages') or len(pages)} pages, {doc.get('n_pages_ocr') or 0} OCR'd; "
               + ", ".join(f"{len(result.tables.get(t, []))} {t}" for t in ("activities", "goals", "budget"))
               + '. <span class="muted">Click a row\'s page link to see its cells on the page; click a cell to come back.</span></p>')
    warnings = result.warnings
    out.append(f"<h2>Warnings ({len(warnings)})</h2>")
    out.append('<ul class="warnings">' + "".join(f'<li class="warn">{_e(w)}</li>' for w in warnings) + "</ul>" if warnings
               else '<p class="muted">none</p>')
    out.append("</header>")

    # the rows of show
    acts = sorted(result.tables.get("activities", []), key=lambda r: r["row_no"])
    out.append(f'<section class="rows" id="activities"><h2>Activities ({len(acts)})</h2></section>')
    cols = [(h, c) for h, c in SHOW_COLUMNS["activities"] if c != "pages"]
    out.append('<table class="rows"><thead><tr>' + "".join(f"<th>{_e(h)}</th>" for h, _ in cols)
               + "<th>on pages</th><th>OCR conf.</th><th>warnings</th></tr></thead><tbody>")
    for r in acts:
        n = r["row_no"]
        conf = row_conf.get(n)
        cells = "".join(f'<td class="num">{_e(r.get(c))}</td>' if c == "row_no" else f"<td>{_text(r.get(c))}</td>" for _, c in cols)
        conf_td = '<td class="muted">text</td>' if conf is None else (
            f'<td class="num{" warn" if conf < LOW_OCR_CONFIDENCE else ""}">{conf:.0f}</td>')
        pg = _page_links(pages_of_row.get(n, []), n) or _e(f"{r.get('page_start')}–{r.get('page_end')}")
        out.append(f'<tr id="row-{n}">{cells}<td>{pg}</td>{conf_td}'
                   f'<td class="warn">{"<br>".join(_e(w) for w in row_warnings.get(n, []))}</td></tr>')
    out.append("</tbody></table>")
    for name, pgs in (("goals", goal_pages), ("budget", budget_pages)):
        rows = result.tables.get(name, [])
        links = " ".join(f'<a class="tablelink" href="#p{p}-{name}">p.&nbsp;{p}</a>' for p in pgs)
        out.append(f'<section class="rows" id="{name}"><h2>{name.capitalize()} ({len(rows)})'
                   + (f" — read from {links}" if links else "") + "</h2></section>")
        cols = SHOW_COLUMNS[name]
        out.append('<table class="rows"><thead><tr>' + "".join(f"<th>{_e(h)}</th>" for h, _ in cols) + "</tr></thead><tbody>")
        for r in rows:
            out.append("<tr>" + "".join(f'<td class="num">{_e(r.get(c))}</td>' if c == "amount_sek" else f"<td>{_text(r.get(c))}</td>"
                                        for _, c in cols) + "</tr>")
        out.append("</tbody></table>")

    # the pages
    out.append('<section class="pages"><h2>Pages</h2></section>')
    for pv in pages:
        out.append(f'<section class="page" id="page-{pv.page_no}">')
        if pv.png is not None:
            uri = "data:image/png;base64," + base64.b64encode(pv.png).decode("ascii")
            out.append(f'<div class="pageimg" style="width:{pv.width}px"><img src="{uri}" width="{pv.width}" '
                       f'alt="page {pv.page_no} with what the pipeline found drawn on it">')
            for rg in pv.regions:
                x0, y0, x1, y1 = rg.box
                ident = f' id="{rg.anchor}"' if rg.anchor else ""
                out.append(f'<a class="box {rg.kind}"{ident} href="{rg.href}" title="{_e(rg.title)}" '
                           f'style="left:{x0}px;top:{y0}px;width:{max(x1 - x0, 4)}px;height:{max(y1 - y0, 4)}px"></a>')
            out.append("</div>")
        conf = "" if pv.ocr_confidence is None else f", OCR confidence {pv.ocr_confidence:.1f}"
        low = f", {pv.low_conf_words} words below {LOW_OCR_CONFIDENCE:.0f}" if pv.low_conf_words else ""
        rows = " ".join(f'<a href="#row-{n}">{n}</a>' for n in pv.row_nos)
        out.append(f"<aside><h2>Page {pv.page_no}</h2><p>{_e(pv.text_source or 'not read')}{_e(conf)}{_e(low)}</p>"
                   f'<p class="muted">{_e(pv.ocr_reason)}</p>'
                   + (f"<p>activity rows: {rows}</p>" if rows else "")
                   + "".join(f'<p class="warn">{_e(w)}</p>' for w in page_warnings.get(pv.page_no, []))
                   + '<p><a href="#top">top</a></p></aside></section>')
    out.append("</body></html>\n")
    return "\n".join(out)


def write_report(path: Path, out: Path, source: SourceOptions | None = None, dpi: float = DEFAULT_DPI) -> Report:
    """Build the report of ``path`` and write it to ``out`` (UTF-8 HTML)."""
    rep = build_report(path, source, dpi)
    Path(out).write_text(rep.html, encoding="utf-8")
    return rep


def cmd_report(args) -> int:  # noqa: ANN001 - argparse namespace
    path, out = Path(args.pdf), Path(args.out)
    if not path.is_file():
        raise UsageError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    if args.dpi <= 0 or args.dpi > 300:
        raise UsageError(f"--dpi must be between 1 and 300, not {args.dpi}")
    if out.is_dir():
        raise UsageError(f"{out}: is a directory")
    if not out.parent.is_dir():
        raise UsageError(f"{out.parent}: no such directory")
    try:
        rep = write_report(path, out, SourceOptions(ocr=args.ocr, workers=args.workers), args.dpi)
    except OSError as e:
        raise UsageError(f"{out}: cannot write the report: {e.strerror or e}") from None
    result = rep.result
    if not args.quiet:
        print(f"{path}: {result.status}, {len(rep.pages)} pages, {len(result.tables.get('activities', []))} activities "
              f"→ {out} ({out.stat().st_size / 1e6:.1f} MB, {rep.seconds:.1f} s)")
    if result.status != Status.OK:
        print(f"fca-extract: {path}: {result.status}: {result.error}", file=sys.stderr)
        return ExitCode.documents_failed
    return ExitCode.ok
