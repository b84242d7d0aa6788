"""Receiving: put the files a reporter gives into the case's archive, with custody.

Each file is copied into the archive (hashed on the way), registered as a document and recorded
in the custody log, in one transaction. Folders become documents holding their files.
Re-running over the same paths is cheap and creates nothing new: a path already received with
the same size and modification time is skipped without re-reading it.

No absolute path of the reporter's disk is written into what a case shares: each path given
is a *source* (see ``Store.register_source``) and everything received from it is recorded at
``label/relative/path`` (occurrences, ``dir:``/``entry:`` keys, custody records). The absolute
root stays in the ``sources`` table, on this machine only.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from kavosh.archive import ArchiveWriteError, BlobTooLarge, StoredBlob
from kavosh.case import Case, current_actor
from kavosh.model import Kind, Status
from kavosh.pipeline.progress import Progress
from kavosh.store import Source
from kavosh.store.custody import LISTED, REFUSED


def name_source(case: Case, path: Path, label: str) -> Source:
    """Give ``path`` the label ``label`` before it is ingested (``kavosh ingest --source``):
    a folder's own name may say more than the reporter wants shared. Raises
    ``FileNotFoundError`` for a path that is not there and ``SourceConflict`` for a label
    another path has, or a path already received under another label."""
    if not path.exists() and not path.is_symlink():
        raise FileNotFoundError(f"no such file or folder: {path}")
    return case.store.register_source(_root(path), label)


def _root(path: Path) -> str:
    """The absolute path a source is known by (symbolic links are not resolved: a link given
    is recorded, not followed)."""
    return os.path.abspath(path)


def count_files(paths: list[Path]) -> int:
    """How many files the inputs hold (for the progress bar)."""
    return sum(1 for _ in _walk_files(paths))


def _walk_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                yield from (Path(root) / f for f in sorted(files))
        else:
            yield path


COPY_THREADS = 4
COPY_AHEAD = 16  # files copied ahead of the records


class Intake:
    def __init__(self, case: Case, progress: Progress,
                 between: Callable[[], None] | None = None) -> None:
        """``between`` is called after each file is received (the pipeline uses it to keep
        its workers busy reading what has already arrived)."""
        self.case = case
        self.progress = progress
        self.actor = current_actor()
        self.received = 0
        self.between = between or (lambda: None)
        # Copying into the archive (read, hash, write, fsync) runs a few files ahead in
        # threads, which release the GIL; records are still written here, one file at a time.
        self.copying: deque[tuple[Future[StoredBlob], str, int | None, os.stat_result]] = deque()

    def receive(self, paths: list[Path]) -> None:
        with ThreadPoolExecutor(max_workers=COPY_THREADS) as pool:
            self.pool = pool
            for path in paths:
                path = Path(_root(path))
                label = self.case.store.register_source(str(path)).label
                self._receive(path, label, parent=None)
            while self.copying:
                self._record(*self.copying.popleft())
        self.case.custody.write_anchor()

    def _receive(self, path: Path, logical: str, parent: int | None) -> None:
        """Receive ``path`` (on disk) as ``logical`` (``label/relative/path``, what is kept)."""
        if path.is_symlink():
            self._entry(logical, parent, "symbolic link not followed (it could point anywhere)")
        elif path.is_dir():
            self._folder(path, logical, parent)
        elif path.is_file():
            self._file(path, logical, parent)
            self.between()
        else:
            self._entry(logical, parent, "not a regular file (device, socket or pipe)")

    def _folder(self, path: Path, logical: str, parent: int | None) -> None:
        store = self.case.store
        with store.transaction():
            doc_id, _ = store.register_document(
                f"dir:{logical}", Kind.DIRECTORY, status=Status.DONE
            )
            if store.add_occurrence(doc_id, logical, parent):
                self.case.custody.append(actor=self.actor, action=LISTED, path=logical,
                                         size=None, sha256=None, document_id=doc_id)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as error:
            store.fail_document(doc_id, "receive", f"folder could not be read: {error.strerror}")
            return
        for entry in entries:
            self._receive(Path(entry.path), f"{logical}/{entry.name}", doc_id)

    def _file(self, path: Path, logical: str, parent: int | None) -> None:
        stat = path.stat()
        if self.case.store.received_unchanged(logical, stat.st_size,
                                              stat.st_mtime_ns) is not None:
            self.progress.advance()
            return
        limit = self.case.settings.limits.max_file_size
        future = self.pool.submit(self.case.archive.put_file, path, max_size=limit)
        self.copying.append((future, logical, parent, stat))
        if len(self.copying) >= COPY_AHEAD:
            self._record(*self.copying.popleft())

    def _record(self, future: Future[StoredBlob], path: str, parent: int | None,
                stat: os.stat_result) -> None:
        """Write the document, occurrence and custody record of a file now in the archive."""
        store = self.case.store
        limit = self.case.settings.limits.max_file_size
        try:
            blob = future.result()
        except BlobTooLarge:
            self._entry(path, parent, f"file is larger than the limit of {limit:,} bytes")
            return
        except ArchiveWriteError:
            raise  # the case is at fault, not the file: stop; the next run receives it
        except OSError as error:
            self._entry(path, parent, f"file could not be read: {error.strerror}")
            return
        with store.transaction():
            doc_id, _ = store.register_document(
                blob.sha256, Kind.FILE, sha256=blob.sha256, size=blob.size
            )
            if store.add_occurrence(doc_id, path, parent, source_size=stat.st_size,
                                    source_mtime_ns=stat.st_mtime_ns):
                self.case.custody.append(
                    actor=self.actor, action="received", path=path, size=blob.size,
                    sha256=blob.sha256, document_id=doc_id,
                )
        self.received += 1
        if self.received % 500 == 0:
            self.case.custody.write_anchor()
        self.progress.advance()

    def _entry(self, path: str, parent: int | None, reason: str) -> None:
        """Record something that was given but cannot be stored, so it is not silently lost."""
        store = self.case.store
        with store.transaction():
            doc_id, _ = store.register_document(
                f"entry:{path}", Kind.ENTRY, status=Status.FAILED, stage="receive", reason=reason
            )
            if store.add_occurrence(doc_id, path, parent):
                self.case.custody.append(actor=self.actor, action=REFUSED, path=path,
                                         size=None, sha256=None, document_id=doc_id,
                                         detail=reason)
        self.progress.advance()
