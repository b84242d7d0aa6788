"""kill -9 during an ingest, then the same command again: nothing lost, nothing duplicated."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import kavosh

from kavosh.case import Case
from kavosh.views.search import search
from kavosh.views.status import status

FILES = 600
MEMBERS = 300


def _archive(root: Path) -> Path:
    folder = root / "leak"
    for i in range(FILES):
        sub = folder / f"batch{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"cable{i:04d}.txt").write_text(f"گزارش شماره کد{i:04d}x از ایستگاه بغداد\n" * 3)
    with zipfile.ZipFile(folder / "mail.zip", "w") as z:
        for i in range(MEMBERS):
            z.writestr(f"m/{i:04d}.txt", f"پیام رمز{i:04d}y درباره دیدار\n")
    return folder


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0


def _kill_when(case_dir: Path, leak: Path, sql: str, threshold: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kavosh", "ingest", str(leak), "--case", str(case_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    db = case_dir / "kavosh.db"
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists() and _count(db, sql) >= threshold:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the workers too
        proc.wait()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("moment", "sql", "threshold"),
    [
        ("while receiving", "SELECT COUNT(*) FROM custody", 150),
        ("while reading", "SELECT COUNT(*) FROM documents WHERE status = 'done'", 80),
    ],
)
def test_killed_ingest_resumes(tmp_path: Path, moment: str, sql: str, threshold: int) -> None:
    leak = _archive(tmp_path)
    case_dir = tmp_path / "case"
    _kill_when(case_dir, leak, sql, threshold)
    kavosh("ingest", str(leak), "--case", str(case_dir))

    with Case.open(case_dir) as case:
        state = status(case)
        assert state.pending == 0 and state.failed == [], moment
        # every file, the zip and its members: once each
        assert state.done == FILES + 1 + MEMBERS, moment
        occurrences = _count(case_dir / "kavosh.db", "SELECT COUNT(*) FROM occurrences")
        folders = 1 + 7
        assert occurrences == FILES + 1 + MEMBERS + folders, moment
        custody = case.custody.records()
        stored = [r for r in custody if r.action in ("received", "extracted")]
        assert len(stored) == FILES + 1 + MEMBERS, moment  # one record per file received
        listed = [r for r in custody if r.action == "listed"]
        assert len(listed) == folders, moment  # and per folder
        text = [r for r in custody if r.action == "text"]  # and per text layer read (issue 9)
        assert len(text) == FILES + MEMBERS, moment
        assert case.custody.verify() == [], moment
        for i in (0, 1, 299, 598, 599):
            assert len(search(case, f"کد{i:04d}x").hits) == 1, (moment, i)
        for i in (0, 150, 299):
            assert len(search(case, f"رمز{i:04d}y").hits) == 1, (moment, i)
        assert search(case, "بغداد", limit=1).total == FILES, moment
