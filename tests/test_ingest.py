"""The nightly ingest: incremental, idempotent, isolated, crash-safe (issue 5).

Every run goes through the real command line in a subprocess (``python -m
fca_extract ingest``), so SIGKILL, the lock and the worker processes are the
real thing. Crash points are reached with the test-only fault injection of
:mod:`fca_extract.ops.fault` (``FCA_EXTRACT_FAULT``) and with a plain timed
SIGKILL. Good documents are copies of the handlingsplan fixture with a
distinct trailing comment (distinct bytes, so distinct documents; about 3 s
each) to keep the module well under 3 minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from badfiles import make_blank, make_bomb, make_encrypted, make_non_fca, make_slow
from expected import PDF_DIR

HP = PDF_DIR / "handlingsplan_centrum_2024.pdf"
TABLES = ("documents", "activities", "goals", "budget", "sections", "pages", "repairs")
# a per-document limit far above any document's time however loaded the machine (at 60 s a 3-s document
# timed out under load, and the rerun differed from the clean run); the tests of the limit set their own
LIMITS = ["--timeout", "600", "--memory-mb", "1024"]


# ---------------------------------------------------------------- fixture makers (also used by test_runner, the benchmark)


def variant(src: Path, dest: Path, tag: str) -> Path:
    """A copy of ``src`` with a PDF comment after %%EOF: the same document, other bytes (another doc_id)."""
    dest.write_bytes(src.read_bytes() + f"\n% copy {tag}\n".encode())
    return dest


# ---------------------------------------------------------------- helpers


def ingest(src, out, *extra, env=None, timeout=900, workers=2, popen=False):
    cmd = [sys.executable, "-m", "fca_extract", "ingest", str(src), "--out", str(out), "--workers", str(workers), "--ocr", "never", *LIMITS, *extra]
    e = dict(os.environ)
    e.pop("FCA_EXTRACT_FAULT", None)
    e.update(env or {})
    if popen:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=e)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=e)


def last_report(out: Path) -> dict:
    runs = sorted((out / "_runs").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    return json.loads(runs[-1].read_text(encoding="utf-8"))


def pending_docs(out: Path) -> set[str]:
    """doc_ids named by commits a killed run left half done."""
    ids = set()
    jdir = out / "_manifest" / "journal"
    for p in jdir.glob("*.json") if jdir.is_dir() else []:
        rec = json.loads(p.read_text(encoding="utf-8"))
        for _, dst in rec["renames"]:
            ids.add(Path(dst).stem)
        for r in rec["removes"]:
            ids.add(Path(r).stem)
    return ids


def files_by_doc(out: Path) -> dict[str, set[str]]:
    docs: dict[str, set[str]] = {}
    for t in TABLES:
        for p in (out / t).rglob("*") if (out / t).is_dir() else []:
            if p.is_file():
                assert p.suffix == ".parquet" and not p.name.startswith((".", "_")), f"stray file in a table directory: {p}"
                docs.setdefault(p.stem, set()).add(t)
    return docs


def check_readable_and_whole(out: Path) -> set[str]:
    """Every table readable (pandas, DuckDB); every document in all 7 tables or named by a pending commit."""
    for t in TABLES:
        if (out / t).is_dir():
            pd.read_parquet(out / t)
            duckdb.sql(f"SELECT count(*) FROM read_parquet('{out / t}/**/*.parquet', hive_partitioning=true)").fetchall()
    pending = pending_docs(out)
    for doc_id, tables in files_by_doc(out).items():
        if doc_id not in pending:
            assert tables == set(TABLES), (doc_id, tables)
    return pending


def snapshot(out: Path) -> dict[str, pd.DataFrame]:
    """Every table, sorted, without the timestamps: what 'identical tables' means."""
    snap = {}
    for t in TABLES:
        df = pd.read_parquet(out / t)
        df = df.drop(columns=[c for c in ("extracted_at",) if c in df.columns])
        df = df.astype({c: str for c in df.columns})
        snap[t] = df.sort_values(list(df.columns)).reset_index(drop=True)
    return snap


def assert_same(a: dict, b: dict) -> None:
    for t in TABLES:
        pd.testing.assert_frame_equal(a[t], b[t], check_dtype=False, obj=t)


def file_stats(out: Path, doc_id: str) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_ino, p.stat().st_mtime_ns) for t in TABLES for p in (out / t).rglob(f"{doc_id}.parquet")}


def doc_ids(out: Path) -> dict[str, str]:
    d = pd.read_parquet(out / "documents")
    return dict(zip(d.file_name, d.doc_id))


def manifest_entries(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in (json.loads(p.read_text(encoding="utf-8")) for p in (out / "_manifest" / "entries").glob("*.json"))}


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def src(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("drop")
    shutil.copy(HP, d / "a.pdf")
    variant(HP, d / "b.pdf", "b")
    (d / "sub").mkdir()
    variant(HP, d / "sub" / "c.pdf", "c")
    (d / "zero.pdf").write_bytes(b"")
    (d / "notes.txt").write_text("not a pdf name: ignored")
    return d


@pytest.fixture(scope="module")
def clean(src, tmp_path_factory) -> Path:
    """One uninterrupted run: the reference."""
    out = tmp_path_factory.mktemp("clean")
    proc = ingest(src, out)
    assert proc.returncode == 1, proc.stderr  # zero.pdf fails
    return out


def copy_dataset(out: Path, dest: Path) -> Path:
    shutil.copytree(out, dest, copy_function=shutil.copy2)
    (dest / "_ingest.lock").unlink(missing_ok=True)
    return dest


# ---------------------------------------------------------------- tests


def test_clean_run(clean, src):
    rep = last_report(clean)
    assert rep["counts"]["found"] == 4 and rep["counts"]["new"] == 4
    assert rep["counts"]["ok"] == 3 and rep["counts"]["failed"] == 1
    assert rep["exit_code"] == 1
    assert [f["path"] for f in rep["failures"]] == ["zero.pdf"] and "empty" in rep["failures"][0]["reason"]
    docs = pd.read_parquet(clean / "documents")
    assert sorted(docs.file_name) == ["a.pdf", "b.pdf", "c.pdf", "zero.pdf"]
    assert set(docs.source_path) == {str(src / "a.pdf"), str(src / "b.pdf"), str(src / "sub" / "c.pdf"), str(src / "zero.pdf")}
    zero = docs[docs.file_name == "zero.pdf"].iloc[0]
    assert zero.status == "failed" and "empty file" in zero.warnings[0]
    assert pending_docs(clean) == set()
    check_readable_and_whole(clean)
    assert not any((clean / "_staging").iterdir())
    assert set(manifest_entries(clean)) == {"a.pdf", "b.pdf", "sub/c.pdf", "zero.pdf"}


def test_sigkill_at_every_commit_step_then_rerun(src, clean, tmp_path):
    """SIGKILL at a random moment, then at each step of a commit; each time the tables stay
    readable and whole, and the next run completes the work: the result equals a clean run's."""
    out = tmp_path / "out"
    # 1. a plain SIGKILL as soon as the first document is committed
    p = ingest(src, out, popen=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((out / "_manifest" / "entries").glob("*.json")):
        time.sleep(0.02)
    p.send_signal(signal.SIGKILL)
    p.communicate()
    check_readable_and_whole(out)
    # 2.–7. a crash at each step of a commit (each run completes the previous run's half-done commit first)
    saw_pending = False
    for point in ("staged", "journal", "renamed", "removed", "entry", "report"):
        proc = ingest(src, out, env={"FCA_EXTRACT_FAULT": f"{point}:1"})
        assert proc.returncode == -signal.SIGKILL, (point, proc.returncode, proc.stderr)
        pending = check_readable_and_whole(out)
        saw_pending |= bool(pending)
        assert "Traceback" not in proc.stderr
    assert saw_pending  # some crash did land between journal and completion
    proc = ingest(src, out)
    assert proc.returncode == 1, proc.stderr
    assert pending_docs(out) == set()
    assert_same(snapshot(out), snapshot(clean))
    assert set(manifest_entries(out)) == set(manifest_entries(clean))
    assert not any((out / "_staging").iterdir())


def test_sigkill_while_replacing_an_edited_file(src, clean, tmp_path):
    """A changed file is replaced in one step: killed in mid-rename, readers still see the old
    document whole in `documents`; the rerun finishes it: the new rows everywhere, the old nowhere."""
    s2 = tmp_path / "drop"
    shutil.copytree(src, s2, copy_function=shutil.copy2)
    out = tmp_path / "out"
    assert ingest(s2, out).returncode == 1
    before = doc_ids(out)
    variant(HP, s2 / "sub" / "c.pdf", "c, revised")
    proc = ingest(s2, out, env={"FCA_EXTRACT_FAULT": "renamed@c.pdf:1"})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    pending = check_readable_and_whole(out)
    assert before["c.pdf"] in pending
    docs = pd.read_parquet(out / "documents")
    assert set(docs.doc_id) == set(before.values())  # documents is renamed last: still the old row
    proc = ingest(s2, out)
    assert proc.returncode == 1, proc.stderr
    after = doc_ids(out)
    assert after["c.pdf"] != before["c.pdf"]
    for t in TABLES:
        ids = set(pd.read_parquet(out / t).doc_id)
        assert before["c.pdf"] not in ids and after["c.pdf"] in ids, t
    check_readable_and_whole(out)
    assert pending_docs(out) == set()


def test_rerun_with_nothing_changed_extracts_nothing(clean, src, tmp_path):
    out = copy_dataset(clean, tmp_path / "out")
    ids = doc_ids(out)
    stats = {k: file_stats(out, v) for k, v in ids.items()}
    proc = ingest(src, out)
    assert proc.returncode == 1, proc.stderr  # zero.pdf is retried, and fails again
    c = last_report(out)["counts"]
    assert c["unchanged"] == 3 and c["retry"] == 1 and c["extracted"] == 1 and c["new"] == c["changed"] == 0
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        assert file_stats(out, ids[name]) == stats[name]  # not even rewritten
    assert_same(snapshot(out), snapshot(clean))


def test_one_edited_file_replaces_only_its_rows(clean, src, tmp_path):
    s2 = tmp_path / "drop"
    shutil.copytree(src, s2, copy_function=shutil.copy2)
    out = copy_dataset(clean, tmp_path / "out")
    ids = doc_ids(out)
    stats = {k: file_stats(out, v) for k, v in ids.items()}
    variant(HP, s2 / "b.pdf", "b, revised")
    proc = ingest(s2, out)
    assert proc.returncode == 1, proc.stderr
    rep = last_report(out)
    assert rep["counts"]["changed"] == 1 and rep["counts"]["unchanged"] == 2
    assert [d["path"] for d in rep["documents"] if d["action"] == "changed"] == ["b.pdf"]
    new = doc_ids(out)
    assert new["b.pdf"] != ids["b.pdf"] and new["a.pdf"] == ids["a.pdf"]
    for t in TABLES:
        df = pd.read_parquet(out / t)
        assert ids["b.pdf"] not in set(df.doc_id), t
    acts = pd.read_parquet(out / "activities")
    assert (acts.doc_id == new["b.pdf"]).sum() == (acts.doc_id == ids["a.pdf"]).sum() == 17
    for name in ("a.pdf", "c.pdf"):
        assert file_stats(out, ids[name]) == stats[name]
    check_readable_and_whole(out)


def test_new_pipeline_version_reextracts(clean, src, tmp_path):
    out = copy_dataset(clean, tmp_path / "out")
    entries = manifest_entries(out)
    p = next(q for q in (out / "_manifest" / "entries").glob("*.json") if json.loads(q.read_text())["path"] == "a.pdf")
    e = entries["a.pdf"]
    e["pipeline_version"] = "0.0.1"
    p.write_text(json.dumps(e))
    proc = ingest(src, out)
    assert proc.returncode == 1, proc.stderr
    c = last_report(out)["counts"]
    assert c["version"] == 1 and c["unchanged"] == 2
    assert manifest_entries(out)["a.pdf"]["pipeline_version"] != "0.0.1"
    assert_same(snapshot(out), snapshot(clean))


def test_gone_files_kept_unless_prune_and_dry_run(clean, src, tmp_path):
    s2 = tmp_path / "drop"
    shutil.copytree(src, s2, copy_function=shutil.copy2)
    out = copy_dataset(clean, tmp_path / "out")
    ids = doc_ids(out)
    (s2 / "a.pdf").unlink()
    os.utime(s2 / "b.pdf", ns=(time.time_ns(), time.time_ns()))  # touched, same bytes
    variant(HP, s2 / "sub" / "c.pdf", "c2")
    # dry run: says what it would do, writes nothing
    before = sorted(str(p) for p in out.rglob("*"))
    proc = ingest(s2, out, "--dry-run", "--prune")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert any(ln.startswith("changed") and "c.pdf" in ln for ln in lines), proc.stdout
    assert any(ln.startswith("retry") and "zero.pdf" in ln for ln in lines), proc.stdout
    assert any(ln.startswith("prune") and "a.pdf" in ln for ln in lines), proc.stdout
    assert any(ln.startswith("touched") and "b.pdf" in ln for ln in lines), proc.stdout
    assert sorted(str(p) for p in out.rglob("*")) == before
    # without --prune the rows of a.pdf stay
    proc = ingest(s2, out)
    c = last_report(out)["counts"]
    assert c["missing"] == 1 and c["touched"] == 1 and c["changed"] == 1 and c["extracted"] == 2, proc.stderr
    assert ids["a.pdf"] in set(pd.read_parquet(out / "activities").doc_id)
    # with --prune they go, from every table and from the manifest
    proc = ingest(s2, out, "--prune")
    assert last_report(out)["counts"]["pruned"] == 1, proc.stderr
    for t in TABLES:
        assert ids["a.pdf"] not in set(pd.read_parquet(out / t).doc_id), t
    assert "a.pdf" not in manifest_entries(out)
    # an empty (unmounted?) source directory never prunes everything
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = ingest(empty, out, "--prune")
    assert proc.returncode == 2 and "refusing" in proc.stderr
    assert len(manifest_entries(out)) == 3


def test_second_run_exits_3_and_stale_lock_is_taken_over(src, clean, tmp_path):
    out = copy_dataset(clean, tmp_path / "out")
    first = ingest(src, out, env={"FCA_EXTRACT_FAULT": "locked:1:sleep60"}, popen=True)
    lock = out / "_ingest.lock"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.05)
    second = ingest(src, out)
    assert second.returncode == 3, second.stderr  # at once: waiting would have let it in once the first was done (exit 1)
    assert f"locked by a running ingest (pid {first.pid} " in second.stderr
    first.send_signal(signal.SIGKILL)
    first.communicate()
    assert json.loads(lock.read_text())["pid"] == first.pid  # left behind by the killed run
    third = ingest(src, out)
    assert third.returncode == 1, third.stderr
    assert "stale lock" in third.stderr
    assert last_report(out)["stale_lock_taken_over"]["pid"] == first.pid


