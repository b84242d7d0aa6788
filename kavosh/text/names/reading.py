"""Reading a written name: its parts, with the particles handled.

1. **Parts.** ``SURNAME, Given`` (one comma) is read as ``Given SURNAME``. Spaces, hyphens,
   dots and slashes separate parts; a half-space (ZWNJ) joins (``خامنه‌ای`` is one part);
   apostrophes (ʿayn, hamza) are dropped. Arabic-script text goes through
   :func:`kavosh.text.normalize.normalize` (ي/ی, ك/ک, ة/ه, أ/ا, diacritics…); Latin letters
   that carry a sound lose it only after it is spelt out (``č`` → ch, ``š`` → sh, ``ž`` → zh,
   ``ç`` → ch, ``ş`` → sh, ``þ`` → th, ``ð`` → dh…). ``-uddin``/``-eddine``/``الدین`` and
   ``-ullah``/``-ollah``/``الله`` written solid become parts of their own; ``Mhd``/``Mohd``
   read as Mohammad; a one-letter Latin part is an initial (it fits any part with that start).
2. **Particles.** The article (``al-``, ``el-``, ``ol-``, ``ul-``, the sun-letter forms
   ``ar-Rahman``, ``ad-Din``…, and a detached ``ال``) is dropped; a part written with the
   article attached (``Alhashimi``, ``الهاشمی``) is compared both with and without it. The
   ezafe written as a part (``-e``, ``-ye``) is dropped, as are ``bin``/``ibn``/``ben``/
   ``bint``/``ould``/``بن``/``ابن`` inside a name. ``Abd``/``Abdul``/``Abd-ol``/``Abdel``/
   ``Abdur``/``عبد`` and ``Abu``/``Abou``/``Abo``/``Abol``/``ابو`` are joined to the part they
   govern, so ``Abdul Reza``, ``Abd-ol-Reza``, ``Abdolreza`` and ``عبدالرضا`` are alike.
3. **Sounds.** Each part is then read as sound strings (:mod:`kavosh.text.names.sounds`),
   with a weight.

The particle lists are data: ``kavosh/text/data/name_particles.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kavosh.text.data import load
from kavosh.text.names.sounds import (
    _AR_EXTRA,
    _LATIN_SPECIAL,
    _VOWELS,
    _is_arabic,
    _latin_sounds,
    _mark_maksura,
    _Sound,
    _sound_info,
    _sounds,
    _weight,
    cross_sounds,
)
from kavosh.text.normalize import normalize

_PARTICLES = load("name_particles.toml")

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_./\\|,;:()\[\]{}\"«»“”+&*#0-9\u200c]+")
_APOSTROPHES = re.compile(r"['`´‘’ʻʼʾʿ\u02bf\u02be]")
_LATIN_JUNK = re.compile(r"[^a-z]")
_AR_LETTERS = re.compile(r"[^\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\ue002]")

_ARTICLES = frozenset(_PARTICLES["articles"])
_SUN_ARTICLES: dict[str, str] = _PARTICLES["sun_articles"]  # ar-Rahman: article → first letter
_EZAFE = frozenset(_PARTICLES["ezafe"])
_FILIATION = frozenset(_PARTICLES["filiation"])
_ABD = frozenset(_PARTICLES["abd"])
_ABU = frozenset(_PARTICLES["abu"])
_ABBREVIATIONS: dict[str, str] = _PARTICLES["abbreviations"]
_ABD_SOLID = re.compile(r"^abd(ul|ol|el|al|il|ur|or|ar|er|us|os|as|es|ud|od|u|o|e|a|i)?(.+)$")
_ABU_SOLID = re.compile(r"^(abu|abou|aboo|abo)(l|al|el|ol|ul)?(.{3,})$")


@dataclass(frozen=True, slots=True)
class NamePart:
    """One name part, as :func:`name_parts` reads it (immutable, hashable).

    ``sounds``: its sound strings (:mod:`kavosh.text.names.sounds`), never empty — the first
    as written, then without an attached article (``Alhashimi`` → also ``hashimi``); the last
    is the one keyed (:func:`kavosh.text.names.distance.part_key`). ``weight``: how much the
    part counts in a name's score (consonants weigh more than vowels). ``initial``: a
    one-letter Latin part (``A.``), which fits any part starting with the same sound.
    ``arabic``: whether the name was written in Arabic script. ``keyed_only``: how many of
    the last ``sounds`` are kept for the key and the prefilter but not compared (a Latin
    article taken off a stem of fewer than two consonants: ``Elahi`` is no el-``ahi``).
    ``cross``: sound strings of a Latin part compared with Arabic script only, and keyed
    and prefiltered with the others (:func:`~kavosh.text.names.sounds.cross_sounds`: Roth's
    th read t, for روت; within Latin, Burns is no Barnes). ``info`` and ``cross_info``:
    derived from the compared ``sounds`` and from ``cross`` for the edit distance.
    """

    sounds: tuple[str, ...]
    weight: float
    initial: bool = False
    arabic: bool = False
    keyed_only: int = 0
    cross: tuple[str, ...] = ()
    info: tuple[_Sound, ...] = ()
    cross_info: tuple[_Sound, ...] = ()

    def __post_init__(self) -> None:
        compared = self.sounds[:max(1, len(self.sounds) - self.keyed_only)]
        object.__setattr__(self, "info", tuple(_sound_info(s) for s in compared))
        object.__setattr__(self, "cross_info", tuple(_sound_info(s) for s in self.cross))


def _segments(name: str) -> list[str]:
    """``SURNAME, Given`` → ``[Given, SURNAME]`` (only with exactly one comma); else ``[name]``."""
    for comma in (",", "،"):
        if name.count(comma) == 1:
            surname, given = name.split(comma)
            if surname.strip() and given.strip():
                return [given, surname]
    return [name]


def _surface_words(segment: str) -> list[str]:
    """The words of a name segment, normalised: lower-case ASCII or normalised Arabic letters."""
    if segment.isascii():
        segment = segment.lower()
    elif _is_arabic(segment):
        segment = normalize(_mark_maksura(segment.translate(_AR_EXTRA)))
    else:
        segment = normalize(segment.translate(_LATIN_SPECIAL))
    words: list[str] = []
    for raw in _SEPARATORS.split(_APOSTROPHES.sub("", segment)):
        word = _AR_LETTERS.sub("", raw) if _is_arabic(raw) else _LATIN_JUNK.sub("", raw)
        if word:
            words.extend(_split_suffix(word))
    return words


_DIN_LATIN = re.compile(r"^([a-z]{3,}?)[aeiou](?:d|dd|l|ld)?(?:din|deen|dine)$")
_ALLAH_LATIN = re.compile(r"^([a-z]{3,}?)(?:ullah|ollah|allah|ellah|ulla|olla|alla)$")


def _split_suffix(word: str) -> list[str]:
    """``Nasiruddin`` → ``nasir din``, ``Amanollah`` → ``aman allah`` (and ``الدین``, ``الله``)."""
    if _is_arabic(word):
        for suffix, part in (("الدین", "دین"), ("الله", "الله")):
            if word.endswith(suffix) and len(word) >= len(suffix) + 2 \
                    and not word.startswith(("عبد", "ابو")):
                return [word[: -len(suffix)], part]
        return [word]
    if word.startswith("abd") or word.startswith("abu"):
        return [word]
    match = _DIN_LATIN.match(word)
    if match:
        return [match.group(1), "din"]
    match = _ALLAH_LATIN.match(word)
    if match and not word.endswith("walla"):
        return [match.group(1), "allah"]
    return [word]


def _drop_particles(segments: list[list[str]]) -> list[list[str]]:
    """Remove articles, ezafe and filiation words that stand between other words.

    ``following`` runs across segments: in ``RAHMAN, Inayat ur`` the ``ur`` precedes ``rahman``.
    """
    flat = [(k, w) for k, words in enumerate(segments) for w in words]
    kept: list[list[str]] = [[] for _ in segments]
    for i, (k, word) in enumerate(flat):
        following = flat[i + 1][1] if i + 1 < len(flat) else ""
        before = any(kept)
        if following and word in _ARTICLES:
            continue
        if following and word in _SUN_ARTICLES and following.startswith(_SUN_ARTICLES[word]):
            continue
        if before and following and (word in _EZAFE or word in _FILIATION):
            continue
        if before and not following and word in _EZAFE:
            continue
        kept[k].append(_ABBREVIATIONS.get(word, word))
    return kept if any(kept) else segments


def _strip_article(word: str) -> str:
    """``word`` without a leading article written with it (``alhashimi``, ``الهاشمی``)."""
    if word in ("allah", "الله", "alla"):
        return word
    if word.startswith("ال") and len(word) >= 4:
        return word[2:]
    for article in ("al", "el", "ul", "ol"):
        if word.startswith(article) and len(word) >= len(article) + 3:
            return word[len(article):]
    return word


def _split_prefix(word: str) -> tuple[str, str] | None:
    """``(prefix, rest)`` for a word with Abd/Abu written solid (``abdolreza``, ``ابوالفضل``)."""
    if word.startswith("عبد") and len(word) >= 5:
        rest = word[3:]
        rest = rest[2:] if rest.startswith("ال") and len(rest) >= 4 else rest
        return "abd", rest
    if word.startswith("ابو") and len(word) >= 5:
        rest = word[3:]
        rest = rest[2:] if rest.startswith("ال") and len(rest) >= 4 else rest
        return "abu", rest
    match = _ABD_SOLID.match(word)
    if match and len(match.group(2)) >= 2:
        article, rest = match.group(1) or "", match.group(2)
        if len(article) == 2 and article[1] in "rsdtzn" and rest[0] in _VOWELS:
            rest = article[1] + rest  # abdurahman = abd-ur-rahman
        return "abd", rest
    match = _ABU_SOLID.match(word)
    if match:
        return "abu", match.group(3)
    return None


def _join_prefixes(words: list[str]) -> list[tuple[str, str]]:
    """Words as ``(prefix, stem)``; ``Abd``/``Abu`` words are joined to the word they govern."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        word = words[i]
        if (word in _ABD or word in _ABU) and i + 1 < len(words):
            stem = words[i + 1]
            if stem in _ARTICLES and i + 2 < len(words):
                i += 1
                stem = words[i + 1]
            prefix = "abd" if word in _ABD else "abu"
            out.append((prefix, _strip_article(stem) if len(stem) > 4 else stem))
            i += 2
            continue
        if word in _ABD or word in _ABU:  # last word of its segment: REHMAN, Abdur
            out.append(("abd" if word in _ABD else "abu", ""))
        else:
            split = _split_prefix(word)
            out.append(split if split else ("", word))
        i += 1
    return out

