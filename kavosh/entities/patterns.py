"""Identifiers found by their form: phone numbers, e-mail addresses, URLs, Iranian national
IDs, IBANs, bank card numbers, passport numbers and code names (finder ``patterns``).

Every digit script counts (ASCII, Persian ``۰–۹``, Arabic-Indic ``٠–٩``; the text is read
through a one-to-one digit fold, so offsets are the raw text's). Each mention's ``value`` is a
normalised form a reporter can match across documents:

===============  ==========================================================  ================
type             found                                                       value
===============  ==========================================================  ================
``PHONE``        Iranian and Iraqi numbers: ``+98 912 345 6789``,             E.164 when the
                 ``0098-912-3456789``, ``۰۹۱۲-۳۴۵-۶۷۸۹``, ``021 8888 1234``,     country is known
                 ``+964 770 123 4567``, ``07701234567``; any other group of     (``+989123456789``),
                 7–15 digits only after a phone label (تلفن، همراه، موبایل،       else the digits
                 نمابر، فکس، هاتف، جوال، Tel, Phone, Mobile, Fax)
``EMAIL``        ``name@host.tld``                                           lower case
``URL``          ``http(s)://…``, ``www.…`` (trailing punctuation left out)     as written
``NATIONAL_ID``  10 digits passing the Iranian check digit, after a label     the 10 digits
                 (کد ملی، شماره ملی، national ID) or written ``xxx-xxxxxx-x``
``IBAN``         two letters, two check digits and the account (``IR``: 22    without spaces
                 digits; ``IQ``: 4 letters, 15 digits; others by length),
                 checked mod 97; spaces between groups allowed
``CARD``         16 digits (groups of four or not) passing the Luhn check,    the 16 digits
                 not part of a longer number
``PASSPORT``     a letter and 8 digits, or 9 digits, after a passport label   upper case
                 (گذرنامه، پاسپورت، جواز سفر، جواز، passport)
``CODENAME``     a quoted name («…», "…", “…”) right after a code-name marker   the name
                 (با نام رمز، با اسم رمز، نام مستعار، ملقب به، الاسم الحركي،
                 الاسم المستعار، codename, code name, alias) or one the case adds
===============  ==========================================================  ================

Numbers that are dates (``۱۳۹۳/۰۸/۲۵``) or cable numbers (``۳۱۲/۴۸۸۰/ک``) are never phones: a
phone's groups are parted by spaces, ``-``, ``.`` or brackets only. A label reaches 24
characters ahead of the number, over a colon and spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from kavosh.entities.base import Found
from kavosh.text.normalize import ASCII_DIGITS, ZWNJ

LABEL_REACH = 24  # characters between the end of a label and the number it names
# what may stand between a label and its number: punctuation and a word for number (No.)
_BETWEEN = re.compile(r"[\s:：\-–()\[\]#.№]*(?:(?:no|nr|number|num|شماره|رقم|رقمه)\.?[\s:]*)?",
                      re.IGNORECASE)

_SEP = r"[ \-.\u00a0]?"
# The patterns that start by looking behind are written with that look after their first
# character (``(?<!X)c`` as ``c(?<!Xc)``): the same matches, but the regex engine then scans
# for that character in a tight loop instead of trying the whole pattern at every position
# of the page (several times faster on a long Persian page, where it is seldom there).
# A run of digit groups: at least 7 digits in all, parted by one separator at most each.
# Written to start with a class (see above; PLAIN_FORMS has it as read): its first character,
# then what the plain form tries after it, in the plain form's order.
_NUMBER = re.compile(r"[+(\d](?<![\w/+#].)(?:(?<=\+)\(?\d|(?<=0)0\(?\d|(?<=\()\d|(?<=\d))"
                     r"[\d \-.()\u00a0]{5,22}\d(?![\w/])")
_PHONE_LABEL = re.compile(
    r"(?:تلفن(?:\s*همراه)?|همراه|موبایل|شماره\s*تماس|نمابر|فکس|فاکس|تلفکس|هاتف|رقم\s*الهاتف|"
    r"جوال|نقال|موبايل|\b(?:tel|phone|mobile|cell|fax)\b\.?)", re.IGNORECASE)
_ID_LABEL = re.compile(r"(?:کد\s*ملی|شماره\s*ملی|کدملی|national\s*id(?:entity)?(?:\s*number)?)",
                       re.IGNORECASE)
_PASSPORT_LABEL = re.compile(r"(?:گذرنامه|پاسپورت|جواز\s*(?:ال)?سفر|جواز|passport(?:\s*no\.?)?)",
                             re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])\w[\w.+-]*@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?![\w@])")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}،؛؟'\""
_IBAN = re.compile(r"[A-Z](?<![A-Za-z\d][A-Z])[A-Z]\d{2}(?: ?[A-Z\d]{4}){2,7}(?: ?[A-Z\d]{1,4})?"
                   r"(?![A-Za-z\d])")
_IBAN_LENGTHS = {"IR": 26, "IQ": 23, "AE": 23, "TR": 26, "DE": 22, "GB": 22, "FR": 27,
                 "SA": 24, "LB": 28, "SY": 0, "AF": 0}  # 0: no IBAN in use
_CARD = re.compile(r"\d(?<![\d\-]\d)\d{3}([ \-]?)\d{4}\1\d{4}\1\d{4}(?![\d\-])")
_NATIONAL_ID = re.compile(r"\d(?<![\d\-/]\d)(?:\d{2}-\d{6}-\d|\d{9})(?![\d\-/])")
_DASHED_ID = re.compile(r"\d(?<![\d\-/]\d)\d{2}-\d{6}-\d(?![\d\-/])")
# Each of those patterns as read, to which it is held (tests/test_entity_patterns.py).
PLAIN_FORMS = {
    "_NUMBER": r"(?<![\w/+#])(?:\+|00)?\(?\d[\d \-.()\u00a0]{5,22}\d(?![\w/])",
    "_IBAN": r"(?<![A-Za-z\d])[A-Z]{2}\d{2}(?: ?[A-Z\d]{4}){2,7}(?: ?[A-Z\d]{1,4})?(?![A-Za-z\d])",
    "_CARD": r"(?<![\d\-])\d{4}([ \-]?)\d{4}\1\d{4}\1\d{4}(?![\d\-])",
    "_NATIONAL_ID": r"(?<![\d\-/])(?:\d{3}-\d{6}-\d|\d{10})(?![\d\-/])",
    "_DASHED_ID": r"(?<![\d\-/])\d{3}-\d{6}-\d(?![\d\-/])",
}
_TWO_DIGITS = re.compile(r"\d\d")
_NOT_DIGIT = re.compile(r"\D")
_PASSPORT = re.compile(r"(?<![A-Za-z\d])(?:[A-Za-z]\d{8}|\d{9})(?![A-Za-z\d])")
_Add = Callable[[int, int, str, str, float], None]  # records one mention (find_patterns)
CODENAME_MARKERS = ("با نام رمز", "با اسم رمز", "نام رمز", "اسم رمز", "نام مستعار", "ملقب به",
                    "با نام مستعار", "الاسم الحركي", "الاسم المستعار", "الملقب", "codename",
                    "code name", "code-named", "alias")
_QUOTED = re.compile(r"\s*[:\-]?\s*(?:«([^»\n]{1,60})»|\"([^\"\n]{1,60})\"|“([^”\n]{1,60})”)")


_COUNTRIES = {"98": "Iran", "964": "Iraq"}  # E.164 codes; both use 10 national digits
_NATIONAL_DIGITS = 10


def phone_value(written: str, digits: str) -> str | None:
    """The normalised value of a number ``written`` (its ``digits``): E.164 for an Iranian or
    Iraqi number in international form or a national Iranian mobile (``09…``)
    or landline (``021 8888 1234``), the digits as written for another number of 7–15 digits
    (``07…`` of 11 digits is an Iraqi mobile or an Iranian landline: the country is unsure);
    None when it cannot be a phone number."""
    for code in _COUNTRIES:
        for prefix in ("00" + code, code):
            if prefix == code and not written.lstrip("(").startswith("+"):
                continue
            if digits.startswith(prefix) and len(digits) - len(prefix) == _NATIONAL_DIGITS:
                return f"+{code}{digits[len(prefix):]}"
    if len(digits) == 11 and digits[0] == "0" and digits[1] in "12345689":
        return f"+98{digits[1:]}"  # an Iranian mobile (09) or landline (area code 01–08)
    return digits if 7 <= len(digits) <= 15 else None


def _sure_phone(written: str, value: str, digits: str) -> bool:
    """Whether a number (``value``: its :func:`phone_value`) is a phone by its form alone:
    international for Iran or Iraq, or a national mobile of 11 digits (Iranian ``09…``,
    Iraqi ``073…``–``079…``). A landline (``021 8888 1234``) needs its label: routing lines
    and serials have that form too."""
    if written.startswith(("+", "00")):
        return value != digits
    return len(digits) == 11 and (digits.startswith("09") or
                                  (digits.startswith("07") and digits[2] in "3456789"))


def _labelled(folded: str, start: int, label: re.Pattern[str]) -> bool:
    """Whether ``label`` ends within ``LABEL_REACH`` characters before ``start``."""
    window = folded[max(0, start - LABEL_REACH - 20):start]
    last = None
    for last in label.finditer(window):  # noqa: B007 (the last label before the number)
        continue
    return last is not None and len(window) - last.end() <= LABEL_REACH and \
        _BETWEEN.fullmatch(window[last.end():]) is not None


def national_id_valid(digits: str) -> bool:
    """The Iranian national ID check: weights 10…2 on the first nine digits, remainder mod
    11; the last digit is the remainder when below 2, else 11 minus it. Ten equal digits are
    not issued."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    check = int(digits[9])
    return check == remainder if remainder < 2 else check == 11 - remainder


