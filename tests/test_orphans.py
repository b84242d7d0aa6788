"""kill -9 of a running ingest takes its worker processes and resource tracker with it (bug 5).

Killed as the resume test kills, but the run alone (``kill -9`` of one process, as a user
would): a worker left behind would hold memory and file handles for ever, re-parented to PID 1.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

FILES = 1500
DEADLINE_SECONDS = 60


def _leak(root: Path) -> Path:
    folder = root / "leak"
    folder.mkdir()
    for i in range(FILES):
        (folder / f"cable{i:04d}.txt").write_text(f"گزارش شماره {i} از ایستگاه بغداد\n" * 400)
    return folder


def _busy_helpers(run: psutil.Process, db: Path) -> dict[psutil.Process, str]:
    """The run's pool workers and resource tracker (and their roles), once the pool has read
    some documents but not all."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.is_running():
        found = {p: _role(p) for p in run.children(recursive=True)}
        found = {p: role for p, role in found.items() if role}
        if {"worker", "tracker"} <= set(found.values()) and _done(db) >= 20:
            return found
        time.sleep(0.05)
    pytest.fail("the run never started its worker processes")


def _done(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            sql = "SELECT COUNT(*) FROM documents WHERE status = 'done'"
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0


def _role(process: psutil.Process) -> str:
    try:
        command = " ".join(process.cmdline())
    except psutil.Error:
        return ""
    if "resource_tracker" in command:
        return "tracker"
    return "worker" if "spawn_main" in command else ""


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.slow
def test_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    leak = _leak(tmp_path)
    run = subprocess.Popen(
        [sys.executable, "-m", "kavosh", "ingest", str(leak), "--case", str(tmp_path / "case")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    helpers: dict[psutil.Process, str] = {}
    try:
        helpers = _busy_helpers(psutil.Process(run.pid), tmp_path / "case" / "kavosh.db")
        assert _done(tmp_path / "case" / "kavosh.db") < FILES, "killed too late: all was read"
        os.kill(run.pid, signal.SIGKILL)  # the run only: nobody is left to shut the pool down
        run.wait()
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline and any(_alive(p) for p in helpers):
            time.sleep(0.1)
        left = [(role, p.pid) for p, role in helpers.items() if _alive(p)]
        assert not left, f"still running after the run was killed: {left}"
    finally:
        for process in helpers:  # never leave them behind, even when the test fails
            if _alive(process):
                process.kill()
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
