"""Soak (issue 9): `kavosh ingest` and `kavosh ocr` killed with SIGKILL at seeded random
moments, round after round, then resumed; the case must end as if nothing had happened.

Checked against a reference case that ingested the same folders without interruption:

- nothing lost: every path (files, folders, members) has its document, with the same status;
- nothing duplicated: one document per SHA-256, one per path, each custody record once, and
  the search index holds what a rebuild from the database holds;
- ``kavosh custody verify`` is intact;
- no process a killed run started (workers, their engines) outlives it;
- meanwhile ``kavosh serve`` answers searches on the case without a server error, and a
  second case ingests the same folders at the same time and ends the same.

``KAVOSH_SOAK_ROUNDS`` (default 6) and ``KAVOSH_SOAK_SEED`` (default 9) make it longer or
different; a failure prints the seed and round.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from kavosh.case import Case
from kavosh.pipeline import ingest, reindex, run_ocr
from kavosh.pipeline.ocr import OcrOptions, OcrStage
from tests.conftest import ROOT, SAMPLE, kavosh, make_case

ROUNDS = int(os.environ.get("KAVOSH_SOAK_ROUNDS", "6"))
SEED = int(os.environ.get("KAVOSH_SOAK_SEED", "9"))
OCR_ROUNDS = max(1, ROUNDS // 3)


def _env() -> dict[str, str]:
    """The environment of the commands a soak runs, read when each starts: the test's own
    configuration folder (custody key and remembered heads, set by conftest), never the
    user's. Read at import, it was the user's, where a reused temporary folder of an older
    run named another case's signed head."""
    return {**os.environ, "PYTHONPATH": str(ROOT)}

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="the soak test finds processes through /proc")


def _round_folder(inbox: Path, number: int) -> Path:
    """The sample archive (the same bytes every round: found again, never stored twice) and
    files of this round's own (new documents to read)."""
    folder = inbox / f"round-{number:02d}"
    shutil.copytree(SAMPLE, folder / "sample")
    notes = folder / "notes"
    notes.mkdir()
    for i in range(12):
        (notes / f"note-{i:02d}.txt").write_text(
            f"Round {number}, note {i}: Bahram Sadeghi met Mina Farahani at {i} o'clock.\n" * 40,
            encoding="utf-8")
    (folder / "memo.rtf").write_text(  # read through LibreOffice: killed with the rest
        f"{{\\rtf1\\ansi Round {number}: Kian Moradi's memo.}}", encoding="ascii")
    (folder / "page.html").write_text(
        f"<html><body><h1>Round {number}</h1><p>Golnar Vaziri's page.</p></body></html>",
        encoding="utf-8")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("inner.txt", f"Round {number}: the inner note of Dariush Kamali.")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as z:
        for i in range(6):
            z.writestr(f"member-{i}.txt", f"Round {number}, member {i}, from Ava Nikpour.")
        z.writestr("nested.zip", inner.getvalue())
    return folder


