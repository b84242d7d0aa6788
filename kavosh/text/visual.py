"""Persian text stored in visual order: detect it and put it back in logical order.

Some PDF producers (ReportLab users who run ``arabic_reshaper`` then ``bidi.get_display``, old
Windows and Mac tools) store each line as it is drawn, right to left on the page: the letters
of every line reversed, often as Arabic presentation forms (``ﺳﻼﻡ``), with runs of digits and
Latin kept left to right. Extracted as is, such a layer cannot be searched or read.

Detection (:func:`looks_visual`) weighs two kinds of evidence, each independent of the
document's subject:

- *word order* — frequent Persian and Arabic function words (``از``, ``به``, ``که``, ``این``,
  ``است``, ``في``, ``من`` …) against the same words spelled backwards (``زا``, ``هب``, ``هک``,
  ``نیا``, ``تسا`` …);
- *letter shapes* — when presentation forms are present, a word whose first code point is a
  final form and whose last is an initial form was written backwards.

Repair (:func:`to_logical`) works line by line: a line whose letters are mostly right-to-left
is reversed, then every run of left-to-right material in it (Latin words, numbers and dates
such as ``1393/08/25``, with the spaces and punctuation between them) is turned back, and
mirrored brackets are swapped. Lines that are mostly left-to-right get only their right-to-left
runs reversed in place. Presentation forms are folded to base letters (``ﻻ`` → ``لا``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import partial

from kavosh.text.direction import rtl_share
from kavosh.text.normalize import LIGHT_FOLD

# Right-to-left letters (Hebrew, Arabic script, presentation forms), digits excluded.
_RTL = "\u0590-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_CHAR = re.compile(f"[{_RTL}]")
_LTR_CHAR = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9]")
# A left-to-right run in a reversed line: starts and ends with a Latin letter or a digit and
# holds no right-to-left letter.
_LTR_RUN = re.compile(
    rf"[A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9](?:[^{_RTL}\n]*"
    r"[A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9])?"
)
_RTL_RUN = re.compile(
    rf"[{_RTL}](?:[^A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9\n]*[{_RTL}])?"
)
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")

_COMMON = frozenset(
    ["از", "به", "که", "این", "را", "با", "است", "برای", "ان", "یک", "شده", "می", "های",
     "ها", "تا", "هم", "بود", "کرد", "شد", "نیز", "باید", "اما", "خود", "وی", "او", "ایران",
     "فی", "من", "علی", "الی", "التی", "الذی", "هذا", "هذه", "مع", "عن"]
)
_REVERSED = frozenset(w[::-1] for w in _COMMON) - _COMMON
_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def _form(ch: str) -> str:
    """``initial``, ``medial``, ``final``, ``isolated`` for a presentation form, else ``""``."""
    if not ("\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefc"):
        return ""
    name = unicodedata.name(ch, "")
    for form in ("INITIAL", "MEDIAL", "FINAL", "ISOLATED"):
        if name.endswith(f"{form} FORM"):
            return form.lower()
    return ""


def _shape_votes(text: str) -> tuple[int, int]:
    """(logical, visual) votes from the presentation forms at the two ends of each word."""
    logical = visual = 0
    for word in re.findall(rf"[{_RTL}]{{2,}}", text):
        first, last = _form(word[0]), _form(word[-1])
        if first == "final" or last == "initial":
            visual += 1
        elif first == "initial" or last == "final":
            logical += 1
    return logical, visual


def _word_votes(text: str) -> tuple[int, int]:
    words = text.translate(LIGHT_FOLD).split()
    logical = sum(map(_COMMON.__contains__, words))
    visual = sum(map(_REVERSED.__contains__, words))
    return logical, visual


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any right-to-left letter (nothing here applies otherwise)."""
    return _RTL_CHAR.search(text) is not None


