"""PDF through PDFium (pypdfium2): one page of text per PDF page, in logical reading order.

Contract:

- one :class:`PageText` per page, numbered from 1, read page by page (each page and its text
  page closed before the next is opened);
- a page with negligible text (fewer than ``MIN_CHARS`` non-space characters) that shows an
  image or nothing at all is marked ``needs_ocr`` with empty text (a scan);
- a password-protected PDF → ``IngestError("the PDF is password-protected; …")``; a damaged
  one → ``IngestError("the PDF is damaged or not a PDF: …")``;
- metadata: ``title``, ``author``, ``subject``, ``keywords``, ``creator``, ``producer``,
  ``created``/``modified`` (ISO 8601 when the PDF date parses), ``page_count``, ``pdf_version``;
- at most ``limits.max_pages`` pages are read; ``metadata["truncated"]`` says so;
- a page PDFium cannot load stays an empty page, listed in ``metadata["damaged_pages"]``;
- right-to-left text is read in logical order whatever the producer stored: lines are
  rebuilt from the glyphs' positions (:mod:`kavosh.text.bidi`), table rows read cell by cell
  with tabs between cells; pages whose text differs from PDFium's own are listed in
  ``metadata["reordered_pages"]``;
- left-to-right pages keep PDFium's text, unless the text layer's runs show a table (several
  rows with runs a cell gap apart): then its rows are rebuilt from the glyphs' positions, one
  row a line, cells left to right with tabs between them, a cell's wrapped lines joined within
  it (:func:`kavosh.text.bidi.table_lines`);
- marks whose text Ghostscript mangled (a unit packing a letter's and a mark's low bytes, an
  ASCII character drawn over an Arabic letter) are dropped, as normalisation drops marks;
- embedded files become children through ``ctx.add_child``, like e-mail attachments: those of
  the ``/EmbeddedFiles`` name tree named by their file name, those of file-attachment
  annotations ``page-N/<file name>`` (``attachment-N`` when unnamed);
  ``metadata["attachment_count"]``. They are bound like a container's members: at
  ``limits.max_depth`` none is extracted, past ``limits.max_members`` the rest are left out,
  and one whose decoded size passes ``max(limits.ratio_floor, PDF size × limits.max_ratio)``
  — or that brings all of them together past that — fails as a bomb; each failure is a child
  with the reason.

PDFium is not thread-safe: every call into it here holds one module lock.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import itertools
import math
import mmap
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Probe
from kavosh.ingest.containers import bomb_reason, container_limit, member_name
from kavosh.ingest.sniff import PDF
from kavosh.model import PageText
from kavosh.text.bidi import (
    LATIN_CELL_GAP,
    MIN_RULED_ROWS,
    Glyph,
    Piece,
    RuledRow,
    page_lines,
    table_lines,
)
from kavosh.text.visual import (
    fix_inverted_pairs,
    fix_ltr_word_order,
    fix_neutral_placement,
    fix_split_units,
    has_rtl,
    looks_visual,
    split_unit,
    to_logical,
)

VERSION = f"1+pdfium.{getattr(pdfium.PDFIUM_INFO, 'build', 0)}"
MIN_CHARS = 10
MAX_RENDER_WIDTH = 4000
MAX_RENDER_HEIGHT = 8000

_LOCK = threading.RLock()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")
_PDF_DATE = re.compile(
    r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?"
)
_META_KEYS = {
    "Title": "title", "Author": "author", "Subject": "subject", "Keywords": "keywords",
    "Creator": "creator", "Producer": "producer", "CreationDate": "created",
    "ModDate": "modified",
}


@contextmanager
def open_pdf(source: Path) -> Iterator[pdfium.PdfDocument]:
    """Open a PDF (holding the PDFium lock) and close it afterwards; errors become reasons."""
    with _LOCK:
        try:
            document = pdfium.PdfDocument(source)
        except pdfium.PdfiumError as error:
            code = getattr(error, "err_code", None)
            if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise IngestError(
                    "the PDF is password-protected; its text cannot be read without the password"
                ) from None
            raise IngestError(f"the PDF is damaged or not a PDF: {error}") from None
        try:
            yield document
        finally:
            document.close()


DECIDING_CHARS = 1000


class _Order:
    """How the document's right-to-left text is read, decided on its first page that has
    enough of it (a producer writes every page the same way): ``"glyphs"`` — rebuilt from the
    glyphs' positions — or ``"pdfium"`` — PDFium's own order, which is cheaper and is taken
    when the page's first ``DECIDING_CHARS`` characters read the same both ways."""

    way: str | None = None