def test_usage_errors(tmp_path):
    proc = ingest(tmp_path / "finns-inte", tmp_path / "out")
    assert proc.returncode == 2 and "no such file" in proc.stderr
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4")
    proc = ingest(f, tmp_path / "out")
    assert proc.returncode == 2 and "not a directory" in proc.stderr
    proc = ingest(tmp_path, tmp_path / "out", "--workers", "0")
    assert proc.returncode == 2


# ---------------------------------------------------------------- the bad-input suite


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad drop")
    for p in PDF_DIR.glob("*.pdf"):
        shutil.copy(p, d / p.name)
    (d / "zero.pdf").write_bytes(b"")
    (d / "text.pdf").write_text("Det här är ingen PDF.\n", encoding="utf-8")
    data = HP.read_bytes()
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    make_encrypted(HP, d / "encrypted.pdf")
    make_blank(d / "blank500.pdf")
    make_bomb(d / "bomb.pdf")
    make_non_fca(d / "protokoll.pdf")
    variant(HP, d / "Årsplan för Högsbo 2024.PDF", "Högsbo")  # spaces, Swedish letters, upper-case suffix
    out = tmp_path_factory.mktemp("bad out")
    return d, out, ingest(d, out)


def test_bad_input_suite(bad_run):
    d, out, proc = bad_run
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    docs = pd.read_parquet(out / "documents").set_index("file_name")
    names = sorted(p.name for p in d.iterdir())
    assert sorted(docs.index) == names  # every input file has a documents row
    good = ["handlingsplan_centrum_2024.pdf", "arsrapport_sydvast_2023.pdf", "arsrapport_sydvast_2023_landscape.pdf", "Årsplan för Högsbo 2024.PDF"]
    for name in good:
        assert docs.loc[name, "status"] == "ok", (name, docs.loc[name, "warnings"])
    expect = {
        "zero.pdf": ("failed", "empty file"),
        "text.pdf": ("failed", "not a PDF"),
        "encrypted.pdf": ("failed", "encrypted"),
        "bomb.pdf": ("failed", "memory limit exceeded"),
        "protokoll.pdf": (None, "not an FCA document"),
        "blank500.pdf": (None, "not an FCA document"),
        "truncated.pdf": (None, "truncated"),
    }
    rep = last_report(out)
    for name, (status, reason) in expect.items():
        row = docs.loc[name]
        assert row.status == status if status else row.status in ("failed", "partial"), (name, row.status)
        assert any(reason in w for w in row.warnings), (name, list(row.warnings))
        assert sum(name in ln for ln in proc.stderr.splitlines()) == 1, (name, proc.stderr)
    assert {f["path"] for f in rep["failures"]} >= {"zero.pdf", "text.pdf", "encrypted.pdf", "bomb.pdf"}
    assert all(f["reason"] for f in rep["failures"])
    acts = pd.read_parquet(out / "activities")
    assert (acts.doc_id == docs.loc["Årsplan för Högsbo 2024.PDF", "doc_id"]).sum() == 17
    assert int(docs.loc["blank500.pdf", "n_pages"]) == 500
    # within its limits: the bomb (4 GiB expanded) stopped at 1 GiB; none timed out
    assert not any("timed out" in (f["reason"] or "") for f in rep["failures"])
    assert max(x["worker_peak_mb"] or 0 for x in rep["documents"]) < 1100
    check_readable_and_whole(out)