def iban_valid(iban: str) -> bool:
    """ISO 13616: the country's length when known, and mod 97 of the rearranged number is 1."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", iban):
        return False
    length = _IBAN_LENGTHS.get(iban[:2])
    if length is not None and len(iban) != length:
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def luhn_valid(digits: str) -> bool:
    """The Luhn check of card numbers."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0 and len(set(digits)) > 1


def find_patterns(text: str, markers: Iterable[str] = ()) -> list[Found]:
    """Every identifier of the table above in ``text``, sorted by position; ``markers`` are
    the case's own code-name markers, added to :data:`CODENAME_MARKERS`.

    Each kind is looked for only when the text holds what it needs (an ``@``, two digits in a
    row, a label), so a page without identifiers costs a few scans."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, value: str, score: float) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Found(start, end, kind, score, value))

    if "@" in text:
        for match in _EMAIL.finditer(text):
            add(match.start(), match.end(), "EMAIL", match.group().lower(), 0.99)
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TAIL:
            end -= 1
        add(match.start(), end, "URL", text[match.start():end], 0.99)
    if _TWO_DIGITS.search(text):
        _numbers(text, add)
    _codenames(text, (*CODENAME_MARKERS, *markers), add)
    return sorted(found, key=lambda f: (f.start, f.end))


def _digits(written: str) -> str:
    """The ASCII digits of ``written`` (any digit script), nothing else."""
    return _NOT_DIGIT.sub("", written).translate(ASCII_DIGITS)


def _numbers(text: str, add: _Add) -> None:
    """IBANs, cards, national IDs, passports and phones, in that order (a span taken by one
    is not another)."""
    for match in _IBAN.finditer(text):
        iban = match.group().replace(" ", "").translate(ASCII_DIGITS)
        if iban_valid(iban):
            add(match.start(), match.end(), "IBAN", iban, 0.99)
    for match in _CARD.finditer(text):
        digits = _digits(match.group())
        if luhn_valid(digits):
            add(match.start(), match.end(), "CARD", digits, 0.95)
    labelled_ids = _ID_LABEL.search(text) is not None
    for match in (_NATIONAL_ID if labelled_ids else _DASHED_ID).finditer(text):
        digits = _digits(match.group())
        if national_id_valid(digits) and ("-" in match.group()
                                          or _labelled(text, match.start(), _ID_LABEL)):
            add(match.start(), match.end(), "NATIONAL_ID", digits, 0.95)
    if _PASSPORT_LABEL.search(text):
        for match in _PASSPORT.finditer(text):
            if _labelled(text, match.start(), _PASSPORT_LABEL):
                add(match.start(), match.end(), "PASSPORT",
                    match.group().upper().translate(ASCII_DIGITS), 0.9)
    _phones(text, add)


def _phones(text: str, add: _Add) -> None:
    for match in _NUMBER.finditer(text):
        start, written = match.start(), match.group()
        if written.startswith("(") and ")" not in written:
            start, written = start + 1, written[1:]  # the bracket opens a remark, not a code
        if re.search(r"[ \-.()\u00a0]{2,}", written.replace(") ", ")").replace(" (", "(")):
            continue  # two separators in a row: a list of numbers, not one
        digits = _digits(written)
        value = phone_value(written, digits)
        if value is None:
            continue
        if _sure_phone(written, value, digits):
            add(start, match.end(), "PHONE", value, 0.95)
        elif _labelled(text, start, _PHONE_LABEL):
            add(start, match.end(), "PHONE", value, 0.9)


@lru_cache(maxsize=64)
def _marker_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every marker, each followed by a quoted name."""
    words = sorted({m.strip() for m in markers if m.strip()}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + ")" + _QUOTED.pattern,
                      re.IGNORECASE)


