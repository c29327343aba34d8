"""The nightly ingest under the faults around the PDFs (issue 12): odd names, full disks, broken state,
hostile folders, signals in the commit window.

Every case runs the real command line in a subprocess and checks the same five things
(:func:`check_case`): the documented exit code, exactly one line on stderr naming the file and the
reason, a run report (where one can be written), every Parquet file readable, and — after the fault
is gone — a rerun giving a dataset identical to a clean run (:func:`check_rerun`). Documents are the
handlingsplan fixture and copies of it with other bytes, extracted with ``--ocr never``; most cases
start from a copy of the clean dataset without one document, so a run extracts one document at most.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from badfiles import make_foreign, make_slow
from test_ingest import HP, assert_same, check_readable_and_whole, copy_dataset, ingest, last_report, manifest_entries, pending_docs, snapshot, variant

from fca_extract.ops.manifest import entry_name

LATIN = os.fsdecode(b"rapport \xe5r 2024.pdf")  # a Latin-1 name from an old share: not UTF-8
LATIN_SHOWN = "rapport \\xe5r 2024.pdf"  # how it is stored and printed


# ---------------------------------------------------------------- helpers


def reports(out: Path) -> int:
    return len(list((out / "_runs").glob("*.json"))) if (out / "_runs").is_dir() else 0


def run(src: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``ingest`` (test_ingest's), remembering how many run reports there were before."""
    before = reports(out)
    proc = ingest(src, out, *extra, env=env)
    proc.reports_before = before
    return proc


def one_line(stderr: str, *fragments: str) -> str:
    """The one line on stderr, ``fca-extract: …``, holding every fragment."""
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("fca-extract: ") and all(f in lines[0] for f in fragments), lines[0]
    return lines[0]


def check_case(proc, out: Path, code: int, *fragments: str, reports_before: int | None = None) -> dict:
    """Exit code, one line on stderr, a new run report, every Parquet file readable."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    one_line(proc.stderr, *fragments)
    before = proc.reports_before if reports_before is None else reports_before
    assert reports(out) == before + 1, "no run report"
    rep = last_report(out)
    assert rep["exit_code"] == code
    check_readable_and_whole(out)
    return rep


def check_rerun(src: Path, out: Path, clean: Path, code: int = 0, *extra: str) -> subprocess.CompletedProcess:
    """The fault gone, a rerun: a dataset identical to a clean run's, nothing pending."""
    proc = ingest(src, out, *extra)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    assert pending_docs(out) == set()
    assert_same(snapshot(out), snapshot(clean))
    assert set(manifest_entries(out)) == set(manifest_entries(clean))
    check_readable_and_whole(out)
    return proc


def without(clean: Path, dest: Path, *keys: str) -> Path:
    """A copy of the clean dataset as if ``keys`` had never been ingested (their rows and entries removed)."""
    out = copy_dataset(clean, dest)
    entries = manifest_entries(out)
    for key in keys:
        (out / "_manifest" / "entries" / entry_name(key)).unlink()
        for f in entries[key]["files"]:
            (out / f).unlink()
    return out


