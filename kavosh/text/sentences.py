"""Sentences of Persian, Arabic and English text, with their offsets in the raw text.

:func:`split_sentences` is the unit translation works in (kavosh.translate, issue 15): one
source sentence, one draft, one human version. Contract:

- every :class:`Sentence` is ``text[start:end]``, white space trimmed at both ends, never
  empty; sentences are in order and never overlap; text outside them is white space only;
- a sentence ends after ``.`` ``!`` ``?`` ``؟`` ``…`` (and any closing quotes or brackets
  after it: ``»`` ``"`` ``”`` ``)``) followed by white space — except when the next word starts
  with a lower-case Latin letter (``e.g. this``), or the dot ends an abbreviation (``Mr.``,
  ``U.S.``, ``e.g.``, ``No.``, ``ج.ا.ا.``), a single initial (``J. Smith``), or a paragraph's
  number (``1.``, ``۲-``, ``(۳)`` at the start of a line stay with their paragraph);
- ``؛`` and ``;`` do not end a sentence (they join clauses, as in English);
- a dot between digits (``۱۳۹۸.۰۲.۱۲``, ``3.5``) is never an end, since no space follows it;
- a blank line ends a sentence (a paragraph without final punctuation, a title);
- a header line of a cable or letter (``شماره: ۱۲۳/۴۵``, ``SUBJECT: …``, ``TO: …``) is one
  sentence on its own, whole, whatever its dots — where a block may begin (the first line,
  after a blank line or after another header line), so that a wrapped line of a paragraph
  that happens to hold a colon (``the following: …``) stays in its sentence;
- a line that starts with a paragraph number starts a new sentence; other line breaks inside a
  paragraph (text wrapped by a PDF) are not ends.

Pure functions: nothing is read or written; the caller keeps the offsets.

:func:`align_sentences` says what became of a page's earlier sentences when its text changed
(OCR again, a better extraction) and it is cut again: each earlier sentence is the same as a
new one (equal once normalised: in order first, then anywhere on the page, for a moved
sentence), or the new one at its place (changed), or — when the new text has fewer sentences
there — folded into the nearest one, so that whatever was attached to it has somewhere to go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from kavosh.text.normalize import normalize

_ENDS = ".!?؟…"
_CLOSERS = "»\"”’')]}›"
# Lower-cased, without their final dot. Dotted ones (u.s) are matched as written.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof rev st jr sr gen col lt sgt capt cmdr adm maj gov sen rep pres amb
sens reps govs det supt insp ft mt sq
no nos vol fig p pp ed eds est approx dept univ inc ltd co corp bros vs etc al
jan feb mar apr jun jul aug sep sept oct nov dec
e.g i.e u.s u.k u.n u.s.a a.m p.m d.c n.y ph.d cf viz
ج.ا.ا ج.ا ه.ش ه.ق
""".split())

_NUMBER = r"(?:[0-9۰-۹٠-٩]{1,3}|[a-zA-Z]|[ابپتثجحخدذرزسشصضطظعغفقکگلمنوهی]|الف)"
# A paragraph's number at the start of a line: "1.", "1)", "(1)", "۲-", "الف-", "3.2.".
_PARAGRAPH_NUMBER = re.compile(
    rf"[ \t]*(?:\(\s*{_NUMBER}\s*\)|{_NUMBER}(?:[.\-][0-9۰-۹٠-٩]+)*\s*[.)\-–])(?=[ \t]+\S)")
# A header line: a short label (one to four words) then a colon, or a marking alone on its
# line (SECRET, NOFORN, سری, محرمانه, فوری, …) — kept whole.
_HEADER = re.compile(r"[ \t]*(?:[^\s:：.!?؟]{1,20}(?:[ \t\u200c][^\s:：.!?؟]{1,20}){0,3}[ \t]*[:：]"
                     r"(?![/\\])[^\n]{0,150}"
                     r"|(?:[A-Z][A-Z/ ]{2,40}|سری|خیلی سری|محرمانه|خیلی محرمانه|فوری|خیلی فوری"
                     r"|بسمه تعالی|باسمه تعالی|بسمه‌تعالی|باسمه‌تعالی)[ \t]*)$")
