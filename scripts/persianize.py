"""Persian spellings of foreign person-name words from their Arabic ones (for the name words).

wikidata-arabic-latin-names pairs a Latin spelling with an Arabic-language one. Arabic has no
letters for p, hard g, ch, v and zh, and writes them ب, ج/غ/ق, تش, ف and ج/ز; Persian writes
پ, گ, چ, و and ژ (Trump: Arabic ترامب, Persian ترامپ). :func:`persianize` aligns the two
spellings letter by letter (a small weighted edit distance over a table of Latin letters or
groups and the Arabic letters that may stand for them) and, where a Latin p, g, ch, v/w or zh
faces one of those Arabic letters, writes the Persian letter instead.

Contract: deterministic; returns ``None`` when the spelling is no Arabic word of the Latin
one under the table (no alignment) or when the best alignments disagree on the Persian
spelling (ambiguous); the Arabic spelling itself when nothing changes. A soft g (before e,
i, y) facing ج stays ج (George, Giovanni); a final v or w stays ف (Russian -ov: لاوروف);
gh facing غ stays غ (an Arabic or Turkish sound, not a g); ch facing ش stays ش (French:
Michel). Only these five letters change: vowels are Arabic's (پيتر, not Persian's پتر).
"""

from __future__ import annotations

import unicodedata

# Latin letters a NFKD decomposition leaves alone or that stand for a group of their own.
_LATIN_FOLD = {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i",
               "ð": "d", "þ": "th", "č": "ch", "ć": "ch", "ž": "zh", "š": "sh", "ğ": "gh",
               "ș": "sh", "ş": "sh", "ț": "ts", "ţ": "ts", "ñ": "ny"}
_VOWELS = ("a", "e", "i", "o", "u", "y", "ou", "oo", "ee", "ea", "ai", "ay", "ei", "ey",
           "ie", "au", "aw", "eu", "oe", "ae", "oi", "oy", "ui", "ue", "ow", "ew", "ij", "uy")
_ARABIC_VOWELS = frozenset("اأإآويىةهعئؤءی")
# Latin consonant (group) → Arabic letters it may face; doubled consonants face the same.
_CONSONANTS: dict[str, tuple[str, ...]] = {
    "b": ("ب",), "p": ("ب", "پ"), "t": ("ت", "ط"), "d": ("د", "ض"), "k": ("ك", "ق", "ک"),
    "c": ("ك", "ق", "س", "تش", "ص", "ک"), "q": ("ق", "ك"), "g": ("ج", "غ", "ق", "گ"),
    "j": ("ج", "ي", "خ", "ه"), "h": ("ه", "ح"), "f": ("ف",), "v": ("ف", "و", "ڤ"),
    "w": ("و", "ف"), "s": ("س", "ص", "ز", "ش"), "z": ("ز", "ظ", "س", "تس"),
    "x": ("كس", "ز", "س", "خ", "ش", "کس"), "l": ("ل",), "m": ("م",), "n": ("ن",),
    "r": ("ر",), "th": ("ث", "ت", "ذ"), "dh": ("ذ", "ظ", "د", "ض"), "sh": ("ش",),
    "ch": ("تش", "ش", "ك", "خ", "ه", "ک"), "kh": ("خ",), "gh": ("غ", "ج", "ق"), "ph": ("ف",),
    "zh": ("ج", "ز", "ش", "ژ"), "ts": ("تس",), "tz": ("تس", "ز"), "tch": ("تش",),
    "tsch": ("تش",), "sch": ("ش",), "cz": ("تش",), "sz": ("ش",), "cs": ("تش",), "dj": ("ج",),
    "dzh": ("ج",), "ck": ("ك", "ک"), "ng": ("نغ", "نج", "نك", "نگ"), "ny": ("ني", "ن"),
}
for _c in [c for c in _CONSONANTS if len(c) == 1]:
    _CONSONANTS[_c + _c] = _CONSONANTS[_c]
_SKIPPED = frozenset("'-.’ʻʼ`")  # marks that may face nothing or a hamza/ain
_GAP_LATIN = {"h": 1.0, "e": 1.0}  # a silent Latin letter (cost); any vowel: 1.0
_COST_VOWEL_GAP = 1.0  # a Latin vowel Arabic leaves unwritten
_COST_ARABIC_GAP = 1.5  # an Arabic vowel letter with no Latin letter (إستيفان)
_MAX_OUTPUTS = 4  # spellings kept per cell of the table; more is ambiguous anyway


