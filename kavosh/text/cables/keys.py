"""Cable numbers as keys: one key for every spelling of one number (see :func:`reference_key`)."""

from __future__ import annotations

import re

from kavosh.text.dates import fold

# A US reference ID: year (two digits, or four as the 1970s databases write it), post
# (letters, maybe spaced), serial.
_US_ID = re.compile(r"(?:19|20)?(\d{2})\s*([A-Z][A-Z '.-]*?[A-Z])\s*0*(\d+)")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
# The letter that ends a Persian cable number, as the English working translations spell it
# (312/4583/KH for ۳۱۲/۴۵۸۳/خ): the key keeps the Persian letter.
_LATIN_SUFFIX = {
    "S": "س", "K": "ک", "KH": "خ", "M": "م", "B": "ب", "T": "ت", "D": "د", "R": "ر",
    "Z": "ز", "SH": "ش", "GH": "ق", "Q": "ق", "F": "ف", "L": "ل", "N": "ن", "H": "ه",
    "J": "ج", "CH": "چ", "P": "پ", "G": "گ", "V": "و", "Y": "ی", "A": "ا", "E": "ع",
}
# Arabic-script letters a number may be written with, made one (ص ↔ س is not folded: both
# are used as distinct suffixes).
_LETTERS = str.maketrans({"ى": "ی", "ي": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه",
                          "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


def reference_key(number: str) -> str:
    """The key two spellings of one cable number share (digit scripts, separators, leading
    zeros, Arabic letter variants, case): ``۳۱۲/۴۸۸۰/ک`` and ``312-4880-ك`` give
    ``312/4880/ک``, as does ``312/4880/K`` (a Latin suffix letter is made Persian);
    ``04ANKARA348``, ``04ANKARA0348`` and ``04 ankara 000348`` give ``04ANKARA348``,
    ``09LA PAZ 1541`` gives ``09LAPAZ1541`` and ``1979TEHRAN05055`` (the 1970s databases'
    document number) ``79TEHRAN5055``."""
    text = fold(number).translate(_LETTERS).strip().upper()
    us = _US_ID.fullmatch(text)
    if us is not None:
        post = re.sub(r"[^A-Z]", "", us[2])
        return f"{us[1]}{post}{int(us[3])}"
    tokens = _TOKEN.findall(text)
    has_digits = any(token.isdigit() for token in tokens)
    parts = []
    for token in tokens:
        if token.isdigit():
            parts.append(str(int(token)))
        elif has_digits and token.isascii() and token in _LATIN_SUFFIX:
            parts.append(_LATIN_SUFFIX[token])
        else:
            parts.append(token)
    return "/".join(parts)