_LINE = re.compile(r"[^\n]*\n?")
_BLANK = re.compile(r"\n[ \t\r]*\n")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text`` is the raw text's ``[start:end]``."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` (see the module's contract)."""
    spans: list[tuple[int, int]] = []
    for start, end in _blocks(text):
        spans.extend(_split_block(text, start, end))
    return [s for s in (_trimmed(text, a, b) for a, b in spans) if s is not None]


def split_paragraphs(text: str) -> list[Sentence]:
    """The paragraphs of ``text`` as :func:`split_sentences` sees them (the runs no sentence
    crosses: blocks between blank lines, a header line alone, a numbered paragraph from its
    number), trimmed like sentences; every sentence lies inside one of them."""
    return [s for s in (_trimmed(text, a, b) for a, b in _blocks(text)) if s is not None]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Runs of text no sentence crosses: paragraphs, cut before each header line (which is a
    block of its own) and before each line that starts with a paragraph number."""
    blocks: list[tuple[int, int]] = []
    start = 0
    for line in _LINE.finditer(text):
        a, b = line.span()
        if a == b:
            break
        body = line.group().rstrip("\r\n")
        if not body.strip():
            if start < a:
                blocks.append((start, a))
            start = b
        elif (start == a and len(body) <= 160 and _HEADER.match(body)
              and not _PARAGRAPH_NUMBER.match(body)):  # a header, where a block may begin
            blocks.append((a, b))
            start = b
        elif _PARAGRAPH_NUMBER.match(body) and start < a:
            blocks.append((start, a))
            start = a
    if start < len(text):
        blocks.append((start, len(text)))
    return blocks


_END = re.compile(rf"[{re.escape(_ENDS)}]+[{re.escape(_CLOSERS)}]*(?=\s)")


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    block = text[start:end]
    if _HEADER.match(block.strip("\r\n")) and "\n" not in block.strip():
        return [(start, end)]
    number = _PARAGRAPH_NUMBER.match(block)
    skip = number.end() if number else 0
    spans: list[tuple[int, int]] = []
    last = 0
    for found in _END.finditer(block, skip):
        cut = found.end()
        if _is_end(block, found.start(), cut):
            spans.append((start + last, start + cut))
            last = cut
    spans.append((start + last, end))
    return spans


def _is_end(block: str, mark: int, cut: int) -> bool:
    """Whether the terminal punctuation at ``block[mark:cut]`` (followed by white space)
    ends a sentence."""
    following = block[cut:].lstrip()
    if not following:
        return True
    first = following[0]
    if first.islower() and first.isascii():
        return False  # "e.g. this", "said. and" (a lower-case start is never a new sentence)
    if block[mark] != "." or block[mark:cut].startswith(".."):
        return True
    word = re.search(r"(\S+)$", block[:mark])
    if word is None:
        return True
    token = word.group(1).lstrip("\"'“‘«([").lower()
    if token in ("no", "nos"):  # "No. 5", but "said no. Then"
        return not first.isdigit()
    if token in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha() and token.isascii():
        return False  # an initial: "Dionisio A. Lind"
    # a dotted abbreviation not in the list ("U.S.A.", "ج.ا.ا."): letters of one or two
    return not re.fullmatch(r"(?:\w{1,2}\.)+\w{1,2}", token)


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end]) if start < end else None


def align_sentences(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, bool]]:
    """For each sentence of ``old``, the index in ``new`` it became and whether it is the
    same sentence (equal after :func:`kavosh.text.normalize`). Same sentences are matched in
    order first, then anywhere (a moved one); each remaining old sentence takes the remaining
    new one at its place (changed text); one left without a new sentence there folds into the
    nearest new sentence (changed too). At most one old sentence is the same as, or takes, a
    new one; several may fold into one. ``new`` must not be empty."""
    if not new:
        raise ValueError("a page cut again into no sentence: keep the old ones")
    a, b = [sentence_key(s) for s in old], [sentence_key(s) for s in new]
    found: list[tuple[int, bool] | None] = [None] * len(old)
    taken: set[int] = set()
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, _ in blocks:
        if tag == "equal":
            for k in range(i2 - i1):
                found[i1 + k] = (j1 + k, True)
                taken.add(j1 + k)
    free: dict[str, list[int]] = {}
    for j, key in enumerate(b):
        if j not in taken:
            free.setdefault(key, []).append(j)
    for i, key in enumerate(a):  # moved: the same text elsewhere on the page
        if found[i] is None and free.get(key):
            j = free[key].pop(0)
            found[i] = (j, True)
            taken.add(j)
    for tag, i1, i2, j1, j2 in blocks:
        if tag == "equal":
            continue
        olds = [i for i in range(i1, i2) if found[i] is None]
        news = [j for j in range(j1, j2) if j not in taken]
        for i, j in zip(olds, news, strict=False):
            found[i] = (j, False)
            taken.add(j)
        nearest = news[-1] if news else min(max(j1 - 1, 0), len(new) - 1)
        for i in olds[len(news):]:
            found[i] = (nearest, False)
    return [f or (0, False) for f in found]  # every one was placed in its block


def sentence_key(sentence: str) -> str:
    """What two writings of one sentence share (letters, marks, half-spaces and spacing
    unified by :func:`kavosh.text.normalize`)."""
    return " ".join(normalize(sentence).split())
