"""Personal names across scripts: Persian, Arabic and Latin spellings of the same name.

A reporter types ``Soleimani``, ``Suleimani`` or ``Qasem Soleymani``; the cables write
``قاسم سلیمانی`` or ``قاسم سليماني``; a sanctions list writes ``SOLEIMANI, Qasem``. This module
decides how alike such names are, without any lookup table of the names themselves.

Public functions (all pure, cached, thread-safe):

- :func:`name_similarity` ``(a, b) -> float`` in ``[0, 1]``: how likely two written names are
  spellings of the same name. :data:`MATCH_THRESHOLD` is the recommended cut-off.
- :func:`name_key` ``(name) -> str``: a script-independent consonant skeleton for exact-key
  indexing (equal or near-equal for spellings of one name).
- :func:`transliterate` ``(text) -> str``: a readable Latin rendering of Persian/Arabic-script
  text, for display (Latin text passes through).
- :func:`name_variants` ``(name) -> list[str]``: other spellings (Latin for Arabic script, both
  Persian and Arabic letter forms for Latin) to expand a search query.

How a name is read
------------------
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
3. **Sounds.** Each part becomes a string over one alphabet for both scripts. Consonants:
   ``B P T θ(th, ث) J C(ch, چ, تش) H(h, ح, ه) X(kh, خ) D ð(dh, ذ) R Z ž(zh, ژ) S(s, س, ص)
   š(sh, ش) F Q(q, ق) ġ(gh, غ) K(k, c, ک) G(g, گ) L M N V(v, w, و) Y(y, ی) ḍ(ض) ẓ(ظ)``,
   doubled letters collapsed. Vowels: ``@`` starts a part that starts with a vowel (ا, آ, ع,
   or a Latin vowel; ``@i``/``@u``/``@I`` keep an initial i, u or long i); Latin short
   ``a e o``; Latin ``i u`` (long or short: unknown); long ``A I U`` (ا ی و, Latin ``aa``,
   ``ei ey ai ay ee ie``, ``ou oo ow aw``); a part-final ``A`` (a, e, ا, ه, ة), ``I`` (i, y,
   ی), ``U`` (o, u, و), ``ə`` (a Latin final e after a consonant, often silent), ``~`` (a final
   Arabic ى, read a or i) and ``ʰ`` (a Latin final h after a vowel: ``Fatemeh``, ``Fatih``).
   و/ی are consonants at the start of a part, next to ا, before another vowel letter and in
   ``-avi``. A Latin ``th sh zh dh kh`` between vowels is also read as two consonants
   (``Fathi`` = فتحی, ``Ishaq`` = اسحاق), and Arabic ``تش`` also as ``ch``.
4. **Comparing parts.** A weighted edit distance over the sound strings. Spelling-level
   differences are cheap: ``q``/``gh``/``k``/``g`` 0.1–0.35, ``th``/``s``, ``dh``/``z``/
   ``d``, ``ض`` as d or z, ``v``/``f``, ``ch``/``sh``, ``j``/``y``, short vowels with each
   other or dropped (0.05–0.25), an unsure ``i``/``u`` dropped (0.15), an ``h``, ``y`` or
   ``v`` glide dropped (0.35–0.45). Other consonants cost 1 (deleted or replaced), a long vowel
   lost or replaced by a short ``a`` 0.7 (``Hossein``/``Hassan``, ``Mahmoud``/``محمد``);
   deleting sounds before the first aligned pair costs 1.5 times more. Similarity =
   ``1 − 0.7 × distance / weight`` of the heavier string (consonant 1, glide 0.7, long vowel
   0.4–0.5, unsure vowel 0.25, short vowel 0.1); below 0.5 it is reported as 0 (and the
   computation is cut short by a lower bound and an early exit).
   These hand costs serve names of the same script. A Latin spelling compared with an
   Arabic-script one uses a table of its own, indexed (Latin sound, Arabic-script sound),
   learned from real pairs by ``bench/names_learn.py`` and stored in
   :mod:`kavosh.text.name_costs` (how a Latin spelling writes a sound depends on the language
   it was spelt for — a French ``j``, an Italian ``gi``, a silent ``h`` — which a symmetric
   table cannot say). The learning keeps every cost at least 0.7 × its hand value, and the
   Persian romanisations (``gh`` for ق, ``q`` for غ, ``z`` for ذ ض ظ, ``s`` for ث, ``e`` for
   a final ه) and Latin short vowels missing from the Arabic script no dearer than by hand.
   A Latin word ending in consonant + ``ic`` is also read with ``ch`` (``Ivanovic`` = ``ić``).
5. **Comparing names.** Parts are aligned best-first regardless of order; when the two names
   have different numbers of parts, two adjacent parts may also align with one
   (``Mohammad Reza`` / ``محمدرضا``). The score is the weight-averaged similarity of the
   aligned parts, with parts present on one side only counted at a tenth of their weight (a
   missing middle name or title costs little), minus ``0.3 × (1 − weakest aligned part)``
   (scaled down for short names), so ``Qasem Soleimani`` / ``Sohrab Soleimani`` scores 0.35
   while ``Soleimani`` / ``Qasem Soleimani`` scores 0.94. A name of initials only scores at
   most 0.5.

:data:`MATCH_THRESHOLD` (0.75) is where precision equals recall (0.958) on the held-out half
of the Wikidata Arabic-script ↔ Latin name words against random, same-skeleton and
one-letter-swapped negatives (``bench/names_learn.py``; ``bench/names_eval.py`` for the whole
set), and where sanctions-list alias spellings (Latin ↔ Latin) reach precision 0.997 / recall
0.953.

The key (:func:`name_key`)
--------------------------
Per part, the consonant skeleton of its (article-free) sound string: ``P``→``B``, ``θ``→``S``,
``ð ḍ ẓ``→``Z``, ``ġ``→``Q``, ``š ž X C``→``SH ZH KH CH``; vowels dropped except a part-initial
``A`` and a part-final ``I`` (``Kazemi`` ≠ ``Kazem``); doubles collapsed; parts joined by a
space in reading order (after the surname-first reorder). ``Qasem Soleimani``,
``SOLEIMANI, Qasem``, ``Ghasem Soleymani`` and ``قاسم سليماني`` all give ``QSM SLMNI``. Keys
are for bucketing candidates (equal or a letter apart for spellings of one name); decide
with :func:`name_similarity`.

Limits: names are compared by sound, not meaning (translated names, nicknames and aliases do
not match; ``Jamal``/``Gamal`` do). At the recommended threshold, names one consonant or one
long vowel apart may still match (``Hassan``/``Hossein`` 0.79, ``Ahmadi``/``Mohammadi``
0.79, ``Khamenei``/``Khomeini`` 0.95: a/o and e/ei are each ordinary spelling variation),
though below the spellings of the same name: rank by the score. One-part names
match longer names containing that part. Arabic script does not write short vowels, so
``کرمی`` cannot tell ``Karami`` from ``Kerami``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kavosh.text import name_costs
from kavosh.text.normalize import normalize

MATCH_THRESHOLD = 0.75
"""The recommended :func:`name_similarity` cut-off (see ``bench/names_eval.py``)."""

# ---------------------------------------------------------------------------------------------
# Characters and parts

_ZWNJ = "\u200c"
_MAKSURA = "\ue002"  # private-use marker: an Arabic alef maksura (ى) at the end of a word
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_./\\|,;:()\[\]{}\"«»“”+&*#0-9\u200c]+")
_APOSTROPHES = re.compile(r"['`´‘’ʻʼʾʿ\u02bf\u02be]")
_LATIN_JUNK = re.compile(r"[^a-z]")
_AR_LETTERS = re.compile(r"[^\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\ue002]")

_ARTICLES = frozenset({"al", "el", "ol", "ul", "il", "l", "ال"})
_SUN_ARTICLES = {
    "ad": "d", "ed": "d", "ud": "d", "od": "d",
    "ar": "r", "er": "r", "ur": "r", "or": "r",
    "as": "s", "es": "s", "us": "s", "os": "s",
    "ash": "sh", "esh": "sh", "ush": "sh", "osh": "sh",
    "at": "t", "et": "t", "ut": "t", "ot": "t",
    "ath": "th", "az": "z", "ez": "z", "uz": "z", "oz": "z",
    "an": "n", "en": "n", "un": "n", "on": "n",
    "adh": "dh", "ats": "s",
}
_EZAFE = frozenset({"e", "ye"})
_FILIATION = frozenset({"bin", "ibn", "ben", "bint", "bent", "ould", "bn", "بن", "ابن", "بنت"})
_ABD = frozenset({
    "abd", "abdul", "abdel", "abdol", "abdal", "abdil", "abdoul", "abdu", "abdou", "abdur",
    "abdar", "abdor", "abder", "abdus", "abdas", "abdos", "abdes", "abdud", "abdulla", "عبد",
})
_ABU = frozenset({
    "abu", "abou", "abo", "aboo", "abul", "abol", "aboul", "abal", "abil", "ابو", "ابا",
})
_ABD_SOLID = re.compile(r"^abd(ul|ol|el|al|il|ur|or|ar|er|us|os|as|es|ud|od|u|o|e|a|i)?(.+)$")
_ABU_SOLID = re.compile(r"^(abu|abou|aboo|abo)(l|al|el|ol|ul)?(.{3,})$")


_Sound = tuple[str, tuple[int, ...], float, int]  # sounds, codes, weight, bit mask


@dataclass(frozen=True, slots=True)
class _Part:
    """One name part: its sound strings (with and without an attached article) and weight.

    ``initial`` is set for a one-letter Latin part (``A.``): it matches any part that starts
    with the same sound.
    """

    sounds: tuple[str, ...]
    weight: float
    initial: bool = False
    arabic: bool = False
    info: tuple[_Sound, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "info", tuple(_sound_info(s) for s in self.sounds))


def _is_arabic(text: str) -> bool:
    """Whether ``text`` contains Arabic-script letters."""
    return _ARABIC_RE.search(text) is not None


def _segments(name: str) -> list[str]:
    """``SURNAME, Given`` → ``[Given, SURNAME]`` (only with exactly one comma); else ``[name]``."""
    for comma in (",", "،"):
        if name.count(comma) == 1:
            surname, given = name.split(comma)
            if surname.strip() and given.strip():
                return [given, surname]
    return [name]


def _mark_maksura(text: str) -> str:
    """Keep word-final ى (read as ``a`` in Arabic) apart from ی, which normalize merges."""
    return re.sub("\u0649(?![\u0600-\u06ff])", _MAKSURA, text)


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


_ABBREVIATIONS = {"mhd": "mohammad", "mohd": "mohammad", "muhd": "muhammad", "md": "mohammad"}


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


# ---------------------------------------------------------------------------------------------
# Sounds: Latin

_LATIN_SPECIAL = str.maketrans({
    "č": "ch", "ć": "ch", "ç": "ch", "š": "sh", "ş": "sh", "ș": "sh", "ž": "zh", "đ": "dj",
    "ğ": "g", "ı": "i", "ø": "o", "æ": "ae", "ß": "ss", "œ": "oe", "ł": "l", "ñ": "ny", "ż": "zh",
    "ḏ": "dh", "ṯ": "th", "þ": "th", "ð": "dh", "Þ": "th", "Ð": "dh", "ḫ": "kh", "ġ": "gh",
    "ǧ": "j", "ţ": "ts", "ț": "ts",
    "Č": "ch", "Ć": "ch", "Ç": "ch", "Š": "sh", "Ş": "sh", "Ș": "sh", "Ž": "zh", "Đ": "dj",
    "İ": "i", "Ø": "o", "Æ": "ae", "Ł": "l", "Ñ": "ny", "Ż": "zh",
})
_LATIN_CLUSTERS = (
    ("sch", "š"), ("tch", "C"), ("tsh", "C"), ("dzh", "J"), ("kh", "X"), ("gh", "ġ"),
    ("sh", "š"), ("ch", "C"), ("zh", "ž"), ("th", "θ"), ("dh", "ð"), ("ph", "F"), ("dj", "J"),
    ("ck", "K"), ("cz", "C"), ("sz", "S"),
)
_CLUSTER3 = {c: s for c, s in _LATIN_CLUSTERS if len(c) == 3}
_CLUSTER2 = {c: s for c, s in _LATIN_CLUSTERS if len(c) == 2}
_LATIN_LETTERS = {
    "b": "B", "d": "D", "f": "F", "g": "G", "h": "H", "j": "J", "k": "K", "l": "L", "m": "M",
    "n": "N", "p": "P", "q": "Q", "r": "R", "s": "S", "t": "T", "v": "V", "z": "Z",
}
_VOWELS = frozenset("aeiou")
_VOWEL_DIGRAPHS = (
    ("aa", "A"), ("ei", "I"), ("ey", "I"), ("ai", "I"), ("ay", "I"), ("ee", "I"), ("ie", "I"),
    ("ii", "I"), ("iy", "I"), ("ou", "U"), ("oo", "U"), ("ow", "U"), ("aw", "U"), ("uu", "U"),
    ("au", "U"), ("uw", "U"),
)
_DIGRAPH_SOUND = dict(_VOWEL_DIGRAPHS)
_SINGLE_VOWEL = {"a": "a", "e": "e", "o": "o", "i": "i", "u": "u", "y": "i", "w": "u", "h": ""}
_FINAL_VOWEL = {"a": "A", "e": "A", "A": "A", "o": "U", "u": "U", "U": "U", "i": "I", "I": "I"}
_GAP = "."  # between sounds of letters that are not adjacent (blocks collapsing doubles)


def _scan_vowels(run: str) -> list[str]:
    """Vowel sounds of a run of vocalic letters: digraphs first, then single letters."""
    out: list[str] = []
    i = 0
    while i < len(run):
        sound = _DIGRAPH_SOUND.get(run[i:i + 2])
        if sound:
            out.append(sound)
            i += 2
        else:
            out.append(_SINGLE_VOWEL.get(run[i], ""))
            i += 1
    return [v for v in out if v]


def _vowel_run(run: str, initial: bool, final: bool, silent_e: bool) -> str:
    """The sound of a run of vowel letters (``y`` and ``w`` included when vocalic).

    ``silent_e``: a lone final ``e`` after a consonant reads as the silent-looking ``ə``.
    """
    sounds = _scan_vowels(run)
    if initial:  # an initial vowel, with the quality of an i or u that may be long
        first = sounds[0] if sounds else ""
        return "@" + {"I": "I", "i": "i", "u": "u", "U": "u"}.get(first, "")
    if not sounds:
        return ""
    if final:
        last = sounds[-1]
        if last == "e" and len(sounds) == 1 and silent_e:
            sounds[-1] = "ə"
        else:
            sounds[-1] = _FINAL_VOWEL.get(last, "A")
    return "".join(sounds)


def _latin_vocalic(word: str) -> list[bool]:
    """For each letter, whether it is part of a vowel run (vowels, and y or w used as one)."""
    flags = [c in _VOWELS for c in word]
    n = len(word)
    for i, c in enumerate(word):
        if c in "yw":
            nxt = word[i + 1] if i + 1 < n else ""
            prev_vowel = i > 0 and flags[i - 1]
            consonantal = nxt in _VOWELS and not (prev_vowel and nxt == "i" and c == "y")
            consonantal = consonantal or word.startswith("sk", i + 1)  # -owski
            flags[i] = not consonantal and i > 0
    return flags


_SLAVIC_IC = re.compile(r"[b-df-hj-np-tv-z][iy]c$")
_SPLIT_DIGRAPH = re.compile(r"(?<=[aeiouy])([tszdk])(?=h[aeiouy])")


@lru_cache(maxsize=65536)
def _latin_sounds(word: str) -> tuple[str, ...]:
    """Sound strings of a Latin word (lower-case ASCII letters).

    A second reading splits ``th``, ``sh``, ``zh``, ``dh``, ``kh`` between vowels into two
    consonants (``Fathi`` = فتحی, ``Ishaq`` = اسحاق, ``Azhari`` = ازهری).
    """
    word = re.sub(r"([b-df-hj-np-tv-z])\1+", r"\1", word)  # doubled consonant letters
    word = re.sub(r"qu(?=[ei])", "k", word)
    if word.startswith("ou") and word[2:3] in _VOWELS:
        word = "w" + word[2:]  # Ouadahi, Ouattara
    split = _SPLIT_DIGRAPH.sub(r"\1|", word)
    if split != word:
        return _latin_reading(word), _latin_reading(split)
    if _SLAVIC_IC.search(word):  # Ivanovic, Hadzic: ić written without its accent
        return _latin_reading(word), _latin_reading(word + "h")
    return (_latin_reading(word),)


def _latin_reading(word: str) -> str:
    """One sound string of a Latin word (``|`` marks a boundary that blocks digraphs)."""
    tail = ""
    if len(word) > 2 and word[-1] == "h" and word[-2] in _VOWELS:
        word, tail = word[:-1], "ʰ"  # Fatemeh, Fatih, Allah: a final h that may be silent
    flags = _latin_vocalic(word)
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        if word[i] == "|":
            i += 1
        elif flags[i]:
            j = i
            while j < n and flags[j]:
                j += 1
            silent_e = bool(out) and not tail  # a final e is silent-looking, not -eh
            out.append(_vowel_run(word[i:j], i == 0, j == n, silent_e) or _GAP)
            i = j
        else:
            i = _latin_consonant(word, i, out)
    return _collapse("".join(out) + tail)


def _latin_consonant(word: str, i: int, out: list[str]) -> int:
    """Append the consonant sound at ``word[i]`` to ``out``; return the next index."""
    sound = _CLUSTER3.get(word[i:i + 3])
    if sound:
        out.append(sound)
        return i + 3
    sound = _CLUSTER2.get(word[i:i + 2])
    if sound:
        out.append(sound)
        return i + 2
    c = word[i]
    nxt = word[i + 1] if i + 1 < len(word) else ""
    if c == "c":
        out.append("S" if nxt in ("e", "i", "y") else "K")
    elif c == "x":
        out.append("KS")
    elif c == "y":
        out.append("Y")
    elif c == "w":
        out.append("V")
    else:
        out.append(_LATIN_LETTERS.get(c, ""))
    return i + 1


# ---------------------------------------------------------------------------------------------
# Sounds: Arabic script

_AR_EXTRA = str.maketrans({
    "ڤ": "ف", "ڨ": "گ", "ڭ": "گ", "ݣ": "گ", "ھ": "ه", "ۃ": "ه", "ں": "ن", "ٹ": "ت", "ڈ": "د",
    "ڑ": "ر", "ۆ": "و", "ۏ": "و", "ۋ": "و", "ێ": "ی", "ڵ": "ل", "ڕ": "ر", "ۇ": "و", "ۈ": "و",
})
_AR_CONSONANTS = {
    "ب": "B", "پ": "P", "ت": "T", "ث": "θ", "ج": "J", "چ": "C", "ح": "H", "خ": "X", "د": "D",
    "ذ": "ð", "ر": "R", "ز": "Z", "ژ": "ž", "س": "S", "ش": "š", "ص": "S", "ض": "ḍ", "ط": "T",
    "ظ": "ẓ", "غ": "ġ", "ف": "F", "ق": "Q", "ک": "K", "گ": "G", "ل": "L", "م": "M", "ن": "N",
    "ه": "H",
}
_AR_SILENT = frozenset("عء")
# Persian names whose final ی is read as ``a`` (Arabic alef maksura written with a Persian yeh).
_FINAL_A = frozenset({
    "مصطفی", "مرتضی", "مجتبی", "موسی", "عیسی", "یحیی", "کبری", "صغری", "هدی", "سلمی", "یسری",
    "بشری", "لیلی", "منی", "عظمی", "کسری", "مولی", "رضی", "مبتلی", "تقوی", "نجوی", "لبنی",
    "یمنی", "مثنی", "مرتضي", "مصطفي", "موسي", "عيسي", "یسرا", "مرعی", "مصلی",
})


def _ar_waw(word: str, i: int) -> str:
    """The sound of و at ``word[i]``: consonant ``V`` or vowel ``U``."""
    prev = word[i - 1] if i > 0 else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    if i == 0:
        return "V"
    if nxt == "ا" or prev == "ا" or (nxt == "ی" and i + 2 == len(word)):
        return "V"
    if nxt in ("ی", "و") and i + 2 < len(word):
        return "V"
    return "U"


def _ar_yeh(word: str, i: int) -> str:
    """The sound of ی at ``word[i]``: consonant ``Y`` or vowel ``I``."""
    prev = word[i - 1] if i > 0 else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    if i == 0:
        return "Y"
    if prev == "ا" and nxt == "ی" and i + 2 == len(word):
        return _GAP  # -ایی: Rezaei
    if nxt in ("ا", "و"):
        return "Y"
    return "I"


def _ar_letter(word: str, i: int, final_a: bool) -> str:
    """The sound of the letter ``word[i]`` (``_GAP`` for a silent one)."""
    ch = word[i]
    last = i == len(word) - 1
    if i == 0 and ch in "اع":
        return "@"
    if i == 1 and word[0] in "اع" and ch in "اویع" and (last or word[2] not in "اوی"):
        return {"ی": "i", "و": "u"}.get(ch, _GAP)  # initial ای, او, اع, عا: one vowel
    if ch == _MAKSURA:
        return "~"
    if ch == "ا":
        return "A"
    if ch in _AR_SILENT:
        return _GAP
    if ch == "و":
        sound = _ar_waw(word, i)
        return "U" if last and sound == "U" else sound
    if ch == "ی":
        return "A" if last and final_a else _ar_yeh(word, i)
    if ch == "ه" and last and i > 0:
        return "A"
    return _AR_CONSONANTS.get(ch, _GAP)


@lru_cache(maxsize=65536)
def _arabic_sounds(word: str) -> tuple[str, ...]:
    """Sound strings of a normalised Arabic-script word (a second one reads تش as ch)."""
    tail = ""
    if len(word) > 4 and word.endswith(("های", "هیی")):
        word, tail = word[:-3], "I"  # خامنه‌ای, ending -e-i: Khamenei
    elif len(word) > 2 and word[-1] == "ه" and word[-2] in "او":
        word = word[:-1]  # شاه, کوه: the vowel before a final h is the final vowel
    final_a = word in _FINAL_A
    letters = "".join(_ar_letter(word, i, final_a) for i in range(len(word)))
    sounds = _collapse(letters + tail)
    if "Tš" in sounds:
        return sounds.replace("Tš", "C"), sounds
    return (sounds,)


def _collapse(sounds: str) -> str:
    """Collapse a consonant sound repeated by adjacent letters; drop the gap markers."""
    out: list[str] = []
    for ch in sounds:
        if out and ch == out[-1] and ch not in _VOWEL_SOUNDS:
            continue
        out.append(ch)
    return "".join(out).replace(_GAP, "")


def _sounds(word: str) -> tuple[str, ...]:
    """The sound strings of one normalised word of either script."""
    return _arabic_sounds(word) if _is_arabic(word) else _latin_sounds(word)


_PREFIX_SOUNDS = {"abd": "@BD", "abu": "@BU"}


def _part(prefix: str, stem: str, arabic: bool) -> _Part:
    """A :class:`_Part` for ``prefix`` (``""``, ``abd``, ``abu``) plus ``stem``, of a name
    written in Arabic script (``arabic``) or not."""
    head = _PREFIX_SOUNDS.get(prefix, "")
    if not stem:
        return _Part((head,), _weight(head), arabic=arabic)
    if not head and len(stem) == 1 and not _is_arabic(stem):
        return _Part((_latin_sounds(stem)[0],), 0.3, initial=True)
    variants = [head + v for v in _sounds(stem)]
    stripped = _strip_article(stem)
    if stripped != stem:
        variants += [head + v for v in _sounds(stripped)]
    sounds = tuple(dict.fromkeys(v for v in variants if v))
    return _Part(sounds or ("",), _weight(sounds[0]) if sounds else 0.0, arabic=arabic)


@lru_cache(maxsize=65536)
def _parts(name: str) -> tuple[_Part, ...]:
    """The parts of ``name`` as sound strings, particles handled (see the module docstring)."""
    parts: list[_Part] = []
    arabic = _is_arabic(name)
    for words in _drop_particles([_surface_words(s) for s in _segments(name)]):
        parts += [_part(prefix, stem, arabic) for prefix, stem in _join_prefixes(words)]
    return tuple(p for p in parts if p.sounds[0])


# ---------------------------------------------------------------------------------------------
# Weighted edit distance over sound strings

_ALPHABET = "BPTθJCHXDðRZžSšFQġKGLMNVYḍẓ@aeoiuIUAə~ʰ"
_INDEX = {ch: i for i, ch in enumerate(_ALPHABET)}
_VOWEL_SOUNDS = frozenset("@aeoiuIUAə~ʰ" + _GAP)

_WEIGHT = {"H": 0.8, "Y": 0.7, "V": 0.7, "@": 0.5, "a": 0.1, "e": 0.1, "o": 0.1, "i": 0.25,
           "u": 0.25, "I": 0.5, "U": 0.5, "A": 0.4, "ə": 0.15, "~": 0.5, "ʰ": 0.1}
_DELETE = {"H": 0.45, "Y": 0.35, "V": 0.45, "@": 0.4, "a": 0.05, "e": 0.05, "o": 0.08,
           "i": 0.15, "u": 0.15, "I": 0.7, "U": 0.7, "A": 0.25, "ə": 0.1, "~": 0.3, "ʰ": 0.05}
_NEAR = {
    # consonants written differently across scripts and traditions
    ("θ", "S"): 0.1, ("θ", "T"): 0.25, ("ð", "Z"): 0.1, ("ð", "D"): 0.25, ("ð", "θ"): 0.3,
    ("ḍ", "D"): 0.1, ("ḍ", "Z"): 0.1, ("ḍ", "ð"): 0.1, ("ẓ", "Z"): 0.1, ("ẓ", "ð"): 0.1,
    ("ẓ", "D"): 0.25, ("ẓ", "ḍ"): 0.1, ("S", "Z"): 0.3, ("S", "š"): 0.5, ("C", "š"): 0.3,
    ("C", "X"): 0.5, ("C", "K"): 0.5, ("C", "J"): 0.5, ("C", "T"): 0.6, ("C", "S"): 0.6,
    ("X", "H"): 0.5, ("X", "K"): 0.5, ("X", "ġ"): 0.5, ("X", "J"): 0.5, ("Q", "ġ"): 0.1,
    ("Q", "K"): 0.2, ("Q", "G"): 0.25, ("ġ", "G"): 0.2, ("ġ", "K"): 0.35, ("G", "K"): 0.3,
    ("G", "J"): 0.3, ("J", "ž"): 0.3, ("ž", "š"): 0.4, ("ž", "Z"): 0.4, ("J", "Y"): 0.4,
    ("D", "Z"): 0.45, ("D", "θ"): 0.4, ("G", "H"): 0.55,
    ("F", "V"): 0.2, ("B", "P"): 0.1, ("B", "V"): 0.5, ("F", "P"): 0.5, ("T", "D"): 0.5,
    ("Q", "X"): 0.6, ("K", "J"): 0.6, ("H", "A"): 0.3, ("ʰ", "H"): 0.05, ("ʰ", "A"): 0.1,
    ("J", "I"): 0.5, ("J", "i"): 0.5,
    # glides and vowels
    ("Y", "I"): 0.1, ("Y", "i"): 0.1, ("Y", "e"): 0.2, ("V", "U"): 0.15, ("V", "u"): 0.15,
    ("V", "o"): 0.25, ("Y", "~"): 0.3,
    ("a", "e"): 0.1, ("a", "o"): 0.2, ("e", "o"): 0.2, ("e", "i"): 0.1, ("o", "u"): 0.05,
    ("a", "i"): 0.25, ("a", "u"): 0.25, ("e", "u"): 0.25, ("o", "i"): 0.25, ("i", "u"): 0.25,
    ("a", "A"): 0.05, ("e", "A"): 0.15, ("o", "A"): 0.25, ("i", "A"): 0.35, ("u", "A"): 0.35,
    ("a", "I"): 0.7, ("e", "I"): 0.1, ("o", "I"): 0.35, ("i", "I"): 0.05, ("u", "I"): 0.3,
    ("a", "U"): 0.7, ("e", "U"): 0.35, ("o", "U"): 0.1, ("i", "U"): 0.3, ("u", "U"): 0.05,
    ("A", "I"): 0.45, ("A", "U"): 0.45, ("I", "U"): 0.45,
    ("A", "ə"): 0.1, ("I", "ə"): 0.2, ("U", "ə"): 0.35, ("e", "ə"): 0.05, ("a", "ə"): 0.1,
    ("~", "A"): 0.05, ("~", "I"): 0.05, ("~", "U"): 0.35, ("~", "ə"): 0.2, ("~", "a"): 0.1,
    ("~", "e"): 0.1, ("~", "i"): 0.1,
    ("@", "A"): 0.3, ("@", "I"): 0.3, ("@", "U"): 0.3, ("@", "i"): 0.3, ("@", "u"): 0.3,
    ("@", "a"): 0.3, ("@", "e"): 0.3, ("@", "o"): 0.3,
}


def _build_costs() -> tuple[list[list[float]], list[float], list[float]]:
    """Substitution matrix, deletion costs and weights, indexed by :data:`_INDEX`."""
    vowels = _VOWEL_SOUNDS
    sub = [[0.0 if a == b else (0.5 if a in vowels and b in vowels else 1.0)
            for b in _ALPHABET] for a in _ALPHABET]
    for (a, b), cost in _NEAR.items():
        sub[_INDEX[a]][_INDEX[b]] = sub[_INDEX[b]][_INDEX[a]] = cost
    delete = [_DELETE.get(a, 1.0) for a in _ALPHABET]
    weight = [_WEIGHT.get(a, 1.0) for a in _ALPHABET]
    return sub, delete, weight


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


_SUB, _DEL, _WT = _build_costs()
# Same-script comparisons (Latin with Latin, Arabic script with Arabic script) use the
# symmetric hand costs; Latin with Arabic script uses costs learned from real pairs, because
# how a Latin spelling renders a sound depends on the language it was spelt for (a French
# ``j``, a silent ``h``, a Spanish ``ll``), which a symmetric table cannot say.
_SAME = _Costs.of("same", _SUB, _DEL, _DEL)
_CROSS = _cross_costs(name_costs.CROSS_SUBSTITUTE, name_costs.CROSS_DELETE_LATIN,
                      name_costs.CROSS_DELETE_ARABIC)


@lru_cache(maxsize=65536)
def _codes(sounds: str) -> tuple[int, ...]:
    """A sound string as alphabet indexes."""
    return tuple(_INDEX[c] for c in sounds)


@lru_cache(maxsize=65536)
def _mask(sounds: str) -> int:
    """The set of sounds in ``sounds`` as a bit mask."""
    mask = 0
    for code in _codes(sounds):
        mask |= 1 << code
    return mask


def _unmatched(codes: tuple[int, ...], other: int, dels: list[float],
               cheaper: list[int]) -> float:
    """A lower bound of the distance: what the sounds with no cheaper counterpart than
    deletion among the ``other`` sounds (a bit mask) cost to delete."""
    return sum([dels[c] for c in codes if not cheaper[c] & other])


@lru_cache(maxsize=65536)
def _weight(sounds: str) -> float:
    """The weight of a sound string (consonants 1, vowels less)."""
    return sum(_WT[_INDEX[c]] for c in sounds)


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


@lru_cache(maxsize=65536)
def _sound_info(sounds: str) -> _Sound:
    """A sound string with what comparing it needs: codes, weight and bit mask."""
    return sounds, _codes(sounds), _weight(sounds), _mask(sounds)


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


def _part_similarity(a: _Part, b: _Part) -> float:
    """The best similarity over the two parts' variants (an initial: 0.9 if it fits, else 0)."""
    if a.initial or b.initial:
        return 0.9 if a.sounds[0][:1] == b.sounds[0][:1] else 0.0
    costs = _SAME
    if a.arabic != b.arabic:
        costs = _CROSS
        if a.arabic:
            a, b = b, a
    if len(a.info) == 1 and len(b.info) == 1:
        return _similarity(a.info[0], b.info[0], costs)
    best = 0.0
    for x in a.info:
        for y in b.info:
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