def page_text(page: pdfium.PdfPage, order: _Order | None = None) -> tuple[str, bool, bool]:
    """The page's text, whether it needs OCR and whether its order was repaired.

    Pages with right-to-left text are rebuilt line by line from the glyphs' positions (see
    :mod:`kavosh.text.bidi`), which reads right whatever order the producer stored the text
    in; when a document's first such page shows that PDFium's own order gives the same text,
    the rest of the document takes PDFium's (with the repairs of :mod:`kavosh.text.visual`).
    ``order`` carries that decision from page to page. Left-to-right pages are PDFium's text,
    or rebuilt the same way when their text layer shows a table.
    """
    textpage = page.get_textpage()
    try:
        text = _MANGLED.sub(_unmangled, fix_split_units(textpage.get_text_range()))
        text, repaired = _logical_order(text, textpage, order or _Order(), page)
    finally:
        textpage.close()
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len("".join(text.split())) >= MIN_CHARS:
        return text, False, repaired
    has_object = False
    for obj in page.get_objects(max_depth=3):
        has_object = True
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return "", True, False
    if not has_object:
        return "", True, False
    return text, False, repaired


def _logical_order(text: str, textpage: pdfium.PdfTextPage, order: _Order,
                   page: pdfium.PdfPage | None = None) -> tuple[str, bool]:
    if not has_rtl(text):
        return _latin_tables(text, textpage, page)
    pieces: list[Piece] | None = None
    fixed = ""
    bands = [] if page is None else ruled_rows(page)
    if order.way != "glyphs" and len(bands) < MIN_RULED_ROWS:  # a ruled table: glyphs
        fixed = _pdfium_order(text, textpage)
        if order.way is None:
            pieces = _pieces(textpage, DECIDING_CHARS)
            if pieces is None:
                return fixed, fixed != text
            sample = [line.split() for line in page_lines(pieces)]
            lines = [line.split() for line in fixed.split("\n") if line.strip()]
            same = sample == lines[:len(sample)]
            if sum(len(piece.glyphs) for piece in pieces) >= DECIDING_CHARS:
                order.way = "pdfium" if same else "glyphs"  # enough to tell
                pieces = None  # only the page's beginning was read
            elif same:  # a short page, read whole
                return fixed, fixed != text
        if order.way == "pdfium":
            return fixed, fixed != text
    pieces = pieces or _pieces(textpage)
    rebuilt = "" if pieces is None else fix_inverted_pairs("\n".join(page_lines(pieces, bands)))
    if pieces is None or not _plausible(rebuilt, text):
        fixed = fixed or _pdfium_order(text, textpage)
        return fixed, fixed != text
    return rebuilt, rebuilt.split() != text.split()


TABLE_ROWS = 2  # rows with a wide gap between two of the text layer's runs: maybe a table
RUNS_PER_LINE = 1.25  # fewer runs than this per line of PDFium's text: running text
# (a table whose cells wrap has lines of one run: the second line of a cell)


