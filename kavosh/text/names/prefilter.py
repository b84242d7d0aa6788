"""Which tokens of a vocabulary could :func:`name_similarity` rate as a name, without scoring
each: a filter with a proven bound, so a search at a million documents scores only the few
tokens that may pass and never loses one that would.

:class:`NameCandidates` holds a list of tokens (a vocabulary bucket) as arrays of their
sounds; :meth:`NameCandidates.candidates` gives, in the list's order, every token whose
similarity to a word can reach a floor (and a few that cannot: about 1 in 100 of a bucket
is kept, half of them then rated at the floor). :func:`name_cells` is what it reads of a
token, as text a store keeps (``kavosh.store.name_sounds``) so a bucket is built without
reading each name again.

**The bound.** :func:`name_similarity` aligns parts and scores the weight-averaged similarity
of the aligned cells minus a penalty; the average of cells never exceeds the best cell, so a
score of ``floor`` or more (rounded to four places) needs one cell — a part, or two adjacent
parts joined (:func:`joined_part`), of each side — whose :func:`part_similarity` reaches
``f = floor - 0.00005``. A part similarity is the best over sound variants of
``1 - 0.7 × distance / max(weight, weight', 1)`` (or 1 for the same sounds), so it reaches
``f`` only if the weighted edit distance of some pair of variants is at most
``(1 - f) × norm / 0.7`` (the filter reads every variant, also those a part keeps for its
key only, ``NamePart.keyed_only``: a wider net, so the bound holds). A token is kept when
some pair of a word's cell variant and a token's cell variant passes two tests, with the
costs the comparison uses (the symmetric ones within a script; the learned Latin →
Arabic-script ones across, Latin the first side):

1. two lower bounds of that distance, from bit masks of sound sets: what the sounds of one
   side cost to delete when the other side holds none of the sounds that replace them for
   less (``_unmatched`` in :mod:`.distance`: each sound is deleted or replaced once, and
   without a cheaper counterpart either costs its deletion; the token side counts each of its
   sounds once, which only lowers its bound), both within the allowed distance;
2. then, for those left, the distance itself: ``_distance``'s weighted edit distance (lead
   deletions 1.5 times dearer), computed for all of them at once over arrays, within it.

A token dropped thus has every cell below ``f``, so its name score is below ``floor``. A name
with an initial (``A.``, which scores 0.9 on a first sound) is never filtered. Should
:func:`name_similarity` change how it scores (another formula than a weighted average of cells
less a penalty, another part similarity), this bound must be checked again:
``tests/test_name_prefilter.py`` checks it over real vocabularies (the shared data's and the
sample archive's) and that the expansions are those of scoring every token.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kavosh.text.names.distance import (
    _CROSS,
    _FLOOR,
    _LEAD,
    _SAME,
    _SCALE,
    _Costs,
    joined_part,
)
from kavosh.text.names.reading import NamePart, name_parts
from kavosh.text.names.sounds import (
    _ALPHABET,
    _english,
    _is_arabic,
    _sound_info,
    dhul,
    doubled,
    fifth_respelt,
    fourth_respelt,
    hamza_seat,
    persian_respelt,
    reads_final_a,
    second_reading,
)

_ROUNDING = 0.00005  # name_similarity rounds to four places: a raw score this far below counts
_SLACK = 1e-9  # float sums in another order
_BYTES = (len(_ALPHABET) + 7) // 8  # a sound set's bytes (39 sounds: 5)
_BITS = ((np.arange(256)[:, None] >> np.arange(8)) & 1).astype(np.float64)  # byte → its bits

_PAD = len(_ALPHABET)  # a code past a sound string's end (its costs are never read)
_Variant = tuple[tuple[int, ...], float, int, bool]  # sound codes, weight, sound set, Arabic


def _cells(parts: Sequence[NamePart]) -> list[NamePart]:
    """The parts :func:`name_similarity` may align: each part and each two adjacent joined."""
    return [*parts, *(joined_part(parts, i) for i in range(len(parts) - 1))]


def _variants(name: str) -> list[_Variant] | None:
    """Each sound variant of each cell of ``name``; ``None`` when it has an initial (which
    fits any part starting with its sound: not filtered)."""
    parts = name_parts(name)
    if any(p.initial for p in parts):
        return None
    return [(info[1], info[2], info[3], cell.arabic) for cell in _cells(parts)
            for info in (*cell.info, *cell.cross_info)]


_INITIAL = "*"
# The readings' version, first in the stored text. Cells stored before r2 (no version) read a
# Latin word spelt the English way without its English reading (sounds._english); those
# stored before r3 read a Latin word ending in -ai without its -aei reading and one starting
# with an s-cluster without the vowel Persian writes before it (sounds.persian_respelt), and
# an Arabic-script word's hamza seat as a vowel (sounds.hamza_seat); those stored before r4
# read two consonant letters alike side by side as one (sounds.doubled), a ی between ا or و
# and ی only as a y and the و of خوا only as a v (sounds.second_reading), and knew fewer
# names whose final ی is read a (sounds.reads_final_a: all are read again); those stored before
# r5 read a Latin word without the English sounds Persian writes its own way (sounds.
# fifth_respelt: th ت, a short o or u ا, …) and an initial ذوال only with its ا (sounds.dhul).
_READING = "r5"
_ENGLISH_READING = "r2"


def name_cells(name: str) -> str:
    """What the prefilter reads of ``name``, as text to store (``kavosh.store.name_sounds``):
    the readings' version, then each sound variant of each cell, ``a`` (Arabic script) or
    ``l`` then its sounds, joined by spaces, or ``*`` for a name with an initial.
    :class:`NameCandidates` reads it back."""
    parts = name_parts(name)
    if any(p.initial for p in parts):
        return f"{_READING} {_INITIAL}"
    return " ".join([_READING, *(("a" if cell.arabic else "l") + sounds
                                 for cell in _cells(parts)
                                 for sounds in (*cell.sounds, *cell.cross))])


def stale_cells(name: str, cells: str) -> bool:
    """Whether ``cells``, stored for ``name`` by an older version, are not what
    :func:`name_cells` gives now (and must be read again): only the words whose readings a
    later version changed."""
    version = cells.split(" ", 1)[0] if cells.startswith("r") else ""
    if version == _READING:
        return False
    if _is_arabic(name):
        return dhul(name) or (version < "r4" and (
            doubled(name) or reads_final_a(name) or second_reading(name)
            or (version < "r3" and hamza_seat(name))))
    word = name.lower()
    return fifth_respelt(word) or (version < "r4" and fourth_respelt(word)) or (
        version < "r3" and ((_english(word) is not None and version < _ENGLISH_READING)
                            or persian_respelt(word)))


def _read_cells(cells: str) -> list[_Variant] | None:
    """:func:`name_cells`' text back as :func:`_variants` gives it."""
    items = cells.split()
    if items and items[0].startswith("r"):  # the readings' version (a cell starts a, l or *)
        items = items[1:]
    if items == [_INITIAL]:
        return None
    return [(info[1], info[2], info[3], item[0] == "a")
            for item in items for info in (_sound_info(item[1:]),)]


