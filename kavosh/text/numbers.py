"""Long numbers however they are grouped: a phone, an account or an identity number is written
``۰۹۱۲-۳۴۵-۶۷۸۹``, ``0912 345 6789``, ``+98 912 345 6789`` or ``09123456789``, and a reporter
types one of them.

:func:`joined_numbers` gives, for a text, each long number's digits joined (ASCII), plus its
national form where it is written with the Iranian or Iraqi country code (``+98`` or ``0098``,
``+964`` or ``00964`` → a leading ``0``); the index stores them beside the document
(:attr:`kavosh.search.IndexedPage.labels`), and a query whose words are all digits also looks
for its own digits joined (the search backend), so every grouping finds every other.

Contract: a *long number* is a run of at least :data:`MIN_DIGITS` and at most
:data:`MAX_DIGITS` digits (any digit script), in groups parted by one ``-``, ``.`` or space
each, optionally after a ``+``, with no letter, digit or ``/`` touching either end (a date
``1393/08/25`` is no number), or any run of consecutive groups of such a sequence; at most
:data:`MAX_NUMBERS` distinct forms a text (a hostile page of numbers adds no more).
"""

from __future__ import annotations

import re

from kavosh.text.normalize import ASCII_DIGITS

MIN_DIGITS = 7
MAX_DIGITS = 20
MAX_NUMBERS = 2_000
_RUN = re.compile(r"(?<![\w/])\+?\d+(?:[ \-.]\d+)*(?![\w/])")
_DIGITS = re.compile(r"\d+")
_CODES = ("00964", "0098", "964", "98")  # the country codes read to a national form


def joined_numbers(text: str) -> list[str]:
    """The long numbers of ``text`` (see the module's contract), each as its digits joined and,
    after an Iranian or Iraqi country code, its national form too; distinct, in order. Groups
    written one after the other (a table's row of figures, a number beside a phone) give
    every run of consecutive groups that makes a long number: the phone is among them."""
    found: dict[str, None] = {}
    for match in _RUN.finditer(text.translate(ASCII_DIGITS)):
        groups = _DIGITS.findall(match.group())
        for first in range(len(groups)):
            digits = ""
            for last in range(first, len(groups)):
                digits += groups[last]
                if len(digits) > MAX_DIGITS:
                    break
                if len(digits) >= MIN_DIGITS:
                    found.setdefault(digits)
                    national = national_form(digits)
                    if national:
                        found.setdefault(national)
            if len(found) >= MAX_NUMBERS:
                return list(found)[:MAX_NUMBERS]
    return list(found)


def national_form(digits: str) -> str | None:
    """``digits`` written with the Iranian or Iraqi country code as dialled at home (``98912…``
    → ``0912…``), or None."""
    for code in _CODES:
        rest = digits[len(code):]
        if digits.startswith(code) and len(rest) >= 9 and not rest.startswith("0"):
            return "0" + rest
    return None