def _latin_tables(text: str, textpage: pdfium.PdfTextPage,
                  page: pdfium.PdfPage | None = None) -> tuple[str, bool]:
    """A left-to-right page's text, with its tables' rows on one line each and their cells
    apart by tabs (see :func:`kavosh.text.bidi.table_lines`; the rows ruled on ``page``, see
    :func:`ruled_rows`), and whether its words moved; PDFium's text as it is when the page
    shows no table (running text keeps its text and almost its cost)."""
    bands: list[RuledRow] = [] if page is None else ruled_rows(page)
    if len(bands) < MIN_RULED_ROWS and not _may_hold_table(textpage, text.count("\n") + 1):
        return text, False
    pieces = _pieces(textpage)
    lines = None if pieces is None else table_lines(pieces, bands)
    rebuilt = "" if lines is None else "\n".join(lines)
    if lines is None or not _plausible(rebuilt, text):
        return text, False
    return rebuilt, rebuilt.split() != text.split()


RULE = 3.0  # points: a path thinner than this is a rule (a line), else a box
MIN_RULE = 6.0  # points: shorter rules are marks (a bullet, a tick), not a table's lines
SAME_Y = 1.5  # points: rules this close are one (a cell's bottom and the next one's top)


def ruled_rows(page: pdfium.PdfPage) -> list[RuledRow]:
    """The bands between consecutive horizontal rules of the page that overlap across (the
    rows of its ruled tables), each with the vertical rules inside it (its cells' borders).
    Rules are thin paths and the edges of boxes (fpdf2 and many report writers draw each cell
    as a box, ReportLab and Writer draw its borders as lines). A cell's lines are set as close
    as a table's rows by some producers (fpdf2's ``table()``), so only the rules tell the rows
    apart. The white between two boxes side by side, which no rule above or below crosses,
    is no cell: one border there.
    """
    across: list[tuple[float, float, float]] = []  # y, left, right
    down: list[tuple[float, float, float]] = []  # x, bottom, top
    for count, (left, bottom, right, top) in enumerate(_path_bounds(page)):
        if count >= MAX_PATHS:  # a drawing (a map, a chart), or a hostile page: no table
            return []
        wide, tall = right - left >= MIN_RULE, top - bottom >= MIN_RULE
        if wide and top - bottom <= RULE:
            across.append(((top + bottom) / 2, left, right))
        elif tall and right - left <= RULE:
            down.append(((left + right) / 2, bottom, top))
        elif wide and tall:
            across += [(bottom, left, right), (top, left, right)]
            down += [(left, bottom, top), (right, bottom, top)]
    rows: list[RuledRow] = []
    for (low, below), (high, above) in itertools.pairwise(_merged(across)):
        if any(min(b, d) - max(a, c) > MIN_RULE for a, b in below for c, d in above):
            inside = [x for x, spans in _merged(down)
                      if any(a <= low + SAME_Y and b >= high - SAME_Y for a, b in spans)]
            rows.append(RuledRow(low, high, _borders(inside, below + above)[1:-1]))
    return rows


def _path_bounds(page: pdfium.PdfPage) -> Iterator[tuple[float, float, float, float]]:
    """The boxes (left, bottom, right, top) of the page's paths, those inside forms too,
    through PDFium's C calls (a text page holds thousands of objects: wrapping each in Python
    would cost more than the rest of this look)."""
    edges = [ctypes.c_float() for _ in range(4)]
    pointers = [ctypes.byref(edge) for edge in edges]
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    objects = (pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(count))
    yield from _bounds_of(objects, edges, pointers, 0)


def _bounds_of(objects: Iterator[Any], edges: list[ctypes.c_float], pointers: list[Any],
               depth: int) -> Iterator[tuple[float, float, float, float]]:
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if pdfium_c.FPDFPageObj_GetBounds(obj, *pointers):
                yield edges[0].value, edges[1].value, edges[2].value, edges[3].value
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < FORM_DEPTH:
            inner = pdfium_c.FPDFFormObj_CountObjects(obj)
            yield from _bounds_of((pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(inner)),
                                  edges, pointers, depth + 1)