def wait_for(cond, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def src(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("drop")
    shutil.copy2(HP, d / "a.pdf")
    (d / "sub").mkdir()
    variant(HP, d / "sub" / "b.pdf", "b")
    variant(HP, d / LATIN, "latin-1")
    return d


@pytest.fixture(scope="module")
def first(src, tmp_path_factory):
    """The clean run, and what it printed."""
    out = tmp_path_factory.mktemp("clean")
    return out, ingest(src, out)


@pytest.fixture(scope="module")
def clean(first) -> Path:
    out, proc = first
    assert proc.returncode == 0, proc.stderr
    return out


# ---------------------------------------------------------------- 1. a file name that is not UTF-8


def test_name_not_utf8_is_stored_escaped_and_reported(first, src):
    out, proc = first
    rep = check_case(proc, out, 0, LATIN_SHOWN, "not UTF-8", reports_before=0)
    assert rep["counts"]["ok"] == 3 and rep["counts"]["escaped_names"] == 1
    docs = pd.read_parquet(out / "documents").set_index("file_name")
    assert sorted(docs.index) == sorted(["a.pdf", "b.pdf", LATIN_SHOWN])
    assert any("not UTF-8" in w for w in docs.loc[LATIN_SHOWN, "warnings"])
    assert docs.loc[LATIN_SHOWN, "source_path"] == str(src) + "/" + LATIN_SHOWN
    assert (pd.read_parquet(out / "activities").doc_id == docs.loc[LATIN_SHOWN, "doc_id"]).sum() == 17
    # the manifest keys it by its bytes: the next run knows it, unread
    assert (out / "_manifest" / "entries" / entry_name(LATIN)).is_file()
    proc = check_rerun(src, out, out)
    assert proc.stderr == "" and last_report(out)["counts"]["unchanged"] == 3


# ---------------------------------------------------------------- 2. the run cannot go on: exit 5


@pytest.mark.parametrize("point", ["renamed", "stage"])
def test_disk_full_stops_the_run_and_the_rerun_completes(src, clean, tmp_path, point):
    """ENOSPC inside a commit (after the journal) or while a worker stages its files: exit 5, one line,
    a run report; a journalled commit is completed by the next run."""
    out = without(clean, tmp_path / "out", "a.pdf")
    proc = run(src, out, env={"FCA_EXTRACT_FAULT": f"{point}@a.pdf:1:ENOSPC"})
    rep = check_case(proc, out, 5, "No space left on device")
    assert rep["halted"] and "No space left" in rep["halted"]
    if point == "renamed":
        assert pending_docs(out), "the journalled commit is left for the next run"
        assert any((out / "_staging").iterdir()), "its staged files are kept"
    proc = check_rerun(src, out, clean)
    assert last_report(out)["counts"]["recovered"] == (point == "renamed")


def _tmpfs(path: Path, size: str, ro: bool = False) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    path.mkdir(exist_ok=True)
    opts = f"size={size}" + (",ro" if ro else "")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {r.stderr.strip()}")


def test_disk_really_full(src, clean, tmp_path):
    """A dataset on a file system with room for all but one document: exit 5 with one line, what is there stays
    whole, the report is written (the run's staging is cleared first); given room, a rerun completes."""
    disk = tmp_path / "disk"
    _tmpfs(disk, "20m")
    try:
        out = without(clean, disk / "ds", "a.pdf")  # about 128 KiB; a.pdf's files take about 60 KiB more
        subprocess.run(["mount", "-o", "remount,size=160k", str(disk)], check=True)
        rep = check_case(run(src, out), out, 5, "a.pdf", "No space left on device")
        assert rep["halted"] and rep["counts"]["ok"] == 0
        subprocess.run(["mount", "-o", "remount,size=20m", str(disk)], check=True)
        check_rerun(src, out, clean)
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_staging_that_is_a_file(src, clean, tmp_path):
    out = without(clean, tmp_path / "out", "a.pdf")
    shutil.rmtree(out / "_staging", ignore_errors=True)
    (out / "_staging").write_text("not a directory")
    check_case(run(src, out), out, 5, "_staging", "not a directory")
    (out / "_staging").unlink()
    check_rerun(src, out, clean)


def test_read_only_dataset_directory(src, clean, tmp_path):
    """`extract` and `ingest` into a directory that cannot be written: exit 5 and one line, no traceback."""
    ro = tmp_path / "ro"
    if os.geteuid() == 0:
        _tmpfs(ro, "20m", ro=True)
    else:
        ro.mkdir()
        ro.chmod(0o555)
    try:
        for cmd in (["extract", str(HP)], ["ingest", str(src)]):
            for out in (ro, ro / "ds"):  # the directory itself, a new one inside it
                proc = subprocess.run([sys.executable, "-m", "fca_extract", *cmd, "--out", str(out), "--ocr", "never"],
                                      capture_output=True, text=True, timeout=120)
                assert proc.returncode == 5, (cmd, out, proc.stderr)
                one_line(proc.stderr, str(ro))
        if os.geteuid() == 0:
            subprocess.run(["mount", "-o", "remount,rw", str(ro)], check=True)
        else:
            ro.chmod(0o755)
        check_rerun(src, without(clean, ro / "ds", "a.pdf"), clean)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(ro)], check=False)