_PREFIX_SOUNDS = {"abd": "@BD", "abu": "@BU"}
_LATIN_CONSONANT = re.compile("[b-df-hj-np-tv-z]")


def _part(prefix: str, stem: str, arabic: bool) -> NamePart:
    """A :class:`NamePart` for ``prefix`` (``""``, ``abd``, ``abu``) plus ``stem``, of a name
    written in Arabic script (``arabic``) or not."""
    head = _PREFIX_SOUNDS.get(prefix, "")
    if not stem:
        return NamePart((head,), _weight(head), arabic=arabic)
    if not head and len(stem) == 1 and not _is_arabic(stem):
        return NamePart((_latin_sounds(stem)[0],), 0.3, initial=True)
    variants = [head + v for v in _sounds(stem)]
    own = len(dict.fromkeys(v for v in variants if v))
    stripped = _strip_article(stem)
    if stripped != stem:
        variants += [head + v for v in _sounds(stripped)]
    sounds = tuple(dict.fromkeys(v for v in variants if v))
    # the article's reading stays the key it always was, but is not compared where the stem
    # left is no name: Oliaei is no ol-iaei (IAEA), Elahi no el-ahi (اهی)
    weak = not arabic and len(_LATIN_CONSONANT.findall(stripped)) < 2
    cross = () if arabic else tuple(head + v for v in cross_sounds(stem))
    return NamePart(sounds or ("",), _weight(sounds[0]) if sounds else 0.0, arabic=arabic,
                    keyed_only=len(sounds) - own if weak and own else 0, cross=cross)


@lru_cache(maxsize=65536)
def name_parts(name: str) -> tuple[NamePart, ...]:
    """The parts of ``name`` in reading order (``SURNAME, Given`` reordered), particles
    handled, each as :class:`NamePart` (see the module docstring); ``()`` when ``name`` has
    no letters. Pure and cached: the same name gives the same (shared) tuple."""
    parts: list[NamePart] = []
    arabic = _is_arabic(name)
    for words in _drop_particles([_surface_words(s) for s in _segments(name)]):
        parts += [_part(prefix, stem, arabic) for prefix, stem in _join_prefixes(words)]
    return tuple(p for p in parts if p.sounds[0])

