"""An inverted-file index over a case's passage vectors: the nearest rows without multiplying
every row, and a proof, per question, of when the answer is the exhaustive search's.

The index (``index.npz`` in the case's ``vectors/`` folder) holds:

- ``centroids``: ``lists`` unit vectors, a spherical k-means (numpy) of up to
  :data:`TRAIN_ROWS` rows sampled evenly from the first ``trained`` rows; ``lists`` is about
  :data:`LISTS_PER_ROOT` × √rows;
- ``labels``: for each of the first ``rows`` matrix rows, the list of its nearest centroid,
  or ``lists`` — the *outliers' list*, which every question scans — when its cosine with that
  centroid is under ``outlier`` (the :data:`OUTLYING` quantile of the training rows'): rows
  unlike those the centroids were trained on (a new kind of document) are found all the same;
- ``weight``: per list, the length of the mean of its training rows (lists are scanned in
  order of the question's product with that mean);
- ``cosine``: per list, the smallest cosine of a member with its centroid (the list's angular
  radius θ) and ``norm``: the largest length of a member (float16 rows are not exactly unit);
- ``meta``: format version, the vectors' generation (``model.json``), ``rows``, ``trained``,
  dimensions, and a fingerprint of a few of the indexed rows (a matrix made anew under the
  same generation is not taken for the indexed one).

Contract:

- it is written whole or not at all (a ``.part`` file, fsynced, then renamed): a process killed
  while writing leaves the previous index or none, never half of one; a file that cannot be
  read (truncated, its zip CRC wrong), of another generation, of more rows than stored, or
  whose fingerprint differs is *stale*: :func:`load` returns None and the search is
  exhaustive (and the index is made again, :func:`refresh`);
- rows appended after it (the *tail*, rows ``rows``..) are searched exhaustively; a writer
  (:func:`refresh`, called after each append) assigns them to their nearest centroid once
  they are :data:`TAIL_ROWS` or more, and trains anew once the rows have doubled since the
  centroids were trained, or the outliers appended since are more than :data:`OUTLIERS_MAX`
  of the rows (and :data:`TAIL_ROWS`).
  Retired rows stay in their lists and are never returned (the caller masks them);
- :func:`search` scans the outliers' list, then the lists nearest the question exactly (each
  row's exact float32 product), in order of the question's product with their mean, until
  the ``k``-th best score found is at least the highest score any row of an unscanned list
  could have — then the answer is *proven* the exhaustive one (:attr:`Probe.proven`) — or
  :data:`PROBE_SHARE` of the rows have been scanned (near-exact: on real e5 vectors the
  bound is loose, their cosines being close together; the recall is measured in
  docs/search-by-meaning.md). The bound of a list whose members lie within angle θ of its
  centroid ``c``, for a question at angle α from ``c``: ``norm × cos(max(0, α − θ))``;
- a searching process keeps the indexed rows as one float32 array grouped by list (1.5 KB a
  row: what the exhaustive search's copy costs) when it fits ``ram_mb``; past that it reads
  the scanned lists' rows from the memory-mapped float16 matrix (flat memory, slower);
- from :data:`PROJECT_MIN` indexed rows it also keeps each row's *projection*: its
  difference with the rows' mean on their :data:`PROJECTED` first principal components
  (taken by the process from :data:`PROJECT_SAMPLE` rows: nothing more is stored; 512 bytes
  a row). A question then scans the same lists as above (to :data:`PROBE_SHARE` of the
  rows; no bound) by the product of those projections with its own — a third of the memory
  read of the exact product, which is what a scan costs — and rescores exactly, from the
  float32 rows, the best :data:`RESCORED_SHARE` of the rows scanned (at least
  :data:`RESCORED_PER_K` × ``k`` and :data:`RESCORED_MIN`). Each score returned is still the
  row's exact cosine; which rows were rescored is an estimate, so such an answer is never
  *proven*. Measured at a million rows (docs/search-by-meaning.md): the exhaustive top 10's
  passages all found, 0.98 of the top 200's (0.93 rescoring 5 % of the rows scanned).
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INDEX = "index.npz"
FORMAT = 4
INDEX_MIN = 32_768  # rows under which the exhaustive product is about as fast: no index
TAIL_ROWS = 8_192  # rows appended since the index before a writer assigns them to lists
LISTS_PER_ROOT = 4.0  # lists ≈ this × √rows (more, smaller lists: fewer rows scanned for
# the same recall; 4 × √rows: 0.88 of the exhaustive top 10 in a tenth of 2,500 real passages,
# against 0.69 with √rows)
TRAIN_ROWS = 65_536  # rows the k-means is trained on at most (evenly spread)
ITERATIONS = 8  # k-means rounds
BLOCK = 16_384  # rows assigned at once (a float32 block of 24 MB)
PROBE_MIN = 8  # lists scanned at least
PROBE_SHARE = 0.3  # share of the indexed rows a question scans at most (then near-exact,
# not proven): 0.96 of the exhaustive top 10 on 2,500 real passages, 0.92 with a fifth
# (docs/search-by-meaning.md)
STEP = 4  # lists scanned between two checks of the bound
PROJECT_MIN = 131_072  # indexed rows from which a question scans their projections first
PROJECTED = 128  # dimensions of those projections (the rows' first principal components)
PROJECT_SAMPLE = 16_384  # rows the principal components are taken from (evenly spread)
RESCORED_MIN = 2_048  # scanned rows rescored exactly at least (the best projections) ...
RESCORED_PER_K = 4  # ... or this many per row asked for, or ...
RESCORED_SHARE = 0.07  # ... this share of the rows scanned, whichever is most (at a million
# rows, of the exhaustive top 200's passages: 0.98 found, 0.93 with 5 %, 1.00 with 10 %)
BLAS_ELEMENTS = 131_072  # numbers one BLAS product of the projected scan multiplies at most:
# OpenBLAS multiplies a larger matrix by a vector on two threads here (768 K numbers did, 192 K
# did not), and a second thread waiting for a core on a busy machine stalls the product
FINGERPRINT_ROWS = 16
OUTLYING = 0.01  # share of the training rows farthest from their centroid: below their
# cosine a row is an outlier, in the list every question scans
OUTLIERS_MAX = 0.03  # outliers appended since the training (of the rows) beyond which a
# writer trains the index anew


@dataclass(slots=True)
class Index:
    """What ``index.npz`` holds (see the module's contract)."""

    generation: str
    rows: int
    trained: int
    centroids: Any  # (lists, dimensions) float32, unit rows
    labels: Any  # (rows,) int32: each indexed row's list
    cosine: Any  # (lists,) float32: the smallest cosine of a member with its centroid
    norm: Any  # (lists,) float32: the largest length of a member
    fingerprint: str = ""
    outlier: float = -1.0  # a row of lower cosine with its nearest centroid is an outlier
    weight: Any = None  # (lists,) float32: the length of the mean of the list's training rows

    @property
    def outliers(self) -> int:
        """Rows in the outliers' list (label ``len(centroids)``)."""
        return int((self.labels == len(self.centroids)).sum())


@dataclass(slots=True)
class Probe:
    """What a question scanned: ``rows`` (matrix rows) and their exact ``scores``; ``proven``
    when no unscanned row can be among the ``k`` best."""

    rows: Any
    scores: Any
    proven: bool
    lists: int


# --- building --------------------------------------------------------------------------------


def lists_for(rows: int) -> int:
    return max(16, int(LISTS_PER_ROOT * math.sqrt(rows)))


def build(np: Any, matrix: Any, generation: str, seed: int = 12) -> Index:
    """An index of every row of ``matrix`` (memory-mapped float16, unit rows): spherical
    k-means on an even sample, then every row assigned to its nearest centroid."""
    n = len(matrix)
    lists = lists_for(n)
    spread = np.linspace(0, n - 1, min(n, TRAIN_ROWS))
    sample = np.asarray(matrix[np.unique(spread.astype(np.int64))], dtype=np.float32)
    centroids = kmeans(np, sample, lists, seed)
    labels, cosines = _assign(np, sample, centroids)
    # the mean of a list's rows is its centroid × the mean of their cosines with it
    counts = np.bincount(labels, minlength=len(centroids))
    weight = np.bincount(labels, cosines, minlength=len(centroids)) / np.maximum(counts, 1)
    weight[counts == 0] = weight[counts > 0].mean()
    # the outliers' cosine taken on rows the k-means did not see, where there are such:
    # the training rows lie nearer their centroids than the others do
    unseen = np.unique((spread + (n - 1) / max(1, 2 * len(spread))).astype(np.int64))
    unseen = np.setdiff1d(unseen[unseen < n], spread.astype(np.int64))
    if len(unseen) >= len(spread) // 2:
        held = np.asarray(matrix[unseen], dtype=np.float32)
        cosines, sample = _assign(np, held, centroids)[1], held
    outlier = float(np.quantile(cosines / np.maximum(np.linalg.norm(sample, axis=1), 1e-12),
                                OUTLYING))
    index = Index(generation, 0, n, centroids, np.empty(0, np.int32),
                  np.ones(len(centroids), np.float32), np.zeros(len(centroids), np.float32),
                  outlier=outlier, weight=weight.astype(np.float32))
    return extend(np, index, matrix)


def kmeans(np: Any, sample: Any, lists: int, seed: int) -> Any:
    """``lists`` unit centroids of ``sample`` (spherical k-means: each row to the centroid of
    highest cosine, each centroid the normalised mean of its rows; an emptied list takes a
    random row)."""
    rng = np.random.default_rng(seed)
    lists = min(lists, len(sample))
    centroids = sample[rng.choice(len(sample), lists, replace=False)].copy()
    for _ in range(ITERATIONS):
        labels = _assign(np, sample, centroids)[0]
        counts = np.bincount(labels, minlength=lists)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        sums = np.zeros_like(centroids)
        held = counts > 0
        sums[held] = np.add.reduceat(sample[np.argsort(labels, kind="stable")], starts[held])
        empty = np.flatnonzero(~held)
        sums[empty] = sample[rng.choice(len(sample), len(empty), replace=False)]
        centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return centroids.astype(np.float32)


def _assign(np: Any, block: Any, centroids: Any) -> tuple[Any, Any]:
    """Each row's nearest centroid (highest cosine) and that cosine."""
    products = block @ centroids.T
    labels = products.argmax(axis=1).astype(np.int32)
    return labels, products[np.arange(len(block)), labels]


def extend(np: Any, index: Index, matrix: Any) -> Index:
    """``index`` with the rows of ``matrix`` past ``index.rows`` assigned to its lists: each
    to the list of its nearest centroid, or to the outliers' list (label ``len(centroids)``)
    when its cosine with that centroid is under the index's ``outlier`` (rows unlike the
    ones it was trained on: a new kind of document, until the next training)."""
    n = len(matrix)
    labels, cosine, norm = [index.labels], index.cosine.copy(), index.norm.copy()
    for first in range(index.rows, n, BLOCK):
        block = np.asarray(matrix[first:min(n, first + BLOCK)], dtype=np.float32)
        lengths = np.linalg.norm(block, axis=1)
        found, products = _assign(np, block, index.centroids)
        products /= np.maximum(lengths, 1e-12)
        inlying = products >= index.outlier
        np.minimum.at(cosine, found[inlying], products[inlying])
        np.maximum.at(norm, found[inlying], lengths[inlying])
        found[~inlying] = len(index.centroids)
        labels.append(found)
    return Index(index.generation, n, index.trained, index.centroids, np.concatenate(labels),
                 cosine, norm, fingerprint(np, matrix, n), index.outlier, index.weight)


def fingerprint(np: Any, matrix: Any, rows: int) -> str:
    """A checksum of :data:`FINGERPRINT_ROWS` rows spread over the first ``rows``."""
    picked = np.unique(np.linspace(0, rows - 1, min(rows, FINGERPRINT_ROWS)).astype(np.int64))
    return f"{zlib.crc32(np.ascontiguousarray(matrix[picked]).tobytes()):08x}"


# --- storing ---------------------------------------------------------------------------------


def save(np: Any, folder: Path, index: Index) -> None:
    """Write ``index`` whole (a ``.part`` file of this process, fsynced, then renamed over
    the old one: two processes saving at once never write into one file)."""
    meta = {"format": FORMAT, "generation": index.generation, "rows": index.rows,
            "trained": index.trained, "fingerprint": index.fingerprint,
            "outlier": index.outlier}
    part = folder / f"{INDEX}.{os.getpid()}.part"
    with part.open("wb") as file:
        np.savez(file, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8),
                 centroids=index.centroids, labels=index.labels, cosine=index.cosine,
                 norm=index.norm, weight=index.weight)
        file.flush()
        os.fsync(file.fileno())
    part.replace(folder / INDEX)


