"""Stage 2b, OCR: a page image read by Tesseract into the same page object a text layer gives.

:mod:`.raster` (pure image functions), :mod:`.tesseract` (the program's checked
wrapper), :mod:`.recognise` (turn, level, read one page). Importing this package
alone loads neither OpenCV nor the rest, so the page source can name
:func:`init_worker` in a run that never OCRs.
"""

import os


def init_worker() -> None:
    """Process-pool initializer: one thread per worker, the pool is the parallelism."""
    import cv2

    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)