def looks_visual(text: str, sample: int = 2000) -> bool:
    """Whether ``text`` (a page or a document) is right-to-left text stored in visual order.

    Only the first ``sample`` characters are examined: a layer is reversed throughout or not
    at all.
    """
    text = text[:sample]
    if not has_rtl(text):
        return False
    logical, visual = _word_votes(text)
    if _FORMS.search(text):
        shape_logical, shape_visual = _shape_votes(text)
        logical += shape_logical
        visual += shape_visual
    return visual >= 2 and visual > 2 * logical


def _fold_forms(text: str) -> str:
    return "".join(
        unicodedata.normalize("NFKC", ch) if _form(ch) or "\ufb50" <= ch <= "\ufefc" else ch
        for ch in text
    )


def _reverse_rtl_line(line: str) -> str:
    reversed_line = line[::-1].translate(_MIRROR)
    return _LTR_RUN.sub(lambda m: m.group()[::-1].translate(_MIRROR), reversed_line)


def _repair_line(line: str) -> str:
    rtl = len(_RTL_CHAR.findall(line))
    ltr = len(_LTR_CHAR.findall(line))
    if rtl == 0:
        return line
    if rtl >= ltr:
        return _reverse_rtl_line(line)
    return _RTL_RUN.sub(lambda m: m.group()[::-1].translate(_MIRROR), line)


def to_logical(text: str) -> str:
    """``text`` (known to be in visual order) in logical order, with base letters."""
    return _fold_forms("\n".join(_repair_line(line) for line in text.split("\n")))


def repair_visual_order(text: str) -> tuple[str, bool]:
    """``(text in logical order, whether it was repaired)``: a no-op for logical text."""
    if looks_visual(text):
        return to_logical(text), True
    return text, False


_LTR_WORD = r"[A-Za-z0-9\u00c0-\u024f][^\s\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]*"
_LTR_WORDS = re.compile(rf"{_LTR_WORD}(?: +{_LTR_WORD})+")


def fix_ltr_word_order(text: str, x_of: Callable[[int], float | None] | None = None) -> str:
    """Put multi-word Latin runs inside right-to-left lines back in reading order.

    PDFium returns the right-to-left runs of a page in logical order, but in a line whose
    letters are mostly right-to-left it may reverse the order of the *words* of an embedded
    Latin phrase (``IRGC Quds Force`` comes back as ``Force Quds IRGC``). ``x_of(i)`` gives the
    left edge on the page of the character at offset ``i`` of ``text``: a run is reversed only
    when its first word lies to the right of its last. Without ``x_of`` every such run is
    reversed (for text known to come from that route). Mostly left-to-right lines are left
    alone.
    """
    out: list[str] = []
    offset = 0
    for line in text.split("\n"):
        if _LTR_CHAR.search(line) and _rtl_majority(line):
            line = _LTR_WORDS.sub(partial(_reorder, base=offset, x_of=x_of), line)
        out.append(line)
        offset += len(line) + 1
    return "\n".join(out)


def _reorder(
    match: re.Match[str], base: int, x_of: Callable[[int], float | None] | None
) -> str:
    words = match.group().split(" ")
    if x_of is not None:
        first = x_of(base + match.start())
        last = x_of(base + match.end() - len(words[-1]))
        if first is None or last is None or first <= last:
            return match.group()
    return " ".join(reversed(words))


def _rtl_majority(line: str) -> bool:
    return rtl_share(line) > 0.5


_INVERTED_PAIRS = [
    (re.compile(r"\)([^()\n]*)\("), r"(\1)"),
    (re.compile(r"\]([^\[\]\n]*)\["), r"[\1]"),
    (re.compile(r"»([^«»\n]*)«"), r"«\1»"),
]


