"""The unit of OCR work: one page of one stored original, read in a worker process.

:func:`ocr_page` is a plain, picklable function of a :class:`PageJob`. It reads the original
from the archive, writes only into its own scratch folder (removed afterwards) and returns a
:class:`PageOutcome`; the database is the caller's. Whatever the page does — a bomb, a
truncated file, an engine crash — ends as ``PageOutcome.reason``; only an engine that cannot
run at all (:class:`OcrUnavailable`) is reported apart, as ``unavailable``, to stop the run.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kavosh.ocr import get_engine
from kavosh.ocr.base import OcrFailed, OcrUnavailable
from kavosh.ocr.pages import PageError, load_page
from kavosh.ocr.preprocess import Steps
from kavosh.ocr.recognize import read_page
from kavosh.store.db import StoredWord


@dataclass(frozen=True, slots=True)
class PageJob:
    document_id: int
    page: int
    source: str  # the original in the archive
    mime: str
    engine: str
    languages: tuple[str, ...]
    steps: Steps
    threshold: float
    max_image_pixels: int
    scratch: str  # a folder of the case's tmp/ this job may use and must remove


@dataclass(slots=True)
class PageOutcome:
    document_id: int
    page: int
    text: str = ""
    words: list[StoredWord] = field(default_factory=list)
    engine: str = ""
    engine_version: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None  # the page could not be OCRed
    unavailable: str | None = None  # the engine cannot run here: stop
    seconds: float = 0.0


def ocr_page(job: PageJob) -> PageOutcome:
    """OCR one page (see the module docstring)."""
    started = time.monotonic()
    out = PageOutcome(job.document_id, job.page, engine=job.engine)
    scratch = Path(job.scratch)
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        engine = get_engine(job.engine)
        out.engine_version = engine.version()
        page = load_page(Path(job.source), job.mime, job.page, job.max_image_pixels)
        reading = read_page(page, engine, list(job.languages), job.steps, scratch,
                            job.threshold)
        del page
        out.text, out.words, out.settings = reading.text, reading.words, reading.settings
        out.engine_version = reading.engine_version
    except OcrUnavailable as error:
        out.unavailable = str(error)
    except (PageError, OcrFailed) as error:
        out.reason = getattr(error, "reason", None) or str(error)
    except MemoryError:
        out.reason = "the page needs more memory than a worker may use"
    except Exception as error:  # a hostile image may break a decoder in any way
        out.reason = f"OCR failed: {type(error).__name__}: {error}"[:500]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out.seconds = time.monotonic() - started
    return out

