"""Arabic-script names in Latin letters for display (:func:`transliterate`), and other
spellings of a name to expand a search query (:func:`name_variants`).

Common name parts come from a small hand-written dictionary with the usual Iranian
romanisation (``Hossein``, ``Mahmoud``, ``Qasem``); other words are spelt letter by letter.
The dictionary, the endings written solid with a name and the letter tables of both
directions are data: ``kavosh/text/data/name_transliteration.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kavosh.text.data import load
from kavosh.text.names import distance
from kavosh.text.names.distance import _similarity
from kavosh.text.names.reading import _ARTICLES, _SUN_ARTICLES, _surface_words
from kavosh.text.names.sounds import (
    _FINAL_A,
    _MAKSURA,
    _arabic_sounds,
    _is_arabic,
    _latin_sounds,
    _mark_maksura,
    _sound_info,
)
from kavosh.text.normalize import normalize

_TABLES = load("name_transliteration.toml")

# ---------------------------------------------------------------------------------------------
# Transliteration (Arabic script → Latin, for display)

# Common name parts and words: Persian spelling (normalised) → display spelling.
_COMMON: dict[str, str] = {normalize(k): v for k, v in _TABLES["common"].items()}
# Endings written solid with a name (longest first): Persian spelling → Latin.
_ENDINGS: tuple[tuple[str, str], ...] = tuple((e, latin) for e, latin in _TABLES["endings"])
_AR_LATIN: dict[str, str] = _TABLES["arabic_to_latin"]
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

# Latin letters → Persian letters, tried in this order (clusters before single letters).
_LATIN_TO_AR: tuple[tuple[str, str], ...] = tuple(
    (latin, letter) for latin, letter in _TABLES["latin_to_arabic"])
# Common alternative Latin spellings: (written, also written).
_LATIN_ALTERNATIVES: tuple[tuple[str, str], ...] = tuple(
    (old, new) for old, new in _TABLES["latin_alternatives"])


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
            sim = max(_similarity(target, _sound_info(s), distance._CROSS)
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
