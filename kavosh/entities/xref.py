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
(``از``, ``این``: the table's ``stopwords``) is a phrase, not a name. A code-like listed
name of a body (every part of three letters at most: ``EP-IBK``) is read letter by letter:
a Latin mention must spell it alike. The score is
:func:`kavosh.text.names.name_similarity` of the two names; a match needs ``min_score``
(:data:`MIN_SCORE`), 0.1 more when a telling part meets its match only a letter apart
(``Sadeghi``/``Sedaghati``). Each entry is reported once per mention, with its best-scoring
name or alias.

**Types agree.** A mention typed ``PER`` names only entries of persons, ``ORG`` only
organisations, vessels and aircraft, and ``LOC`` none: a list names no places, so the port
``آستارا`` is not the vessel ``ASTARA`` nor ``Bandar Imam`` the company ``BANDAR IMAM
PETROCHEMICAL``. Entries of no type, and mentions of another type (``NAME``, ``CODENAME``)
or none, are not constrained.

**Part by part.** A candidate that reaches its score is then compared part by part (the parts
of :mod:`kavosh.text.names`, aligned best first, two adjacent parts with one where the counts
differ). Each aligned pair must be alike: :data:`SAME_SCRIPT_PART` when both are written in
the same script, with as many vowel groups in Latin (no transliteration to allow for:
``Salman`` is not ``Suliman``, ``Hotel Plaza`` not ``Hotel Palace``), and
:data:`CROSS_SCRIPT_PART` across scripts (``داریوش`` for ``Dariush``). A pair of one part
each, when the listed part tells or the entry is a person's, must also put its vowels alike
where the consonants line up: in Latin, short vowels vary (``Ahmad``/``Ahmed``,
``Hossein``/``Hussein``) but an ``i`` is not an ``a``, ``o`` or ``u`` (``Jalil`` is not
``Jalal``), and a part of one syllable keeps its vowel (``Chan`` is not ``Chen``); across
scripts, each long vowel the Arabic script writes (ی، و، ا, a final ه) is written in the
Latin too (``سعیدی`` is not ``Saadi``, ``توبس`` not ``TBSS``, ``حمید`` not ``Ahmed``), and a
long vowel the Latin spells out (``ee``, ``ou``, a final ``i``) in the Arabic script
(``محمد`` is not ``Mahmoud``). A company's common words are spared the vowel rules: Persian
writes English words by their sound (``تریدینگ`` for ``Trading``). Here a part *tells*
unless it sounds like a hand-listed common word (``Muhammad``, ``Company``; not merely shares
its key: ``Firas`` is not ``Forces``) or is an initial: a part frequent in the list (``Kim``)
still tells. Every telling part of the listed name must be aligned (``Chol Kim`` is not ``KIM,
Min Chol``, ``Kyong Il Kim`` not ``KIM, Kyong Ok``); a person's listed name may leave out one
part at most (a given name: not ``Isa Saleh Isa``); a telling part of the mention left over
rejects the match (``Aung Mar Myint`` is not ``MYINT, Aung``), and each common one left over
takes 0.05 off the score. A person's name of four parts or more (given name, father's,
grandfather's, family: ``Sabawi Ibrahim Hassan al-Tikriti``) with one more given name before
it names the son (``Omar Sabawi Ibrahim Hassan al-Tikriti``), whichever of the two is
listed. A one-part listed name names only a mention of one part, never a person's (one word
names nobody for sure), an organisation, vessel or aircraft only through a mention typed
``ORG`` (or untyped), and an Arabic-script word only when it is known as a name (the
person-name words of :func:`kavosh.entities.crf.name_words` and the gazetteer's one-word
entries): ``تربیت``, an ordinary word, is not the company ``TRIBIT``.
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

from kavosh.entities import gazetteer
from kavosh.entities.crf import name_words
from kavosh.entities.lexicon import function_words
from kavosh.store.watchlists import WatchEntry
from kavosh.text.names import (
    NamePart,
    joined_part,
    name_key,
    name_parts,
    name_similarity,
    part_key,
    part_similarity,
)
from kavosh.text.normalize import normalize

MIN_SCORE = 0.85
"""The default score a match needs (above the names' 0.75: names of several parts, where a
wrong part still leaves a high average, want more; 0.1 more when a telling part meets its
match only a letter apart; see ``bench/xref.py``)."""
SINGLE_MIN_SCORE = 0.95
"""The score a one-part listed name (``HEZBOLLAH``) needs: one word alone is easily another
word."""

