"""A CRFsuite model's weights in numpy, and a copy of the model that tags from state scores.

python-crfsuite spends most of its time turning each feature string into the model's
attribute id (``Tagger.set``: about 11 strings a token); its Viterbi and forward-backward, in
C, are cheap. So the finder computes each token's state scores itself, from the weights read
here once per model file (:func:`read_model`) and its own cache of each word's attribute ids,
and hands python-crfsuite seven numbers a token instead of eleven strings.

The scores are CRFsuite's to the last bit: a token's score for a label is the sum of its
attributes' weights for that label added in the order of its attributes, from 0.0 (as
``crf1d_tag.c`` adds them; an attribute without a feature for the label adds 0.0, which
changes nothing). The tagger is then given a *carrier* copy of the model
(:attr:`CrfModel.carrier`): the same labels, attribute strings and transitions, in which one
attribute per label, its carrier, weighs exactly 1.0 for that label and 0.0 for the others,
and a token is ``{carrier of l: score of l}``: ``1.0 × score`` is the score, exactly. So the
labels (Viterbi, with CRFsuite's own tie-breaking) and marginals (its forward-backward) are
python-crfsuite's own, computed by it, for the same scores.

The model file format (CRFsuite's ``crf1d_model.c``, little-endian): a 48-byte header with the
offsets of the features (type, source, destination, weight: 20 bytes each; type 0 is
attribute → label, type 1 label → label) and of two CQDB string tables (labels, attributes),
whose backward arrays give each id's string.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE = 0
_FEATURES_AT = 12  # the feature table's own header: "FEAT", size, count
_SEVEN = range(7)  # O and B-/I- of three types: the labels of the shipped model


class ModelFormatError(ValueError):
    """The file is not a CRFsuite model this reader knows (a 1-D CRF, format version 100)."""


@dataclass(frozen=True, eq=False)
class CrfModel:
    """A CRFsuite model's labels and state weights.

    ``attributes`` maps an attribute string to its id, ``state[a]`` is the weight of
    attribute ``a`` for each label (0 where the model has no such feature; the last row, id
    :attr:`none`, is all 0). ``carrier`` is the carrier copy of the model file (module
    docstring) and ``carriers`` the attribute string carrying each label's score (``None``
    for a label no feature points to: its score is always 0)."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray
    carrier: bytes
    carriers: tuple[str | None, ...]

    @property
    def none(self) -> int:
        """The id of a row of zeros: adding it changes no score."""
        return len(self.state) - 1

    def sums(self, attributes: Sequence[Sequence[int]]) -> np.ndarray:
        """``(len(attributes), labels)``: for each list of attribute ids, the sum of their
        weights for each label, added in their order from 0 as CRFsuite adds a token's (its
        later attributes' weights are then added to these, in their order)."""
        widest = max(map(len, attributes), default=0)
        padded = np.array([[*ids, *[self.none] * (widest - len(ids))] for ids in attributes],
                          dtype=np.intp).reshape(len(attributes), widest)
        total = np.zeros((len(attributes), len(self.labels)))
        for column in range(widest):  # a row of zeros where a list is shorter: no change
            total += self.state[padded[:, column]]
        return total

    @cached_property
    def _carried(self) -> tuple[list[int], list[bytes]]:
        """The labels with a carrier and their carriers' strings (in UTF-8, as python-crfsuite
        reads them)."""
        carried = [(i, name.encode()) for i, name in enumerate(self.carriers) if name]
        return [i for i, _ in carried], [name for _, name in carried]

    def items(self, state: np.ndarray) -> list[dict[bytes, float]]:
        """A sequence's ``(tokens, labels)`` state scores as python-crfsuite items of the
        :attr:`carrier` model."""
        columns, names = self._carried
        if len(names) < len(self.labels):  # a label no feature points to scores 0 anyway
            state = state[:, columns]
        if len(names) == len(_SEVEN):  # BIO of three types: a dict display, twice as fast
            n0, n1, n2, n3, n4, n5, n6 = names
            return [{n0: s0, n1: s1, n2: s2, n3: s3, n4: s4, n5: s5, n6: s6}
                    for s0, s1, s2, s3, s4, s5, s6 in state.tolist()]
        # the columns as lists, zipped into rows: faster than a list for each row
        return list(map(dict, map(zip, repeat(names), zip(*state.T.tolist(), strict=True))))


