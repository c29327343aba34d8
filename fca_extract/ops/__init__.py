"""Operations around the pipeline: isolated workers (``runner``, which imports no stage), the nightly
ingest (``ingest`` driving ``drop``, ``plan``, ``commit``, ``manifest``, ``report``), the dataset lock
(``lock``), signals that stop a run but never a commit (``signals``), what the operator sees
(``console``; names and reasons made printable and storable by ``names``), atomic files (``files``)
and the test-only fault hook (``fault``). The parent process never loads pdfplumber or pyarrow: the
only stage module ops uses is the dataset layout of :mod:`fca_extract.output.dataset`, which imports
no pyarrow at all."""
