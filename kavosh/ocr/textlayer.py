"""Is a PDF page's text layer worth keeping, or garbage that OCR must replace?

Scanners and some old Persian publishing tools put a text layer on a page that reads as
nonsense: replacement characters, private-use glyph codes, symbol soup, or Persian written
through a legacy font encoding so it comes out as accented Latin letters (``ÇíÑÇä`` for
``ایران``) or as UTF-8 read as Latin-1 (``Ø§ÛŒØ±Ø§Ù†``). Such a page is OCRed; a born-digital
page is never: every test here needs a large share of the page to be wrong before it says so.

:func:`garbage_reason` returns why a layer is garbage, or None for a good (or empty) layer.
"""

from __future__ import annotations

import re
import unicodedata

from kavosh.model import Layer, PageText

MIN_CHARS = 20  # shorter layers are left alone: too little to judge
MAX_BAD_SHARE = 0.10  # replacement, private-use, control and unassigned characters
MIN_LETTER_SHARE = 0.45  # letters and digits among the non-space characters
MAX_ACCENTED_SHARE = 0.25  # Latin-1 letters À–ÿ among the letters (no language comes close)
MIN_WORDLIKE_SHARE = 0.40  # of mostly-Latin tokens, those that look like words or numbers

_LATIN_WORD = re.compile(r"^[A-Za-z]*[AEIOUYaeiouy][A-Za-z]*$|^[A-Z]{1,6}$|^[A-Za-z]{1,3}$")
_NUMBER = re.compile(r"^[\d.,:/%()\-]+$")
_ARABIC = re.compile("[\u0600-\u06ff]")
_EDGE_PUNCT = "\"'()[]{}.,;:!?«»-–—"


class _Classes(dict[int, str]):
    """``str.translate`` table: white space removed; every other character becomes ``B``
    (bad: replacement, private-use, unassigned, control), ``A`` (an accented Latin-1
    letter), ``L`` (another letter or digit) or ``O`` (anything else)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isspace():
            value = ""
        elif _is_bad(char):
            value = "B"
        elif "\u00c0" <= char <= "\u00ff" and char.isalpha():
            value = "A"
        elif char.isalpha() or char.isdigit():
            value = "L"
        else:
            value = "O"
        self[code] = value
        return value


_CLASSES = _Classes()
# Characters that are neither white space nor certainly a letter or digit (see _class_counts).
_UNCOMMON = re.compile(r"[^\sA-Za-z0-9\u0621-\u063a\u0641-\u064a\u0660-\u0669\u067e\u0686"
                       r"\u0698\u06a9\u06af\u06cc\u06f0-\u06f9]")


def garbage_reason(text: str) -> str | None:
    """Why ``text`` (one page's layer) is garbage, or None when it should be kept."""
    total, bad, accented, letters = _class_counts(text)
    if total < MIN_CHARS:
        return None
    if bad / total > MAX_BAD_SHARE:
        return "the text layer is mostly unreadable characters (replacement or private-use)"
    if letters / total < MIN_LETTER_SHARE:
        return "the text layer holds hardly any letters (symbols only)"
    if _mis_encoded(text, letters, accented):
        return "the text layer is Persian or Arabic in a broken font encoding (mojibake)"
    if not _ARABIC.search(text) and _wordlike_share(text) < MIN_WORDLIKE_SHARE:
        return "the text layer's Latin letters do not form words (glyph codes, not text)"
    if _glyph_codes_in_words(text):
        return ("the text layer's Persian or Arabic words hold glyph codes (a font whose "
                "Unicode map was lost)")
    return None


# Words mixing Arabic-script characters with Latin-1 or Latin Extended letters: two are
# enough, since a lost map may break only a page's dates (``۷÷/÷ö/۳۸۵÷``) and no text has one.
MIN_MIXED = 2
_EXTENDED = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")  # letters, not × ÷
# × and ÷ belong between two numbers (``۲×۳``); a lost map also puts them inside one
_STRAY_SIGN = re.compile("(?<![0-9\u0660-\u0669\u06f0-\u06f9])[\u00d7\u00f7]|"
                         "[\u00d7\u00f7](?![0-9\u0660-\u0669\u06f0-\u06f9])")
_LATIN_1 = re.compile("[\u00c0-\u024f]")


def _glyph_codes_in_words(text: str) -> bool:
    """Whether enough Arabic-script words hold Latin-1 or Latin Extended characters (``ÿ``,
    ``þ``, ``Ā``, ``ö``, a ``÷`` that is not between two numbers): no language writes them
    inside one word, but a font whose ToUnicode map a tool dropped (Ghostscript rewriting a
    browser's PDF) leaves glyph codes there, and the page must be read by OCR. Costs one
    search on a page without them."""
    if _LATIN_1.search(text) is None:
        return False
    mixed = 0
    for word in text.split():
        if (_EXTENDED.search(word) or _STRAY_SIGN.search(word)) and _ARABIC.search(word):
            mixed += 1
            if mixed >= MIN_MIXED:
                return True
    return False


def _class_counts(text: str) -> tuple[int, int, int, int]:
    """Non-space characters of ``text``, and among them the bad ones, the accented Latin-1
    letters, and all letters and digits (accented included), as :data:`_CLASSES` counts them.

    Only the characters outside the common ones (ASCII letters and digits, Arabic letters and
    digits, white space) are classified one by one; the common ones are letters or space by
    construction, so a page is read twice in C rather than once through the table."""
    others = "".join(_UNCOMMON.findall(text)).translate(_CLASSES)
    total = len("".join(text.split()))
    accented = others.count("A")
    common = total - len(others)
    return total, others.count("B"), accented, common + accented + others.count("L")


def garbage_pages(pages: list[PageText]) -> list[int]:
    """The numbers of the extracted pages whose text layer is garbage (they need OCR)."""
    return [p.number for p in pages
            if p.layer == Layer.EXTRACTED and not p.needs_ocr and garbage_reason(p.text)]


def _is_bad(char: str) -> bool:
    if char == "\ufffd":
        return True
    category = unicodedata.category(char)
    return category in ("Co", "Cn", "Cs") or (category == "Cc" and char not in "\t\n\r")


def _mis_encoded(text: str, letters: int, accented: int) -> bool:
    """Accented Latin letters far beyond any real language, that turn into Arabic script when
    read back through a legacy Persian/Arabic code page or as UTF-8."""
    if not letters or accented / letters < MAX_ACCENTED_SHARE:
        return False
    for encoding, decoding in (("cp1252", "utf-8"), ("latin-1", "utf-8"), ("cp1252", "cp1256"),
                               ("latin-1", "cp1256")):
        try:
            fixed = text.encode(encoding).decode(decoding)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        arabic = len(_ARABIC.findall(fixed))
        if arabic >= 0.5 * len([c for c in fixed if c.isalpha()]):
            return True
    return accented / letters > 0.5


def _wordlike_share(text: str) -> float:
    """Share of the page's tokens that look like Latin words or numbers."""
    tokens = [t.strip(_EDGE_PUNCT) for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return 1.0
    good = sum(1 for t in tokens if _LATIN_WORD.match(t) or _NUMBER.match(t)
               or not t.isascii())
    return good / len(tokens)