def _joined(parts: Sequence[_Part], i: int) -> _Part:
    """Parts ``i`` and ``i + 1`` as one part (``Mohammad Reza`` read as ``Mohammadreza``)."""
    a, b = parts[i], parts[i + 1]
    tails = [t[1:] if t.startswith("@") else t for t in b.sounds[:2]]
    sounds = tuple(dict.fromkeys(x + t for x in a.sounds[:2] for t in tails))
    return _Part(sounds, a.weight + b.weight, arabic=a.arabic)


def _single_cells(a: Sequence[_Part], b: Sequence[_Part]) -> list[_Cell]:
    """Alignment candidates of one part with one part."""
    return [(_part_similarity(pa, pb), -2, 1 << i, 1 << j, (pa.weight + pb.weight) / 2)
            for i, pa in enumerate(a) for j, pb in enumerate(b)]


@lru_cache(maxsize=16384)
def _pairs(parts: tuple[_Part, ...]) -> tuple[_Part, ...]:
    """Each two adjacent parts joined into one."""
    return tuple(_joined(parts, i) for i in range(len(parts) - 1))


def _joined_cells(a: tuple[_Part, ...], b: tuple[_Part, ...]) -> list[_Cell]:
    """Alignment candidates of two adjacent parts of ``a`` with one part of ``b`` of like size."""
    cells: list[_Cell] = []
    for i, pair in enumerate(_pairs(a)):
        for j, pb in enumerate(b):
            if 0.6 * pb.weight <= pair.weight <= 1.7 * pb.weight:
                sim = _part_similarity(pair, pb)
                cells.append((sim, -3, 3 << i, 1 << j, (pair.weight + pb.weight) / 2))
    return cells