def load(np: Any, folder: Path, generation: str, matrix: Any) -> Index | None:
    """The stored index if it is of these vectors (see the module's contract), else None."""
    path = folder / INDEX
    try:
        data = path.read_bytes()
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            meta = json.loads(bytes(stored["meta"]).decode())
            index = Index(meta["generation"], int(meta["rows"]), int(meta["trained"]),
                          stored["centroids"], stored["labels"], stored["cosine"],
                          stored["norm"], meta["fingerprint"], float(meta["outlier"]),
                          stored["weight"])
            fresh = (meta["format"] == FORMAT and index.generation == generation
                     and 0 < index.rows <= len(matrix) and len(index.labels) == index.rows
                     and index.centroids.shape[1:] == matrix.shape[1:]
                     and index.fingerprint == fingerprint(np, matrix, index.rows))
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        return None  # missing, truncated, of a CRC that does not match: not an index
    return index if fresh else None


def refresh(np: Any, folder: Path | None, generation: str, matrix: Any,
            index: Index | None) -> Index | None:
    """The index brought up to ``matrix`` and saved in ``folder`` (None: kept in memory only)
    when it needs it (see the module's contract): None under :data:`INDEX_MIN` rows; built
    anew when missing or the rows have doubled since it was trained; the tail assigned once
    it has :data:`TAIL_ROWS` rows."""
    n = len(matrix)
    if n < INDEX_MIN:
        return index
    if index is None or n >= 2 * index.trained:
        index = build(np, matrix, generation)
    elif n - index.rows >= TAIL_ROWS:
        index = extend(np, index, matrix)
        new = int((index.labels[index.trained:] == len(index.centroids)).sum())
        if new > max(TAIL_ROWS, OUTLIERS_MAX * n):  # rows of a new kind since the training
            index = build(np, matrix, generation)
    else:
        return index
    if folder is not None:
        save(np, folder, index)
    return index


