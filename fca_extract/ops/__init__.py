"""Operations around the pipeline: isolated workers (``runner``, which imports no stage), the nightly
ingest (``ingest`` driving ``drop``, ``plan``, ``commit``, ``manifest``, ``report``), the dataset lock
(``lock``), what the operator sees (``console``), atomic files (``files``) and the test-only fault
hook (``fault``). The parent process never loads pdfplumber or pyarrow: the only stage module ops
uses is the dataset layout of :mod:`fca_extract.output.write`, which imports pyarrow only to write."""