def _score(cells: list[_Cell], a: Sequence[_Part], b: Sequence[_Part]) -> float:
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
    pa, pb = _parts(a), _parts(b)
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


def _key_of(sounds: str) -> str:
    """The key of one part's sound string (see the module docstring)."""
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
    return " ".join(_key_of(p.sounds[-1]) for p in _parts(name))


# ---------------------------------------------------------------------------------------------
# Transliteration (Arabic script → Latin, for display)

# Common name parts and words: Persian spelling (normalised) → display spelling. Hand-written;
# the usual Iranian romanisation (``Hossein``, ``Mahmoud``, ``Qasem``).
_COMMON = {
    "محمد": "Mohammad", "علی": "Ali", "حسین": "Hossein", "حسن": "Hassan", "رضا": "Reza",
    "مهدی": "Mahdi", "احمد": "Ahmad", "عبدالله": "Abdollah", "ابو": "Abu", "سید": "Seyed",
    "جواد": "Javad", "محمود": "Mahmoud", "مصطفی": "Mostafa", "مرتضی": "Morteza",
    "مجتبی": "Mojtaba", "قاسم": "Qasem", "جعفر": "Jafar", "کاظم": "Kazem", "صادق": "Sadegh",
    "هادی": "Hadi", "اکبر": "Akbar", "اصغر": "Asghar", "غلام": "Gholam", "امیر": "Amir",
    "حمید": "Hamid", "سعید": "Saeed", "مسعود": "Masoud", "مجید": "Majid", "ابراهیم": "Ebrahim",
    "اسماعیل": "Esmail", "یوسف": "Yousef", "یعقوب": "Yaghoub", "موسی": "Mousa", "عیسی": "Isa",
    "یحیی": "Yahya", "داوود": "Davoud", "داود": "Davoud", "سلیمان": "Soleiman",
    "عباس": "Abbas", "فاطمه": "Fatemeh", "زهرا": "Zahra", "مریم": "Maryam", "زینب": "Zeynab",
    "معصومه": "Masoumeh", "طاهره": "Tahereh", "نرگس": "Narges", "کریم": "Karim",
    "رحیم": "Rahim", "رحمان": "Rahman", "رحمن": "Rahman", "عزیز": "Aziz", "جمال": "Jamal",
    "کمال": "Kamal", "نصر": "Nasr", "ناصر": "Naser", "منصور": "Mansour", "محسن": "Mohsen",
    "عادل": "Adel", "خالد": "Khaled", "عمر": "Omar", "عثمان": "Osman", "طالب": "Taleb",
    "فضل": "Fazl", "حبیب": "Habib", "نور": "Nour", "دین": "Din", "شریف": "Sharif",
    "سلطان": "Soltan", "باقر": "Bagher", "تقی": "Taghi", "نقی": "Naghi", "بهرام": "Bahram",
    "بهزاد": "Behzad", "فرهاد": "Farhad", "داریوش": "Dariush", "کوروش": "Kourosh",
    "سهراب": "Sohrab", "رستم": "Rostam", "جمشید": "Jamshid", "بابک": "Babak", "پرویز": "Parviz",
    "شاهرخ": "Shahrokh", "مهرداد": "Mehrdad", "فریدون": "Fereydoun", "منوچهر": "Manouchehr",
    "نادر": "Nader", "کیوان": "Keyvan", "امید": "Omid", "آرش": "Arash", "نیما": "Nima",
    "سیاوش": "Siavash", "شهرام": "Shahram", "رامین": "Ramin", "مهندس": "Mohandes",
    "خامنهای": "Khamenei", "روحانی": "Rouhani", "خمینی": "Khomeini", "ظریف": "Zarif",
    "رفسنجانی": "Rafsanjani", "هاشم": "Hashem", "لاریجانی": "Larijani", "قالیباف": "Ghalibaf",
    "رئیسی": "Raisi", "رییسی": "Raisi", "جلیلی": "Jalili", "ظفر": "Zafar", "صالح": "Saleh",
    "یاسر": "Yaser", "نصرالله": "Nasrallah", "حزب": "Hezb", "الله": "Allah", "روح": "Ruh",
    "خلیل": "Khalil", "ابوالفضل": "Abolfazl", "ابوالقاسم": "Abolghasem", "ابوبکر": "Abubakr",
    "سلیمانی": "Soleimani", "موسوی": "Mousavi", "شمخانی": "Shamkhani", "حجازی": "Hejazi",
    "پهلوی": "Pahlavi", "شاه": "Shah", "ولایتی": "Velayati", "صفوی": "Safavi", "نقدی": "Naqdi",
    "حیدر": "Heydar", "ایرج": "Iraj", "فرج": "Faraj", "یزدان": "Yazdan", "ذوالنور": "Zolnour",
    "امیرعبداللهیان": "Amir-Abdollahian", "حداد": "Haddad", "عادلی": "Adeli",
    "قدس": "Qods", "سپاه": "Sepah", "پاسدار": "Pasdar", "ایران": "Iran", "عراق": "Iraq",
    "تهران": "Tehran", "بغداد": "Baghdad", "اصفهان": "Esfahan", "شیراز": "Shiraz",
    "کرمان": "Kerman", "تبریز": "Tabriz", "مشهد": "Mashhad", "قم": "Qom", "نجف": "Najaf",
    "کربلا": "Karbala", "دمشق": "Damascus", "بیروت": "Beirut", "سوریه": "Syria",
    "لبنان": "Lebanon", "اسرائیل": "Israel", "امریکا": "America", "آمریکا": "America",
    "آقا": "Agha", "آیت": "Ayat", "حجت": "Hojjat", "اسلام": "Eslam", "سردار": "Sardar",
    "سرتیپ": "Sartip", "امام": "Emam", "شیخ": "Sheikh", "میر": "Mir", "ولی": "Vali",
    "فتح": "Fath", "نوری": "Nouri", "کاظمی": "Kazemi", "و": "va", "از": "az", "به": "be",
    "در": "dar", "با": "ba", "که": "ke", "این": "in", "آن": "an", "را": "ra", "بن": "bin",
    "ابن": "ibn", "است": "ast", "شد": "shod", "بود": "bud", "برای": "baraye",
    "نژاد": "Nejad", "زاده": "Zadeh", "پور": "Pour", "صالحی": "Salehi", "قاآنی": "Qaani",
}
_COMMON = {normalize(k): v for k, v in _COMMON.items()}
# Endings written solid with a name (longest first): Persian spelling → Latin.
_ENDINGS = (("زاده", "zadeh"), ("نژاد", "nejad"), ("یان", "ian"), ("پور", "pour"),
            ("نیا", "nia"), ("فر", "far"), ("یی", "ei"), ("ئی", "ei"), ("ی", "i"))