def latin_letters(latin: str) -> str | None:
    """``latin`` lowercased and folded to a–z and marks; ``None`` with any other letter."""
    folded = "".join(_LATIN_FOLD.get(ch, ch) for ch in latin.lower())
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", folded)
                    if not unicodedata.combining(ch))
    ok = all("a" <= ch <= "z" or ch in _SKIPPED for ch in plain)
    return plain if ok and plain else None


def _persian(unit: str, arabic: str, rest: str) -> str:
    """The Persian spelling of the Arabic letters ``arabic`` that face the Latin ``unit``
    (followed by the Latin ``rest``)."""
    if unit in ("p", "pp") and arabic == "ب":
        return "پ"
    if unit in ("g", "gg") and arabic in ("غ", "ق"):
        return "گ"
    if unit in ("g", "gg") and arabic == "ج" and not rest.startswith(("e", "i", "y")):
        return "گ"
    if unit == "ng" and arabic in ("نغ", "نج"):
        return "نگ"
    if unit in ("ch", "tch", "tsch", "cz", "cs", "c") and arabic == "تش":
        return "چ"
    if unit in ("v", "vv", "w") and arabic in ("ف", "ڤ") and rest:
        return "و"
    if unit == "zh" and arabic in ("ج", "ز", "ش"):
        return "ژ"
    return arabic


def _steps(latin: str, i: int, arabic: str, j: int) -> list[tuple[int, int, float, str]]:
    """The alignment steps from (``i``, ``j``): (Latin letters taken, Arabic letters taken,
    cost, Persian letters written)."""
    out: list[tuple[int, int, float, str]] = []
    rest_arabic = arabic[j:]
    for size in (1, 2, 3, 4):
        unit = latin[i:i + size]
        if len(unit) < size:
            break
        for letters in _CONSONANTS.get(unit, ()):
            if rest_arabic.startswith(letters):
                out.append((size, len(letters), 0.0, _persian(unit, letters, latin[i + size:])))
        if unit in _VOWELS:
            out.append((size, 0, _COST_VOWEL_GAP, ""))
            for k in (1, 2):
                part = rest_arabic[:k]
                if len(part) == k and all(ch in _ARABIC_VOWELS for ch in part):
                    out.append((size, k, 0.5 * (k - 1), part))
    ch = latin[i:i + 1]
    if ch in _GAP_LATIN:
        out.append((1, 0, _GAP_LATIN[ch], ""))
    if ch and ch in _SKIPPED:
        out.append((1, 0, 0.0, ""))
        if rest_arabic[:1] in ("ع", "ء", "أ", "إ", "ئ", "ؤ"):
            out.append((1, 1, 0.0, rest_arabic[0]))
    if rest_arabic[:1] in _ARABIC_VOWELS:
        out.append((0, 1, _COST_ARABIC_GAP, rest_arabic[0]))
    if ch and i > 0 and latin[i - 1] == ch and ch not in "aeiouy":
        out.append((1, 0, 0.5, ""))  # a doubled consonant Arabic writes once
    return out


def persianize(latin: str, arabic: str) -> str | None:
    """The Persian spelling of the Arabic-script ``arabic`` (letters, no spaces) of the Latin
    ``latin``, or ``None`` (see the module docstring)."""
    plain = latin_letters(latin)
    if plain is None or not arabic:
        return None
    n, m = len(plain), len(arabic)
    inf = float("inf")
    best: dict[tuple[int, int], tuple[float, set[str]]] = {(0, 0): (0.0, {""})}
    for i in range(n + 1):
        for j in range(m + 1):
            cost, outputs = best.get((i, j), (inf, set()))
            if cost == inf:
                continue
            for di, dj, step, written in _steps(plain, i, arabic, j):
                key = (i + di, j + dj)
                new = cost + step
                old, seen = best.get(key, (inf, set()))
                if new < old - 1e-9:
                    best[key] = (new, {o + written for o in outputs})
                elif abs(new - old) <= 1e-9 and len(seen) < _MAX_OUTPUTS:
                    seen |= {o + written for o in outputs}
    final = best.get((n, m))
    if final is None or len(final[1]) != 1:
        return None
    (spelling,) = final[1]
    return spelling