def fix_inverted_pairs(text: str) -> str:
    """In mostly right-to-left lines, turn pairs written closing-first back (``)x(`` → ``(x)``,
    ``»x«`` → ``«x»``): PDF text layers map mirrored bracket glyphs to the wrong character,
    and a closing bracket before its opening one is never what the writer typed."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if any(c in line for c in ")]»") and _rtl_majority(line):
            for pattern, repl in _INVERTED_PAIRS:
                line = _swap_unopened(pattern, repl, line)
            lines[i] = line
    return "\n".join(lines)


def _swap_unopened(pattern: re.Pattern[str], repl: str, line: str) -> str:
    """Swap closing-first pairs that are not inside a properly opened pair."""
    match = pattern.search(line)
    if match is None:
        return line
    opener, closer = repl[0], repl[-1]
    before = line[:match.start()]
    if before.count(opener) != before.count(closer):  # inside an open pair: leave it
        return line
    return before + match.expand(repl) + _swap_unopened(pattern, repl, line[match.end():])


_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_NUMBER = rf"{_DIGIT}+(?:[/.\-]{_DIGIT}+)*"
# "/۳۱۲/۴۸۸۰ک" → "۳۱۲/۴۸۸۰/ک": a leading slash that belongs between the number and a letter.
_DETACHED_SLASH = re.compile(rf"(?<![^\s(«:])/({_NUMBER})(?=[\u0620-\u064a\u067e-\u06d3])")
# "آبان ،۱۳۹۳ در" → "آبان ۱۳۹۳، در": punctuation that belongs after the number, not before it.
_LEADING_MARK = re.compile(rf"(?<=\s)([،,؛;:])({_NUMBER})(?=\s|$)")


def fix_neutral_placement(text: str) -> str:
    """In mostly right-to-left lines, put back separators that a PDF text layer moved to the
    wrong side of a number (the bidi algorithm's neutrals between digits and Persian
    letters): ``/۳۱۲/۴۸۸۰ک`` → ``۳۱۲/۴۸۸۰/ک``, ``آبان ،۱۳۹۳`` → ``آبان ۱۳۹۳،``."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if ("/" in line or "،" in line or "," in line) and _rtl_majority(line):
            line = _DETACHED_SLASH.sub(r"\1/", line)
            lines[i] = _LEADING_MARK.sub(r"\2\1", line)
    return "\n".join(lines)


# Ghostscript's pdfwrite (10.0) rewrites a ligature's ToUnicode entry wrongly: the units after
# the first lose their high byte and the low bytes that are left are packed into one unit, the
# first unit's low byte first — lam-alef <0644 0627> becomes <0644 4427> (``ل`` and ``䐧``),
# lam-lam-heh (the ``لله`` of «الله») <0644 0644 0647> becomes <0644 448B>. Such a unit is
# mended when the letter its high byte names stands beside it (CJK text, the unit's own
# script, never has that neighbour). The mended letters are given last first, as PDFium gives
# the letters of every right-to-left ligature.
_LETTERS = frozenset(range(0x621, 0x64B)) | frozenset((0x67E, 0x686, 0x698, 0x6A9, 0x6AF,
                                                        0x6CC))
_PACKED = {0x448B: "\u0647\u0644"}  # lam-lam-heh: the two letters after the first lam
_SPLIT_UNIT = re.compile("[\u2100-\uccff]")


def split_unit(code: int, neighbours: Iterable[int]) -> str:
    """The Arabic-script letters that ``code`` stands for when it is such a mangled unit
    beside one of ``neighbours`` (the code points around it), else ``chr(code)``."""
    high = 0x600 | (code >> 8)
    if high in _LETTERS and high in neighbours:
        if 0x600 | (code & 0xFF) in _LETTERS:
            return chr(0x600 | (code & 0xFF))
        if code in _PACKED:
            return _PACKED[code]
    return chr(code)


def fix_split_units(text: str) -> str:
    """``text`` with Ghostscript's mangled ligature units mended (see :func:`split_unit`)."""
    if _SPLIT_UNIT.search(text) is None:
        return text
    chars = list(text)
    for match in _SPLIT_UNIT.finditer(text):
        i = match.start()
        near = [ord(text[j]) for j in (i - 1, i + 1) if 0 <= j < len(text)]
        chars[i] = split_unit(ord(text[i]), near)
    return "".join(chars)