_AR_LATIN = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t",
    "ظ": "z", "غ": "gh", "ف": "f", "ق": "q", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "ه": "h",
}
_PARTS_LONGEST = sorted((k for k in _COMMON if len(k) >= 3), key=len, reverse=True)
_MADDA = "\ue000"  # آ kept apart from ا through normalisation
_WORD_RE = re.compile(
    r"[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\ue000\ue002]+")


def _letter_sounds(word: str) -> list[tuple[str, bool]]:
    """Each letter of ``word`` as ``(latin, is_vowel)`` with the vowel-letter heuristics."""
    out: list[tuple[str, bool]] = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < n else ""
        if ch in (_MADDA, "ا"):
            out.append(("a", True) if ch == _MADDA or i == 0 or prev not in "اوی" else ("", True))
        elif ch == "ع":
            out.append(("a", True) if i == 0 and nxt not in "اوی" else ("", True))
        elif ch == "و":
            consonant = i == 0 or "ا" in (prev, nxt)
            out.append(("v", False) if consonant else (("u" if i == n - 1 else "ou"), True))
        elif ch in ("ی", _MAKSURA):
            if i == 0 or (nxt in ("ا", "و") and i + 1 < n):
                out.append(("y", False))
            elif i == 1 and prev in "اع":
                out.append(("i", True))
            else:
                out.append(("i", True) if i == n - 1 or prev not in "اوی" else ("y", False))
        elif ch == "ه" and i == n - 1 and i > 0 and prev not in "او":
            out.append(("eh", True))
        elif ch in "ءئ":
            out.append(("", True))
        else:
            out.append((_AR_LATIN.get(ch, ""), False))
    return out


