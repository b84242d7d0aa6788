"""Matching names in the archive against a watchlist, across scripts.

:class:`WatchlistIndex` holds a list's names and aliases; :meth:`WatchlistIndex.match` takes
a mention's text (``قاسم سلیمانی``, ``Ghasem Soleymani``, ``SOLEIMANI, Qasem``) and returns
the listed entries it names, each with a score. It knows nothing of where mentions come from
(:mod:`kavosh.entities.xref_run` feeds it).

**How a name is read.** Titles and honorifics at its start are dropped (``سردار``,
``حجت‌الاسلام``, ``Dr.``, ``Sheikh``: ``kavosh/entities/data/xref.toml``); the rest is read by
:mod:`kavosh.text.names` (particles, ``SURNAME, Given``, the script) into *part keys*: the
script-independent consonant skeleton of each part (:func:`kavosh.text.names.name_key`), so
``Soleimani``, ``Suleimani`` and ``سليماني`` share ``SLMNI``.

**Blocking.** A part is *common* when it is a hand-listed given name or organisation word
(``Mohammad``, ``Ali``, ``Bank``, ``Company``, ``شرکت``…) or when more than
``max(40, 0.3 %)`` of the list's entries use it; parts of one or two letters are common too.
Every listed name is indexed under its distinctive (not common) part keys, each with its
one-letter deletions (keys of five letters or more), so a mention's key a letter apart still
finds it; a name with no distinctive part is not indexed (:attr:`WatchlistIndex.unindexed`).

**Deciding.** A candidate must cover the mention: at least two of the listed name's parts
match parts of the mention (keys equal up to a deleted letter, two adjacent parts also as one:
``Mohammad Reza`` = ``محمدرضا``); the listed name's telling parts (not common, short ones
included) matched by telling parts of the mention outnumber those missing; a part of the
mention left over may only be one common part, and only when no listed part is missing (else
it stands in another's place: ``Omid Karimi`` is not ``KARIMI, Ahmad``); a one-part listed
name (``HEZBOLLAH``) matches only a one-part mention of four letters or more, with a score of
:data:`SINGLE_MIN_SCORE`. So ``Mohammad``, ``Ali Mohammad`` or ``Bank``
never match alone, nor does a shared surname. Numbers must be the same (``FU YUAN YU 7868``
is not ``FU YUAN YU 8686``), and a mention holding a Persian or Arabic function word
(``از``, ``این``: the table's ``stopwords``) is a phrase, not a name. The score is
:func:`kavosh.text.names.name_similarity` of the two names, minus 0.1 when the mention's type
(``PER``, ``ORG``, ``LOC``) contradicts the entry's (a person listed, an organisation
mentioned); a match needs ``min_score`` (:data:`MIN_SCORE`), 0.1 more when a
telling part meets its match only a letter apart (``Sadeghi``/``Sedaghati``). Each entry is
reported once per mention, with its best-scoring name or alias.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import pairwise

from kavosh.store.watchlists import WatchEntry
from kavosh.text.names import name_key, name_similarity
from kavosh.text.normalize import normalize

MIN_SCORE = 0.85
"""The default score a match needs (above the names' 0.75: names of several parts, where a
wrong part still leaves a high average, want more; 0.1 more when a telling part meets its
match only a letter apart; see ``bench/xref.py``)."""
SINGLE_MIN_SCORE = 0.95
"""The score a one-part listed name (``HEZBOLLAH``) needs: one word alone is easily another
word."""

_TABLES = tomllib.loads((files("kavosh.entities") / "data" / "xref.toml").read_text("utf-8"))
_WORDS = re.compile(r"[^\s\u200c]+(?:\u200c[^\s\u200c]+)*")
_COMMON_MIN = 40  # entries using a part before it is common in the list itself …
_COMMON_SHARE = 0.003  # … or this share of the entries, whichever is more
_TYPE_PENALTY = 0.1
_FUZZY_EXTRA = 0.1  # asked more when a telling part meets only a letter apart (Sadeghi, Sedaghati)
_COMPATIBLE = {"PER": {"person"}, "ORG": {"organization", "vessel", "aircraft"},
               "LOC": {"organization"}}
_CACHE_MAX = 500_000
_SUFFIX_KEYS = frozenset(("AL", "DN"))
# Where those parts come from (not the Korean Il, which has the same key).
_SOLID_SUFFIX = re.compile("all?ah?|ull?ah?|oll?ah?|ell?ah|الله|d[iy]n|deen|الدین|الدين")


def _title_word(word: str) -> str:
    """A word as the title table is compared: normalised, Latin lower case without dots."""
    return normalize(word).replace("\u200c", " ").lower().strip(".")


_TITLES = frozenset(_title_word(t) for t in _TABLES["titles"])
_TITLE_PAIRS = frozenset(t for t in _TITLES if " " in t)
_STOPWORDS = frozenset(normalize(w) for w in _TABLES["stopwords"])
_DIGITS = re.compile(r"\d+")


def _numbers(name: str) -> tuple[str, ...]:
    """The numbers written in a name, in any digit script (``FU YUAN YU 7868``), sorted."""
    return tuple(sorted(str(int(n)) for n in _DIGITS.findall(name)))


def _phrase(name: str) -> bool:
    """Whether a mention holds a Persian or Arabic function word: a phrase, not a name."""
    return any(normalize(w) in _STOPWORDS for w in name.split())


def strip_titles(name: str) -> str:
    """``name`` without the titles and honorifics at its start (``سردار قاسم سلیمانی`` →
    ``قاسم سلیمانی``, ``Dr. Ali Vahidi`` → ``Ali Vahidi``); a name that is all titles is
    kept whole."""
    words = [(m.start(), _title_word(m.group())) for m in _WORDS.finditer(name)]
    i = 0
    while i < len(words) - 1:
        if i + 2 < len(words) and f"{words[i][1]} {words[i + 1][1]}" in _TITLE_PAIRS:
            i += 2
        elif words[i][1] in _TITLES:
            i += 1
        else:
            break
    return name[words[i][0]:] if i else name


def _keys(name: str) -> tuple[str, ...]:
    """The part keys of a name without its titles; a part ``Allah`` or ``Din`` (which
    :mod:`kavosh.text.names` splits from ``Nasrallah``, ``Nasiruddin``) joined back to the
    part before (``NSR AL`` → ``NSRAL``): alone each is common, together they name."""
    keys: list[str] = []
    solid = _SOLID_SUFFIX.search(name.lower()) is not None
    for key in name_key(strip_titles(name)).split():
        if keys and solid and key in _SUFFIX_KEYS:
            keys[-1] += key
        else:
            keys.append(key)
    return tuple(keys)


@lru_cache(maxsize=262144)
def _variants(key: str) -> frozenset[str]:
    """A key with its one-letter deletions (keys of five letters or more: shorter deletions
    are the keys of too many other names)."""
    if len(key) < 5:
        return frozenset((key,))
    return frozenset([key] + [key[:i] + key[i + 1:] for i in range(len(key))])


_COMMON_KEYS = frozenset(k for w in _TABLES["common"] for k in _keys(w))
_PAIR = "|"  # joins two adjacent keys in the postings of names made of common parts only


@dataclass(frozen=True, slots=True)
class NameMatch:
    """``entry`` (an index into the index's entries) is named by the mention, through the
    listed ``name`` (its name or an alias), with ``score`` in [0, 1]."""

    entry: int
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class _Listed:
    entry: int
    name: str
    keys: tuple[str, ...]
    distinctive: frozenset[int]  # positions of the distinctive parts (none: all must match)
    telling: frozenset[int]  # positions of the parts not common (short ones included)
    reach: frozenset[str]  # every variant of its keys and of two adjacent keys joined
    joins: frozenset[str]  # the variants of two adjacent keys joined


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*sets)


def _joins(keys: Sequence[str]) -> frozenset[str]:
    """The variants of each two adjacent keys joined (``MHMD RZ`` → ``MHMDRZ`` …)."""
    return _union(_variants(a + b) for a, b in pairwise(keys) if len(a) > 1 and len(b) > 1)


def _reach(keys: Sequence[str]) -> frozenset[str]:
    """The variants of each key and of each two adjacent keys joined."""
    return _union(_variants(k) for k in keys) | _joins(keys)


def _covered(keys: Sequence[str], reach: frozenset[str]) -> set[int]:
    """Positions of ``keys`` that meet ``reach`` (the other name's :func:`_reach`), alone or
    as two adjacent parts written as one."""
    hit = {i for i, k in enumerate(keys) if _variants(k) & reach}
    for i, (a, b) in enumerate(pairwise(keys)):
        if len(a) > 1 and len(b) > 1 and _variants(a + b) & reach:
            hit |= {i, i + 1}
    return hit


class WatchlistIndex:
    """A watchlist's names, indexed for matching mentions (see the module docstring).

    Build once per list (about 10 s for 30,000 names); :meth:`match` is then safe to call
    from one thread at a time and caches its answers by text.
    """

    def __init__(self, entries: Sequence[WatchEntry], min_score: float = MIN_SCORE) -> None:
        self.entries = list(entries)
        self.min_score = min_score
        named = [(i, n, _keys(n)) for i, e in enumerate(self.entries) for n in e.names()]
        per_entry: dict[int, set[str]] = {}
        for i, _, keys in named:
            per_entry.setdefault(i, set()).update(keys)
        users: Counter[str] = Counter()  # key → entries using it
        for keys_of_entry in per_entry.values():
            users.update(keys_of_entry)
        limit = max(_COMMON_MIN, _COMMON_SHARE * len(self.entries))
        self.common = _COMMON_KEYS | {k for k, n in users.items() if n > limit}
        self._listed: list[_Listed] = []
        self._postings: dict[str, list[int]] = {}
        self.unindexed: list[str] = []  # names with no distinctive part
        self._single: set[str] = set()  # names of one part
        for i, name, keys in named:
            distinctive = frozenset(j for j, k in enumerate(keys) if self._distinctive(k))
            if distinctive:
                postings = {v for j in distinctive for v in _variants(keys[j])}
            elif len(keys) >= 3:  # Bank Melli Iran: only the whole name is distinctive
                postings = {a + _PAIR + b for a, b in pairwise(keys)}
            else:
                self.unindexed.append(name)
                continue
            telling = frozenset(j for j, k in enumerate(keys) if k not in self.common)
            self._listed.append(_Listed(i, name, keys, distinctive, telling, _reach(keys),
                                        _joins(keys)))
            if len(keys) == 1:
                self._single.add(name)
            for v in postings:
                self._postings.setdefault(v, []).append(len(self._listed) - 1)
        self._cache: dict[str, list[NameMatch]] = {}

    def _distinctive(self, key: str) -> bool:
        return len(key) > 2 and key not in self.common

    def __len__(self) -> int:
        """How many names and aliases are indexed."""
        return len(self._listed)

    def match(self, text: str, mention_type: str = "") -> list[NameMatch]:
        """The entries ``text`` names, best first, each once (its best name); the score
        lowered when ``mention_type`` contradicts the entry's type."""
        found = self._cache.get(text)
        if found is None:
            found = self._match(text)
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[text] = found
        allowed = _COMPATIBLE.get(mention_type)
        if allowed is None:
            return found
        out = []
        for m in found:
            kind = self.entries[m.entry].type
            if kind and kind not in allowed:
                m = NameMatch(m.entry, m.name, round(m.score - _TYPE_PENALTY, 4))
                if m.score < self._need(m.name):
                    continue
            out.append(m)
        return sorted(out, key=lambda m: -m.score)

    def _need(self, listed_name: str) -> float:
        """The score a match through ``listed_name`` needs."""
        if listed_name in self._single:
            return max(self.min_score, SINGLE_MIN_SCORE)
        return self.min_score

    def _candidates(self, keys: tuple[str, ...], rare: Sequence[str]) -> set[int]:
        """The listed names sharing a distinctive key (up to a deleted letter) with the
        mention, and those of common parts only sharing two adjacent keys."""
        found: set[int] = set()
        for key in rare:
            for v in _variants(key):
                found.update(self._postings.get(v, ()))
        for a, b in pairwise(keys):
            found.update(self._postings.get(a + _PAIR + b, ()))
        return found

    def _match(self, text: str) -> list[NameMatch]:
        name = strip_titles(text)
        if _phrase(name):
            return []
        keys = _keys(name)
        numbers = _numbers(name)
        rare = [k for k in keys if self._distinctive(k)]
        candidates = self._candidates(keys, rare)
        if not candidates:
            return []
        reach = _reach(keys)
        rare_reach = _union(_variants(k) for k in keys if k not in self.common)
        exact = frozenset(keys) | {a + b for a, b in pairwise(keys)}
        best: dict[int, NameMatch] = {}
        for c in candidates:
            listed = self._listed[c]
            if not self._covers(listed, keys, reach, rare_reach):
                continue
            fuzzy = any(listed.keys[j] not in exact and _variants(listed.keys[j]) & reach
                        for j in listed.telling)
            previous = best.get(listed.entry)
            if previous is not None and previous.score == 1.0:
                continue
            if _numbers(listed.name) != numbers:
                continue  # FU YUAN YU 7868 is another vessel than FU YUAN YU 8686
            score = name_similarity(name, listed.name)
            need = self._need(listed.name) + (_FUZZY_EXTRA if fuzzy else 0.0)
            if score >= need and (previous is None or score > previous.score):
                best[listed.entry] = NameMatch(listed.entry, listed.name, score)
        return sorted(best.values(), key=lambda m: (-m.score, m.entry))

    def _covers(self, listed: _Listed, keys: tuple[str, ...], reach: frozenset[str],
                rare_reach: frozenset[str]) -> bool:
        """Whether the parts of the mention (``keys``, and what they reach) and of the listed
        name match well enough to compare the names at all (see the module docstring)."""
        if len(listed.keys) == 1:
            return len(keys) == 1 and len(keys[0]) > 3 and bool(
                _variants(listed.keys[0]) & reach)
        hit = _covered(listed.keys, reach)
        if len(hit) < 2 or (not listed.distinctive and len(hit) < len(listed.keys)):
            return False
        if len(keys) == 1 and not _variants(keys[0]) & listed.joins:
            return False  # one mention part can stand for two listed parts only written solid
        if listed.distinctive:  # telling listed parts, matched by telling ones …
            found = sum(1 for j in listed.telling if _variants(listed.keys[j]) & rare_reach)
            if not found or len(listed.telling) - found >= found:
                return False  # … more of them than are missing (Ali Hosseini ≠ Ali Hosseini
                #               Khamenei: the name that tells them apart is missing)
        covered = _covered(keys, listed.reach)
        left = [k for i, k in enumerate(keys) if i not in covered]
        # A part of the mention left over may only be a common one (a patronymic, FZE), and
        # only when no listed part is missing: else it stands in another's place (Omid Karimi
        # ≠ Ahmad Karimi, Natalya Borisova ≠ Natalya Beglova, Bank Mellat Yerevan ≠ Bank
        # Mellat).
        return not left or (len(left) == 1 and left[0] in self.common
                            and len(hit) == len(listed.keys))