SAME_SCRIPT_PART = 0.95
"""The similarity each aligned part needs when both are written in the same script (Latin
and Latin, Arabic script and Arabic script): no transliteration to allow for, so only spelling
slack (``Saeed``/``Sa'id``), not another name (``Salman``/``Suliman``, ``Plaza``/``Palace``)."""
CROSS_SCRIPT_PART = 0.75
"""The similarity each aligned part needs across scripts (a Persian spelling of a Latin
name)."""
_CHAIN = 4  # a person listed with this many parts is named with father and grandfather
_LEFTOVER_PENALTY = 0.05  # for each common part of the mention with no counterpart
_COMMON_LIKE = 0.945  # this alike a hand-listed common word, a part is it (Yousef; not Mar: Mir)
_PART_FLOOR = 0.5  # parts less alike than this are not aligned at all
_VOWELS = frozenset("aeiouAIU@ə")

_TABLES = tomllib.loads((files("kavosh.entities") / "data" / "xref.toml").read_text("utf-8"))
_WORDS = re.compile(r"[^\s\u200c]+(?:\u200c[^\s\u200c]+)*")
_COMMON_MIN = 40  # entries using a part before it is common in the list itself …
_COMMON_SHARE = 0.003  # … or this share of the entries, whichever is more
_FUZZY_EXTRA = 0.1  # asked more when a telling part meets only a letter apart (Sadeghi, Sedaghati)
# The entry types a mention of each type may name: a list names no places, so a place is
# never a listed vessel or company of its name (آستارا / ASTARA, Bandar Imam / BANDAR IMAM
# PETROCHEMICAL); other mention types (NAME, CODENAME, none) may name any entry.
_COMPATIBLE: dict[str, frozenset[str]] = {
    "PER": frozenset(("person",)), "ORG": frozenset(("organization", "vessel", "aircraft")),
    "LOC": frozenset()}
_CACHE_MAX = 500_000
_SUFFIX_KEYS = frozenset(("AL", "DN"))
# Where those parts come from (not the Korean Il, which has the same key).
_SOLID_SUFFIX = re.compile("all?ah?|ull?ah?|oll?ah?|ell?ah|الله|d[iy]n|deen|الدین|الدين")


def _title_word(word: str) -> str:
    """A word as the title table is compared: normalised, Latin lower case without dots."""
    return normalize(word).replace("\u200c", " ").lower().strip(".")


_TITLES = frozenset(_title_word(t) for t in _TABLES["titles"])
_TITLE_PAIRS = frozenset(t for t in _TITLES if " " in t)
_DIGITS = re.compile(r"\d+")
_ARABIC = re.compile("[\u0600-\u06ff]")


_LATIN_WORDS = re.compile(r"[A-Za-z]+")


def _letters(name: str) -> list[str]:
    """A Latin name's words of letters and digits, lower case, in any order (``Ep-ibc`` →
    ``["ep", "ibc"]``; ``ADP, S.C.`` and ``S.C. ADP`` alike)."""
    return sorted(w.lower() for w in re.findall(r"[^\W_]+", name))


def _numbers(name: str) -> tuple[str, ...]:
    """The numbers written in a name, in any digit script (``FU YUAN YU 7868``), sorted."""
    return tuple(sorted(str(int(n)) for n in _DIGITS.findall(name)))


def _phrase(name: str) -> bool:
    """Whether a mention holds a Persian or Arabic function word: a phrase, not a name."""
    return any(normalize(w) in function_words() for w in name.split())


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


@lru_cache(maxsize=1)
def _name_vocabulary() -> frozenset[str]:
    """Words known to be names (normalised): the person-name words the NER model ships and
    the one-word entries of the gazetteer. A one-word mention in Arabic script outside it is
    taken for an ordinary word (``تربیت`` is not the company ``TRIBIT``)."""
    single = {tokens[0] for entries in gazetteer.index().values()
              for tokens, kind in entries if len(tokens) == 1 and kind != "TITLE"}
    return name_words() | frozenset(single)


def _known_name(word: str) -> bool:
    """Whether an Arabic-script word (with or without its article ``ال``) is in
    :func:`_name_vocabulary`."""
    norm = normalize(word)
    vocabulary = _name_vocabulary()
    return norm in vocabulary or (norm.startswith("ال") and norm[2:] in vocabulary)


def _vowel_groups(part: NamePart) -> int:
    """How many runs of vowels a part's sound string has (``Salman`` 2, ``Suliman`` 3,
    ``Saeed`` and ``Sa'id`` 1)."""
    groups, previous = 0, False
    for ch in part.sounds[0]:
        vowel = ch in _VOWELS
        groups += vowel and not previous
        previous = vowel
    return groups


