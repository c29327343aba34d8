"""Which kind of program wrote the PDF, from its document information (``/Producer``, ``/Creator``).

Writers differ in what their drawing shows at a page break: an HTML print
engine (Chromium's Skia, WeasyPrint, wkhtmltopdf) cuts a table row that goes
on overleaf without a border, so a border drawn at the break says the row
ended there; Word and LibreOffice close the cell either way.
"""

from __future__ import annotations

from enum import StrEnum


class Writer(StrEnum):
    HTML_PRINT = "an HTML print engine"
    OFFICE = "an office suite"
    UNKNOWN = "unknown"


#: lower-case marks in /Producer or /Creator
_HTML = ("skia/pdf", "weasyprint", "wkhtmltopdf", "headlesschrome", "prince", "pdfreactor")
_OFFICE = ("libreoffice", "openoffice", "microsoft")  # (Word's producer is "Microsoft® Word …")


def writer_of(info: dict) -> Writer:
    """The kind of writer a PDF's document information names (``pdfplumber.PDF.metadata``).

    >>> writer_of({"Producer": "Skia/PDF m120", "Creator": "Mozilla/5.0 … HeadlessChrome/120.0"})
    <Writer.HTML_PRINT: 'an HTML print engine'>
    >>> writer_of({"Producer": "LibreOffice 7.4"}), writer_of({"Producer": "WeasyPrint 60.1"}).name, writer_of({})
    (<Writer.OFFICE: 'an office suite'>, 'HTML_PRINT', <Writer.UNKNOWN: 'unknown'>)
    >>> writer_of({"Producer": b"\\xff"}).name   # a value that is not text names nothing
    'UNKNOWN'
    """
    marks = " ".join(v.lower() for k in ("Producer", "Creator") if isinstance(v := info.get(k), str))
    if any(m in marks for m in _HTML):
        return Writer.HTML_PRINT
    if any(m in marks for m in _OFFICE):
        return Writer.OFFICE
    return Writer.UNKNOWN


def pdf_writer(pdf) -> Writer:
    """:func:`writer_of` an open ``pdfplumber.PDF``; a damaged information dictionary names nothing."""
    try:
        info = pdf.metadata
    except Exception:  # pdfminer raises many private types on a damaged trailer
        return Writer.UNKNOWN
    return writer_of(info if isinstance(info, dict) else {})