# --- searching -------------------------------------------------------------------------------


@dataclass(slots=True)
class Grouped:
    """A process's copy of an index's rows grouped by list: ``order`` the matrix rows list
    after list, ``offsets`` where each list starts in it, ``data`` their float32 rows (None:
    read from the memory-mapped matrix at each question), ``dead`` which are retired (in the
    same order; :func:`retire`). From :data:`PROJECT_MIN` rows, ``low`` also holds each
    row's projection (its difference with the rows' mean on ``basis``, their
    :data:`PROJECTED` first principal components), in the same order."""

    index: Index
    order: Any
    offsets: Any
    data: Any
    dead: Any = None
    dead_stamp: Any = None
    dead_at: Any = None  # the positions of the retired rows (in the same order) ...
    dead_list: Any = None  # ... and the list of each
    low: Any = None
    basis: Any = None


def retire(np: Any, held: Grouped, retired: Any, stamp: Any) -> None:
    """Mark the retired rows (``retired``: a mask of the matrix rows, at least the indexed
    ones) as they were at ``stamp``."""
    held.dead = retired[:held.index.rows][held.order]
    held.dead_at = np.flatnonzero(held.dead)
    held.dead_list = np.searchsorted(held.offsets, held.dead_at, side="right") - 1
    held.dead_stamp = stamp


