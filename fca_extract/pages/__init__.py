"""Stages 1–2, pages: open the PDF and read each page's text, from its text layer or by OCR.

:mod:`.load` (open safely, the text layer's words and rulings) →
:mod:`.quality` (is a text layer a bad OCR layer?) → :mod:`.decide` (the one
OCR decision, :func:`~.decide.is_ocr_required`) → :mod:`.source` (every page
read in order, OCR through :mod:`fca_extract.executor` and :mod:`fca_extract.ocr`); :mod:`.writer` (which
kind of program wrote the PDF, from its document information: what its borders at a page break say).
"""
