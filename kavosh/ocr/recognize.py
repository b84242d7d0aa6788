"""Reading one page image: preprocess, recognise, retry turned when the reading was poor,
and return the text with its words placed on the page and marked for checking.

Contract of :func:`read_page`:

- the page is preprocessed with the given :class:`~kavosh.ocr.preprocess.Steps`;
- the page's script and language decide the models (:func:`choose_reading`): it is read with
  the first language alone; when it is mostly unreadable to it, it is read with each language
  of another script alone (English for a Persian first) and that reading kept when it is
  clearly more confident — single-language confidences compare well (an English page: 96
  with ``eng``, 22–27 with ``fas``) — else with all the languages together, the first one
  last, kept when it holds Latin words (:data:`MIXED_LATIN`; without, the page was poorly
  printed, not mixed, and the first language's reading stands); a page the Persian model
  reads as Arabic (:func:`~kavosh.ocr.foreign.looks_arabic`)
  is read again with Arabic alone. Then only its unreadable words are read again with the
  other languages (:mod:`kavosh.ocr.foreign`); lines the layout analysis skipped are read and
  put back (:mod:`kavosh.ocr.lines`); read with Persian, :mod:`kavosh.ocr.fixes` then
  corrects commas and digit forms;
- when the reading is poor (no words, or a mean word confidence below
  :data:`POOR_CONFIDENCE`), the engine's orientation detection is asked; if it says the page
  is turned (upside down, a quarter), the page is read again turned and the better reading
  kept — upright pages pay nothing for this;
- every word's box is mapped back to the pixels of the page as the viewer draws it
  (``settings["image"]`` is that size), its offsets in the text found, and it is marked
  unverified by :func:`kavosh.ocr.words.is_unverified`;
- engine failures propagate (:class:`~kavosh.ocr.base.OcrUnavailable` stops a run,
  :class:`~kavosh.ocr.base.OcrFailed` fails the page).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kavosh.model import Word
from kavosh.ocr.base import OcrEngine, OcrResult
from kavosh.ocr.fixes import persian_fixes
from kavosh.ocr.foreign import looks_arabic, needs_all_languages, reread_suspects
from kavosh.ocr.lines import recover_lines
from kavosh.ocr.pages import Page
from kavosh.ocr.preprocess import NONE, Prepared, Steps, prepare
from kavosh.ocr.words import CONFIDENCE_THRESHOLD, is_unverified, place_words

POOR_CONFIDENCE = 55.0
PLAIN_RETRY = 75.0  # a prepared page read with a lower mean confidence is read as it came too
PLAIN_MARGIN = 3.0  # ... and that reading kept when more confident by this much, and
PLAIN_COVERAGE = 0.95  # ... when it reads at least this share of the prepared one's letters
ALONE_MARGIN = 20.0  # a language of another script alone wins by this much mean confidence
MIXED_LATIN = 0.2  # read with all languages, a page this much Latin is a mixed page
_LATIN_WORD = re.compile("[A-Za-z]{2}")
LATIN = frozenset({"eng", "fra", "deu", "spa", "ita", "por", "nld", "tur", "aze", "uzb"})


@dataclass(slots=True)
class PageReading:
    """One page's OCR: text, placed words and the settings that produced them."""

    text: str
    words: list[Word]
    engine: str
    engine_version: str
    settings: dict[str, Any] = field(default_factory=dict)


def mean_confidence(result: OcrResult) -> float:
    """Mean word confidence (0–100), 0 for a reading without words."""
    return statistics.fmean(w.confidence for w in result.words) if result.words else 0.0


def read_page(page: Page, engine: OcrEngine, languages: list[str], steps: Steps,
              scratch: Path, threshold: float = CONFIDENCE_THRESHOLD) -> PageReading:
    """OCR one page image (see the module's contract)."""
    scratch.mkdir(parents=True, exist_ok=True)
    prepared = prepare(page.image, page.dpi, steps)
    result, used = choose_reading(engine, prepared, languages, scratch)
    if mean_confidence(result) < POOR_CONFIDENCE:
        turn = engine.orientation(_write(prepared, scratch))
        if turn:
            again = prepare(page.image, page.dpi, steps, turn)
            second = _recognize(engine, again, used, scratch)
            if mean_confidence(second) > mean_confidence(result):
                prepared, result = again, second
    prepared, result = _plain_if_better(engine, page, prepared, result, used, scratch)
    result, recovered = recover_lines(engine, prepared.image, result, used, scratch)
    reread = 0
    others = [lang for lang in languages if lang not in used]
    if len(used) == 1 and others:
        result, reread = reread_suspects(engine, prepared.image, result, others, scratch,
                                         latin=used[0] in LATIN)
    if used[0] == "fas":
        result = _persian_fixes(result)
    reading = _reading(page, prepared, result, threshold)
    reading.settings["languages"] = "+".join(languages)
    reading.settings["read_with"] = "+".join(used)
    if reread:
        reading.settings["reread_with_others"] = reread
    if recovered:
        reading.settings["lines_recovered"] = recovered
    return reading