@dataclass(slots=True)
class _Side:
    """The cell variants of the tokens of one script: their sound sets (as bytes), sounds
    (codes padded with :data:`_PAD`), lengths, weights and the position of the token each
    belongs to."""

    masks: npt.NDArray[np.uint64]
    set_bytes: list[npt.NDArray[np.uint8]]
    codes: npt.NDArray[np.uint8]  # small: a million tokens' variants fit in memory
    lengths: npt.NDArray[np.intp]
    weights: npt.NDArray[np.float64]
    owners: npt.NDArray[np.intp]

    def part(self, renumber: npt.NDArray[np.intp]) -> _Side:
        """The variants of the tokens ``renumber`` keeps (not -1), owned by their new
        positions."""
        kept = renumber[self.owners] >= 0
        return _Side(self.masks[kept], [column[kept] for column in self.set_bytes],
                     self.codes[kept], self.lengths[kept], self.weights[kept],
                     renumber[self.owners[kept]])

    @classmethod
    def of(cls, rows: list[tuple[tuple[int, ...], float, int, int]]) -> _Side:
        masks = np.array([r[2] for r in rows], dtype=np.uint64)
        width = max((len(r[0]) for r in rows), default=0)
        codes = np.full((len(rows), width), _PAD, dtype=np.uint8)
        for i, row in enumerate(rows):
            codes[i, :len(row[0])] = row[0]
        return cls(masks,
                   [((masks >> np.uint64(8 * b)) & np.uint64(255)).astype(np.uint8)
                    for b in range(_BYTES)],
                   codes, np.array([len(r[0]) for r in rows], dtype=np.intp),
                   np.array([r[1] for r in rows], dtype=np.float64),
                   np.array([r[3] for r in rows], dtype=np.intp))


