"""Text lines the engine's page layout analysis skipped: found, read and put back.

Tesseract's automatic page layout (``--psm 3``) sometimes drops a whole line without a word —
here, the last line of a short page and a line beginning with a long number — and a reporter
would never know. After a reading, the bands of dark rows of the page (its text lines) are
compared with the words read; a band holding no word is cut out, the missed bands stacked into
one strip read as a single block of lines, and each line read with enough confidence is put
back into the text after the last line above it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PIL import Image

from kavosh.ocr.base import OcrEngine, OcrResult, Word
from kavosh.ocr.preprocess import ink_bands, row_darkness, text_line_height
from kavosh.ocr.words import place_words

MIN_CONFIDENCE = 50.0  # a recovered line is kept from this mean word confidence
MIN_HEIGHT_SHARE = 0.5  # bands lower than this share of the median line are dots or rules
PAD = 6
SCALES = (1.0, 0.6)


def missed_bands(image: Image.Image, words: Sequence[Word]) -> list[tuple[int, int]]:
    """Bands of text rows of ``image`` in which no word was read."""
    bands = ink_bands(row_darkness(image))
    if not bands:
        return []
    # The lines' height, not the median of every band: on a short page full of specks, most
    # bands are a speck or two high, and with them the median let specks pass for lines.
    median = text_line_height(image) or 0.0
    missed = []
    for start, end in bands:
        if end - start < MIN_HEIGHT_SHARE * median:
            continue
        if not any(w.top < end and start < w.top + w.height for w in words):
            missed.append((start, end))
    return missed


def recover_lines(engine: OcrEngine, image: Image.Image, result: OcrResult,
                  languages: list[str], scratch: Path) -> tuple[OcrResult, int]:
    """``result`` with the lines its reading skipped read and put back; how many lines.

    Tesseract sometimes reads nothing at all on a clear line at one size and reads it well at
    another, so bands still unread are tried again at each of :data:`SCALES`.
    """
    bands = missed_bands(image, result.words)
    lines: list[tuple[int, list[Word]]] = []
    for scale in SCALES:
        if not bands:
            break
        strip, offsets = _strip(image, bands)
        if scale != 1.0:
            strip = strip.resize((round(strip.width * scale), round(strip.height * scale)),
                                 Image.Resampling.BOX)
        path = scratch / "missed-lines.pgm"
        strip.save(path)
        second = engine.recognize(path, languages, block=True)
        words = [_unscale(w, scale) for w in second.words]
        found = _lines(words, offsets, bands)
        lines += found
        done = {top for top, _ in found}
        bands = [band for band in bands if band[0] not in done]
    if not lines:
        return result, 0
    return _insert(result, sorted(lines, key=lambda line: line[0])), len(lines)


def _unscale(word: Word, scale: float) -> Word:
    if scale == 1.0:
        return word
    return replace(word, left=round(word.left / scale), top=round(word.top / scale),
                   width=round(word.width / scale), height=round(word.height / scale))


def _strip(image: Image.Image, bands: list[tuple[int, int]]
           ) -> tuple[Image.Image, list[tuple[int, int]]]:
    """The bands stacked on white; for each, its rows in the strip and the page row they
    start at."""
    crops = [image.crop((0, max(0, s - PAD), image.width, min(image.height, e + PAD)))
             for s, e in bands]
    gap = max(20, max(c.height for c in crops))
    strip = Image.new("L", (image.width, sum(c.height for c in crops) + gap * (len(crops) + 1)),
                      255)
    offsets: list[tuple[int, int]] = []
    y = gap
    for crop, (start, _end) in zip(crops, bands, strict=True):
        strip.paste(crop, (0, y))
        offsets.append((y, max(0, start - PAD)))
        y += crop.height + gap
    return strip, offsets


def _lines(words: Sequence[Word], offsets: list[tuple[int, int]],
           bands: list[tuple[int, int]]) -> list[tuple[int, list[Word]]]:
    """Per band read well enough: its page top row and its words moved onto the page."""
    found: list[list[Word]] = [[] for _ in bands]
    for word in words:
        middle = word.top + word.height / 2
        for index, ((strip_top, page_top), (start, end)) in enumerate(
                zip(offsets, bands, strict=True)):
            height = end - start + 2 * PAD
            if strip_top <= middle <= strip_top + height:
                found[index].append(replace(word, top=word.top - strip_top + page_top))
                break
    return [(start, group) for (start, _), group in zip(bands, found, strict=True)
            if group and statistics.fmean(w.confidence for w in group) >= MIN_CONFIDENCE]


def _insert(result: OcrResult, lines: list[tuple[int, list[Word]]]) -> OcrResult:
    """Put each recovered line after the last line above it, in the text and the words."""
    text, words = result.text, list(result.words)
    spans = place_words(text, words)
    next_line = max((w.line for w in words), default=-1) + 1
    edits: list[tuple[int, int, int, list[Word]]] = []  # text position, word index, order
    for order, (top, group) in enumerate(lines):
        above = [i for i, w in enumerate(words) if w.top + w.height / 2 < top and spans[i][0] >= 0]
        if above:
            last = max(above, key=lambda i: spans[i][1])
            newline = text.find("\n", spans[last][1])
            position = len(text) if newline < 0 else newline
            edits.append((position, last + 1, order, group))
        else:
            edits.append((0, 0, order, group))
    for position, index, order, group in sorted(edits, key=lambda e: (e[0], e[2]),
                                                reverse=True):
        line = " ".join(w.text for w in group)
        text = (text[:position] + "\n" + line + text[position:] if position
                else line + "\n" + text)
        words[index:index] = [replace(w, line=next_line + order) for w in group]
    return replace(result, text=text, words=words)