def test_commit_order_holds_every_contract_table_documents_last():
    from fca_extract.output.schema import TABLES as SCHEMA_TABLES
    from fca_extract.output.dataset import COMMIT_ORDER

    assert sorted(COMMIT_ORDER) == sorted(SCHEMA_TABLES) and COMMIT_ORDER[-1] == "documents"


def test_parent_loads_neither_pyarrow_nor_pdfplumber(tmp_path):
    """The ingest parent plans, hashes, renames and reports: whatever becomes of a document (extracted,
    timed out, its worker crashed), the PDF and Arrow stacks stay in the workers."""
    s, out = tmp_path / "drop", tmp_path / "out"
    s.mkdir()
    shutil.copy(HP, s / "ok.pdf")
    make_slow(s / "slow.pdf")
    variant(HP, s / "crash.pdf", "crash")
    code = (
        "import json, sys; from fca_extract.cli import main; "
        f"code = main(['ingest', {str(s)!r}, '--out', {str(out)!r}, '--workers', '2', '--ocr', 'never', '--timeout', '30', '--quiet']); "
        "print(json.dumps({'code': code, 'loaded': sorted(m for m in ('pyarrow', 'pdfplumber', 'pdfminer') if m in sys.modules)}))"
    )
    env = dict(os.environ, FCA_EXTRACT_FAULT="worker@crash.pdf")  # the worker of crash.pdf SIGKILLs itself
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert json.loads(proc.stdout.splitlines()[-1]) == {"code": 1, "loaded": []}, proc.stdout + proc.stderr
    reasons = {f["path"]: f["reason"] for f in last_report(out)["failures"]}
    assert set(reasons) == {"slow.pdf", "crash.pdf"}, reasons
    assert "timed out after 30 s" in reasons["slow.pdf"] and "worker killed by SIGKILL" in reasons["crash.pdf"]
    docs = pd.read_parquet(out / "documents").set_index("file_name")
    assert docs.status.to_dict() == {"ok.pdf": "ok", "slow.pdf": "failed", "crash.pdf": "failed"}
    check_readable_and_whole(out)


