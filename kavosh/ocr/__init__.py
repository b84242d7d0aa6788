"""OCR engines behind one seam.

Engines are registered under the entry-point group ``kavosh.ocr_engines``; each entry point
names a class (or factory) called without arguments that returns an :class:`OcrEngine`.
Kavosh's own: ``tesseract`` (Debian's) and ``null``.
"""

from typing import cast

from kavosh.ocr.base import NullOcr, OcrEngine, OcrFailed, OcrResult, OcrUnavailable, Word
from kavosh.registry import OCR_ENGINES


def get_engine(name: str) -> OcrEngine:
    """The engine registered under ``name`` (``UnknownBackend`` lists the known ones)."""
    return cast(OcrEngine, OCR_ENGINES.get(name)())


__all__ = [
    "OCR_ENGINES", "NullOcr", "OcrEngine", "OcrFailed", "OcrResult", "OcrUnavailable", "Word",
    "get_engine",
]