_MARKS = frozenset(".ʰ~")  # sound marks that are neither vowel nor consonant
# Consonants a spelling may write for one another (Z for ذ ض ظ, gh/q/k/g, p/b): where two
# spellings' consonants are these alike, one for one, their vowels are in the same places.
_COARSE = str.maketrans({"P": "B", "θ": "S", "ð": "Z", "ḍ": "Z", "ẓ": "Z", "ž": "Z",
                         "ġ": "Q", "G": "Q", "K": "Q", "X": "Q"})


def _vowel_slots(sounds: str) -> tuple[str, list[str]]:
    """A sound string as its consonants (coarsely: :data:`_COARSE`) and its vowel groups,
    one before each consonant and one after the last (``SaIDI`` → ``("SD", ["", "aI",
    "I"])``, ``SIDI`` → ``("SD", ["", "I", "I"])``): the places where two spellings with the
    same consonants put their vowels."""
    consonants: list[str] = []
    slots = [""]
    for ch in sounds:
        if ch in _MARKS:
            continue
        if ch in _VOWELS:
            slots[-1] += ch
        else:
            consonants.append(ch)
            slots.append("")
    return "".join(consonants).translate(_COARSE), slots


_I_LIKE = frozenset("iI")
_NOT_I = frozenset("aAouU")  # vowels that are not an i (e is either)


@lru_cache(maxsize=65536)
def _latin_vowels_agree(a: str, b: str) -> bool:
    """Whether two Latin spellings of a part (sound strings) put compatible vowels in the
    last syllable, where names of Arabic and Persian shape keep their long vowel (Jal*i*l,
    Jal*a*l): when their consonants line up one for one, an ``i`` there is not an ``a``,
    ``o`` or ``u`` (``Jalil`` is not ``Jalal``, ``Hamid`` not ``Hamad``), and in a part of
    one syllable the vowel itself tells (``Chan`` is not ``Chen``; ``Said`` is ``Saeed``).
    Other vowels vary freely (``Ahmad``/``Ahmed``, ``Hossein``/``Hussein``,
    ``Jihad``/``Jahad``: a short vowel a transliteration guesses)."""
    (ca, sa), (cb, sb) = _vowel_slots(a), _vowel_slots(b)
    if ca != cb:
        return True
    filled = [k for k, (x, y) in enumerate(zip(sa, sb, strict=True)) if x and y]
    if not filled:
        return True
    x, y = sa[filled[-1]], sb[filled[-1]]
    if "@" in x + y or "ə" in x + y:
        return True
    xs, ys = set(x.lower()), set(y.lower())
    if (xs <= _I_LIKE and ys <= _NOT_I) or (ys <= _I_LIKE and xs <= _NOT_I):
        return False  # Jalil / Jalal
    one_syllable = sum(1 for g in sa if g) == 1
    return not (one_syllable and not xs & ys and not {"o", "u"} <= xs | ys)  # Chan / Chen


# What a Latin spelling must write where the Arabic script writes a long vowel.
_IU = frozenset("IU")  # the long vowels a Latin final e (Velesstore) never stands for
_PREFIXED = ("@BD", "@BU")  # the sounds of a part joined to Abd or Abu
_LONG_IN_LATIN = {"I": frozenset("iI"), "U": frozenset("ouU"), "A": frozenset("aAo"),
                  "ə": frozenset("aAeə")}


@lru_cache(maxsize=65536)
def _long_vowels_agree(arabic: str, latin: str) -> bool:
    """Whether a Latin spelling (sound string) writes the long vowels an Arabic-script one
    writes, in the same places (when their consonants line up one for one): ``Saadi`` is
    not ``سعیدی`` (ی unwritten), ``TBSS`` not ``توبس``, ``Velesstroi`` not ``ولستره`` (ه is
    no i), ``Velesstore`` not ``ولستری`` (a final e is no ی). Short vowels, which the
    Arabic script does not write, are free; so is a long vowel the Latin spells out that the
    Persian leaves unwritten (a spelling made by rule, ``ستل`` for ``Steel``, often does).
    Where a و or ی is read as a vowel on one side and as a consonant on the other
    (``یوریونا``/``Yurievna``) the consonants do not line up, and nothing is judged."""
    (ca, sa), (cb, sb) = _vowel_slots(arabic), _vowel_slots(latin)
    if ca != cb or latin.startswith(_PREFIXED):
        return True  # Abdullah: the vowel after Abd is not spelt in its sounds
    h = "ʰ" in latin  # Nooh: a final ه may be an h, not a vowel
    for x, y in zip(sa, sb, strict=True):
        if "@" in x + y or ("ə" in x and (h or not y)) or ("ə" in y and not set(x) & _IU):
            continue  # an initial vowel; a final ه that may be an h; a Latin final e
        wanted = [_LONG_IN_LATIN[ch] for ch in x if ch in _LONG_IN_LATIN]
        if wanted and not any(w & set(y) for w in wanted):
            return False  # سعیدی / Saadi
    return True