def test_known_file_unreadable_now_keeps_its_rows(clean, src, tmp_path, monkeypatch):
    import fca_extract.ops.ingest as ing
    from fca_extract.jobs import extract_job
    from fca_extract.ops.console import Console
    from fca_extract.ops.runner import Limits

    s2 = tmp_path / "drop"
    shutil.copytree(src, s2, copy_function=shutil.copy2)
    out = copy_dataset(clean, tmp_path / "out")
    ids = doc_ids(out)
    os.utime(s2 / "a.pdf", ns=(time.time_ns(), time.time_ns()))
    real = ing.sha256_file

    def sha(path):
        if Path(path).name == "a.pdf":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(ing, "sha256_file", sha)
    code = ing.run_ingest(ing.IngestSettings(s2, out, workers=1, limits=Limits(600, 1024)), extract_job(), Console(quiet=True))
    assert code == 1
    rep = last_report(out)
    assert rep["counts"]["unreadable"] == 1
    assert any(f["path"] == "a.pdf" and "rows are kept" in f["reason"] for f in rep["failures"])
    assert doc_ids(out)["a.pdf"] == ids["a.pdf"]
    check_readable_and_whole(out)


def test_sigterm_stops_cleanly_and_rerun_completes(src, clean, tmp_path):
    """A service stop: in-flight documents are dropped (not recorded as failed), the report says interrupted."""
    out = tmp_path / "out"
    # the run pauses after its first commit, so the stop lands mid-run however loaded the machine is
    p = ingest(src, out, env={"FCA_EXTRACT_FAULT": "committed:1:sleep60"}, popen=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((out / "_manifest" / "entries").glob("*.json")):
        time.sleep(0.02)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "Traceback" not in err
    rep = last_report(out)
    assert rep["interrupted"] is True
    assert all(e["status"] != "failed" or e["path"] == "zero.pdf" for e in manifest_entries(out).values())
    assert not any((out / "_staging").iterdir())
    check_readable_and_whole(out)
    assert ingest(src, out).returncode == 1
    assert_same(snapshot(out), snapshot(clean))


def test_same_bytes_under_two_names_extracted_once(tmp_path):
    """A copy is not extracted again: its manifest entry points at the first path's rows,
    which stay as long as any path refers to them (pruning one name keeps them)."""
    s, out = tmp_path / "drop", tmp_path / "out"
    s.mkdir()
    shutil.copy(HP, s / "a.pdf")
    shutil.copy(HP, s / "b.pdf")
    proc = ingest(s, out, workers=1)
    assert proc.returncode == 0, proc.stderr
    c = last_report(out)["counts"]
    assert (c["new"], c["duplicate"], c["extracted"], c["ok"]) == (2, 1, 1, 2)
    docs = pd.read_parquet(out / "documents")
    assert docs.file_name.tolist() == ["a.pdf"]
    entries = manifest_entries(out)
    assert entries["b.pdf"]["duplicate_of"] == "a.pdf" and entries["b.pdf"]["doc_id"] == entries["a.pdf"]["doc_id"]
    # a third copy: the dry run names it, the run settles it without extracting
    shutil.copy(HP, s / "c.pdf")
    proc = ingest(s, out, "--dry-run")
    assert [ln.split()[0] for ln in proc.stdout.splitlines() if ln.endswith("c.pdf")] == ["duplicate"], proc.stdout
    proc = ingest(s, out)
    c = last_report(out)["counts"]
    assert (c["new"], c["duplicate"], c["extracted"], c["unchanged"]) == (1, 1, 0, 2), c
    # the first name goes: the rows stay for the others
    (s / "a.pdf").unlink()
    proc = ingest(s, out, "--prune")
    assert proc.returncode == 0 and last_report(out)["counts"]["pruned"] == 1, proc.stderr
    assert pd.read_parquet(out / "documents").doc_id.tolist() == [entries["a.pdf"]["doc_id"]]
    assert set(manifest_entries(out)) == {"b.pdf", "c.pdf"}
    check_readable_and_whole(out)