FORM_DEPTH = 2  # forms within forms looked into for rules
MAX_PATHS = 5_000  # paths on a page past which it is a drawing, not a table
_Spans = list[tuple[float, float]]


def _merged(edges: list[tuple[float, float, float]]) -> list[tuple[float, _Spans]]:
    """Rules at (nearly) one position as one: the position and the spans ruled there (spans
    that touch or overlap joined: a row's rule drawn cell by cell is one span)."""
    merged: list[tuple[float, _Spans]] = []
    for at, start, end in sorted(edges):
        if merged and at - merged[-1][0] <= SAME_Y:
            merged[-1][1].append((start, end))
        else:
            merged.append((at, [(start, end)]))
    return [(at, _union(spans)) for at, spans in merged]


def _union(spans: _Spans) -> _Spans:
    """Spans that touch or overlap (within ``SAME_Y``) as one, left to right."""
    out: _Spans = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + SAME_Y:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _borders(rules: list[float], ruled: _Spans) -> tuple[float, ...]:
    """The x of the borders between cells: two rules with no rule across between them (above
    or below: the ``ruled`` spans) are one border, halfway."""
    borders: list[float] = rules[:1]
    for before, at in itertools.pairwise(rules):
        middle = (before + at) / 2
        if any(a < middle < b for a, b in ruled):
            borders.append(at)
        else:
            borders[-1] = middle
    return tuple(borders)


def _may_hold_table(textpage: pdfium.PdfTextPage, lines: int) -> bool:
    """Whether at least ``TABLE_ROWS`` rows of the text layer's runs (PDFium's rectangles, one
    per text object on a line) have two runs apart by a cell gap: a cheap look before reading
    every character's box. Running text has about one run a line (a page with fewer than
    ``RUNS_PER_LINE`` is not looked at further), or runs a space apart."""
    count = pdfium_c.FPDFText_CountRects(textpage, 0, -1)
    if count < RUNS_PER_LINE * lines:
        return False
    values = [ctypes.c_double() for _ in range(4)]
    left, top, right, bottom = values
    pointers = [ctypes.byref(value) for value in values]
    rows = 0
    row: list[tuple[float, float]] = []
    row_top = row_bottom = 0.0
    for index in range(count + 1):
        if index < count:
            pdfium_c.FPDFText_GetRect(textpage, index, *pointers)
            high, low = top.value, bottom.value
            if row and min(high, row_top) - max(low, row_bottom) > \
                    0.5 * min(high - low, row_top - row_bottom):
                row.append((left.value, right.value))
                continue
        if len(row) > 1:
            row.sort()
            least = LATIN_CELL_GAP * (row_top - row_bottom)
            rows += any(b[0] - a[1] > least for a, b in itertools.pairwise(row))
            if rows >= TABLE_ROWS:
                return True
        row = [(left.value, right.value)]
        row_top, row_bottom = high, low
    return False


def _plausible(rebuilt: str, text: str) -> bool:
    """Whether the rebuilt page keeps PDFium's characters (kashidas aside) and about its
    number of lines."""
    kept = len("".join(rebuilt.split()))
    return (kept >= 0.9 * len("".join(text.split()))
            and rebuilt.count("\n") <= 2 * text.count("\n") + 5)


def _pdfium_order(text: str, textpage: pdfium.PdfTextPage) -> str:
    """PDFium's text with the repairs fitted to it: a layer stored fully reversed, Latin
    phrases whose words PDFium returns in reverse order (checked against the characters'
    positions, so a correct layer is never changed), separators beside numbers."""
    if looks_visual(text):
        return to_logical(text)

    def left_edge(index: int) -> float | None:
        try:
            return float(textpage.get_charbox(index)[0])
        except (pdfium.PdfiumError, IndexError, ValueError):
            return None

    return fix_neutral_placement(fix_inverted_pairs(fix_ltr_word_order(text, left_edge)))