def grouped(np: Any, index: Index, matrix: Any, ram_mb: int) -> Grouped:
    order = np.argsort(index.labels, kind="stable")
    offsets = np.zeros(len(index.centroids) + 2, np.int64)  # the outliers' list last
    np.cumsum(np.bincount(index.labels, minlength=len(index.centroids) + 1), out=offsets[1:])
    position = np.empty(index.rows, np.int64)
    position[order] = np.arange(index.rows)
    width = min(PROJECTED, matrix.shape[1])
    budget = ram_mb * 1024 * 1024
    data = low = centre = basis = None
    if index.rows * matrix.shape[1] * 4 <= budget:
        data = np.empty((index.rows, matrix.shape[1]), np.float32)
    projecting = (data is not None and index.rows >= PROJECT_MIN
                  and index.rows * (matrix.shape[1] + width) * 4 <= budget)
    if projecting:
        centre, basis = principal(np, matrix, index.rows, width)
        low = np.empty((index.rows, width), np.float32)
    for first in range(0, index.rows, BLOCK):  # the file read in order, rows scattered
        last = min(index.rows, first + BLOCK)
        if data is not None:
            block = np.asarray(matrix[first:last], np.float32)
            data[position[first:last]] = block
            if low is not None:
                low[position[first:last]] = (block - centre) @ basis
    return Grouped(index, order, offsets, data, low=low, basis=basis)


