"""Bad input: one clear line per file naming it and the reason; the run goes on; nothing half-written."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from badfiles import make_encrypted, make_non_fca
from expected import PDF_DIR

GOOD = PDF_DIR / "handlingsplan_centrum_2024.pdf"


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "zero.pdf").write_bytes(b"")
    (d / "text.pdf").write_text("Det här är ingen PDF.\n", encoding="utf-8")
    data = GOOD.read_bytes()
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    make_encrypted(GOOD, d / "encrypted.pdf")
    make_non_fca(d / "protokoll.pdf")
    shutil.copy(GOOD, d / "Årsplan för Högsbo 2024.PDF")  # spaces, Swedish letters, upper-case suffix
    (d / "tom katalog").mkdir()
    return d


@pytest.fixture(scope="module")
def run(bad_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run(
        [sys.executable, "-m", "fca_extract", "extract", str(bad_dir), str(bad_dir / "tom katalog"), "--out", str(out), "--ocr", "never"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc, out


def test_exit_code_and_one_line_per_bad_file(run, bad_dir):
    proc, _ = run
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr.strip().splitlines()
    expectations = {
        "zero.pdf": "empty file",
        "text.pdf": "not a PDF",
        "encrypted.pdf": "encrypted",
        "protokoll.pdf": "not an FCA document",
        "tom katalog": "no PDF files",
    }
    for name, reason in expectations.items():
        lines = [ln for ln in err if name in ln]
        assert len(lines) == 1, (name, err)
        assert reason in lines[0], lines[0]
    trunc = [ln for ln in err if "truncated.pdf" in ln]
    assert len(trunc) == 1 and ("truncated" in trunc[0] or "corrupt" in trunc[0]), trunc
    assert not any("Traceback" in ln for ln in err)


def test_every_file_has_a_documents_row(run):
    _, out = run
    docs = pd.read_parquet(out / "documents")
    assert sorted(docs.file_name) == sorted(["zero.pdf", "text.pdf", "truncated.pdf", "encrypted.pdf", "protokoll.pdf", "Årsplan för Högsbo 2024.PDF"])
    by = docs.set_index("file_name")
    for name in ("zero.pdf", "text.pdf", "encrypted.pdf"):
        assert by.loc[name, "status"] == "failed"
        assert len(by.loc[name, "warnings"]) >= 1
    assert by.loc["protokoll.pdf", "status"] == "partial"
    assert by.loc["protokoll.pdf", "doc_type"] == "unknown"
    assert by.loc["Årsplan för Högsbo 2024.PDF", "status"] == "ok"


def test_good_file_lands_and_non_fca_invents_nothing(run):
    _, out = run
    docs = pd.read_parquet(out / "documents").set_index("file_name")
    acts = pd.read_parquet(out / "activities")
    good_id = docs.loc["Årsplan för Högsbo 2024.PDF", "doc_id"]
    assert (acts.doc_id == good_id).sum() == 17
    non_fca = docs.loc["protokoll.pdf", "doc_id"]
    for table in ("activities", "goals", "budget", "sections"):
        assert (pd.read_parquet(out / table).doc_id == non_fca).sum() == 0
    assert not list(out.rglob("*.tmp"))


def test_usage_errors_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "fca_extract", "extract", str(tmp_path / "finns-inte.pdf"), "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "finns-inte.pdf" in proc.stderr and "no such file" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "fca_extract", "extract"], capture_output=True, text=True)
    assert proc.returncode == 2


def test_missing_tesseract_is_exit_4_and_text_layers_still_land(tmp_path):
    """A broken installation is not a bad document: its own exit code, one clear line, the rest written."""
    import os

    scan = PDF_DIR.parent / "scanned" / "handlingsplan_centrum_2024_scan.pdf"
    out = tmp_path / "o"
    env = dict(os.environ, FCA_TESSERACT=str(tmp_path / "no-such-tesseract"))
    proc = subprocess.run(
        [sys.executable, "-m", "fca_extract", "extract", str(scan), str(GOOD), "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 4, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if scan.name in ln]
    assert len(lines) == 1 and "tesseract not found" in lines[0] and "apt-get install" in lines[0]
    docs = pd.read_parquet(out / "documents").set_index("file_name")
    assert docs.loc[scan.name, "status"] == "failed"
    assert docs.loc[GOOD.name, "status"] == "ok"