def _letters(word: str) -> str:
    """Letter-by-letter Latin for an unknown word, guessing short vowels.

    Persian syllables start with one consonant: a vowel is guessed after a word-initial
    consonant followed by another (``a``) and inside a run of three consonants (``e``).
    """
    sounds = [s for s in _letter_sounds(word) if s[0] or s[1]]
    out: list[str] = []
    run = 0
    for k, (latin, vowel) in enumerate(sounds):
        if vowel:
            run = 0
        else:
            if run == 1 and k == 1:
                out.append("a")
                run = 0
            elif run == 2:
                out.insert(len(out) - 1, "e")
                run = 1
            run += 1
        out.append(latin)
    return re.sub(r"([bcdfghjklmnpqrstvz])\1+", r"\1", "".join(out))


def _word_to_latin(word: str) -> str:
    """One normalised Arabic-script word in Latin (see :func:`transliterate`)."""
    if word in _COMMON:
        return _COMMON[word]
    if word.startswith("ال") and len(word) > 3 and word not in _FINAL_A:
        return "al-" + _capital(_word_to_latin(word[2:]))
    for prefix, latin in (("عبدال", "Abdol"), ("ابوال", "Abol"), ("عبد", "Abd"), ("ابو", "Abu")):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            return latin + _word_to_latin(word[len(prefix):]).lower()
    for ending, latin in _ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 2:
            base = _known(stem) or (_known(stem[:-1]) if stem.endswith("ا") else None)
            if base:
                if stem.endswith("ا") and not base.endswith("a"):
                    base += "a"
                return base + (latin if latin != "ei" or base.endswith("a") else "i")
    for part in _PARTS_LONGEST:  # compounds written solid: محمدرضا, غلامحسین
        rest = word[len(part):]
        if word.startswith(part) and len(rest) >= 2 and _known(rest):
            return _COMMON[part] + (_known(rest) or "").lower()
    return _letters(word)