class NameCandidates:
    """Tokens (a vocabulary bucket, in its order) indexed by the sound sets of their cells.

    Building reads each token's stored cells (:func:`name_cells`) or else its name parts;
    each query then costs a few array operations per variant of the word and an edit distance
    over arrays for the few left, whatever the bucket's size.
    """

    def __init__(self, tokens: Iterable[str], cells: Mapping[str, str] | None = None) -> None:
        """``cells``: :func:`name_cells` of some tokens, stored (the others are read)."""
        self.tokens: list[str] = list(tokens)
        self._position = {t: i for i, t in enumerate(self.tokens)}
        rows: dict[bool, list[tuple[tuple[int, ...], float, int, int]]] = {False: [],
                                                                          True: []}
        always: list[int] = []
        stored = cells or {}
        for i, token in enumerate(self.tokens):
            held = stored.get(token)
            if held is not None and stale_cells(token, held):
                held = None
            variants = _variants(token) if held is None else _read_cells(held)
            if variants is None:
                always.append(i)
                continue
            for codes, weight, mask, arabic in variants:
                rows[arabic].append((codes, weight, mask, i))
        self._sides = {arabic: _Side.of(r) for arabic, r in rows.items()}
        self._always = np.array(always, dtype=np.intp)

    def __len__(self) -> int:
        return len(self.tokens)

    def part(self, positions: Sequence[int]) -> NameCandidates:
        """The tokens at ``positions`` (increasing), as if built from them alone: a narrower
        bucket taken out of a wider one without reading its tokens again."""
        out = NameCandidates(())
        out.tokens = [self.tokens[i] for i in positions]
        out._position = {t: i for i, t in enumerate(out.tokens)}
        renumber = np.full(len(self.tokens), -1, dtype=np.intp)
        renumber[np.asarray(positions, dtype=np.intp)] = np.arange(len(positions))
        out._sides = {arabic: side.part(renumber) for arabic, side in self._sides.items()}
        always = renumber[self._always]
        out._always = always[always >= 0]
        return out

    def candidates(self, word: str, floor: float, own: Iterable[str] = (),
                   latin: bool = True) -> list[str]:
        """The tokens, in order, that :func:`name_similarity` with ``word`` may rate
        ``floor`` or more (a superset; all of them when ``floor`` is at most the part
        floor of 0.5 or ``word`` has an initial), and those of ``own`` the list holds.
        ``latin=False``: of the tokens in Latin script, only those of ``own``."""
        variants = _variants(word)
        if variants is None or floor <= _FLOOR:
            return list(self.tokens)
        keep = np.zeros(len(self.tokens), dtype=bool)
        keep[self._always] = True
        for token in own:
            if token in self._position:
                keep[self._position[token]] = True
        for codes, weight, mask, arabic in variants:
            for side_arabic, side in self._sides.items():
                if len(side.owners) and (latin or side_arabic):
                    passing = _passing(codes, weight, mask, arabic, side_arabic, side,
                                       floor - _ROUNDING)
                    keep[side.owners[passing]] = True
        return [self.tokens[i] for i in np.flatnonzero(keep)]


def _costs(word_arabic: bool, token_arabic: bool) -> tuple[_Costs, bool]:
    """The costs a word and a token are compared with, and whether the word is their first
    side (:func:`part_similarity`: across scripts the Latin one is first)."""
    if word_arabic == token_arabic:
        return _SAME, True
    return _CROSS, not word_arabic


