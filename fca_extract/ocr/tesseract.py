"""The thin, checked wrapper around the ``tesseract`` program (as OCRmyPDF wraps it).

:func:`run` is the one place the program is started: with one thread (the page
pool is the parallelism), a timeout, a
:class:`~fca_extract.errors.MissingDependencyError` with an install hint when
the program is not there, and a ``RuntimeError`` with its last line of stderr
when it fails. :func:`check_tesseract` checks its version and language models
before any page is queued. The rest runs it on a page image and parses what it
prints: words with boxes (:func:`read_tsv`), the page's orientation
(:func:`osd_rotation`).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from ..errors import MissingDependencyError
from .raster import OCR_DPI

#: oldest Tesseract whose LSTM models and TSV output we rely on
MIN_VERSION = (4, 1)
LANG = "swe"
TIMEOUT = 180  # seconds for one run on a page
ASK_TIMEOUT = 30  # seconds for --version, --list-langs


def _env() -> dict[str, str]:
    # one thread per Tesseract: parallelism comes from the page pool, and
    # Tesseract's OpenMP threads fight each other (5× slower on 2 cores)
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _program() -> str:
    """The executable: ``$FCA_TESSERACT``, else ``tesseract``, looked up on PATH."""
    cmd = os.environ.get("FCA_TESSERACT", "tesseract")
    exe = shutil.which(cmd)
    if exe is None:
        raise MissingDependencyError(
            f"tesseract not found (looked for {cmd!r} on PATH): scanned pages need OCR. "
            "Install it with `sudo apt-get install tesseract-ocr tesseract-ocr-swe tesseract-ocr-osd` "
            "(or run .ci/setup), or run with --ocr never to skip pages without a usable text layer."
        )
    return exe


def run(args: Sequence[str], timeout: float = TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    """``tesseract ARGS``; ``subprocess.TimeoutExpired`` after ``timeout`` seconds."""
    exe = _program()
    try:
        out = subprocess.run([exe, *args], capture_output=True, timeout=timeout, env=_env())
    except FileNotFoundError as e:  # gone since the look-up, or a script whose interpreter is missing
        raise MissingDependencyError(f"tesseract ({exe}) could not be run: {e}") from e
    if out.returncode != 0:
        err = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract failed (exit {out.returncode}): {err[-1] if err else ''}")
    return out


def _ask(arg: str) -> str:
    """What tesseract prints for ``--version`` or ``--list-langs`` (stdout and stderr)."""
    try:
        out = run([arg], timeout=ASK_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired, RuntimeError) as e:
        raise MissingDependencyError(f"tesseract ({_program()}) could not be run: {e}") from e
    return (out.stdout + out.stderr).decode("utf-8", "replace")


@functools.cache
def tesseract_version() -> tuple[int, ...]:
    """Tesseract's version as a tuple; raises MissingDependencyError if absent or too old."""
    text = _ask("--version")
    m = re.search(r"tesseract\s+v?(\d+)\.(\d+)(?:\.(\d+))?", text, re.I)
    if not m:
        raise MissingDependencyError(f"tesseract ({_program()}) did not report a version: {text.strip()[:80]!r}")
    version = tuple(int(g) for g in m.groups() if g is not None)
    if version < MIN_VERSION:
        need = ".".join(map(str, MIN_VERSION))
        raise MissingDependencyError(f"tesseract {'.'.join(map(str, version))} is too old: fca-extract needs {need} or newer")
    return version


@functools.cache
def tesseract_languages() -> frozenset[str]:
    tesseract_version()
    lines = _ask("--list-langs").splitlines()[1:]  # after "List of available languages (N):"
    return frozenset(ln.strip() for ln in lines if ln.strip() and " " not in ln.strip())


def check_tesseract(langs: tuple[str, ...] = (LANG, "osd")) -> tuple[int, ...]:
    """Tesseract present, new enough, with the language models needed; its version."""
    version = tesseract_version()
    have = tesseract_languages()
    missing = [lang for lang in langs if lang not in have]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        raise MissingDependencyError(
            f"tesseract has no {'/'.join(missing)} language model (installed: {', '.join(sorted(have)) or 'none'}): "
            f"install it with `sudo apt-get install {pkgs}`"
        )
    return version


def run_on_image(image: np.ndarray, args: list[str], dpi: int = OCR_DPI) -> str:
    """Tesseract on a grayscale image (``args`` after the input and output names); its stdout."""
    with tempfile.TemporaryDirectory(prefix="fca-ocr-") as tmp:
        path = os.path.join(tmp, "page.pgm")  # uncompressed: encoding a PNG costs more than it saves
        cv2.imwrite(path, image)
        out = run([path, "stdout", "--dpi", str(dpi), *args])
    return out.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class TsvWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple[int, int, int, int]  # (page, block, paragraph, line) key
    # another reading of the word, read alone, where neither was sure (:func:`~.recognise.reread_doubtful`)
    alt: str | None = field(default=None, repr=False)


def parse_tsv(tsv: str) -> tuple[list[TsvWord], dict[tuple[int, int, int, int], tuple[int, int, int, int]]]:
    """Words (level 5) and line boxes (level 4, key → left, top, width, height) of Tesseract's TSV."""
    words: list[TsvWord] = []
    lines: dict[tuple[int, int, int, int], tuple[int, int, int, int]] = {}
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if not header:
        return words, lines
    for row in reader:
        if len(row) < 12:
            continue
        level = int(row[0])
        key = (int(row[1]), int(row[2]), int(row[3]), int(row[4]))
        box = (int(row[6]), int(row[7]), int(row[8]), int(row[9]))
        if level == 4:
            lines[key] = box
        elif level == 5:
            text = row[11].strip()
            if text:
                words.append(TsvWord(text, *box, float(row[10]), key))
    return words, lines


def read_tsv(image: np.ndarray, psm: int) -> tuple[list[TsvWord], dict[tuple[int, int, int, int], tuple[int, int, int, int]]]:
    """Words and line boxes Tesseract's Swedish model reads in the image, with page segmentation mode ``psm``."""
    return parse_tsv(run_on_image(image, ["-l", LANG, "--psm", str(psm), "tsv"]))


def osd_rotation(image: np.ndarray) -> tuple[int, float]:
    """Tesseract OSD on a half-size copy: (degrees to turn counter-clockwise to upright, confidence)."""
    small = cv2.resize(image, (image.shape[1] // 2, image.shape[0] // 2), interpolation=cv2.INTER_AREA)
    try:
        out = run_on_image(small, ["--psm", "0", "-l", "osd"], dpi=OCR_DPI // 2)
    except RuntimeError:  # too few characters to decide
        return 0, 0.0
    rot = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    # OSD's "Rotate" is clockwise; quarter_turn turns counter-clockwise
    return ((360 - int(rot.group(1))) % 360 if rot else 0), (float(conf.group(1)) if conf else 0.0)