def _known(word: str) -> str | None:
    """The Latin of a dictionary word, or of a dictionary word plus a known ending."""
    if word in _COMMON:
        return _COMMON[word]
    for ending, latin in _ENDINGS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and stem in _COMMON:
            return _COMMON[stem] + latin
    return None


def _capital(latin: str) -> str:
    """``latin`` with its first letter upper-case (after an ``al-`` article)."""
    if latin.startswith("al-"):
        return "al-" + _capital(latin[3:])
    return latin[:1].upper() + latin[1:]


def transliterate(text: str) -> str:
    """A readable Latin rendering of Persian/Arabic-script ``text``, for display only.

    Common name parts come from a small hand-written dictionary (``محمد`` → ``Mohammad``),
    also with a known ending (``احمدی`` → ``Ahmadi``, ``رضایی`` → ``Rezaei``) or joined
    (``محمدرضا`` → ``Mohammadreza``); other words are spelled letter by letter with simple
    vowel guesses (final ی → i, و between consonants → ou, initial ا and آ → a, a short vowel
    after a word-initial consonant cluster, ال → al-). Each word is capitalised; a
    half-space (ZWNJ) joins parts of one word. Latin text, digits and punctuation pass through
    (digits are made ASCII). Not reversible and not a key: use :func:`name_key` to compare.
    """
    if not _is_arabic(text):
        return text
    marked = _mark_maksura(text).replace("آ", _MADDA)
    normal = normalize(marked)

    def render(match: re.Match[str]) -> str:
        word = match.group(0)
        plain = word.replace(_MADDA, "ا").replace(_MAKSURA, "ی")
        latin = _COMMON.get(plain)
        if latin is None:
            latin = _word_to_latin(plain) if _MADDA not in word[1:] else _letters(word)
            if word.startswith(_MADDA) and not latin.lower().startswith("a"):
                latin = "a" + latin
        return _capital(latin)

    latin = _WORD_RE.sub(render, normal)
    return latin.replace("،", ",").replace("؛", ";").replace("؟", "?")