class _Boxes:
    """PDFium's per-character calls on one text page, with the buffers they fill made once
    (a page asks for thousands of boxes; ctypes objects cost more than the calls)."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.raw = textpage.raw  # the handle itself: the wrapper converts on every call
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.ink = [ctypes.c_double() for _ in range(4)]
        self.ink_refs = [ctypes.byref(value) for value in self.ink]

    def ink_box(self, index: int) -> bool:
        """Fill ``ink`` (left, right, bottom, top) with the character's tight box; False when
        PDFium has none."""
        return bool(pdfium_c.FPDFText_GetCharBox(self.raw, index, *self.ink_refs))

    def flat(self, index: int, size: float) -> bool:
        """Whether the character's ink is a thin stroke (a kashida, a hyphen, a period)."""
        left, right, bottom, top = self.ink
        if not self.ink_box(index):
            return False
        return right.value > left.value and 0.03 * size < top.value - bottom.value < 0.12 * size

    def turned(self, index: int) -> bool:
        angle = pdfium_c.FPDFText_GetCharAngle(self.raw, index)
        return 0.01 < angle < 2 * math.pi - 0.01


def _pieces(textpage: pdfium.PdfTextPage, limit: int | None = None) -> list[Piece] | None:
    """The page's characters with their boxes, cut into the runs PDFium keeps on one line
    (with ``limit``: the runs up to the first line break after that many characters); None
    when a run is rotated (PDFium's own order is taken for such a page).

    Loose boxes (the font's advance and line height) are used: glyphs of one word touch, so a
    gap between them may be a space. Spaces themselves are left out (PDFium invents some, at
    places that do not always match the glyphs, even inside words); each glyph counts the
    spaces before it, all of them and those the producer drew. Characters outside the Arabic
    block say whether their ink is flat: Writer maps the kashida glyphs that stretch a
    justified line to whatever character (``:``, ``4``, ``Q``, ``?``, a space).
    """
    calls = _Boxes(textpage)
    raw, rect, box = calls.raw, calls.rect, calls.rect_ref
    count = pdfium_c.FPDFText_CountChars(raw)
    unicode_of = pdfium_c.FPDFText_GetUnicode
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    size_of = pdfium_c.FPDFText_GetFontSize
    pieces: list[Piece] = []
    glyphs: list[Glyph] = []
    ascii_at: list[tuple[Glyph, int]] = []  # ASCII characters and their indexes
    word = drawn = 0
    for index in range(count):
        code = unicode_of(raw, index)
        if code in (10, 13):
            word += 1
            drawn += 1
            if glyphs:
                pieces.append(Piece(glyphs))
                glyphs = []
                if limit is not None and (limit := limit - len(pieces[-1].glyphs)) <= 0:
                    return pieces
            continue
        size = size_of(raw, index)
        if code <= 32 or code == 0xA0:
            if size > 1.0 and loose_box(raw, index, box) and calls.flat(index, size):
                code = 0x640  # a kashida that Writer's text layer calls a space
            else:
                word += 1
                drawn += size > 1.0  # PDFium's own spaces have no font (size 1)
                continue
        elif code in (0xFFFE, 0xFFFF) or not loose_box(raw, index, box):
            continue
        char = chr(code)
        if 0x2100 <= code <= 0xCCFF:  # maybe a unit Ghostscript mangled (fix_split_units)
            near = [ord(glyphs[-1].text[-1]) if glyphs else 0, unicode_of(raw, index + 1)]
            if _mangled_mark(code, near):
                continue
            char = split_unit(code, near)
            code = ord(char[0])
        flat = not 0x600 <= code <= 0x6FF and calls.flat(index, size)
        if not glyphs and calls.turned(index):
            return None  # rotated text: its lines do not run left to right
        glyphs.append(Glyph(char, rect.left, rect.right, rect.bottom, rect.top, size,
                            word, drawn, flat))
        if code < 0x80:
            ascii_at.append((glyphs[-1], index))
    if glyphs:
        pieces.append(Piece(glyphs))
    return _without_stray_marks(pieces, calls, ascii_at)