def read_model(path: str | Path) -> CrfModel:
    """The model in CRFsuite file ``path`` (cached per file, its size and modification time:
    a worker reads it once). Raises :class:`ModelFormatError` for anything else."""
    file = Path(path).resolve()
    stat = file.stat()
    return _read_model(file, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4)
def _read_model(file: Path, size: int, mtime: int) -> CrfModel:
    data = file.read_bytes()
    if len(data) < _HEADER.size:
        raise ModelFormatError(f"{file} is not a CRFsuite model")
    (magic, _, kind, version, _, n_labels, n_attrs, off_features, off_labels, off_attrs,
     _, _) = _HEADER.unpack_from(data)
    if magic != b"lCRF" or kind != b"FOMC" or version != 100:
        raise ModelFormatError(f"{file} is not a CRFsuite 1-D CRF model (format 100)")
    chunk, _, n_features = struct.unpack_from("<4sII", data, off_features)
    if chunk != b"FEAT":
        raise ModelFormatError(f"{file}: no feature table where the header says")
    features = np.frombuffer(data, dtype=_FEATURE, count=n_features,
                             offset=off_features + _FEATURES_AT)
    labels = tuple(_strings(data, off_labels, n_labels, file))
    names = _strings(data, off_attrs, n_attrs, file)
    is_state = features["type"] == _STATE
    states = features[is_state]
    weights = np.zeros((n_attrs + 1, n_labels))  # and a last row of zeros
    weights[states["src"], states["dst"]] = states["weight"]
    carriers = _carriers(states, n_labels, names)
    # the carrier copy: every feature of a carrier attribute weighs 0, but its label's 1
    patched = features.copy()
    by = {a: label for label, a in enumerate(carriers) if a is not None}
    for k in np.flatnonzero(is_state & np.isin(features["src"], list(by))):
        patched["weight"][k] = 1.0 if by[int(features["src"][k])] == features["dst"][k] else 0.0
    start = off_features + _FEATURES_AT
    carrier = data[:start] + patched.tobytes() + data[start + patched.nbytes:]
    return CrfModel(labels, {a: i for i, a in enumerate(names)}, weights, carrier,
                    tuple(None if a is None else names[a] for a in carriers))


def _carriers(states: np.ndarray, n_labels: int, names: Sequence[str]) -> list[int | None]:
    """For each label, an attribute with a state feature for it, a different one for each
    (the shortest string: python-crfsuite reads it for every token); ``None`` for a label
    without any state feature."""
    chosen: list[int | None] = []
    for label in range(n_labels):
        taken = set(chosen)
        candidates = [int(a) for a in states["src"][states["dst"] == label] if int(a) not in taken]
        chosen.append(min(candidates, key=lambda a: (len(names[a]), a)) if candidates else None)
    return chosen


def _strings(data: bytes, offset: int, expected: int, file: Path) -> list[str]:
    """The strings of the CQDB table at ``offset``, by id (its backward array)."""
    chunk, _, _, _, bwd_size, bwd_offset = struct.unpack_from("<4sIIIII", data, offset)
    if chunk != b"CQDB" or bwd_size < expected:
        raise ModelFormatError(f"{file}: no string table where the header says")
    found = []
    for i, at in enumerate(struct.unpack_from(f"<{expected}I", data, offset + bwd_offset)):
        record = offset + at
        ident, size = struct.unpack_from("<II", data, record)
        if ident != i:
            raise ModelFormatError(f"{file}: string {i} is stored as {ident}")
        found.append(data[record + 8:record + 8 + size - 1].decode("utf-8"))
    return found