# What an ASCII letter of a pattern matches when case is ignored: the 52 letters and four
# others (the re module's documentation: İ ı ſ and the Kelvin sign).
_ANY_CASE_LETTER = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@lru_cache(maxsize=64)
def _marker_kinds(markers: tuple[str, ...]) -> tuple[tuple[str, ...], bool, bool]:
    """The markers without letters of any case (Arabic script, spaces, signs), which the
    pattern matches only as written; whether there are markers in ASCII with letters; and
    whether there are any others (in other cased scripts)."""
    plain, ascii_words, others = [], False, False
    for marker in {m.strip() for m in markers if m.strip()}:
        if all(_ARABIC_SCRIPT.match(c) or c == ZWNJ or (c.isascii() and not c.isalpha())
               for c in marker):
            plain.append(marker)
        elif marker.isascii():
            ascii_words = True
        else:
            others = True
    return tuple(plain), ascii_words, others


def _may_mark(text: str, markers: tuple[str, ...]) -> bool:
    """Whether ``text`` may hold one of ``markers`` (as :func:`_marker_pattern` matches them,
    case ignored): False only when it cannot, tested in C (a page without any is the rule,
    and the pattern, case ignored, is tried at every position of the page)."""
    plain, ascii_words, others = _marker_kinds(markers)
    return (others or any(marker in text for marker in plain)
            or (ascii_words and _ANY_CASE_LETTER.search(text) is not None))


def _codenames(text: str, markers: tuple[str, ...], add: _Add) -> None:
    if not _may_mark(text, markers):
        return
    for quoted in _marker_pattern(markers).finditer(text):
        group = next(i for i in (1, 2, 3) if quoted.group(i) is not None)
        name = quoted.group(group)
        start = quoted.start(group) + len(name) - len(name.lstrip())
        if name.strip():
            add(start, start + len(name.strip()), "CODENAME", " ".join(name.split()), 0.9)


class PatternFinder:
    """The ``patterns`` entity finder (see the module's table)."""

    name = "patterns"
    version = "1"

    def __init__(self, markers: Iterable[str] = ()) -> None:
        self.markers = tuple(markers)

    def find(self, text: str, language: str) -> list[Found]:
        return find_patterns(text, self.markers)