def principal(np: Any, matrix: Any, rows: int, width: int) -> tuple[Any, Any]:
    """The mean of the first ``rows`` rows of ``matrix`` and their ``width`` first principal
    components (unit columns), taken on :data:`PROJECT_SAMPLE` rows evenly spread."""
    picked = np.unique(np.linspace(0, rows - 1, min(rows, PROJECT_SAMPLE)).astype(np.int64))
    sample = np.asarray(matrix[picked], np.float32)
    centre = sample.mean(axis=0)
    components = np.linalg.svd(sample - centre, full_matrices=False)[2]
    return centre, np.ascontiguousarray(components[:width].T)


def search(np: Any, held: Grouped, matrix: Any, query: Any, k: int,
           probe_rows: int | None = None) -> Probe:
    """The indexed rows of the lists nearest ``query`` with their exact scores, retired
    rows (:func:`retire`) scored -inf (see the module's contract for when it stops, and when
    the answer is proven)."""
    index = held.index
    if probe_rows is None:
        probe_rows = math.ceil(PROBE_SHARE * index.rows)
    if held.low is not None:
        return _projected(np, held, query, k, probe_rows)
    ranked, cosines = _ranked_lists(np, index, query)
    length = float(np.linalg.norm(query))
    alpha = np.arccos(np.clip(cosines / max(length, 1e-12), -1.0, 1.0))
    theta = np.arccos(np.clip(index.cosine, -1.0, 1.0))
    bounds = length * index.norm * np.cos(np.maximum(0.0, alpha - theta))
    bounds = np.append(-np.inf, bounds[ranked[1:]])
    # the best bound among the lists after each position: what an unscanned row can reach
    beyond = np.append(np.maximum.accumulate(bounds[::-1])[::-1][1:], -np.inf)
    rows: list[Any] = []
    scores: list[Any] = []
    scanned, proven, done = 0, False, 0
    best = np.empty(0, np.float32)  # the k best scores so far (fewer until k are scanned)
    while done < len(ranked):
        fresh = len(scores)
        for position in range(done, min(len(ranked), done + STEP)):
            first, last = held.offsets[ranked[position]], held.offsets[ranked[position] + 1]
            if last == first:
                continue
            members = held.order[first:last]  # ascending: the order is a stable sort
            block = (held.data[first:last] if held.data is not None
                     else np.asarray(matrix[members], np.float32))
            rows.append(members)
            # einsum, not BLAS: BLAS threads waiting on each other on a busy machine
            scored = np.einsum("ij,j->i", block, query)
            if held.dead is not None:
                scored[held.dead[first:last]] = -np.inf
            scores.append(scored)
            scanned += last - first
        done = min(len(ranked), done + STEP)
        best = np.concatenate([best, *scores[fresh:]])
        if len(best) > k:
            best = np.partition(best, len(best) - k)[len(best) - k:]
        if done > PROBE_MIN and len(best) == k:
            if best.min() >= beyond[done - 1]:
                proven = True
                break
            if scanned >= probe_rows:
                break
    return Probe(np.concatenate(rows) if rows else np.empty(0, np.int64),
                 np.concatenate(scores) if scores else np.empty(0, np.float32),
                 proven or done == len(ranked), done)