# ---------------------------------------------------------------- 3. broken state: quarantined, never a traceback


@pytest.mark.parametrize("bad", ["{}", "null", "[1, 2]", '{"path": "a.pdf"'])
def test_bad_manifest_entry_is_quarantined(src, clean, tmp_path, bad):
    out = copy_dataset(clean, tmp_path / "out")
    entry = out / "_manifest" / "entries" / entry_name("a.pdf")
    entry.write_text(bad)
    # the dry run says so and moves nothing
    proc = ingest(src, out, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    one_line(proc.stderr, str(entry), "would be moved")
    assert entry.read_text() == bad
    # the run sets it aside and extracts the file again
    rep = check_case(run(src, out), out, 0, str(entry), "moved to")
    assert rep["counts"]["quarantined"] == 1 and rep["counts"]["new"] == 1
    assert [p.read_text() for p in (out / "_manifest" / "quarantine").iterdir()] == [bad]
    proc = check_rerun(src, out, clean)
    assert proc.stderr == ""


@pytest.mark.parametrize("bad", ["null", "removes"])
def test_bad_journal_is_quarantined_and_nothing_outside_dir_is_removed(src, clean, tmp_path, bad):
    out = copy_dataset(clean, tmp_path / "out")
    outside = tmp_path / "x"
    outside.write_text("outside the dataset")
    journal = out / "_manifest" / "journal" / "00000000000000000001-1-000001.json"
    journal.parent.mkdir(parents=True, exist_ok=True)
    if bad == "null":
        journal.write_text("null")
    else:  # a well-formed record but for a path out of DIR
        record = {"format": 1, "key": "a.pdf", "entry": manifest_entries(out)["a.pdf"], "renames": [], "removes": ["../x"]}
        journal.write_text(json.dumps(record))
    rep = check_case(run(src, out), out, 0, str(journal), "not a journal record")
    assert rep["counts"]["quarantined"] == 1 and rep["counts"]["recovered"] == 0
    assert outside.read_text() == "outside the dataset"
    if bad == "removes":
        assert rep["counts"]["retry"] == 1  # the document it named is extracted again
    check_rerun(src, out, clean)


# ---------------------------------------------------------------- 4. --timeout is a hard limit; options are checked


def test_timeout_is_a_hard_limit(tmp_path):
    s, out = tmp_path / "drop", tmp_path / "out"
    s.mkdir()
    make_slow(s / "slow.pdf")
    proc = run(s, out, "--timeout", "3")
    rep = check_case(proc, out, 1, "slow.pdf", "timed out after 3 s")
    (doc,) = rep["documents"]
    assert doc["status"] == "failed"  # "after 3 s": once stretched to 10 s a page, whatever --timeout said
    first = snapshot(out)
    proc = ingest(s, out, "--timeout", "3")
    assert proc.returncode == 1 and last_report(out)["counts"]["retry"] == 1
    assert_same(snapshot(out), first)
    for bad in (["--timeout", "nan"], ["--timeout", "inf"], ["--timeout", "-1"], ["--memory-mb", "-5"], ["--timeout-per-page", "nan"]):
        proc = ingest(s, out, *bad)
        assert proc.returncode == 2, (bad, proc.stderr)
        one_line(proc.stderr, bad[0])
    assert reports(out) == 2


# ---------------------------------------------------------------- 5. no data loss: --prune and vanishing files


def test_prune_is_off_when_a_folder_cannot_be_listed(src, clean, tmp_path):
    s2 = tmp_path / "drop"
    shutil.copytree(src, s2, copy_function=shutil.copy2)
    out = copy_dataset(clean, tmp_path / "out")
    env = {}
    if os.geteuid() == 0:  # root lists anything: the walk is told the folder cannot be listed
        env["FCA_EXTRACT_FAULT"] = "list@sub/:0:EACCES"
    else:
        (s2 / "sub").chmod(0)
    try:
        rep = check_case(run(s2, out, "--prune", env=env), out, 1, str(s2 / "sub"), "Permission denied", "--prune is off")
    finally:
        (s2 / "sub").chmod(0o755)
    assert rep["counts"]["pruned"] == 0 and rep["prune_disabled"] and rep["counts"]["skipped"] == 1
    assert_same(snapshot(out), snapshot(clean))  # sub/b.pdf keeps its rows
    check_rerun(s2, out, clean, 0, "--prune")


def test_known_file_vanishing_mid_run_keeps_its_rows(src, clean, tmp_path, monkeypatch):
    """A changed file deleted between the parent's hash and the worker's open: its old rows stay."""
    import fca_extract.ops.ingest as ing
    from fca_extract.jobs import ExtractSettings, extract_job
    from fca_extract.ops.console import Console
    from fca_extract.ops.runner import Limits
    from fca_extract.vocab import OcrMode

    s2 = tmp_path / "drop"
    shutil.copytree(src, s2, copy_function=shutil.copy2)
    out = copy_dataset(clean, tmp_path / "out")
    variant(HP, s2 / "sub" / "b.pdf", "b, revised")
    real = ing.sha256_file

    def sha_then_vanish(path):
        h = real(path)
        if Path(path).name == "b.pdf":
            Path(path).unlink()
        return h

    monkeypatch.setattr(ing, "sha256_file", sha_then_vanish)
    err = io.StringIO()
    n = reports(out)
    code = ing.run_ingest(ing.IngestSettings(s2, out, workers=1, limits=Limits(600, 1024)), extract_job(ExtractSettings(ocr=OcrMode.NEVER)),
                          Console(quiet=True, stderr=err))
    assert code == 1
    one_line(err.getvalue(), "b.pdf", "cannot read file", "earlier rows are kept")
    assert reports(out) == n + 1
    rep = last_report(out)
    assert rep["counts"]["unreadable"] == 1 and rep["counts"]["failed"] == 1
    check_readable_and_whole(out)
    assert_same(snapshot(out), snapshot(clean))
    monkeypatch.undo()
    shutil.copy2(src / "sub" / "b.pdf", s2 / "sub" / "b.pdf")  # it comes back
    check_rerun(s2, out, clean)


# ---------------------------------------------------------------- 6. nothing followed out of DIR or SRC_DIR


def test_symlinked_lock_is_refused_and_its_target_untouched(src, clean, tmp_path):
    out = copy_dataset(clean, tmp_path / "out")
    target = tmp_path / "precious.txt"
    target.write_text("precious")
    (out / "_ingest.lock").symlink_to(target)
    check_case(run(src, out), out, 5, "_ingest.lock", "symbolic link")
    assert target.read_text() == "precious"
    (out / "_ingest.lock").unlink()
    check_rerun(src, out, clean)


@pytest.mark.parametrize("where", ["_staging", "activities/doc_type=arsrapport"])
def test_symlinked_directory_in_dir_is_refused(src, clean, tmp_path, where):
    """A directory of the dataset that leads out of it: exit 5 before anything is written there."""
    out = without(clean, tmp_path / "out", "a.pdf")
    elsewhere = tmp_path / "elsewhere"
    if (out / where).exists():
        shutil.move(out / where, elsewhere)  # the (empty) staging area
    (elsewhere / "year=1999").mkdir(parents=True)  # a directory of its own out there: untouched
    before = {p.relative_to(elsewhere): p.read_bytes() if p.is_file() else None for p in elsewhere.rglob("*")}
    (out / where).symlink_to(elsewhere, target_is_directory=True)
    check_case(run(src, out), out, 5, where, "symbolic link")
    assert {p.relative_to(elsewhere): p.read_bytes() if p.is_file() else None for p in elsewhere.rglob("*")} == before
    (out / where).unlink()
    check_rerun(src, out, clean)


def test_source_link_out_of_src_is_skipped(src, clean, tmp_path):
    s2 = tmp_path / "drop"
    shutil.copytree(src, s2, copy_function=shutil.copy2)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT of /etc/shadow")
    (s2 / "evil.pdf").symlink_to(secret)
    (s2 / "inside.pdf").symlink_to(s2 / "a.pdf")  # a link inside SRC_DIR is read (the same bytes: not extracted again)
    out = copy_dataset(clean, tmp_path / "out")
    rep = check_case(run(s2, out), out, 1, "evil.pdf", "symbolic link out of the drop folder")
    assert rep["counts"]["skipped"] == 1 and rep["counts"]["duplicate"] == 1
    docs = pd.read_parquet(out / "documents")
    assert "evil.pdf" not in set(docs.file_name) and not any("SECRET" in w for ws in docs.warnings for w in ws)
    entries = manifest_entries(out)
    assert "evil.pdf" not in entries and entries["inside.pdf"]["duplicate_of"] == "a.pdf"
    assert_same(snapshot(out), snapshot(clean))
    # --follow-symlinks reads it (and fails it: not a PDF)
    followed = copy_dataset(out, tmp_path / "followed")
    proc = ingest(s2, followed, "--follow-symlinks")
    assert proc.returncode == 1 and one_line(proc.stderr, "evil.pdf", "not a PDF")
    # the links gone, a rerun (pruning the name that only pointed at a.pdf's rows) is a clean run
    (s2 / "evil.pdf").unlink()
    (s2 / "inside.pdf").unlink()
    check_rerun(s2, out, clean, 0, "--prune")


# ---------------------------------------------------------------- 7. a foreign PDF is given up early


def test_foreign_pdf_is_given_up_after_three_pages(tmp_path):
    s, out = tmp_path / "drop", tmp_path / "out"
    s.mkdir()
    make_foreign(s / "report.pdf", pages=20)
    rep = check_case(run(s, out), out, 1, "report.pdf", "partial", "not an FCA document")
    docs = pd.read_parquet(out / "documents")
    assert docs.n_pages.tolist() == [20] and docs.status.tolist() == ["partial"]
    assert any("pages 4–20 skipped" in w for w in docs.warnings[0])
    assert len(pd.read_parquet(out / "pages")) == 3
    first = snapshot(out)
    proc = ingest(s, out)
    assert proc.returncode == 0 and last_report(out)["counts"]["unchanged"] == 1  # a partial document is not retried
    assert_same(snapshot(out), first)


# ---------------------------------------------------------------- 8. signals, names, spelling


def test_sigterm_inside_a_commit_completes_it(src, clean, tmp_path):
    out = without(clean, tmp_path / "out", "a.pdf")
    p = ingest(src, out, env={"FCA_EXTRACT_FAULT": "renamed@a.pdf:1:sleep5"}, popen=True)
    wait_for(lambda: pending_docs(out))  # the journal is written: the commit has begun
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    proc = subprocess.CompletedProcess(p.args, p.returncode, "", err)
    rep = check_case(proc, out, 130, "interrupted", reports_before=reports(clean))
    assert rep["interrupted"] and pending_docs(out) == set()  # completed, not left half done
    assert "a.pdf" in manifest_entries(out)
    assert not any((out / "_staging").iterdir())
    check_rerun(src, out, clean)


def test_double_ctrl_c_keeps_the_summary_and_report(src, clean, tmp_path):
    out = without(clean, tmp_path / "out", "a.pdf")
    p = ingest(src, out, env={"FCA_EXTRACT_FAULT": "committed:1:sleep30"}, popen=True)
    wait_for(lambda: len(manifest_entries(out)) == 3)  # committed, the run pauses
    p.send_signal(signal.SIGINT)
    time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    out_text, err = p.communicate(timeout=60)
    proc = subprocess.CompletedProcess(p.args, p.returncode, out_text, err)
    rep = check_case(proc, out, 130, "interrupted", reports_before=reports(clean))
    assert "ingest (interrupted)" in out_text and rep["interrupted"]
    check_rerun(src, out, clean)


def test_extract_sigterm_cleans_its_staging_and_stale_staging_goes(tmp_path):
    """extract stopped by SIGTERM: exit 130 with one line, a run report saying so, no staging or lock
    left; its rerun gives what a clean extract gives."""
    out = tmp_path / "out"
    stale = out / "_staging" / "extract-999999" / "000001"
    stale.mkdir(parents=True)
    (stale / "documents.parquet").write_text("left by a killed extract")
    cmd = [sys.executable, "-m", "fca_extract", "extract", str(HP), "--out", str(out), "--ocr", "never"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, FCA_EXTRACT_FAULT="worker:1:sleep60"))
    wait_for(lambda: [d.name for d in (out / "_staging").iterdir()] == [f"extract-{p.pid}"])
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    one_line(err, "interrupted")
    assert not (out / "_staging").exists() or not any((out / "_staging").iterdir())
    assert not (out / "_ingest.lock").exists()
    assert reports(out) == 1 and last_report(out)["interrupted"] and last_report(out)["exit_code"] == 130
    check_readable_and_whole(out)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    fresh = tmp_path / "fresh"
    assert subprocess.run(cmd[:-4] + ["--out", str(fresh), "--ocr", "never"], capture_output=True, timeout=300).returncode == 0
    assert_same(snapshot(out), snapshot(fresh))


