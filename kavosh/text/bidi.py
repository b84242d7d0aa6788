"""Lines of text rebuilt from glyph positions, in logical (reading) order.

A PDF says where each glyph is drawn, not in which order it is read. Producers store
right-to-left text differently: in logical order, in visual order (ReportLab users who run
``bidi.get_display``), or in pieces that follow the layout engine's runs (LibreOffice writes
each bidi run of a line as its own text object, so PDFium returns ``۱۳۹۳/۰۸/۲۵`` as
``/ / ۲۵ ۰۸ ۱۳۹۳``). PDFium's reordering is fitted to the first kind. What every producer agrees
on is *where* the glyphs are, so a line is rebuilt here from positions:

1. glyphs are grouped into clusters — a base character with its marks; the characters of one
   ligature glyph, which share a box (PDFium gives them last first in right-to-left text:
   ``ال`` for lam-alef, ``هلل`` for «الله»); pieces of a ligature drawn inside another glyph —
   and sorted left to right: the line as drawn;
2. spaces come from gaps, weighed by the text layer: a gap is a space when it is wide, or
   narrower when PDFium or the producer put a space there (PDFium guesses spaces inside words
   too; a space's own position is not reliable, its order in the text layer is);
3. the Unicode bidi algorithm is undone: a right-to-left line is read right to left except its
   left-to-right runs (Latin words with what lies between them) and its numbers, which are kept
   whole — joined as the algorithm joins them (after an Arabic letter ``/ . : ,`` join digits
   and ``-`` does not: ``61-1367249`` is drawn ``1367249-61``); in a left-to-right paragraph only
   the right-to-left runs are turned;
4. the paragraph's direction comes from where its final punctuation is drawn, else from the
   page's other lines, else from the majority of the line's letters;
5. on a table's rows (wide gaps that line up from row to row) each cell is read on its own and
   the cells are joined by a tab, or by a space after a ``label:`` cell;
6. kashida glyphs that stretch justified lines are dropped (see ``Glyph.flat``).

The mirrored brackets of a reversed line keep the code point the producer gave them; callers
fix pairs written closing-first with :func:`kavosh.text.visual.fix_inverted_pairs`.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# A gap between two glyphs (as a share of the font size) is a space when it is wider than
SPACE_SURE = 0.2  # this; or than this when PDFium put a space between them in its text
SPACE_GAP = 0.13  # (fonts placed with kerning leave gaps of an eighth of an em inside words,
DRAWN_GAP = 0.05  # where PDFium may guess a space); or than this when the producer wrote one.
# (The spaces' own positions are not reliable: their order in the text layer is.)
MARK_REACH = 0.25  # a mark this far (share of the font size) from the base before it in
# the text layer is not that base's: it goes to the base it is drawn over
OVER_SHARE = 0.5  # a mark with this share of its box over a cluster's is drawn on it
# Chromium gives the letters of an alef or lam-alef drawn with a tanwin («شخصاً», «کاملاً»)
# boxes a fraction of the glyph's width at its left edge: a gap right of a lam or alef
# narrower than this (share of the font size; the narrowest alef of the fonts here is 0.11)
# is its own ink, no space, unless the producer wrote one.
SQUEEZED = 0.09
WIDE_GAP = 0.4  # a gap this wide (share of the font size) may part two cells of a table
CELL_GAP = 3.0  # one this wide does, when it lines up with the rows around it
LATIN_CELL_GAP = 1.0  # in a left-to-right table, one this wide that overlaps another's
EDGE = 1.0  # edges this close (PDF units) are in line: one column of a table (Writer's cells
# move by tenths of a point, a browser's glyph boxes by more when a fallback font draws digits)

_FINAL = frozenset(".!?:;\u061f\u061b")  # marks that end a sentence or a label
_TRAILING = _FINAL | frozenset(",\u060c")  # ... or a clause
_DIGITS = frozenset("0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
                    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9")
_LAM = "\u0644"
_ALEFS = frozenset("\u0627\u0622\u0623\u0625\u0671")
_LAM_ALEF_PIECES = _ALEFS | {_LAM}
# Digits drawn just right of a right-to-left run in a left-to-right paragraph are read first
# in it (a number wrapped from the line above, after right-to-left words).
_NUMBER_AFTER_RUN = re.compile(r" *D[DCSE]*(?:[ CN]*$)?")
# A number as the bidi algorithm keeps it whole: after an Arabic letter its digits are
# "Arabic numbers", joined only by a common separator (``۱۳۹۳/۰۸/۲۵``, ``12:30``, but
# ``61-1367249`` is drawn ``1367249-61``); elsewhere also by ``+ -``, with ``%`` attached.
_ARABIC_NUMBER = re.compile(r"D+(?:CD+)*")
_EUROPEAN_NUMBER = re.compile(r"E*D+(?:[CS]D+)*E*")
# In a right-to-left line read right to left, a left-to-right run: from a Latin letter to the
# last Latin letter before the next right-to-left one, with a number written just after it
# (which the bidi algorithm draws inside the run: ``IRGC 2014``).
_L_RUN = re.compile(r"(?:D[DCSE]* ?)?L(?:[^RA]*L)?")
# In a left-to-right line as drawn, a right-to-left run, with a number read just after it
# (drawn at its left: ``on آبان ۱۲`` is drawn ``on ۱۲ نابآ``).
_R_RUN = re.compile(r"(?:^[ CN]*)?(?:D[DCSE]*[ CN]*)?[RA](?:[^L]*[RA])?")


@dataclass(slots=True)
class Glyph:
    """One character of a text layer: its text and its box on the page (PDF units)."""

    text: str
    left: float
    right: float
    bottom: float
    top: float
    size: float  # font size, in the same units as the box
    word: int = 0  # how many spaces and line breaks the text layer has before it ...
    drawn: int = 0  # ... and how many of those the producer wrote (not PDFium's guesses)
    flat: bool = False  # a thin stroke on the baseline (as a kashida is), for a non-letter


@lru_cache(maxsize=4096)  # per character: a page asks about the same few dozen
def _bidi_class(ch: str) -> str:
    """One letter per bidi class that matters here: ``A`` Arabic letter, ``R`` other
    right-to-left letter, ``L`` left-to-right letter, ``D`` digit (European or Arabic), ``C``
    common separator (``, . / :`` and the Arabic comma), ``S`` European separator (``+ -``),
    ``E`` a terminator (``% $ #``), ``" "`` space, ``N`` anything else."""
    return _CLASS_OF.get(unicodedata.bidirectional(ch), "N")


_CLASS_OF = {"AL": "A", "R": "R", "L": "L", "EN": "D", "AN": "D", "CS": "C", "ES": "S",
             "ET": "E", "WS": " "}


@lru_cache(maxsize=4096)
def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Cf")


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    if "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefc":
        return unicodedata.normalize("NFKC", ch)
    return ch


class _Cluster:
    """Characters drawn as one unit: a base glyph (one letter, or the letters of a ligature)
    with its marks, and the pieces of a ligature some producers draw as overlapping glyphs."""

    __slots__ = ("_text", "base", "drawn", "flat", "ink", "left", "marks", "right", "size",
                 "squeezed", "word")

    def __init__(self, glyph: Glyph) -> None:
        self.base = [_fold(glyph.text)]
        self.ink = (glyph.left, glyph.right)  # the base glyphs' box, without the marks'
        # a piece of lam-alef with a box too narrow to be its ink (see SQUEEZED)
        self.squeezed = (glyph.text in _LAM_ALEF_PIECES
                         and glyph.right - glyph.left < SQUEEZED * glyph.size)
        self.marks: list[str] = []
        self.left = glyph.left
        self.right = glyph.right
        self.size = glyph.size
        self.word = glyph.word
        self.drawn = glyph.drawn
        self.flat = glyph.flat
        self._text: str | None = None

    def near(self, mark: Glyph) -> bool:
        """Whether ``mark`` is drawn on this cluster or touching it (within a quarter of the
        font size), or has no box of its own (a ZWNJ, a direction mark)."""
        if mark.right - mark.left < 0.01:
            return True
        return max(mark.left - self.right, self.left - mark.right) <= MARK_REACH * mark.size

    def take_mark(self, mark: Glyph) -> None:
        """Add ``mark``; the cluster then spans its box too when the mark is drawn beside it
        (Chromium gives a mark a box of its own beside its letter: without it the word's
        letters stand apart like words), not when drawn over it (Writer gives the tanwin of
        «کاملاً» a box wider than its ink, reaching into the space after the word: spanning
        it, «کاملاً درست» read «کاملاًدرست»)."""
        self.marks.append(mark.text)
        width = mark.right - mark.left
        over = min(self.right, mark.right) - max(self.left, mark.left)
        if width >= 0.01 and over < OVER_SHARE * width:
            self.left, self.right = min(self.left, mark.left), max(self.right, mark.right)
        self._text = None

    def same_box(self, glyph: Glyph) -> bool:
        """Whether ``glyph`` is another character of this cluster's ligature glyph (drawn in
        the box of its base glyphs, whatever its marks)."""
        return abs(glyph.left - self.ink[0]) < 0.01 and abs(glyph.right - self.ink[1]) < 0.01

    def inside(self, left: float, right: float) -> bool:
        """Whether this cluster's base glyphs lie within ``left``–``right`` (a piece of a
        wider glyph; its marks may stick out: Chromium's tanwin on a lam-alef)."""
        return (left - 0.01 <= self.ink[0] and self.ink[1] <= right + 0.01
                and right - left > 0.1)

    def absorb(self, other: _Cluster) -> None:
        """Take ``other``'s characters (drawn inside this cluster), each letter once."""
        for ch in other.base:
            if ch not in self.base:
                self.base.append(ch)
        self.marks.extend(m for m in other.marks if m not in self.marks)
        self.left, self.right = min(self.left, other.left), max(self.right, other.right)
        self.ink = (min(self.ink[0], other.ink[0]), max(self.ink[1], other.ink[1]))
        self._text = None

    def text(self) -> str:
        if self._text is None:
            base = "".join(self.base)
            if len(base) > 1 and all(_bidi_class(ch) in "RA" for ch in base):
                # PDFium gives the letters of a right-to-left ligature glyph last first
                base = base[::-1]
            if len(base) == 2 and _LAM in base and base.replace(_LAM, "", 1) in _ALEFS:
                base = _LAM + base.replace(_LAM, "", 1)  # a lam-alef reads lam, then alef
            self._text = base + "".join(dict.fromkeys(self.marks))
        return self._text


def _clusters(glyphs: Sequence[Glyph]) -> list[_Cluster]:
    """The glyphs (in the text layer's order) grouped into clusters: a mark joins the base
    before it when drawn on or beside it, else the base it is drawn over (see
    :func:`_place_marks`), characters sharing one box join as a ligature, a glyph drawn
    inside another joins it."""
    clusters: list[_Cluster] = []
    loose: list[Glyph] = []  # marks not drawn by the base before them
    held: list[Glyph] = []  # marks given before the letter whose glyph they are part of
    for i, glyph in enumerate(glyphs):
        if not glyph.text or glyph.text.isspace():
            continue
        if _is_mark(glyph.text[0]):
            if _box_of_next(glyph, glyphs, i):
                held.append(glyph)  # Writer's أ written ا and a hamza: «تٔا» was «اتٔ»
            elif clusters and clusters[-1].near(glyph):
                clusters[-1].take_mark(glyph)
            else:
                loose.append(glyph)
            continue
        _add_base(clusters, glyph)
        for mark in held:
            clusters[-1].take_mark(mark)
        held.clear()
    _place_marks(clusters, loose + held)
    return clusters


def _box_of_next(mark: Glyph, glyphs: Sequence[Glyph], i: int) -> bool:
    """Whether the next glyph after ``glyphs[i]`` (a mark) is a letter drawn in the very box
    of the mark: one glyph whose text the producer gave mark first."""
    after = next((g for g in itertools.islice(glyphs, i + 1, None)
                  if g.text and not g.text.isspace()), None)
    return (after is not None and not _is_mark(after.text[0])
            and abs(after.left - mark.left) < 0.01 and abs(after.right - mark.right) < 0.01)


def _add_base(clusters: list[_Cluster], glyph: Glyph) -> None:
    """Add a base glyph to ``clusters``: to the last cluster when it shares its box (a
    ligature) or is drawn inside it, else as a new cluster taking those drawn inside it."""
    if clusters and clusters[-1].same_box(glyph):
        clusters[-1].base.append(_fold(glyph.text))
        return
    cluster = _Cluster(glyph)
    while clusters and clusters[-1].inside(glyph.left, glyph.right):
        cluster.absorb(clusters.pop())
    if clusters and cluster.inside(clusters[-1].left, clusters[-1].right):
        clusters[-1].absorb(cluster)
    else:
        clusters.append(cluster)


def _place_marks(clusters: list[_Cluster], marks: list[Glyph]) -> None:
    """Each mark of ``marks`` given to the cluster it is drawn over (the most overlap, else
    the nearest middle). Writer sets a line's marks apart from their letters in the text
    layer (the shadda of «أنّ» at the start of the next run), so the base before a mark in
    that order need not be its own."""
    for mark in marks:
        if not clusters:
            return
        middle = (mark.left + mark.right) / 2
        best = max(clusters, key=lambda c: (min(c.right, mark.right) - max(c.left, mark.left),
                                            -abs((c.left + c.right) / 2 - middle)))
        best.take_mark(mark)


def _space_gap(a: _Cluster, b: _Cluster) -> float:
    """The least gap (share of the font size) that is a space between ``a`` and ``b``."""
    if a.drawn != b.drawn:
        return DRAWN_GAP
    if a.squeezed:
        return 1.0  # a squeezed piece's ink goes on right of its box, into the gap
    if a.word != b.word:
        return SPACE_GAP
    if a.text()[0] in _DIGITS and b.text()[0] in _DIGITS:
        return 1.0  # digits are drawn with the widths of a fallback font: never split them
    return SPACE_SURE


def _classes(tokens: Sequence[str]) -> str:
    return "".join(_bidi_class(t[0]) for t in tokens)


def _turn(tokens: list[str], classes: str, keep: re.Pattern[str] | None,
          before: str = "") -> list[str]:
    """``tokens`` reversed, with the spans that ``keep`` finds in the reversed classes (runs
    of left-to-right letters) and the numbers turned back (``before``: the strong class that
    precedes the tokens in their paragraph, see :func:`_numbers`)."""
    tokens = tokens[::-1]
    classes = classes[::-1]
    out = list(tokens)
    kept = [m.span() for m in keep.finditer(classes)] if keep is not None else []
    for start, end in kept:
        out[start:end] = tokens[start:end][::-1]
    for start, end in _numbers(classes, kept, before):
        out[start:end] = tokens[start:end][::-1]
    return out


def _numbers(classes: str, skip: list[tuple[int, int]],
             before: str = "") -> list[tuple[int, int]]:
    """Spans of the numbers in ``classes`` (in reading order) outside the ``skip`` spans;
    ``before`` is the strong class before them in the paragraph (``A``: a number is an
    Arabic one until a letter of the line says otherwise)."""
    spans: list[tuple[int, int]] = []
    strong = before
    i = 0
    skips = iter(skip)
    next_skip = next(skips, (len(classes), len(classes)))
    while i < len(classes):
        if i == next_skip[0]:
            i, strong = next_skip[1], "L"
            next_skip = next(skips, (len(classes), len(classes)))
            continue
        kind = classes[i]
        if kind in "ARL":
            strong = kind
        elif kind in "DE":
            pattern = _ARABIC_NUMBER if strong == "A" else _EUROPEAN_NUMBER
            match = pattern.match(classes, i, next_skip[0])
            if match is not None and "D" in match.group():
                spans.append(match.span())
                i = match.end()
                continue
        i += 1
    return spans


def visual_to_logical(tokens: list[str], rtl: bool | None = None, before: str = "") -> str:
    """A line given as clusters in visual (left-to-right) order, in logical order.

    ``rtl`` is the paragraph's direction when the layout tells it (None: the line's majority
    of letters decides). A left-to-right paragraph only has its right-to-left runs turned.
    ``before``: the strong class (``A``, ``R``, ``L``) the paragraph has before the line, when
    the line goes on from the one above (a number wrapped to its start was drawn as one after
    those letters: «۴۰٪» after an Arabic letter is drawn «٪۴۰»).
    """
    classes = _classes(tokens)
    right_to_left = classes.count("R") + classes.count("A")
    if rtl is None:
        rtl = right_to_left >= max(1, classes.count("L"))
    if rtl:
        return "".join(_turn(tokens, classes, _L_RUN, before)).strip()
    if not right_to_left:
        return "".join(tokens).strip()
    out: list[str] = []
    done = 0
    for match in _R_RUN.finditer(classes):
        start, end = match.span()
        if start == 0 and classes[0] in " CN":
            # punctuation drawn left of the first run ends it (``،`` before a line break)
            # unless it is a bullet or an opening mark (``*``, ``(``) that starts the line
            lead = len(classes) - len(classes.lstrip(" CN"))
            if not all(t.isspace() or t in _TRAILING for t in tokens[:lead]):
                start = lead
        if classes[start] == "D" and classes[:start].rstrip(" CNDSE").endswith("L"):
            start = match.start() + re.search("[RA]", match.group()).start()  # type: ignore[union-attr]
        tail = _NUMBER_AFTER_RUN.match(classes, end)
        if tail is not None:
            end = tail.end()
        out.extend(tokens[done:start])
        out.extend(_turn(tokens[start:end], classes[start:end], None))
        done = end
    out.extend(tokens[done:])
    return "".join(out).strip()


@dataclass(slots=True)
class Piece:
    """A run of glyphs the text layer keeps together on one line, in its stored order."""

    glyphs: list[Glyph]

    @property
    def bottom(self) -> float:
        return min(g.bottom for g in self.glyphs)

    @property
    def top(self) -> float:
        return max(g.top for g in self.glyphs)

    @property
    def size(self) -> float:
        return max(g.size for g in self.glyphs)


class _Line:
    """One row of the page: its clusters left to right and the gaps between them."""

    def __init__(self, pieces: list[Piece]) -> None:
        glyphs = [g for piece in pieces for g in piece.glyphs]
        self.glyphs = glyphs
        self.clusters = sorted(_clusters(glyphs), key=lambda c: (c.left + c.right) / 2)
        self.size = max(max(piece.size for piece in pieces), 1.0)
        self.bottom = min(piece.bottom for piece in pieces)
        self.left = self.clusters[0].left if self.clusters else 0.0
        self.right = max((c.right for c in self.clusters), default=0.0)
        # (index of the cluster after the gap, gap's left, gap's right) for every space
        self.gaps = [(i, a.right, b.left) for i, (a, b) in
                     enumerate(zip(self.clusters, self.clusters[1:], strict=False), 1)
                     if b.left - a.right > _space_gap(a, b) * self.size]
        self.spaced = {i for i, _, _ in self.gaps}
        # gaps that stand out from the line's spaces (all of a justified line's are alike),
        # or wider than justification ever makes one
        widths = sorted(b - a for _, a, b in self.gaps)
        least = min(2 * widths[len(widths) // 2] if len(widths) > 1 else 0.0,
                    CELL_GAP * self.size)
        self.apart = [g for g in self.gaps if g[2] - g[1] >= least]
        self.wide = [g for g in self.apart if g[2] - g[1] > WIDE_GAP * self.size]
        self.cuts: set[int] = set()
        self.rtl: bool | None = None
        self.page_rtl = True  # the direction of most of the page's letters
        self.before = ""  # the strong class the paragraph has before this line (see _carried)

    def _kashida(self, i: int) -> bool:
        """Whether cluster ``i`` is a kashida (a flat stroke between two letters of a word):
        Writer stretches justified Arabic-script lines with kashida glyphs that its text
        layer maps to other characters (``:``, ``4``)."""
        clusters = self.clusters
        if not clusters[i].flat:
            return False
        before, after = i - 1, i + 1  # past the other kashidas of a stretch
        while before >= 0 and clusters[before].flat and before + 1 not in self.spaced:
            before -= 1
        while after < len(clusters) and clusters[after].flat and after not in self.spaced:
            after += 1
        return (before >= 0 and after < len(clusters)
                and not any(j in self.spaced for j in range(before + 1, after + 1))
                and _bidi_class(clusters[before].text()[0]) == "A"
                and _bidi_class(clusters[after].text()[0]) == "A")

    def ends(self) -> bool | None:
        """The paragraph direction its punctuation shows: a sentence's final mark drawn at
        the line's left end (True, right to left) or at its right end after right-to-left
        letters (False); None when neither."""
        if len(self.clusters) < 2:
            return None
        first, last = self.clusters[0].text(), self.clusters[-1].text()
        if first in _FINAL and _bidi_class(self.clusters[1].text()[0]) in "RAL":
            return True
        if last in _FINAL and _bidi_class(self.clusters[-2].text()[0]) in "RA":
            return False
        return None

    def tokens(self, start: int, end: int) -> list[str]:
        tokens: list[str] = []
        for i in range(start, end):
            cluster = self.clusters[i]
            if self._kashida(i):
                continue
            if i > start and i in self.spaced:
                tokens.append(" ")
            tokens.append(cluster.text())
        return tokens

    def direction(self) -> bool | None:
        """The paragraph direction :attr:`rtl`; for a line without letters going on from the
        one above (:attr:`before`), that one's; else None: the line's letters decide."""
        if self.rtl is None and self.before and not self.letters():
            return self.before in "AR"
        return self.rtl

    def first_word(self) -> float:
        """The width of the line's rightmost word (its first, right to left)."""
        last_gap = max((right for _, _, right in self.gaps), default=self.left)
        return self.right - last_gap

    def letters(self) -> bool:
        """Whether the line has a letter with a direction of its own."""
        return any(_bidi_class(c.text()[0]) in "ARL" for c in self.clusters)

    def text(self) -> str:
        bounds = [0, *sorted(self.cuts), len(self.clusters)]
        if len(bounds) == 2:
            return visual_to_logical(self.tokens(0, len(self.clusters)), self.direction(),
                                     self.before)
        cells = [visual_to_logical(self.tokens(a, b), self.rtl)  # each cell is a paragraph
                 for a, b in itertools.pairwise(bounds)]
        if self.rtl if self.rtl is not None else self.page_rtl:
            cells.reverse()
        return _joined_cells(cells)


def line_is_rtl(text: str) -> bool:
    """Whether a line has at least as many right-to-left letters as left-to-right ones."""
    classes = _classes(text)
    return classes.count("R") + classes.count("A") >= max(1, classes.count("L"))


def page_lines(pieces: Sequence[Piece], bands: Sequence[RuledRow] = ()) -> list[str]:
    """Pieces (in the text layer's order) as lines in logical order.

    Pieces that follow each other on one row are one line. A line's direction is the one its
    end punctuation shows (see :meth:`_Line.ends`), else the one most such lines of the page
    show (alignment does not tell: Writer sets right-to-left paragraphs flush left when their
    style says ``start``), else the majority of its letters. A wide gap that lines up with
    one on the two lines before or after is a column of a table: the cells are read one by
    one (right to left in a right-to-left row) and joined by a tab, or by a space after a
    label cell that ends with ``:``. On a page with ruled rows (``bands``, two or more holding
    text) the lines of one ruled row with cell borders are one row of cells (see
    :func:`_ruled_cells`).
    """
    lines = _lines(pieces)
    for i, line in enumerate(lines):
        for other in lines[max(0, i - 2):i] + lines[i + 1:i + 3]:
            line.cuts.update(_aligned_gaps(line, other))
    pitch = _line_pitch(lines)
    width = max((line.right for line in lines), default=0.0) - min(
        (line.left for line in lines), default=0.0)
    texts: list[str] = []  # each line's, read once: the line below may need it (_carried)
    for i, line in enumerate(lines):
        if i:
            line.before = _carried(lines[i - 1], texts[-1], line, pitch, width)
        texts.append(line.text())
    banded = _line_bands(lines, bands)
    if not _ruled(banded):
        return texts
    out: list[str] = []
    done: set[int] = set()
    for text, band in zip(texts, banded, strict=True):
        if band is None or not bands[band].cuts:
            out.append(text)
        elif band not in done:
            done.add(band)
            members = [other for other, b in zip(lines, banded, strict=True) if b == band]
            rtl = 2 * sum(bool(m.rtl if m.rtl is not None else m.page_rtl) for m in members)
            out.append(_ruled_cells(members, bands[band].cuts, rtl >= len(members)))
    return out


def table_lines(pieces: Sequence[Piece],
                bands: Sequence[RuledRow] = ()) -> list[str] | None:
    """A left-to-right page's pieces as lines with its tables' cells apart, or None when no
    table is found (the caller keeps its text as it was).

    Rows are made as :func:`page_lines` makes them. A cell gap of a left-to-right table is
    wider than ``LATIN_CELL_GAP`` (word spaces of running text are a third of that, a
    justified line's rarely reach it) and overlaps such a gap on one of the two rows before or
    after: the white column between two columns of a table. Edges need not line up, since
    numbers are set flush right and names flush left in one table. ``bands`` are the page's
    ruled rows: lines in one band are lines of one row (see :func:`_with_wrapped_cells`).
    """
    lines = _lines(pieces)
    found = False
    for i, line in enumerate(lines):
        line.rtl = False
        for other in lines[max(0, i - 2):i] + lines[i + 1:i + 3]:
            line.cuts.update(_overlapping_gaps(line, other))
        found = found or bool(line.cuts)
    banded = _line_bands(lines, bands)
    return _with_wrapped_cells(lines, bands, banded) if found or _ruled(banded) else None


@dataclass(frozen=True, slots=True)
class RuledRow:
    """A band of the page between two horizontal rules of a table (PDF units, y upwards) and
    the x of the vertical rules inside it (the borders between its cells; none when the table
    rules its rows only)."""

    bottom: float
    top: float
    cuts: tuple[float, ...] = ()


MIN_RULED_ROWS = 2  # ruled bands holding text: a table (one is a framed box)
WRAP_PITCH = 1.4  # rows closer than this (share of the font size) may be lines of one row
_Segment = tuple[float, float, float, str]  # left, right, bottom, text


def _with_wrapped_cells(lines: list[_Line], bands: Sequence[RuledRow],
                        banded: list[int | None]) -> list[str]:
    """The lines' text, with a table row whose cells wrap onto several lines read as one
    line: each cell's lines joined by a space, the cells apart by a tab.

    Lines of one cell are set at the font's leading, a table's rows further apart (cell
    padding): the page is cut into strips where two rows are more than ``WRAP_PITCH`` apart,
    and a strip of several rows is one row of the table when their runs (apart by gaps wider
    than ``LATIN_CELL_GAP``) stack into two or more columns, one of them of several runs (a
    wrapped cell), each run above or below at most one other of its column (see
    :func:`_one_row_of_cells`). The row is read where the
    strip's first line was (the text layer may go from cell to cell, up and down). Where the
    page rules its rows (``bands``), a strip never crosses a rule: some producers set a
    table's rows as close as a cell's lines, and where it also rules its columns, a band's
    text is cut into cells at those rules (:func:`_ruled_cells`), not at wide gaps (a cell's
    justified words stand as far apart as two cells)."""
    strips = _strips(lines, banded)
    out: list[str] = []
    done: set[int] = set()
    for i, line in enumerate(lines):
        if strips[i] in done:
            continue
        members = [other for k, other in enumerate(lines) if strips[k] == strips[i]]
        band = banded[i]
        if band is not None and bands[band].cuts:
            joined: str | None = _ruled_cells(members, bands[band].cuts)
        else:
            joined = _one_row_of_cells(members) if len(members) > 1 else None
        if joined is None:
            out.append(line.text())
        else:
            out.append(joined)
            done.add(strips[i])
    return out


def _strips(lines: list[_Line], banded: list[int | None]) -> list[int]:
    """Each line's strip of the page, top down: the lines of one ruled band (``banded``:
    each line's, see :func:`_line_bands`), else rows no more than ``WRAP_PITCH`` apart (a
    ruled cell may centre its lines far apart)."""
    order = sorted(range(len(lines)), key=lambda i: -lines[i].bottom)
    strips = [0] * len(lines)
    strip = 0
    for before, i in itertools.pairwise(order):
        if banded[before] != banded[i]:
            strip += 1
        elif banded[i] is None:
            gap = lines[before].bottom - lines[i].bottom
            strip += gap > WRAP_PITCH * max(lines[before].size, lines[i].size)
        strips[i] = strip
    return strips


def _line_bands(lines: list[_Line], bands: Sequence[RuledRow]) -> list[int | None]:
    """Each line's ruled band (:func:`_band`)."""
    return [_band(line, bands) for line in lines]


def _ruled(banded: list[int | None]) -> bool:
    """Whether the page's lines sit in ``MIN_RULED_ROWS`` ruled bands or more: a table."""
    return len(set(banded) - {None}) >= MIN_RULED_ROWS


def _band(line: _Line, bands: Sequence[RuledRow]) -> int | None:
    """The index of the ruled band holding the middle of the line's text, or None."""
    middle = line.bottom + 0.35 * line.size  # the x-height's middle above the baseline box
    return next((k for k, band in enumerate(bands) if band.bottom < middle < band.top), None)


def _ruled_cells(lines: list[_Line], cuts: tuple[float, ...], rtl: bool = False) -> str:
    """The lines of one ruled row as its cells (right to left in a right-to-left row), joined
    as :meth:`_Line.text` joins cells: each glyph goes to the column between the rules its
    middle lies between, a cell's glyphs are cut into its own lines by their baselines (a
    row's cells need not share baselines: the text layer's runs may join a cell's second line
    with the next cell's first) and joined top down by a space."""
    columns: list[list[Glyph]] = [[] for _ in range(len(cuts) + 1)]
    for line in lines:
        for glyph in line.glyphs:
            columns[bisect.bisect(cuts, (glyph.left + glyph.right) / 2)].append(glyph)
    if rtl:
        columns.reverse()
    return _joined_cells([" ".join(_cell_lines(cell)) for cell in columns])


def _joined_cells(cells: list[str]) -> str:
    """Cells in reading order joined by a tab, or by a space after a label cell that ends
    with ``:``."""
    out = cells[0]
    for cell in cells[1:]:
        out += (" " if out.endswith(":") else "\t") + cell
    return out


def _cell_lines(glyphs: list[Glyph]) -> list[str]:
    """One cell's glyphs (in the text layer's order) as its lines of text, top down (bottoms
    within half the font size are one line). Each line's glyphs stay in the text layer's
    order: a mark or a ZWNJ belongs to the letter before it in that order, which is not the
    glyph left of it in a right-to-left word («طبقه‌بندی», not «طبقهب‌ندی»)."""
    layer = {id(glyph): i for i, glyph in enumerate(glyphs)}
    rows: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: -g.bottom):
        if rows and rows[-1][0].bottom - glyph.bottom <= 0.5 * glyph.size:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    texts = []
    for row in rows:
        line = _Line([Piece(sorted(row, key=lambda g: layer[id(g)]))])
        tokens = line.tokens(0, len(line.clusters))
        text = visual_to_logical(tokens, line_is_rtl("".join(tokens))).strip()
        if text:
            texts.append(text)
    return texts


def _one_row_of_cells(lines: list[_Line]) -> str | None:
    """The lines as one row of cells (see :func:`_with_wrapped_cells`), or None."""
    segments = [s for line in lines for s in _segments(line)]
    rows = _rows_of(segments, min(line.size for line in lines))
    if len(set(rows)) < 2:
        return None
    columns: list[list[int]] = []  # indexes of segments, columns left to right
    for i in sorted(range(len(segments)), key=lambda i: segments[i][0]):
        left, right = segments[i][:2]
        touched = [c for c in columns if any(
            min(right, segments[j][1]) > max(left, segments[j][0]) for j in c)]
        if len(touched) > 1 or (touched and any(rows[j] == rows[i] for j in touched[0])):
            return None  # a run over two columns, or two runs of one row in one column
        if touched:
            touched[0].append(i)
        else:
            columns.append([i])
    if len(columns) < 2 or all(len(c) == 1 for c in columns):
        return None  # running text (one column), or rows side by side with nothing wrapped
    cells = [" ".join(segments[j][3] for j in sorted(c, key=lambda j: (rows[j], segments[j][0])))
             for c in columns]
    return "\t".join(cells)


def _segments(line: _Line) -> list[_Segment]:
    """The line's runs apart by gaps wider than ``LATIN_CELL_GAP`` (cells, or a cell's
    line), left to right."""
    least = LATIN_CELL_GAP * line.size
    bounds = [0, *(i for i, a, b in line.gaps if b - a > least), len(line.clusters)]
    return [(line.clusters[a].left, max(c.right for c in line.clusters[a:b]), line.bottom,
             visual_to_logical(line.tokens(a, b), False))
            for a, b in itertools.pairwise(bounds)]


def _rows_of(segments: list[_Segment], size: float) -> list[int]:
    """Each segment's row, counted from the top (bottoms within half the font size are one
    row)."""
    bottoms = sorted({s[2] for s in segments}, reverse=True)
    rank: dict[float, int] = {}
    row = 0
    for k, bottom in enumerate(bottoms):
        if k and bottoms[k - 1] - bottom > 0.5 * size:
            row += 1
        rank[bottom] = row
    return [rank[s[2]] for s in segments]


def _lines(pieces: Sequence[Piece]) -> list[_Line]:
    """Pieces (in the text layer's order) as the page's rows, each with its direction."""
    rows: list[list[Piece]] = []
    for piece in pieces:
        if not piece.glyphs:
            continue
        if rows and _one_row(rows[-1][-1], piece):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = [line for line in map(_Line, rows) if line.clusters]
    shown = [line.ends() for line in lines]
    votes = [v for v in shown if v is not None]
    default = None if not votes else 2 * sum(votes) >= len(votes)
    page_rtl = line_is_rtl("".join(c.text() for line in lines for c in line.clusters))
    for i, line in enumerate(lines):
        line.page_rtl = page_rtl
        line.rtl = shown[i] if shown[i] is not None else default
    return lines


CARRY_PITCH = 1.25  # a line at most this many of the page's line pitches below another
CARRY_SPACING = 2.0  # goes on its paragraph; or this many font sizes, on a page of two lines


def _line_pitch(lines: list[_Line]) -> float | None:
    """The page's usual distance between a line and the next (the lower median), None on a
    page of fewer than three lines. Fonts differ in line height (Noto Sans Arabic's is 2.2
    font sizes), so this, not the font size, says what a paragraph's line spacing is."""
    pitches = [a.bottom - b.bottom for a, b in itertools.pairwise(lines)
               if a.bottom - b.bottom > 0]
    return statistics.median_low(pitches) if len(pitches) > 1 else None


def _carried(above: _Line, read: str, line: _Line, pitch: float | None, width: float) -> str:
    """The last strong class of ``above`` (``read``: its text) when ``line`` goes on its
    paragraph, wrapped there by the producer: the next line in the text layer, just below it
    (:data:`CARRY_PITCH` of the page's ``pitch``), ``above`` right to left, as wide as the
    page's text (``width``) but for less than ``line``'s first word and an em (the word that
    did not fit) and not ending a sentence, ``line`` not left to right, neither a row of
    cells; else ``""``. A line after a forced break starts a paragraph of its own as
    LibreOffice draws it (its number is drawn as one that follows no letter)."""
    if above.cuts or line.cuts or line.rtl is False:
        return ""
    if width - (above.right - above.left) > line.first_word() + max(above.size, line.size):
        return ""
    limit = (CARRY_PITCH * pitch if pitch is not None
             else CARRY_SPACING * max(above.size, line.size))
    if not 0 < above.bottom - line.bottom <= limit:
        return ""
    text = read.rstrip()
    if not text or text[-1] in _FINAL or not (
            above.rtl if above.rtl is not None else line_is_rtl(text)):
        return ""
    return next((c for c in map(_bidi_class, reversed(text)) if c in "ARL"), "")


def _one_row(a: Piece, b: Piece) -> bool:
    """Whether two pieces share most of their height (a raised mark does not start a row)."""
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    return overlap > 0.5 * min(a.top - a.bottom, b.top - b.bottom)


def _aligned_gaps(line: _Line, other: _Line) -> list[int]:
    """The wide gaps of ``line`` that stand out from its spaces and line up (either edge)
    with a gap that stands out on ``other``: a column of a table."""
    return [i for i, a, b in line.wide
            if any(abs(a - c) < EDGE or abs(b - d) < EDGE for _, c, d in other.apart)]


def _overlapping_gaps(line: _Line, other: _Line) -> list[int]:
    """The gaps of ``line`` wider than ``LATIN_CELL_GAP`` that overlap such a gap on
    ``other`` (the white space between two columns of a left-to-right table)."""
    least, other_least = LATIN_CELL_GAP * line.size, LATIN_CELL_GAP * other.size
    wide = [(c, d) for _, c, d in other.gaps if d - c > other_least]
    return [i for i, a, b in line.gaps
            if b - a > least and any(min(b, d) - max(a, c) > 0 for c, d in wide)]
