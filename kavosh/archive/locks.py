"""Advisory file locks that end with their holder: ``flock`` on a file, held by an open
descriptor, released by the kernel when the holding process ends (``kill -9`` included).

A lock held this way says "a live process owns this"; a lock that can be taken says "nobody
does", however the last holder ended and whatever became of its process id (ids are reused;
locks are not). Locks are between processes: one process asking twice for a lock it holds
through another descriptor is refused like a stranger would be.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


def try_lock(path: Path) -> int | None:
    """Take the exclusive lock on ``path`` (created if missing) without waiting; return the
    descriptor that holds it (close it to release), or None when a live process holds it.

    A file removed or replaced by another process between opening and locking is opened
    again, so the descriptor returned always locks the file now at ``path``."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the file we locked was removed by the one who held it: try the new one


def release(fd: int) -> None:
    """Release a lock taken by :func:`try_lock`."""
    os.close(fd)