# ---------------------------------------------------------------------------------------------
# Variants for query expansion

_LATIN_TO_AR = (
    ("sch", "ش"), ("kh", "خ"), ("gh", "ق"), ("sh", "ش"), ("ch", "چ"), ("zh", "ژ"), ("th", "ث"),
    ("ph", "ف"), ("ou", "و"), ("oo", "و"), ("ei", "ی"), ("ey", "ی"), ("ai", "ی"), ("ay", "ی"),
    ("ee", "ی"), ("b", "ب"), ("p", "پ"), ("t", "ت"), ("j", "ج"), ("h", "ه"), ("d", "د"),
    ("r", "ر"), ("z", "ز"), ("s", "س"), ("f", "ف"), ("q", "ق"), ("k", "ک"), ("c", "ک"),
    ("g", "گ"), ("l", "ل"), ("m", "م"), ("n", "ن"), ("v", "و"), ("w", "و"), ("y", "ی"),
    ("x", "کس"), ("i", "ی"), ("u", "و"),
)
_LATIN_ALTERNATIVES = (
    ("ou", "u"), ("ei", "ey"), ("ei", "ai"), ("o", "u"), ("q", "gh"), ("gh", "q"),
    ("ey", "ei"), ("u", "ou"), ("e", "a"), ("a", "e"), ("ss", "s"), ("mm", "m"),
)