def _vowels_agree(a: NamePart, b: NamePart) -> bool:
    """Whether two aligned parts put their vowels alike (some spelling of each): in Latin,
    :func:`_latin_vowels_agree`; across scripts, :func:`_long_vowels_agree`; two
    Arabic-script spellings, and initials, always."""
    if a.initial or b.initial or (a.arabic and b.arabic):
        return True
    if not a.arabic and not b.arabic:
        return any(_latin_vowels_agree(x, y) for x in a.sounds for y in b.sounds)
    arabic, latin = (a, b) if a.arabic else (b, a)
    return any(_long_vowels_agree(x, y) for x in arabic.sounds for y in latin.sounds)


def _a_generation_apart(a: Sequence[NamePart], b: Sequence[NamePart]) -> bool:
    """Whether one name is the other with a given name put before it, the other naming at
    least :data:`_CHAIN` parts (given name, father's, grandfather's, family): the chain of
    names of a son (``Omar Sabawi Ibrahim Hassan al-Tikriti``) and of his father (``Sabawi
    Ibrahim Hassan al-Tikriti``)."""
    if len(a) < len(b):
        a, b = b, a
    return len(a) == len(b) + 1 and len(b) >= _CHAIN and all(
        part_similarity(x, y) >= CROSS_SCRIPT_PART for x, y in zip(a[1:], b, strict=True))


_Aligned = tuple[frozenset[int], frozenset[int], float]  # mention parts, listed parts, similarity