@dataclass(frozen=True, slots=True)
class _Oriented:
    """Costs seen from the word: ``sub[w][t]`` replaces the word's sound ``w`` by the token's
    ``t`` (``t`` may be :data:`_PAD`), deletions and cheaper-than-deletion masks per side."""

    sub: npt.NDArray[np.float64]
    word_del: list[float]
    token_del: npt.NDArray[np.float64]
    word_cheaper: list[int]
    token_cheaper: list[int]


def _oriented(costs: _Costs, word_first: bool) -> _Oriented:
    sub = np.zeros((len(_ALPHABET), _PAD + 1), dtype=np.float64)
    sub[:, :_PAD] = np.array(costs.sub) if word_first else np.array(costs.sub).T
    if word_first:
        return _Oriented(sub, costs.del_a, np.array([*costs.del_b, 0.0]), costs.cheaper_a,
                         costs.cheaper_b)
    return _Oriented(sub, costs.del_b, np.array([*costs.del_a, 0.0]), costs.cheaper_b,
                     costs.cheaper_a)


_ORIENTED = {(same, first): _oriented(_SAME if same else _CROSS, first)
             for same in (True, False) for first in (True, False)}


def _passing(codes: tuple[int, ...], weight: float, mask: int, arabic: bool,
             side_arabic: bool, side: _Side, floor: float) -> npt.NDArray[np.intp]:
    """The variants of ``side`` whose similarity to the word's variant (its sound codes,
    weight, sound set and script) may reach ``floor``: first those whose lower bounds of the
    distance allow it, then, of these, those whose distance does (see the module
    docstring)."""
    costs, word_first = _costs(arabic, side_arabic)
    cost = _ORIENTED[costs is _SAME, word_first]
    norm = np.maximum(side.weights, max(weight, 1.0))
    allowed = (1.0 - floor) * norm / _SCALE + _SLACK
    # the word's sounds with no cheaper counterpart among the token's: deleted
    word_bound = np.zeros(len(side.owners), dtype=np.float64)
    for code in set(codes):
        uncovered = (side.masks & np.uint64(cost.word_cheaper[code])) == 0
        word_bound += codes.count(code) * cost.word_del[code] * uncovered
    # the token's sounds (each counted once) with no cheaper counterpart among the word's
    lone = np.array([0.0 if cost.token_cheaper[s] & mask else cost.token_del[s]
                     for s in range(len(_ALPHABET))] + [0.0] * (8 * _BYTES - len(_ALPHABET)))
    token_bound = np.zeros(len(side.owners), dtype=np.float64)
    for b, column in enumerate(side.set_bytes):
        token_bound += (_BITS @ lone[8 * b:8 * b + 8])[column]
    near = np.flatnonzero((word_bound <= allowed) & (token_bound <= allowed))
    if not len(near):
        return near
    return near[_distances(codes, side, near, cost) <= allowed[near]]


def _distances(codes: tuple[int, ...], side: _Side, rows: npt.NDArray[np.intp],
               cost: _Oriented) -> npt.NDArray[np.float64]:
    """The weighted edit distance (``_distance`` of :mod:`.distance`, without its early exit)
    from the word's sounds to each of ``rows`` of ``side``, all rows at once."""
    width = int(side.lengths[rows].max())
    tokens = side.codes[rows, :width]
    token_del = cost.token_del[tokens]
    prev = np.zeros((len(rows), width + 1), dtype=np.float64)
    prev[:, 1:] = np.cumsum(_LEAD * token_del, axis=1)
    for code in codes:
        word_del = cost.word_del[code]
        # replacing, or deleting the word's sound; then deleting the token's, left to right
        best = np.minimum(prev[:, :-1] + cost.sub[code][tokens], prev[:, 1:] + word_del)
        cur = np.empty_like(prev)
        cur[:, 0] = prev[:, 0] + _LEAD * word_del
        for k in range(width):
            cur[:, k + 1] = np.minimum(best[:, k], cur[:, k] + token_del[:, k])
        prev = cur
    return prev[np.arange(len(rows)), side.lengths[rows]]