# Ghostscript (see kavosh.text.visual.split_unit) also mangles the text of a letter that
# carries a mark (LibreOffice gives آُ to the damma's glyph): the letter's unit is followed by
# one packing the letter's low byte with the mark's (``آ`` and ``≎``), and the mark's glyph
# gets a stray ASCII character (``#``, ``P``: it depends on the font) drawn over the letter.
# Marks are dropped by normalisation anyway; such debris split the word (``≎آ#یا``, «آُیا»).
_MARKS = frozenset(range(0x64B, 0x660)) | {0x670}


_MANGLED = re.compile("[\u2100-\uccff]")


def _mangled_mark(code: int, near: list[int]) -> bool:
    """Whether ``code`` is a mark packed by Ghostscript with the letter beside it."""
    return 0x600 | (code >> 8) in near and 0x600 | (code & 0xFF) in _MARKS


def _unmangled(match: re.Match[str]) -> str:
    """A :data:`_MANGLED` character of PDFium's text: dropped when it is a packed mark."""
    text, i = match.string, match.start()
    near = [ord(text[j]) for j in (i - 1, i + 1) if 0 <= j < len(text)]
    return "" if _mangled_mark(ord(match.group()), near) else match.group()


def _without_stray_marks(pieces: list[Piece], calls: _Boxes,
                         ascii_at: list[tuple[Glyph, int]]) -> list[Piece]:
    """``pieces`` less the ASCII characters (``ascii_at``: glyph and index) whose ink lies
    over an Arabic-script letter, within its width and above its top: a mark whose text a
    producer lost (Latin letters and punctuation stand beside a letter, never on top)."""
    letters = sorted((g for piece in pieces for g in piece.glyphs
                      if 0x620 <= ord(g.text[0]) <= 0x6FF), key=lambda g: g.left) \
        if ascii_at else []
    if not letters:
        return pieces
    lefts = [g.left for g in letters]

    def over_letter(glyph: Glyph, index: int) -> bool:
        if not calls.ink_box(index):
            return False
        left, right, bottom = (value.value for value in calls.ink[:3])
        start = bisect.bisect_left(lefts, left - 3 * glyph.size)
        stop = bisect.bisect_right(lefts, left + 0.5)
        return any(right <= g.right + 0.5 and g.top - 0.25 * g.size <= bottom
                   and glyph.bottom < g.top for g in letters[start:stop])

    stray = {id(glyph) for glyph, index in ascii_at if over_letter(glyph, index)}
    if not stray:
        return pieces
    kept = [Piece([g for g in piece.glyphs if id(g) not in stray]) for piece in pieces]
    return [piece for piece in kept if piece.glyphs]


def pdf_date(value: str) -> str | None:
    """A PDF date (``D:20231231120000+03'30'``) as ISO 8601, or None when it does not parse."""
    match = _PDF_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, tz_h, tz_m = match.groups()
    iso = f"{year}-{month or '01'}-{day or '01'}T{hour or '00'}:{minute or '00'}:{second or '00'}"
    if sign in ("Z", "z"):
        iso += "Z"
    elif sign in ("+", "-"):
        iso += f"{sign}{tz_h or '00'}:{tz_m or '00'}"
    return iso


def _metadata(document: pdfium.PdfDocument) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    try:
        raw = document.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
        raw = {}
    for key, value in raw.items():
        name = _META_KEYS.get(key)
        if name is None or not isinstance(value, str):
            continue
        value = _CONTROL.sub("", value).strip()[:2000]
        if not value:
            continue
        if name in ("created", "modified"):
            metadata[name] = pdf_date(value) or value
        else:
            metadata[name] = value
    version = document.get_version()
    if version:
        metadata["pdf_version"] = f"{version // 10}.{version % 10}"
    return metadata


