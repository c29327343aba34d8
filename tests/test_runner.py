"""Process isolation (fca_extract.ops.runner), the lock and the manifest's commit journal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import psutil
import pytest

from badfiles import make_bomb, make_slow
from test_ingest import HP, TABLES

from fca_extract.errors import LockedError
from fca_extract.jobs import extract_job
from fca_extract.ops.commit import Journal, commit, recover
from fca_extract.ops.lock import DirLock
from fca_extract.ops.manifest import Manifest
from fca_extract.ops.runner import Limits, Task, run_documents
from fca_extract.output.dataset import commit_staged

EXTRACT = extract_job()


@pytest.fixture(scope="module")
def nasty(tmp_path_factory):
    d = tmp_path_factory.mktemp("nasty")
    return {"slow": make_slow(d / "slow.pdf"), "bomb": make_bomb(d / "bomb.pdf", gib=2)}


def test_wall_time_limit_kills_and_records(nasty, tmp_path):
    t = time.monotonic()
    outs = list(run_documents([Task(nasty["slow"], key="slow")], tmp_path / "stage", EXTRACT, workers=1, limits=Limits(timeout_s=2, memory_mb=1024)))
    assert time.monotonic() - t < 15
    (o,) = outs
    assert o.status == "failed" and "timed out after 2 s" in o.error and o.killed
    docs = pd.read_parquet(o.staged["documents"])
    assert docs.status.tolist() == ["failed"] and "timed out" in docs.warnings[0][0]
    assert set(o.staged) == set(TABLES)


def test_memory_limit_fails_the_document_not_the_run(nasty, tmp_path):
    tasks = [Task(nasty["bomb"], key="bomb"), Task(HP, key="good")]
    outs = {o.task.key: o for o in run_documents(tasks, tmp_path / "stage", EXTRACT, workers=2, limits=Limits(timeout_s=120, memory_mb=600))}
    assert outs["bomb"].status == "failed" and "memory limit exceeded (600 MB)" in outs["bomb"].error
    assert outs["bomb"].worker_peak_mb < 650
    assert outs["good"].status == "ok" and outs["good"].counts["activities"] == 17


def test_worker_staged_document_equals_one_extracted_in_process(tmp_path):
    """A document extracted in an isolated worker lands exactly as one extracted in this process."""
    from fca_extract.pipeline import extract_document
    from fca_extract.repair import Lexicon
    from fca_extract.output.write import write_document

    a, b = tmp_path / "a", tmp_path / "b"
    r = extract_document(HP, None, Lexicon.load())  # pristine, as in every worker
    write_document(a, r.doc_id, r.doc_type, r.year, r.tables)
    for o in run_documents([Task(HP)], b / "_staging" / "run", EXTRACT, workers=1):
        commit_staged(b, o.doc_id, o.partition, o.staged)
    for t in TABLES:
        x, y = pd.read_parquet(a / t), pd.read_parquet(b / t)
        x, y = (df.drop(columns=[c for c in ("extracted_at",) if c in df]).astype(str) for df in (x, y))
        pd.testing.assert_frame_equal(x, y, obj=t)
        assert sorted(p.relative_to(a) for p in (a / t).rglob("*.parquet")) == sorted(p.relative_to(b) for p in (b / t).rglob("*.parquet"))


def test_killed_parent_leaves_no_workers(nasty, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(2):
        (src / f"slow{i}.pdf").write_bytes(nasty["slow"].read_bytes() + b"%%EOF\n" * (i + 1))
    p = subprocess.Popen([sys.executable, "-m", "fca_extract", "ingest", str(src), "--out", str(tmp_path / "out"), "--workers", "2", "--ocr", "never"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(p.pid)
    deadline = time.monotonic() + 30
    kids: list[psutil.Process] = []
    while time.monotonic() < deadline:
        kids = parent.children(recursive=True)
        if len(kids) >= 3:  # the fork server and two workers
            break
        time.sleep(0.1)
    assert len(kids) >= 3, kids
    p.send_signal(signal.SIGKILL)
    p.wait()
    gone, alive = psutil.wait_procs(kids, timeout=10)
    assert not alive, alive


def test_lock_is_exclusive_and_stale_lock_taken_over(tmp_path):
    with DirLock(tmp_path) as lock:
        assert lock.stale is None
        with pytest.raises(LockedError, match=f"pid {os.getpid()}"):
            DirLock(tmp_path).acquire()
    # a file left by a killed holder (the kernel dropped its flock) is taken over
    (tmp_path / "_ingest.lock").write_text(json.dumps({"pid": 999999999, "host": "h", "started": "then"}))
    with DirLock(tmp_path) as lock:
        assert lock.stale["pid"] == 999999999
    with DirLock(tmp_path) as lock:  # a clean release leaves nothing stale
        assert lock.stale is None


def test_journal_rolls_forward_a_half_done_commit(tmp_path):
    out = tmp_path
    staged = out / "_staging" / "r" / "1"
    staged.mkdir(parents=True)
    for t in ("activities", "documents"):
        (staged / f"{t}.parquet").write_text(t)
    (out / "documents" / "doc_type=x" / "year=1").mkdir(parents=True)
    (out / "documents" / "doc_type=x" / "year=1" / "old.parquet").write_text("old")
    j = Journal(out)
    renames = [(f"_staging/r/1/{t}.parquet", f"{t}/doc_type=x/year=2/new.parquet") for t in ("activities", "documents")]
    entry = {"path": "k.pdf", "size": 1, "mtime_ns": 1, "sha256": "new", "doc_id": "new", "pipeline_version": "0", "status": "ok", "error": None,
             "files": [r[1] for r in renames], "duplicate_of": None}
    record = {"format": 1, "key": "k.pdf", "entry": entry, "renames": [list(r) for r in renames], "removes": ["documents/doc_type=x/year=1/old.parquet"]}
    # as if the run died right after the journal and one rename
    j.write(record)
    os.makedirs(out / "activities" / "doc_type=x" / "year=2")
    os.replace(staged / "activities.parquet", out / renames[0][1])
    m2 = Manifest(out).load()
    assert recover(out, m2, Journal(out)) == 1
    assert (out / renames[1][1]).read_text() == "documents"
    assert not (out / "documents" / "doc_type=x" / "year=1" / "old.parquet").exists()
    assert Manifest(out).load().get("k.pdf")["doc_id"] == "new"
    assert Journal(out).pending() == []
    assert recover(out, Manifest(out).load(), Journal(out)) == 0  # idempotent
    # commit() is the same thing without the crash; pruning drops the entry
    commit(out, m2, j, "k.pdf", None, [], [r[1] for r in renames])
    assert Manifest(out).load().get("k.pdf") is None and not (out / renames[1][1]).exists()


def test_runner_and_job_names_import_no_stage():
    """The process boundary by construction: the runner, and the job names the parent builds,
    import no stage (at module level or in a function); only the job's module, in the workers, does."""
    import ast
    import importlib.util
    from pathlib import Path

    import fca_extract.jobs
    import fca_extract.ops.runner

    stages = {"pipeline", "pages", "ocr", "layout", "assemble", "output", "repair", "debug", "jobs"}
    for module, package in ((fca_extract.ops.runner, "fca_extract.ops"), (fca_extract.jobs, "fca_extract.jobs")):
        for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [importlib.util.resolve_name("." * node.level + (node.module or ""), package) if node.level else node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                assert not (parts[0] == "fca_extract" and len(parts) > 1 and parts[1] in stages), (module.__name__, name)


def test_timeout_is_hard_unless_a_per_page_allowance_is_asked_for():
    assert Limits(timeout_s=10).deadline_for(40) == 10  # once 10 s a page: 400 s
    assert Limits(timeout_s=10, per_page_s=3).deadline_for(40) == 120
    assert Limits(timeout_s=10, per_page_s=3).deadline_for(2) == 10
    assert Limits(timeout_s=0, per_page_s=3).deadline_for(40) == 0  # no limit at all


def test_lock_names_its_holder_and_refuses_a_link(tmp_path):
    from fca_extract.errors import HaltError

    with DirLock(tmp_path, "ingest"):
        with pytest.raises(LockedError, match=rf"locked by a running ingest \(pid {os.getpid()} on "):
            DirLock(tmp_path, "extract").acquire()
    assert not (tmp_path / "_ingest.lock").exists()  # a run that ends leaves no lock file
    target = tmp_path / "target"
    target.write_text("precious")
    other = tmp_path / "other"
    other.mkdir()
    (other / "_ingest.lock").symlink_to(target)
    with pytest.raises(HaltError, match="symbolic link"):
        DirLock(other).acquire()
    assert target.read_text() == "precious"


def test_a_signal_during_a_worker_start_waits_until_the_start_is_done():
    """The SIGTERM race (issue 11): a stop that lands while a worker is being started must not cut the
    conversation with the fork server in half (it died with a `recvfds` traceback); it takes effect
    once the start is complete."""
    from fca_extract.ops.runner import _start
    from fca_extract.ops.signals import Interrupts

    class Proc:
        started = False

        def start(self):
            os.kill(os.getpid(), signal.SIGTERM)  # the service stop, in the middle of the start
            self.started = True

    import threading

    idle = threading.Event()  # another thread (tqdm's monitor has one): the kernel may hand it the signal
    other = threading.Thread(target=idle.wait, daemon=True)
    other.start()
    try:
        proc = Proc()
        with Interrupts().installed():
            with pytest.raises(KeyboardInterrupt):
                _start(proc)
        assert proc.started
    finally:
        idle.set()