def _align(a: tuple[NamePart, ...], b: tuple[NamePart, ...]) -> list[_Aligned]:
    """Parts of ``a`` aligned with parts of ``b`` best-first (one with one, or two adjacent
    parts with one when the counts differ: ``Mohammad Reza`` / ``محمدرضا``), pairs less alike
    than :data:`_PART_FLOOR` left out."""
    cells: list[tuple[float, int, frozenset[int], frozenset[int]]] = [
        (part_similarity(x, y), 1, frozenset((i,)), frozenset((j,)))
        for i, x in enumerate(a) for j, y in enumerate(b)]
    if len(a) != len(b):
        cells += [(part_similarity(joined_part(a, i), y), 0, frozenset((i, i + 1)), frozenset((j,)))
                  for i in range(len(a) - 1) for j, y in enumerate(b)]
        cells += [(part_similarity(x, joined_part(b, j)), 0, frozenset((i,)), frozenset((j, j + 1)))
                  for i, x in enumerate(a) for j in range(len(b) - 1)]
    cells.sort(key=lambda c: (-c[0], -c[1]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[_Aligned] = []
    for sim, _, i, j in cells:
        if sim < _PART_FLOOR:
            break
        if used_a & i or used_b & j:
            continue
        used_a |= i
        used_b |= j
        out.append((i, j, sim))
    return out


def _common_parts() -> dict[str, list[NamePart]]:
    """The hand-listed common words (the table's ``common``) as parts, by key."""
    out: dict[str, list[NamePart]] = {}
    for word in _TABLES["common"]:
        for part in name_parts(word):
            out.setdefault(part_key(part), []).append(part)
    return out


_COMMON_PARTS = _common_parts()


def _telling_parts(name: str, parts: tuple[NamePart, ...]) -> list[bool]:
    """For each part of ``name``, whether it tells names apart: an initial does not
    (``S.R.L.``), nor a part that sounds like a hand-listed common word (``Muhammad``,
    ``Company``; ``Firas`` tells though it shares the key of ``Forces``). A part frequent in the
    list still tells (``Kim Chol`` is not ``Ri Chol``), and ``Il`` of ``Kyong Il`` tells, though
    ``Allah`` and ``Din`` written apart share its key."""
    solid = _SOLID_SUFFIX.search(name.lower()) is not None
    out = []
    for part in parts:
        key = part_key(part)
        common = any(part_similarity(part, c) >= _COMMON_LIKE for c in _COMMON_PARTS.get(key, ()))
        out.append(not part.initial and (not common or (key in _SUFFIX_KEYS and not solid)))
    return out


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
        """The entries ``text`` names, best first, each once (its best name); an entry of a
        type that ``mention_type`` contradicts is left out (a person's entry for an ``ORG``
        mention, any typed entry for a ``LOC`` mention; entries of no type are kept)."""
        found = self._cache.get(text)
        if found is None:
            found = self._match(text)
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[text] = found
        allowed = _COMPATIBLE.get(mention_type)
        return [m for m in found
                if (m.name not in self._single or self._single_fits(m.entry, mention_type))
                and (allowed is None or not self.entries[m.entry].type
                     or self.entries[m.entry].type in allowed)]

    def _single_fits(self, entry: int, mention_type: str) -> bool:
        """Whether a one-part listed name of ``entry`` may name a mention of
        ``mention_type``: never a person's (one word is not enough to name anyone), and an
        organisation, vessel or aircraft only by a mention of that type (or of no type)."""
        kind = self.entries[entry].type
        if kind == "person":
            return False
        return not mention_type or (mention_type == "ORG" and kind in _COMPATIBLE["ORG"])

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
        known = not _ARABIC.search(name) or all(_known_name(w) for w in name.split())
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
            if len(listed.keys) == 1 and not known:
                continue  # تربیت, an ordinary word, is not the company TRIBIT
            if not self._letters_agree(name, listed):
                continue  # EP-IBC is another aircraft than EP-IBK
            score = name_similarity(name, listed.name)
            need = self._need(listed.name) + (_FUZZY_EXTRA if fuzzy else 0.0)
            if score < need:
                continue
            penalty = self._parts_agree(name, listed.name,
                                        self.entries[listed.entry].type == "person")
            if penalty is None:
                continue
            score = round(score - penalty, 4)
            if score >= need and (previous is None or score > previous.score):
                best[listed.entry] = NameMatch(listed.entry, listed.name, score)
        return sorted(best.values(), key=lambda m: (-m.score, m.entry))

    def _letters_agree(self, name: str, listed: _Listed) -> bool:
        """Whether a mention written in Latin letters spells a code-like listed name (of a
        body, vessel or aircraft, every part of three letters at most: ``EP-IBK``, ``MSC``)
        letter for letter, its words in any order: such parts are read as letters, not
        sounds."""
        if self.entries[listed.entry].type == "person" or _ARABIC.search(name) \
                or _ARABIC.search(listed.name) \
                or any(len(w) > 3 for w in _LATIN_WORDS.findall(listed.name)):
            return True
        return _letters(name) == _letters(listed.name)

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

    def _parts_agree(self, name: str, listed: str, person: bool) -> float | None:
        """Compare the mention ``name`` with a ``listed`` name (of a ``person`` or not) part
        by part: ``None`` when they differ, else what to take off the score (see the module
        docstring)."""
        listed = strip_titles(listed)
        mine, theirs = name_parts(name), name_parts(listed)
        if not mine or not theirs:
            return None
        my_telling = _telling_parts(name, mine)
        their_telling = _telling_parts(listed, theirs)
        aligned = _align(mine, theirs)
        for i, j, sim in aligned:
            if mine[min(i)].initial or theirs[min(j)].initial:
                continue  # an initial that fits (S.A., Manuel J)
            same = mine[min(i)].arabic == theirs[min(j)].arabic
            if sim < (SAME_SCRIPT_PART if same else CROSS_SCRIPT_PART):
                return None  # Kyong Ok / Kyong Il, Hotel Plaza / Hotel Palace
            if same and not mine[min(i)].arabic and len(i) == len(j) == 1 \
                    and _vowel_groups(mine[min(i)]) != _vowel_groups(theirs[min(j)]):
                return None  # Salman / Suliman: a syllable more is another name
            if len(i) == len(j) == 1 and (person or their_telling[min(j)]) \
                    and not _vowels_agree(mine[min(i)], theirs[min(j)]):
                return None  # Jalil / Jalal, سعیدی / Saadi, توبس / TBSS (not a company's
                #  تریدینگ: Trading is an English word)
        mine_done = set().union(*(i for i, _, _ in aligned))
        theirs_done = set().union(*(j for _, j, _ in aligned))
        if any(t for k, t in enumerate(their_telling) if k not in theirs_done):
            return None  # Chol Kim ≠ KIM, Min Chol: every telling listed part is written
        if person and len(theirs) - len(theirs_done) > 1:
            return None  # a given name may be left out, not three (SALMAN, Isa Saleh Isa)
        left = [k for k in range(len(mine)) if k not in mine_done]
        if any(my_telling[k] for k in left):
            return None  # Aung Mar Myint ≠ MYINT, Aung
        if person and _a_generation_apart(mine, theirs):
            return None  # Omar Sabawi Ibrahim Hassan: the son of SABAWI Ibrahim Hassan
        return _LEFTOVER_PENALTY * len(left)