def test_control_characters_in_a_name_stay_on_one_line(src, clean, tmp_path):
    s2 = tmp_path / "drop"
    shutil.copytree(src, s2, copy_function=shutil.copy2)
    (s2 / "bad\nfca-extract: forged.pdf").write_text("not a PDF at all")
    out = copy_dataset(clean, tmp_path / "out")
    rep = check_case(run(s2, out), out, 1, "bad\\nfca-extract: forged.pdf", "not a PDF")
    assert [f["path"] for f in rep["failures"]] == ["bad\nfca-extract: forged.pdf"]
    first = snapshot(out)
    proc = ingest(s2, out)
    assert proc.returncode == 1 and len(proc.stderr.splitlines()) == 1
    assert_same(snapshot(out), first)
    (s2 / "bad\nfca-extract: forged.pdf").unlink()  # the file goes: pruned, a rerun is a clean run
    check_rerun(s2, out, clean, 0, "--prune")


def test_source_path_does_not_depend_on_how_src_is_spelled(src, clean, tmp_path):
    out = without(clean, tmp_path / "out", "a.pdf")
    spelled = os.path.relpath(src, tmp_path) + "/../" + src.name + "/"
    cmd = [sys.executable, "-m", "fca_extract", "ingest", spelled, "--out", "out", "--ocr", "never", "--workers", "1"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path, env={k: v for k, v in os.environ.items() if k != "FCA_EXTRACT_FAULT"})
    assert proc.returncode == 0, proc.stderr
    assert_same(snapshot(out), snapshot(clean))