def _ranked_lists(np: Any, index: Index, query: Any) -> tuple[Any, Any]:
    """The order lists are scanned in, and the question's cosine with each centroid: the
    outliers' list first (every question scans it), then the others by the product of the
    question with the mean of their rows (not the unit centroid: tight lists first; 0.975 of
    the exhaustive top 10 on real passages against 0.958 at 30 % of the rows)."""
    cosines = np.einsum("ij,j->i", index.centroids, query)
    return np.append(len(index.centroids), np.argsort(-cosines * index.weight)), cosines


def _projected(np: Any, held: Grouped, query: Any, k: int, probe_rows: int) -> Probe:
    """The rows of the lists nearest ``query`` (the outliers' list first, then in order of
    the question's product with each list's mean, until ``probe_rows`` are scanned) ranked
    by their projections' product with the question's; the best of them (see the module's
    contract) rescored exactly from the process's float32 rows. Never proven unless every
    row was rescored: a projection's product only estimates a row's.

    Each list's projections are multiplied in place (one BLAS product a list, at most
    :data:`BLAS_ELEMENTS` numbers each: a larger one may use a second thread, which waits
    for a core on a busy machine), into one array of estimates; nothing the size of the
    scan is copied besides it."""
    ranked = _ranked_lists(np, held.index, query)[0]
    short = held.basis.T @ query  # the question's own projection (its mean part is the
    # same for every row: it does not change their order)
    starts, ends = held.offsets[ranked], held.offsets[ranked + 1]
    reached = np.cumsum(ends - starts)
    # lists taken: at least PROBE_MIN + 1, then until probe_rows are scanned
    done = min(len(ranked), PROBE_MIN + 1 + int(np.searchsorted(reached[PROBE_MIN:], probe_rows)))
    starts, ends = starts[:done], ends[:done]
    scanned = int(reached[done - 1]) if done else 0
    at = reached[:done] - (ends - starts)  # where each list's estimates start
    estimates = np.empty(scanned, np.float32)
    step = max(1, BLAS_ELEMENTS // held.low.shape[1])
    for first, last, place in zip(starts.tolist(), ends.tolist(), at.tolist(), strict=True):
        for part in range(first, last, step):
            end = min(last, part + step)
            np.dot(held.low[part:end], short, out=estimates[place:place + end - part])
            place += end - part
    live = scanned
    if held.dead_at is not None and len(held.dead_at):  # retired rows in the lists scanned
        scanned_at = np.full(len(held.offsets), -1, np.int64)
        scanned_at[ranked[:done]] = at
        places = scanned_at[held.dead_list]
        inside = places >= 0
        estimates[places[inside] + held.dead_at[inside] - held.offsets[held.dead_list[inside]]
                  ] = -np.inf
        live -= int(inside.sum())
    kept = max(RESCORED_MIN, RESCORED_PER_K * k, math.ceil(RESCORED_SHARE * scanned))
    whole = live <= kept and done == len(ranked)  # every live row rescored
    if live > kept:  # the kept best are all live (retired rows: -inf)
        best = np.argpartition(estimates, scanned - kept)[scanned - kept:]
    else:
        best = np.flatnonzero(np.isfinite(estimates))
    # scan positions back to grouped positions (the lists are whole spans of them)
    span = np.searchsorted(at, best, side="right") - 1
    chosen = np.sort(starts[span] + (best - at[span]))  # the float32 rows, read in order
    scores = rescore(np, held.data, chosen, query)
    return Probe(held.order[chosen], scores, whole, done)


def rescore(np: Any, data: Any, chosen: Any, query: Any) -> Any:
    """``data[chosen] @ query``, a few rows at a time (a block of them copied stays in the
    CPU's cache; one BLAS product of at most :data:`BLAS_ELEMENTS` numbers each)."""
    out = np.empty(len(chosen), np.float32)
    step = max(1, BLAS_ELEMENTS // data.shape[1])
    block = np.empty((min(step, len(chosen)), data.shape[1]), np.float32)
    for first in range(0, len(chosen), step):
        rows = chosen[first:first + step]
        view = block[:len(rows)]
        np.take(data, rows, axis=0, out=view)
        np.dot(view, query, out=out[first:first + len(rows)])
    return out
