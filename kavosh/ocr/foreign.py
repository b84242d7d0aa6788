"""Language choice per page: read with one language, chosen from what the page shows, then
only what it could not read with the others.

Tesseract with several languages (``fas+ara+eng``) is about 2.5× slower than with Persian
alone and, on Persian pages, less accurate: the English and Arabic models take over Persian
words and digits (``۸۶`` read as ``AT``, Arabic ``ي`` for Persian ``ی``); on English pages the
Persian model takes over English words (*pomegranate* read as ``00۵۲0۵۵0۲۵۲۱21``). So a page
is read with the first language only (``kavosh.ocr.recognize`` chooses another when the page
is in another script or reads as Arabic), and then:

- a page where most words are unreadable to it (:func:`needs_all_languages`) is read with the
  languages of another script alone, and with all of them together when none alone is
  clearly better (``kavosh.ocr.recognize``);
- otherwise the few words it could not read (very low confidence, or the bracket soup the
  Persian model makes of Latin letters) are cut out, stacked into one small strip image, and
  read once with the other languages; a word is replaced when the other reading is confident
  (:func:`reread_suspects`).

:func:`looks_arabic` tells an Arabic page from a Persian one by what the Persian model read of
it: the article ``ال`` and ``ة`` on many words, and none of the letters only Persian has.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PIL import Image

from kavosh.ocr.base import OcrEngine, OcrResult, Word
from kavosh.ocr.words import place_words

SUSPECT_CONFIDENCE = 40.0  # words read with less are read again with the other languages
ALL_LANGUAGES_SHARE = 0.3  # above this share of suspect words, the page is read again whole
ACCEPT_CONFIDENCE = 70.0  # a re-read word replaces the first reading from this confidence
ACCEPT_MARGIN = 20.0  # ... and when it is this much more confident
MIN_CHARS = 3  # ... and has this many letters or digits (a Persian "/س" is no English "of")
PAD = 8
MIN_ARABIC_WORDS = 8  # fewer Arabic-script words: too little to tell Arabic from Persian
ARABIC_SHARE = 0.2  # words with ال or ة from which a page reads as Arabic (Persian: < 0.05)
PERSIAN_SHARE = 0.03  # ... unless this share of words has a letter only Persian has
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3]")
_PERSIAN_ONLY = re.compile("[پچژگ]")
_SOUP = re.compile(r"[\[\]|]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def is_suspect(word: Word, latin: bool = False) -> bool:
    """A word the reading's language could not read: very low confidence, bracket soup, or
    (``latin`` False: the language is not written in Latin letters) Latin letters and ASCII
    digits (what the Persian model makes of an English word)."""
    return (word.confidence < SUSPECT_CONFIDENCE or _SOUP.search(word.text) is not None
            or (not latin and _ASCII_WORD.search(word.text) is not None))


def needs_all_languages(result: OcrResult, latin: bool = False) -> bool:
    """Whether the page is mostly unreadable to the reading's language (an English page read
    by the Persian model comes out as ASCII capitals, runs of digits and letter soup of low
    confidence). Even one or two words count: a page holding a single English heading is
    no Persian page."""
    words = result.words
    return bool(words) and (sum(is_suspect(w, latin) for w in words) / len(words)
                            > ALL_LANGUAGES_SHARE)


def looks_arabic(text: str) -> bool:
    """Whether a page the Persian model read is Arabic: many words carry the article ``ال`` or
    end in ``ة``, and the letters only Persian has (پ چ ژ گ) are all but absent."""
    words = [w for w in text.split() if _ARABIC_LETTER.search(w)]
    if len(words) < MIN_ARABIC_WORDS:
        return False
    arabic = sum(1 for w in words if w.startswith("ال") or "ة" in w) / len(words)
    persian = sum(1 for w in words if _PERSIAN_ONLY.search(w)) / len(words)
    return arabic >= ARABIC_SHARE and persian < PERSIAN_SHARE


def reread_suspects(engine: OcrEngine, image: Image.Image, result: OcrResult,
                    languages: list[str], scratch: Path,
                    latin: bool = False) -> tuple[OcrResult, int]:
    """``result`` (read in a Latin-script language when ``latin``) with its suspect words read
    again in ``languages`` where that reading is confident; also how many were replaced."""
    suspects = [i for i, w in enumerate(result.words)
                if is_suspect(w, latin) and w.width >= 6]
    if not suspects or not languages:
        return result, 0
    strip, bands = _strip(image, [result.words[i] for i in suspects])
    path = scratch / "foreign.pgm"
    strip.save(path)
    second = engine.recognize(path, languages)
    readings = _by_band(second.words, bands)
    spans = place_words(result.text, result.words)
    words = list(result.words)
    changes: list[tuple[int, int, str]] = []
    for index, reading in zip(suspects, readings, strict=True):
        if reading is None:
            continue
        text, confidence = reading
        old = words[index]
        start, end = spans[index]
        if (start < 0 or confidence < ACCEPT_CONFIDENCE
                or confidence < old.confidence + ACCEPT_MARGIN
                or sum(c.isalnum() for c in text) < MIN_CHARS):
            continue
        words[index] = replace(old, text=text, confidence=confidence)
        changes.append((start, end, text))
    text = result.text
    for start, end, new in sorted(changes, reverse=True):
        text = text[:start] + new + text[end:]
    return replace(result, text=text, words=words), len(changes)


def _strip(image: Image.Image, words: Sequence[Word]) -> tuple[Image.Image, list[tuple[int,
                                                                                         int]]]:
    """The words cut out and stacked one under another on white; each one's rows."""
    crops = [image.crop((max(0, w.left - PAD), max(0, w.top - PAD),
                         min(image.width, w.left + w.width + PAD),
                         min(image.height, w.top + w.height + PAD))) for w in words]
    gap = max(20, max(c.height for c in crops) // 2)
    width = max(c.width for c in crops) + 2 * gap
    height = sum(c.height for c in crops) + gap * (len(crops) + 1)
    strip = Image.new("L", (width, height), 255)
    bands: list[tuple[int, int]] = []
    y = gap
    for crop in crops:
        strip.paste(crop, (gap, y))
        bands.append((y, y + crop.height))
        y += crop.height + gap
    return strip, bands


def _by_band(words: Sequence[Word], bands: list[tuple[int, int]]
             ) -> list[tuple[str, float] | None]:
    """For each band, the words read in it (left to right) and their lowest confidence."""
    found: list[list[Word]] = [[] for _ in bands]
    for word in words:
        middle = word.top + word.height / 2
        for index, (top, bottom) in enumerate(bands):
            if top <= middle <= bottom:
                found[index].append(word)
                break
    out: list[tuple[str, float] | None] = []
    for group in found:
        group = [w for w in group if w.text.strip()]
        if not group:
            out.append(None)
            continue
        group.sort(key=lambda w: w.left)
        out.append((" ".join(w.text for w in group), min(w.confidence for w in group)))
    return out
