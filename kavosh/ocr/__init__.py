"""OCR engines behind one seam: ``tesseract`` (Debian's) and ``null``."""

from kavosh.ocr.base import NullOcr, OcrEngine, OcrFailed, OcrResult, OcrUnavailable, Word

ENGINES = ("tesseract", "null")


def get_engine(name: str) -> OcrEngine:
    """The engine registered under ``name``."""
    if name == "null":
        return NullOcr()
    if name == "tesseract":
        from kavosh.ocr.tesseract import TesseractOcr

        return TesseractOcr()
    raise ValueError(f"unknown OCR engine {name!r}; one of {ENGINES}")


__all__ = [
    "ENGINES", "NullOcr", "OcrEngine", "OcrFailed", "OcrResult", "OcrUnavailable", "Word",
    "get_engine",
]