FONT_PAGES = 5  # pages whose fonts are listed: a producer's fonts show on the first ones
MAX_FONTS = 50


def _making(document: pdfium.PdfDocument, source: Path) -> dict[str, Any]:
    """How the file was made, beyond its info dictionary (read by the verification metadata
    check): ``pdf_revisions``, how many times it was saved (each incremental save appends a
    section ending in ``%%EOF``; a linearized file's first-page section is not a save), and
    ``fonts``, the base names of the fonts the first :data:`FONT_PAGES` pages draw text with
    (``fonts_not_embedded``: those the file does not carry)."""
    made: dict[str, Any] = {}
    try:
        with source.open("rb") as handle, mmap.mmap(handle.fileno(), 0,
                                                     access=mmap.ACCESS_READ) as data:
            saves = _count(data, b"%%EOF") - int(data.find(b"/Linearized", 0, 1024) >= 0)
        if saves > 1:
            made["pdf_revisions"] = saves
    except (OSError, ValueError):  # an empty file cannot be mapped
        pass
    fonts: dict[str, bool] = {}
    for index in range(min(len(document), FONT_PAGES)):
        try:
            page = document[index]
        except pdfium.PdfiumError:
            continue
        try:
            for item in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=3):
                font = pdfium_c.FPDFTextObj_GetFont(item.raw)
                if font and len(fonts) < MAX_FONTS:
                    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
                    buffer = ctypes.create_string_buffer(max(size, 1))
                    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
                    name = _CONTROL.sub("", buffer.value.decode("utf-8", "replace"))[:200]
                    fonts[name] = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
        finally:
            page.close()
    if fonts:
        made["fonts"] = sorted(fonts)
        if not all(fonts.values()):
            made["fonts_not_embedded"] = sorted(n for n, kept in fonts.items() if not kept)
    return made


def _count(data: mmap.mmap, needle: bytes) -> int:
    count, at = 0, data.find(needle)
    while at >= 0:
        count, at = count + 1, data.find(needle, at + len(needle))
    return count


class PdfIngestor:
    """PDF files: text layer per page; pages without one are marked for OCR."""

    name = "pdf"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 1.0 if probe.mime == PDF else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        pages: list[PageText] = []
        with open_pdf(source) as document:
            count = len(document)
            metadata = _metadata(document)
            metadata["page_count"] = count
            metadata.update(_making(document, source))  # for the metadata check (issue 16)
            limit = min(count, ctx.limits.max_pages)
            if limit < count:
                metadata["truncated"] = (
                    f"only the first {limit:,} of {count:,} pages were read (page limit)"
                )
            damaged: list[int] = []
            reordered: list[int] = []
            order = _Order()
            attached = _Attachments(document, ctx, source.stat().st_size)
            attached.from_name_tree()
            for index in range(limit):
                try:
                    page = document[index]
                except pdfium.PdfiumError:
                    damaged.append(index + 1)  # kept as an empty page so numbering holds
                    text, needs_ocr = "", False
                else:
                    try:
                        text, needs_ocr, repaired = page_text(page, order)
                        attached.from_annotations(page, index + 1)
                    finally:
                        page.close()
                    if repaired:
                        reordered.append(index + 1)
                pages.append(PageText(number=index + 1, text=text, engine=self.name,
                                      engine_version=self.version, needs_ocr=needs_ocr))
            if damaged:
                metadata["damaged_pages"] = damaged
            if reordered:
                metadata["reordered_pages"] = reordered  # text put back in reading order
            if attached.count:
                metadata["attachment_count"] = attached.count
        return IngestResult(mime=PDF, pages=pages, metadata=metadata)