def _processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, state) of every process now."""
    found: dict[int, tuple[int, str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        found[int(stat.parent.name)] = (int(fields[1]), fields[0])
    return found


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for child, (parent, _) in _processes().items():
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _left_alive(pids: set[int], seconds: float = 20.0) -> set[int]:
    """Those of ``pids`` still running (zombies are dead) after waiting up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        now = _processes()
        alive = {p for p in pids if p in now and now[p][1] not in "ZX"}
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _kill_at_random(args: list[str], rng: random.Random, latest: float, label: str) -> bool:
    """Run ``kavosh args``; SIGKILL it at a random moment before ``latest`` seconds; return
    whether it was killed (it may finish first). Asserts nothing it started lives on."""
    process = subprocess.Popen([sys.executable, "-m", "kavosh", *args], env=_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + rng.uniform(0.2, latest)
    started: set[int] = set()
    while time.monotonic() < deadline and process.poll() is None:
        started |= _descendants(process.pid)
        time.sleep(0.05)
    killed = process.poll() is None
    if killed:
        started |= _descendants(process.pid)
        os.kill(process.pid, signal.SIGKILL)
    _, errors = process.communicate(timeout=60)
    if not killed:
        assert process.returncode == 0, f"{label}: {errors}"
    alive = _left_alive(started)
    assert not alive, f"{label}: processes left behind: {alive}"
    return killed


def _canonical(case: Case) -> Callable[[str], str]:
    """A function giving a path from its innermost container's SHA-256 on. Members are named
    under their container's first path, and which copy of the same container arrived first
    depends on where a run was killed (a copy received in a commit group that a kill took
    back arrives after the next round's): the same member, the same bytes, another prefix."""
    rows = case.store.execute(
        "SELECT d.sha256, (SELECT o.path FROM occurrences o WHERE o.document_id = d.id"
        " ORDER BY o.id LIMIT 1) FROM documents d WHERE d.kind = 'file' AND EXISTS"
        " (SELECT 1 FROM occurrences c WHERE c.parent_id = d.id)").fetchall()
    containers = {f"{r[1]}/": str(r[0]) for r in rows}

    def canonical(path: str) -> str:
        prefixes = [p for p in containers if path.startswith(p)]
        if not prefixes:
            return path
        prefix = max(prefixes, key=len)
        return f"<{containers[prefix]}>/{path[len(prefix):]}"

    return canonical


def _documents(case: Case) -> list[tuple[str, str | None, str, str]]:
    canonical = _canonical(case)
    rows = case.store.execute(
        "SELECT o.path, d.sha256, d.kind, d.status FROM occurrences o"
        " JOIN documents d ON d.id = o.document_id").fetchall()
    return sorted((canonical(str(r[0])), r[1], str(r[2]), str(r[3])) for r in rows)


def _custody(case: Case) -> list[tuple[str, str, str | None]]:
    """Every custody record as ``(action, what, sha256)``: a text record (which names the
    document's first path when it was read) by its document's SHA-256 and layer."""
    canonical = _canonical(case)
    digests = dict(case.store.execute("SELECT id, sha256 FROM documents").fetchall())
    return sorted((r.action, f"{digests.get(r.document_id)}:{r.detail}" if r.action == "text"
                   else canonical(r.path), r.sha256) for r in case.store.custody_records())


def _duplicates(case: Case) -> list[tuple[object, ...]]:
    return [tuple(r) for r in case.store.execute(
        "SELECT 'sha256', sha256 FROM documents WHERE sha256 IS NOT NULL"
        " GROUP BY sha256 HAVING COUNT(*) > 1"
        " UNION ALL SELECT 'path', path FROM occurrences GROUP BY path HAVING COUNT(*) > 1"
    ).fetchall()]


def _index_holds_one_copy(case_dir: Path) -> None:
    """The index holds exactly what a rebuild from the database holds."""
    with Case.open(case_dir) as case:
        backend = case.search_backend()
        before = backend.count()
        rebuilt = reindex(case)
    assert before == rebuilt, f"the index held {before} entries, a rebuild {rebuilt}"


def test_ocr_killed_before_settling_its_documents_settles_them_next_run(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by the soak: a run killed after committing a document's last page but before
    settling it left its ``ocr`` state pending for ever (no page left for a run to read)."""
    folder = tmp_path / "scans"
    folder.mkdir()
    Image.new("L", (200, 100), 255).save(folder / "scan.png")
    ingest(case, [folder])
    options = OcrOptions(engine="null", executor="inline")
    monkeypatch.setattr(OcrStage, "flush", lambda self: None)  # killed before it settles
    run_ocr(case, options)
    assert case.store.pages_needing_ocr() == 0
    assert case.store.count_todo("ocr") == 1
    monkeypatch.undo()

    run_ocr(case, options)
    assert case.store.count_todo("ocr") == 0


class _Reader:
    """``kavosh serve`` on the case being soaked, and a thread that searches it and opens
    status and documents the whole time: every answer must be a page, never a server error."""

    PATHS = ("/search?q=Sadeghi", "/search?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86", "/status",
             "/api/search?q=memo", "/api/status", "/documents/1")

    def __init__(self, case_dir: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = subprocess.Popen(
            [sys.executable, "-m", "kavosh", "serve", "--case", str(case_dir),
             "--port", str(self.port)], env=_env(), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        self.statuses: dict[int, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)

    def __enter__(self) -> _Reader:
        deadline = time.monotonic() + 60
        while self._get("/status") is None:
            assert self.server.poll() is None, f"kavosh serve ended: {self.server.stderr}"
            assert time.monotonic() < deadline, "kavosh serve did not answer within 60 s"
            time.sleep(0.2)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=60)
        self.server.terminate()
        self.server.communicate(timeout=60)

    def _read(self) -> None:
        while not self.stop.is_set():
            for path in self.PATHS:
                status = self._get(path)
                if status is not None:
                    self.statuses[status] = self.statuses.get(status, 0) + 1

    def _get(self, path: str) -> int | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}",
                                        timeout=30) as answer:
                answer.read()
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)
        except OSError:
            return None  # not listening yet


@pytest.mark.slow
def test_killed_runs_resume_with_nothing_lost_or_duplicated(tmp_path: Path) -> None:
    """Rounds of kill -9 into one case while ``kavosh serve`` searches it and a second case
    ingests the same folders at the same time (two cases at once, one machine)."""
    rng = random.Random(SEED)
    inbox = tmp_path / "inbox"
    folders = [_round_folder(inbox, n) for n in range(ROUNDS)]
    case_dir = tmp_path / "case"
    make_case(case_dir, executor="process", workers=2).close()
    other_dir = tmp_path / "other"
    make_case(other_dir, executor="process", workers=1).close()

    killed = 0
    with _Reader(case_dir) as reader:
        for number, folder in enumerate(folders):
            label = f"seed {SEED}, ingest round {number}"
            other = subprocess.Popen(
                [sys.executable, "-m", "kavosh", "ingest", str(folder), "--case",
                 str(other_dir), "--no-ocr"], env=_env(), stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, text=True)
            killed += _kill_at_random(
                ["ingest", str(folder), "--case", str(case_dir), "--no-ocr"], rng, 3.0, label)
            _, errors = other.communicate(timeout=600)
            assert other.returncode == 0, f"{label}, the other case: {errors}"
        kavosh("ingest", *map(str, folders), "--case", str(case_dir), "--no-ocr", env=_env())
    answered = sum(reader.statuses.values())
    assert answered, "the server answered nothing while the case was soaked"
    assert not {s for s in reader.statuses if s >= 500}, f"server errors: {reader.statuses}"

    reference = make_case(tmp_path / "reference", executor="process", workers=2)
    with reference:
        for folder in folders:
            ingest(reference, [folder])
        expected, expected_custody = _documents(reference), _custody(reference)
    with Case.open(other_dir) as other_case:
        assert _documents(other_case) == expected, f"seed {SEED}: the other case differs"
        assert not _duplicates(other_case)
    with Case.open(case_dir) as case:
        assert _documents(case) == expected, f"seed {SEED}: documents differ"
        assert _custody(case) == expected_custody, f"seed {SEED}: custody records differ"
        assert not _duplicates(case)
        assert case.store.count_todo("read") == 0
        assert not case.archive.temporary(), "partial copies of killed runs were not swept"
    _index_holds_one_copy(case_dir)

    for number in range(OCR_ROUNDS):
        label = f"seed {SEED}, OCR round {number}"
        killed += _kill_at_random(["ocr", "--case", str(case_dir)], rng, 6.0, label)
    kavosh("ocr", "--case", str(case_dir), env=_env())
    with Case.open(case_dir) as case:
        assert case.store.pages_needing_ocr() == 0
        assert case.store.count_todo("ocr") == 0
        assert _documents(case) == expected
        assert not _duplicates(case)
    _index_holds_one_copy(case_dir)
    verified = kavosh("custody", "verify", "--case", str(case_dir), env=_env(), check=False)
    assert verified.returncode == 0, f"custody verify: {verified.stdout}{verified.stderr}"
    assert killed, f"seed {SEED}: no run was killed; the soak tested nothing"
    print(f"soak: seed {SEED}, {ROUNDS} ingest and {OCR_ROUNDS} OCR rounds, {killed} killed;"
          f" {answered} requests answered while ingesting ({reader.statuses})")