def _plain_if_better(engine: OcrEngine, page: Page, prepared: Prepared, result: OcrResult,
                     used: list[str], scratch: Path) -> tuple[Prepared, OcrResult]:
    """The page as read, or, when that reading is doubtful (mean confidence under
    :data:`PLAIN_RETRY`) and preprocessing changed the page, the page read as it came (only
    turned) when that reading is more confident by :data:`PLAIN_MARGIN` and reads as much
    (:data:`PLAIN_COVERAGE` of the letters). The steps are
    chosen by measuring the page, and a measure can be wrong on a page unlike those it was
    tuned on (a small speckled photocopy, deskewed and enlarged, lost its header to the
    layout analysis: 58 against 73 as it came); the engine's own confidence is the judge."""
    changed = any(not step.startswith("turn:") for step in prepared.steps)
    if mean_confidence(result) >= PLAIN_RETRY or not changed:
        return prepared, result
    plain = prepare(page.image, page.dpi, NONE, prepared.transform.quarters)
    second = _recognize(engine, plain, used, scratch)
    # more confident because it read less is no better: a mean confidence leaves out what
    # was not read (a small speckled page read as it came lost a quarter of its letters)
    if (mean_confidence(second) >= mean_confidence(result) + PLAIN_MARGIN
            and _letters(second) >= PLAIN_COVERAGE * _letters(result)):
        plain.steps.append("as-scanned")
        return plain, second
    return prepared, result


def _letters(result: OcrResult) -> int:
    """Characters read, white space aside."""
    return sum(not c.isspace() for c in result.text)


def choose_reading(engine: OcrEngine, prepared: Prepared, languages: list[str],
                   scratch: Path) -> tuple[OcrResult, list[str]]:
    """The page's reading and the languages it was read with (see the module's contract)."""
    used = languages[:1]
    result = _recognize(engine, prepared, used, scratch)
    latin = used[0] in LATIN
    texts = [result.text]  # the readings that say whether the page is Arabic
    if len(languages) > 1 and needs_all_languages(result, latin):
        best, best_used = result, used
        for other in (lang for lang in languages[1:] if (lang in LATIN) != latin):
            alone = _recognize(engine, prepared, [other], scratch)
            if mean_confidence(alone) >= mean_confidence(best) + ALONE_MARGIN:
                best, best_used = alone, [other]
        if best_used != used:
            return best, best_used
        together = [*languages[1:], *used]  # a mixed page: all languages, the first one last
        mixed = _recognize(engine, prepared, together, scratch)
        if latin or _latin_share(mixed) >= MIXED_LATIN:
            return mixed, together
        # Read with every language, the page is still one of Arabic script: it was poorly
        # printed, not mixed, and the languages together read it worse than the first alone
        # (a small speckled Persian page: 186 errors against 118; an Arabic one lost 207
        # characters), so it is read as a page of the first language below.
        texts.append(mixed.text)
    if used == ["fas"] and "ara" in languages and any(looks_arabic(t) for t in texts):
        return _recognize(engine, prepared, ["ara"], scratch), ["ara"]
    return result, used


def _latin_share(result: OcrResult) -> float:
    """Share of the reading's words written in Latin letters."""
    words = [w.text for w in result.words if any(c.isalpha() for c in w.text)]
    return sum(1 for w in words if _LATIN_WORD.search(w)) / len(words) if words else 0.0


def _persian_fixes(result: OcrResult) -> OcrResult:
    words = [replace(w, text=persian_fixes(w.text)) for w in result.words]
    return replace(result, text=persian_fixes(result.text), words=words)


def _write(prepared: Prepared, scratch: Path) -> Path:
    path = scratch / "page.pgm"
    prepared.image.save(path)
    return path


def _recognize(engine: OcrEngine, prepared: Prepared, languages: list[str],
               scratch: Path) -> OcrResult:
    return engine.recognize(_write(prepared, scratch), languages, dpi=prepared.dpi)


def _reading(page: Page, prepared: Prepared, result: OcrResult,
             threshold: float) -> PageReading:
    text = result.text
    spans = place_words(text, result.words)
    ratio = page.scale or 1.0
    words: list[Word] = []
    for word, (start, end) in zip(result.words, spans, strict=True):
        left, top, width, height = prepared.transform.to_page(
            (word.left, word.top, word.width, word.height))
        words.append(Word(
            word.text, round(left / ratio), round(top / ratio), max(1, round(width / ratio)),
            max(1, round(height / ratio)), round(word.confidence, 2), word.line, start, end,
            is_unverified(word, threshold)))
    settings: dict[str, Any] = {
        "steps": prepared.steps,
        "image": list(page.source_size),
        "unverified_below": threshold,
        **result.settings,
    }
    return PageReading(text, words, result.engine, result.engine_version, settings)