class _Attachments:
    """Files embedded in one PDF, stored as its children within the container bounds (see
    the module's contract). Called with the PDFium lock held."""

    def __init__(self, document: pdfium.PdfDocument, ctx: IngestContext, size: int) -> None:
        self.document = document
        self.ctx = ctx
        self.size = size
        self.limit = container_limit(size, ctx.limits)
        self.total = 0
        self.count = 0

    def from_name_tree(self) -> None:
        try:
            count = self.document.count_attachments()
        except pdfium.PdfiumError:
            return
        for index in range(count):
            raw = pdfium_c.FPDFDoc_GetAttachment(self.document, index)
            if raw:
                self._take(raw, "")

    def from_annotations(self, page: pdfium.PdfPage, number: int) -> None:
        for index in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
            annot = pdfium_c.FPDFPage_GetAnnot(page, index)
            if not annot:
                continue
            try:
                if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_FILEATTACHMENT:
                    raw = pdfium_c.FPDFAnnot_GetFileAttachment(annot)
                    if raw:
                        self._take(raw, f"page-{number}/")
            finally:
                pdfium_c.FPDFPage_CloseAnnot(annot)

    def _take(self, raw: Any, prefix: str) -> None:
        self.count += 1
        limits = self.ctx.limits
        attachment = pdfium.PdfAttachment(raw, self.document)
        name = prefix + _attachment_name(attachment, self.count)
        if self.count > limits.max_members:
            if self.count == limits.max_members + 1:
                self.ctx.fail_child(name, f"the PDF has more than {limits.max_members:,} "
                                          "attachments; the rest were not extracted")
            return
        if self.ctx.depth >= limits.max_depth:
            self.ctx.fail_child(name, f"attachment nested deeper than the limit of "
                                      f"{limits.max_depth} levels; not extracted")
            return
        size = ctypes.c_ulong()  # PDFium says the decoded size before anything is copied
        if not pdfium_c.FPDFAttachment_GetFile(raw, None, 0, ctypes.byref(size)):
            self.ctx.fail_child(name, "the attachment is damaged or empty; not extracted")
            return
        if self.total + size.value > self.limit:
            self.ctx.fail_child(name, bomb_reason(self.limit, self.size, limits))
            return
        self.total += size.value
        buffer = (ctypes.c_char * max(1, size.value))()
        done = ctypes.c_ulong()
        if not pdfium_c.FPDFAttachment_GetFile(raw, buffer, size.value, ctypes.byref(done)) \
                or done.value != size.value:
            self.ctx.fail_child(name, "the attachment is damaged; not extracted")
            return
        self.ctx.add_child(name, io.BytesIO(memoryview(buffer)[: size.value]))


def _attachment_name(attachment: pdfium.PdfAttachment, number: int) -> str:
    """The attachment's file name (its last path segment, a NUL shown as ``␀``), else
    ``attachment-N``."""
    try:
        name = attachment.get_name()
    except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
        name = ""
    name = PurePosixPath(_CONTROL.sub("", name).replace("\\", "/")).name
    return member_name(name) if name and name not in (".", "..") else f"attachment-{number}"


def render_page_png(source: Path, number: int, width: int = 1200) -> bytes:
    """Page ``number`` (1-based) of the PDF at ``source`` as a PNG about ``width`` pixels wide.

    Raises :class:`IngestError` for a page that does not exist or a PDF that cannot be opened.
    """
    width = max(16, min(width, MAX_RENDER_WIDTH))
    with open_pdf(source) as document:
        if not 1 <= number <= len(document):
            raise IngestError(f"the PDF has no page {number} (it has {len(document)})")
        page = document[number - 1]
        try:
            page_width, page_height = page.get_size()
            scale = width / max(page_width, 1.0)
            scale = min(scale, MAX_RENDER_HEIGHT / max(page_height, 1.0))
            bitmap = page.render(scale=scale, may_draw_forms=True)
            try:
                image = bitmap.to_pil()
                out = io.BytesIO()
                image.save(out, format="PNG", optimize=False)
            finally:
                bitmap.close()
        finally:
            page.close()
    return out.getvalue()
