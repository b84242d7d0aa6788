"""How alike two names are: edit costs between sounds, the alignment of parts, the key.

**Comparing parts.** A weighted edit distance over the sound strings
(:mod:`kavosh.text.names.sounds`). Spelling-level differences are cheap: ``q``/``gh``/``k``/
``g`` 0.1–0.35, ``th``/``s``, ``dh``/``z``/``d``, ``ض`` as d or z, ``v``/``f``, ``ch``/``sh``,
``j``/``y``, short vowels with each other or dropped (0.05–0.25), an unsure ``i``/``u``
dropped (0.15), an ``h``, ``y`` or ``v`` glide dropped (0.35–0.45). Other consonants cost 1
(deleted or replaced), a long vowel lost or replaced by a short ``a`` 0.7 (``Hossein``/
``Hassan``, ``Mahmoud``/``محمد``); deleting sounds before the first aligned pair costs 1.5
times more. Similarity = ``1 − 0.7 × distance / weight`` of the heavier string (consonant 1,
glide 0.7, long vowel 0.4–0.5, unsure vowel 0.25, short vowel 0.1); below 0.5 it is reported
as 0 (and the computation is cut short by a lower bound and an early exit). These hand costs
(``kavosh/text/data/name_edit_costs.toml``) serve names of the same script. A Latin spelling
compared with an Arabic-script one uses a table of its own, indexed (Latin sound,
Arabic-script sound), learned from real pairs by ``bench/names_learn.py`` and stored in
:mod:`kavosh.text.name_costs` (how a Latin spelling writes a sound depends on the language it
was spelt for — a French ``j``, an Italian ``gi``, a silent ``h`` — which a symmetric table
cannot say). The learning keeps every cost at least 0.7 × its hand value, and the Persian
romanisations (``gh`` for ق, ``q`` for غ, ``z`` for ذ ض ظ, ``s`` for ث, ``e`` for a final ه)
and Latin short vowels missing from the Arabic script no dearer than by hand.

**Comparing names.** Parts (:mod:`kavosh.text.names.reading`) are aligned best-first
regardless of order; when the two names have different numbers of parts, two adjacent parts
may also align with one (``Mohammad Reza`` / ``محمدرضا``). The score is the weight-averaged
similarity of the aligned parts, with parts present on one side only counted at a tenth of
their weight (a missing middle name or title costs little), minus ``0.3 × (1 − weakest
aligned part)`` (scaled down for short names), so ``Qasem Soleimani`` / ``Sohrab Soleimani``
scores 0.35 while ``Soleimani`` / ``Qasem Soleimani`` scores 0.94. A name of initials only
scores at most 0.5.

**The key** (:func:`name_key`). Per part, the consonant skeleton of its (article-free) sound
string: ``P``→``B``, ``θ``→``S``, ``ð ḍ ẓ``→``Z``, ``ġ``→``Q``, ``š ž X C``→``SH ZH KH CH``;
vowels dropped except a part-initial ``A`` and a part-final ``I`` (``Kazemi`` ≠ ``Kazem``);
doubles collapsed; parts joined by a space in reading order (after the surname-first
reorder). ``Qasem Soleimani``, ``SOLEIMANI, Qasem``, ``Ghasem Soleymani`` and ``قاسم سليماني``
all give ``QSM SLMNI``. Keys are for bucketing candidates (equal or a letter apart for
spellings of one name); decide with :func:`name_similarity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kavosh.text import name_costs
from kavosh.text.data import load
from kavosh.text.names.reading import NamePart, name_parts
from kavosh.text.names.sounds import (
    _ALPHABET,
    _INDEX,
    _VOWEL_SOUNDS,
    _Sound,
    _sound_info,
)

MATCH_THRESHOLD = 0.75
"""The recommended :func:`name_similarity` cut-off (see ``bench/names_eval.py``)."""

_HAND = load("name_edit_costs.toml")
_DELETE: dict[str, float] = _HAND["delete"]  # a sound lost; others cost 1
_NEAR: dict[tuple[str, str], float] = {(a, b): cost for a, b, cost in _HAND["near"]}


def _build_costs() -> tuple[list[list[float]], list[float]]:
    """Substitution matrix and deletion costs, indexed by :data:`_INDEX`."""
    vowels = _VOWEL_SOUNDS
    sub = [[0.0 if a == b else (0.5 if a in vowels and b in vowels else 1.0)
            for b in _ALPHABET] for a in _ALPHABET]
    for (a, b), cost in _NEAR.items():
        sub[_INDEX[a]][_INDEX[b]] = sub[_INDEX[b]][_INDEX[a]] = cost
    delete = [_DELETE.get(a, 1.0) for a in _ALPHABET]
    return sub, delete


@dataclass(frozen=True, slots=True)
class _Costs:
    """Edit costs between sounds of a name ``a`` and sounds of a name ``b``.

    ``sub[x][y]`` replaces ``a``'s sound ``x`` by ``b``'s ``y``; ``del_a``/``del_b`` delete a
    sound of either; ``cheaper_a[x]`` is the bit mask of ``b``'s sounds that replace ``x`` for
    less than deleting it (``cheaper_b`` the other way round), for a quick lower bound.
    """

    name: str
    sub: list[list[float]]
    del_a: list[float]
    del_b: list[float]
    cheaper_a: list[int]
    cheaper_b: list[int]

    @classmethod
    def of(cls, name: str, sub: list[list[float]], del_a: list[float],
           del_b: list[float]) -> _Costs:
        """Costs with the lower-bound masks computed."""
        size = range(len(_ALPHABET))
        cheaper_a = [sum(1 << y for y in size if sub[x][y] < del_a[x]) for x in size]
        cheaper_b = [sum(1 << x for x in size if sub[x][y] < del_b[y]) for y in size]
        return cls(name, sub, del_a, del_b, cheaper_a, cheaper_b)


def _cross_costs(substitute: dict[tuple[str, str], float], delete_latin: dict[str, float],
                 delete_arabic: dict[str, float]) -> _Costs:
    """Latin (``a``) to Arabic-script (``b``) costs: the hand costs, overridden by these
    (learned from real pairs: :mod:`kavosh.text.name_costs`, ``bench/names_learn.py``)."""
    cross = [list(row) for row in _SUB]
    for (x, y), cost in substitute.items():
        cross[_INDEX[x]][_INDEX[y]] = cost
    del_latin = [delete_latin.get(x, _DEL[i]) for i, x in enumerate(_ALPHABET)]
    del_arabic = [delete_arabic.get(y, _DEL[i]) for i, y in enumerate(_ALPHABET)]
    return _Costs.of("cross", cross, del_latin, del_arabic)


_SUB, _DEL = _build_costs()
# Same-script comparisons (Latin with Latin, Arabic script with Arabic script) use the
# symmetric hand costs; Latin with Arabic script uses costs learned from real pairs, because
# how a Latin spelling renders a sound depends on the language it was spelt for (a French
# ``j``, a silent ``h``, a Spanish ``ll``), which a symmetric table cannot say.
_SAME = _Costs.of("same", _SUB, _DEL, _DEL)
_CROSS = _cross_costs(name_costs.CROSS_SUBSTITUTE, name_costs.CROSS_DELETE_LATIN,
                      name_costs.CROSS_DELETE_ARABIC)



def _unmatched(codes: tuple[int, ...], other: int, dels: list[float],
               cheaper: list[int]) -> float:
    """A lower bound of the distance: what the sounds with no cheaper counterpart than
    deletion among the ``other`` sounds (a bit mask) cost to delete."""
    return sum([dels[c] for c in codes if not cheaper[c] & other])



def _distance(ia: tuple[int, ...], ib: tuple[int, ...], limit: float,
              costs: _Costs = _SAME) -> float:
    """Weighted edit distance between two sound strings given as alphabet indexes.

    Deleting sounds before the first aligned pair costs :data:`_LEAD` times more (the start of
    a name is rarely lost in transliteration). Gives up as soon as the distance must exceed
    ``limit`` and then returns ``limit + 1``.
    """
    dels_b = [costs.del_b[j] for j in ib]
    prev = [0.0]
    for d in dels_b:
        prev.append(prev[-1] + _LEAD * d)
    for i in ia:
        row_sub = costs.sub[i]
        del_a = costs.del_a[i]
        left = prev[0] + _LEAD * del_a
        cur = [left]
        low = left
        for k, j in enumerate(ib):
            best = prev[k] + row_sub[j]
            up = prev[k + 1] + del_a
            if up < best:
                best = up
            left += dels_b[k]
            if left < best:
                best = left
            cur.append(best)
            left = best
            if best < low:
                low = best
        if low > limit:
            return limit + 1.0
        prev = cur
    return prev[-1]


_LEAD = 1.5
_SCALE = 0.7  # similarity = 1 - _SCALE × distance / weight of the longer sound string
_FLOOR = 0.5  # a part similarity below this is reported as 0 (and not computed further)
_PAIR_CACHE: dict[tuple[str, str, str], float] = {}
_PAIR_CACHE_MAX = 200_000


def _sound_similarity(a: str, b: str, costs: _Costs = _SAME) -> float:
    """Similarity in ``[0, 1]`` of two sound strings (1 = same sounds, 0 = below the floor);
    with :data:`_CROSS` costs ``a`` is the Latin one."""
    return _similarity(_sound_info(a), _sound_info(b), costs)


def _similarity(a: _Sound, b: _Sound, costs: _Costs = _SAME) -> float:
    """:func:`_sound_similarity` on prepared sound strings (cached by pair)."""
    if a[0] == b[0]:
        return 1.0
    if costs is _SAME and b[0] < a[0]:
        a, b = b, a  # symmetric: one cache entry
    key = (a[0], b[0], costs.name)
    cached = _PAIR_CACHE.get(key)
    if cached is not None:
        return cached
    norm = max(a[2], b[2], 1.0)
    limit = (1.0 - _FLOOR) * norm / _SCALE
    if _unmatched(a[1], b[3], costs.del_a, costs.cheaper_a) > limit \
            or _unmatched(b[1], a[3], costs.del_b, costs.cheaper_b) > limit:
        value = 0.0  # a lower bound of the distance already exceeds the limit
    else:
        value = 1.0 - _SCALE * _distance(a[1], b[1], limit, costs) / norm
        value = value if value >= _FLOOR else 0.0
    if len(_PAIR_CACHE) >= _PAIR_CACHE_MAX:
        _PAIR_CACHE.clear()
    _PAIR_CACHE[key] = value
    return value


def part_similarity(a: NamePart, b: NamePart) -> float:
    """How alike two name parts (of :func:`kavosh.text.names.reading.name_parts`) are, in
    ``[0, 1]``: the best similarity over their sound variants, with the cross-script cost
    table when one is written in Arabic script and the other not. An initial scores 0.9 when
    it starts like the other part, else 0. Below 0.5 is reported as 0. Symmetric, cached."""
    if a.initial or b.initial:
        return 0.9 if a.sounds[0][:1] == b.sounds[0][:1] else 0.0
    costs, ours, theirs = _SAME, a.info, b.info
    if a.arabic != b.arabic:  # Latin first, with the readings it has for Arabic script
        latin, arabic = (b, a) if a.arabic else (a, b)
        costs, ours, theirs = _CROSS, latin.info + latin.cross_info, arabic.info
    if len(ours) == 1 and len(theirs) == 1:
        return _similarity(ours[0], theirs[0], costs)
    best = 0.0
    for x in ours:
        for y in theirs:
            sim = _similarity(x, y, costs)
            if sim > best:
                best = sim
                if best == 1.0:
                    return best
    return best


# ---------------------------------------------------------------------------------------------
# Names

_MISSING = 0.1  # cost weight of a part present on one side only, relative to an aligned part
_WEAKEST = 0.3  # how much the weakest aligned part pulls the score down
_Cell = tuple[float, int, int, int, float]  # similarity, -parts covered, mask a, mask b, weight


def joined_part(parts: Sequence[NamePart], i: int) -> NamePart:
    """Parts ``i`` and ``i + 1`` of ``parts`` as one part (``Mohammad Reza`` read as
    ``Mohammadreza``, to align with ``محمدرضا``): their sounds concatenated, weights added,
    the script of the first. ``i + 1`` must be a valid index."""
    a, b = parts[i], parts[i + 1]
    tails = [t[1:] if t.startswith("@") else t for t in b.sounds[:2]]
    sounds = tuple(dict.fromkeys(x + t for x in a.sounds[:2] for t in tails))
    return NamePart(sounds, a.weight + b.weight, arabic=a.arabic)


def _single_cells(a: Sequence[NamePart], b: Sequence[NamePart]) -> list[_Cell]:
    """Alignment candidates of one part with one part."""
    return [(part_similarity(pa, pb), -2, 1 << i, 1 << j, (pa.weight + pb.weight) / 2)
            for i, pa in enumerate(a) for j, pb in enumerate(b)]


@lru_cache(maxsize=16384)
def _pairs(parts: tuple[NamePart, ...]) -> tuple[NamePart, ...]:
    """Each two adjacent parts joined into one."""
    return tuple(joined_part(parts, i) for i in range(len(parts) - 1))


def _joined_cells(a: tuple[NamePart, ...], b: tuple[NamePart, ...]) -> list[_Cell]:
    """Alignment candidates of two adjacent parts of ``a`` with one part of ``b`` of like size."""
    cells: list[_Cell] = []
    for i, pair in enumerate(_pairs(a)):
        for j, pb in enumerate(b):
            if 0.6 * pb.weight <= pair.weight <= 1.7 * pb.weight:
                sim = part_similarity(pair, pb)
                cells.append((sim, -3, 3 << i, 1 << j, (pair.weight + pb.weight) / 2))
    return cells


def _score(cells: list[_Cell], a: Sequence[NamePart], b: Sequence[NamePart]) -> float:
    """Align best-first and score (see the module docstring)."""
    cells.sort(reverse=True)
    full_a, full_b = (1 << len(a)) - 1, (1 << len(b)) - 1
    used_a = used_b = 0
    total = weight_sum = 0.0
    weakest = 1.0
    for sim, _, mask_a, mask_b, w in cells:
        if used_a & mask_a or used_b & mask_b:
            continue
        used_a |= mask_a
        used_b |= mask_b
        total += w * sim
        weight_sum += w
        weakest = min(weakest, sim)
        if used_a == full_a or used_b == full_b:
            break
    if weight_sum == 0:
        return 0.0
    missing = sum(p.weight for i, p in enumerate(a) if not used_a >> i & 1)
    missing += sum(p.weight for i, p in enumerate(b) if not used_b >> i & 1)
    score = total / (weight_sum + _MISSING * missing)
    penalty = _WEAKEST * (1.0 - weakest) * (1.0 - 1.0 / (1 + len(a) + len(b)))
    return max(0.0, score - penalty)


def _flip(cells: list[_Cell]) -> list[_Cell]:
    """Cells with the two sides swapped."""
    return [(s, n, mb, ma, w) for s, n, ma, mb, w in cells]


def name_similarity(a: str, b: str) -> float:
    """How alike two written names are, in ``[0, 1]``, across Persian, Arabic and Latin script.

    Order-insensitive; spelling variation (``Soleimani``/``Suleimani``/``سلیمانی``/``سليماني``,
    ``Qasem``/``Ghasem``/``قاسم``, ``al-``/``el-``/``ال``, ``Abdul``/``عبدال``) costs little, a
    part missing on one side costs a little, a part that differs costs a lot. Symmetric.
    Returns 0.0 when either name has no letters. See :data:`MATCH_THRESHOLD`.
    """
    pa, pb = name_parts(a), name_parts(b)
    if not pa or not pb:
        return 0.0
    cells = _single_cells(pa, pb)
    score = _score(list(cells), pa, pb)
    if score < 0.98 and len(pa) != len(pb) and len(pa) <= 8 and len(pb) <= 8 \
            and max(c[0] for c in cells) >= 0.5:
        extra = _joined_cells(pa, pb) + _flip(_joined_cells(pb, pa))
        if extra:
            score = max(score, _score(cells + extra, pa, pb))
    if all(p.initial for p in pa) or all(p.initial for p in pb):
        score = min(score, 0.5)  # initials alone say little
    return round(min(1.0, score), 4)


# ---------------------------------------------------------------------------------------------
# Keys

_KEY_MAP = str.maketrans({
    "P": "B", "θ": "S", "ð": "Z", "ḍ": "Z", "ẓ": "Z", "ġ": "Q", "š": "#", "ž": "%", "X": "!",
    "C": "^",
})
_KEY_DIGRAPHS = str.maketrans({"#": "SH", "%": "ZH", "!": "KH", "^": "CH"})


def part_key(part: NamePart) -> str:
    """The key of one name part (see the module docstring): the consonant skeleton of its
    article-free sound string (``Soleimani``, ``سليماني`` → ``SLMNI``). :func:`name_key` is
    these keys joined by spaces; ``""`` for a part with no consonant and no key vowel."""
    return _sound_key(part.sounds[-1])


def _sound_key(sounds: str) -> str:
    coarse = sounds.translate(_KEY_MAP)
    out: list[str] = []
    for i, ch in enumerate(coarse):
        if ch == "@":
            out.append("A")
        elif ch in _VOWEL_SOUNDS:
            if ch == "I" and i == len(coarse) - 1:
                out.append("I")
        elif not out or out[-1] != ch:
            out.append(ch)
    return "".join(out).translate(_KEY_DIGRAPHS)


def name_key(name: str) -> str:
    """A script-independent consonant skeleton of ``name`` (see the module docstring).

    Spellings of one name in Persian, Arabic and Latin script give the same key or keys a
    letter apart; parts keep their reading order (``SURNAME, Given`` is reordered first).
    The empty string when ``name`` has no letters.
    """
    return " ".join(part_key(p) for p in name_parts(name))



def name_keys(name: str) -> tuple[str, ...]:
    """Every key a spelling of ``name`` in another script may be filed under, :func:`name_key`
    first: the keys with each reading of the first part (``Allawi`` reads ``al-Lawi`` in Latin
    script, keyed ``LVI``, but علاوی has no article and is keyed ``ALVI``; Roth's th read t
    for Arabic script, ``RT``, beside ``RS``), and, for a key
    starting with ``AL``, that key without the article another script reads there (علاوی,
    ``ALVI``, for ``Allawi``, keyed ``LVI``; اولمرت, ``ALMRT``, for ``Olmert``, keyed ``MRT``).
    For finding candidates only; ``()`` when ``name`` has no letters."""
    parts = name_parts(name)
    if not parts:
        return ()
    rest = [part_key(p) for p in parts[1:]]
    first = parts[0].sounds + parts[0].cross  # name_key keys the last of its own: first
    keys = [" ".join([_sound_key(sounds), *rest])
            for sounds in (parts[0].sounds[-1], *first)]
    keys += [k[cut:].lstrip() for k in keys if k.startswith("AL") and len(k) > 3
             for cut in (1, 2)]
    return tuple(k for k in dict.fromkeys(keys) if k)
