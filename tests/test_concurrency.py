"""Two runs on one case (issue 9, point 1): the second is refused before it touches anything,
the first loses nothing, and a member whose archive write failed is read again next run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from kavosh.archive import ArchiveWriteError, BlobStore
from kavosh.archive import blobs as blob_module
from kavosh.case import Case
from kavosh.model import Kind
from kavosh.pipeline import ingest
from tests.conftest import ROOT, kavosh, make_case

# A real `kavosh ingest` in its own process, whose copy into the archive stops half-way until
# told to go on: the first run, caught while it copies a large file.
SLOW_INGEST = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from kavosh.archive import blobs
    from kavosh.case import Case
    from kavosh.pipeline import ingest

    case_dir, source, copying, go = map(Path, sys.argv[1:5])
    real = blobs.BlobStore.put_stream

    class Paused:
        def __init__(self, stream):
            self.stream, self.reads = stream, 0

        def read(self, size=-1):
            self.reads += 1
            if self.reads == 2:  # the first chunk is in .incoming: wait for the go
                copying.touch()
                while not go.exists():
                    time.sleep(0.05)
            return self.stream.read(size)

    blobs.CHUNK = 1024
    blobs.BlobStore.put_stream = lambda self, stream, max_size=None: real(
        self, Paused(stream), max_size)
    with Case.open(case_dir) as case:
        summary = ingest(case, [source])
    print(summary.received, summary.failed)
""")


def _wait_for(path: Path, process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"the first run ended early: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the first run never started copying")
        time.sleep(0.05)


def _incoming_files(case_dir: Path) -> list[Path]:
    return BlobStore(case_dir / "archive").temporary()


def test_a_second_ingest_is_refused_and_leaves_the_first_ones_files(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    make_case(case_dir, executor="inline").close()
    first = tmp_path / "first"
    first.mkdir()
    (first / "large.txt").write_text("Kaveh Jahanbin wrote this.\n" * 2000, encoding="utf-8")
    second = tmp_path / "second"
    second.mkdir()
    (second / "other.txt").write_text("Shirin Daryani's note.", encoding="utf-8")
    copying, go = tmp_path / "copying", tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    running = subprocess.Popen(
        [sys.executable, "-c", SLOW_INGEST, str(case_dir), str(first), str(copying), str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        _wait_for(copying, running)
        held = _incoming_files(case_dir)
        assert held, "the first run holds a file in the archive's incoming folder"

        refused = kavosh("ingest", str(second), "--case", str(case_dir), "--no-ocr",
                         check=False, env=env)
        assert refused.returncode == 1
        assert "another Kavosh process is writing" in refused.stderr
        assert all(p.exists() for p in held), "the refused run removed the first one's file"
    finally:
        go.touch()
        out, errors = running.communicate(timeout=300)
    assert running.returncode == 0, errors
    assert out.split() == ["1", "0"]  # received the file, nothing failed

    with Case.open(case_dir) as case:
        assert _file_paths(case) == {"first/large.txt"}
        assert not case.store.failures()
        assert not case.custody.verify()
    assert not _incoming_files(case_dir)


def test_sweep_removes_only_what_no_live_process_owns(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    store = BlobStore(archive)
    store.put_stream(open(__file__, "rb"))  # noqa: SIM115 - this process now owns a folder
    mine = blob_module._own_folder(store.incoming)
    (mine / "being-copied").write_bytes(b"half a file")
    # A writer killed while copying: its lock ends with it, its temporary file stays.
    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent("""
            import os, sys
            from pathlib import Path
            from kavosh.archive import blobs
            folder = blobs._own_folder(Path(sys.argv[1]))
            (folder / "tmp-left").write_bytes(b"partial")
            os._exit(9)
        """), str(store.incoming)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert killed.returncode == 9
    assert len(store.temporary()) == 2

    assert store.sweep() == 1
    assert [p.name for p in store.temporary()] == ["being-copied"]
    store.close()  # this process's folder goes with it
    assert not list(store.incoming.iterdir())


def test_a_member_whose_archive_write_failed_is_read_again(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("a.txt", "Parviz Mehrabi signed it.")
        z.writestr("b.txt", "Nasrin Kalantari did not.")
    sync = blob_module._sync
    calls = 0

    def lose_second_member(tmp: Path) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # the zip itself, its first member, then this one: swept from under us
            tmp.unlink()
        sync(tmp)

    monkeypatch.setattr(blob_module, "_sync", lose_second_member)
    with pytest.raises(ArchiveWriteError):
        ingest(case, [bundle])
    monkeypatch.setattr(blob_module, "_sync", sync)

    ingest(case, [bundle])
    assert not case.store.failures()
    assert _file_paths(case) == {"bundle.zip", "bundle.zip/a.txt", "bundle.zip/b.txt"}


def _file_paths(case: Case) -> set[str]:
    """Where each stored file was found, for files the case holds."""
    rows = case.store.execute(
        "SELECT o.path FROM occurrences o JOIN documents d ON d.id = o.document_id"
        " WHERE d.kind = ?", (Kind.FILE,)).fetchall()
    return {str(r[0]) for r in rows}