def _latin_word_to_arabic(word: str) -> list[str]:
    """Persian-script spellings of one Latin word: from the dictionary (also with a known
    ending: ``Ahmadi`` → احمدی) when it sounds like a dictionary word, else by letter rules."""
    found = _dictionary_matches(word, "")
    for ending, latin in _ENDINGS:
        if word.endswith(latin) and len(word) > len(latin) + 2:
            found += _dictionary_matches(word[: -len(latin)], ending)
    return list(dict.fromkeys(found)) or [_spell_arabic(word)]


def _dictionary_matches(word: str, ending: str) -> list[str]:
    """Dictionary words (plus ``ending``) that sound like the Latin ``word`` (≥ 0.95)."""
    target = _sound_info(_latin_sounds(word)[0])
    scored = []
    for persian, latin in _COMMON.items():
        if latin[:1].isupper() and len(persian) > 1:
            sim = max(_similarity(target, _sound_info(s), _CROSS)
                      for s in _arabic_sounds(persian))
            if sim >= 0.95:
                scored.append((sim, persian + ending))
    return [p for _, p in sorted(scored, reverse=True)]


def _spell_arabic(word: str) -> str:
    """A rule-based Persian spelling of a Latin word (short vowels unwritten)."""
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        if word[i] in "aeo":
            if i == 0:
                out.append("ا")
            elif i == n - 1:
                out.append("ا" if word[i] == "a" else ("و" if word[i] == "o" else "ه"))
            elif word[i] == "a" and i + 1 < n and word[i + 1] not in "aeiouyh" and out \
                    and (n - i) <= 3:
                out.append("ا")
            i += 1
            continue
        if word[i] == "h" and i == n - 1 and i > 0 and word[i - 1] in "ae":
            out.append("ه")
            i += 1
            continue
        for latin, letter in _LATIN_TO_AR:
            if word.startswith(latin, i):
                if not (out and out[-1] == letter and latin in ("b", "d", "s", "m", "n", "l",
                                                                "r", "t", "z", "k", "f")):
                    out.append(("ا" if i == 0 and letter in "یو" and latin in "iu" else "")
                               + letter)
                i += len(latin)
                break
        else:
            i += 1
    return "".join(out)


def _latin_spellings(latin: str) -> list[str]:
    """A handful of common Latin spellings around ``latin`` (lower-case)."""
    spellings = [latin]
    for old, new in _LATIN_ALTERNATIVES:
        for base in list(spellings[:4]):
            if old in base:
                spellings.append(base.replace(old, new, 1))
    return list(dict.fromkeys(spellings))[:6]


def _arabic_forms(persian: str) -> list[str]:
    """The Persian spelling and its Arabic-letter form (ي, ك)."""
    arabic = persian.replace("ی", "ي").replace("ک", "ك")
    return list(dict.fromkeys([persian, arabic]))


def _combine(options: Iterable[list[str]], limit: int) -> list[str]:
    """Space-joined combinations of per-word options, first options first, at most ``limit``."""
    results = [""]
    for choices in options:
        results = [f"{r} {c}".strip() for r in results for c in choices][:limit]
    return results


def _persian_options(words: list[str]) -> list[list[str]]:
    """Up to two Persian spellings per Latin word; a detached article (``al``) is written
    joined to the next word (``al Muhandis`` → المهندس)."""
    options: list[list[str]] = []
    article = False
    for word in words:
        if word in _ARTICLES or word in _SUN_ARTICLES:
            article = True
            continue
        spellings = _latin_word_to_arabic(word)[:2]
        options.append(["ال" + p for p in spellings] if article else spellings)
        article = False
    return options


def name_variants(name: str, limit: int = 8) -> list[str]:
    """Other spellings of ``name`` to expand a search query (``name`` itself not included).

    For Latin input: Persian-script spellings (``Soleimani`` → ``سلیمانی``, ``سليماني``), from
    the dictionary of common name parts when a part sounds like one, else from letter rules
    (short vowels unwritten, long vowels and final vowels written). For Arabic-script input:
    Latin spellings (``سلیمانی`` → ``soleimani``, ``soleymani``, ``suleimani``…).

    Limits: rule-based spellings are guesses (a Latin ``a`` may or may not be written as ا,
    ``h`` may be ه or ح, ``s`` may be س, ص or ث, ``z`` may be ز, ذ, ض or ظ); use the results
    to search, then rank the hits with :func:`name_similarity`. At most ``limit`` results.
    """
    words = [w for w in _surface_words(name) if w]
    if not words:
        return []
    if _is_arabic(name):
        options = [_latin_spellings(transliterate(w).lower()) for w in words]
        results = _combine(options, limit * 3)
    else:
        persian = _combine(_persian_options(words), limit)
        results = [form for p in persian for form in _arabic_forms(p)]
    normal = normalize(name)
    return [r for r in dict.fromkeys(results) if r and normalize(r) != normal][:limit]