# ---------------------------------------------------------------- the random-SIGKILL loop


@pytest.mark.slow
def test_random_sigkills_then_rerun_equals_a_clean_run(tmp_path):
    """At least 20 SIGKILLs at random moments, some inside commits (fault hook), with the drop folder
    changing between runs; after each, every table is readable and every document whole; in the end
    one more run gives exactly what a clean run over the final folder gives."""
    rng = random.Random(12)
    s, out = tmp_path / "drop", tmp_path / "out"
    s.mkdir()
    names = ["a.pdf", "b.pdf", "c.pdf"]
    for n in names:
        variant(HP, s / n, n)
    kills = in_commit = completed = 0
    version = 0
    while kills < 20:
        if rng.random() < 0.5:
            point = rng.choice(["staged", "journal", "renamed", "removed", "entry"])
            p = ingest(s, out, env={"FCA_EXTRACT_FAULT": f"{point}:{rng.randint(1, 2)}"}, popen=True)
            p.communicate(timeout=300)
        else:
            p = ingest(s, out, popen=True)
            try:
                p.communicate(timeout=rng.uniform(0.3, 5))
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGKILL)
                p.communicate()
        if p.returncode == -signal.SIGKILL:
            kills += 1
            pending = check_readable_and_whole(out)
            in_commit += bool(pending)
        else:
            assert p.returncode == 0, p.returncode
            completed += 1
            check_readable_and_whole(out)
            version += 1  # the run finished: give the next one work (one file edited, one replaced)
            variant(HP, s / rng.choice(names), f"edit {version}")
    proc = ingest(s, out)
    assert proc.returncode == 0, proc.stderr
    fresh = tmp_path / "fresh"
    assert ingest(s, fresh).returncode == 0
    assert_same(snapshot(out), snapshot(fresh))
    assert set(manifest_entries(out)) == set(manifest_entries(fresh)) == set(names)
    assert pending_docs(out) == set() and not any((out / "_staging").iterdir())
    print(f"{kills} SIGKILLs ({in_commit} inside a commit), {completed} runs completed")
    assert in_commit >= 3
