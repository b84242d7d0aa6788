"""One page of an original as a bounded grayscale image, ready for preprocessing and OCR.

Contract:

- :func:`load_page` returns page ``number`` (1-based) of an image file (a TIFF frame; the first
  frame of anything else) or a PDF page rendered at :data:`PDF_DPI`, as an 8-bit grayscale
  ``PIL.Image`` of at most ``max_pixels`` pixels, with the size of the page as the viewer draws
  it (``source_size``) so word boxes can be mapped back onto the page image;
- an image whose header says more than ``max_image_pixels`` pixels is never decoded
  (decompression bombs); a JPEG is decoded at reduced size when that is enough; a larger
  page is scaled down before anything else touches it, so memory stays bounded;
- anything that cannot be read raises :class:`PageError` with a reason a reporter understands
  (damaged, truncated, password-protected, no such page, too large).

Pillow's pixel limit is process-wide: this module is meant for worker processes that handle
one page at a time, and restores the limit afterwards.
"""

from __future__ import annotations

import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from kavosh.ingest.base import IngestError

PDF_MIME = "application/pdf"
PDF_DPI = 300
MAX_OCR_PIXELS = 40_000_000  # a page larger than this is scaled down before OCR
_DAMAGE = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError,
           ZeroDivisionError, struct.error, AttributeError, MemoryError)


class PageError(Exception):
    """This page cannot be OCRed; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class Page:
    """A page image (mode ``L``), its resolution and the size the viewer draws it at."""

    image: Image.Image
    dpi: float  # pixels per inch of ``image``; 0 when the file does not say
    source_size: tuple[int, int]  # the page as the viewer draws it (original pixels)

    @property
    def scale(self) -> float:
        """Pixels of :attr:`image` per pixel of the page as the viewer draws it."""
        return self.image.width / max(1, self.source_size[0])


def load_page(source: Path, mime: str, number: int, max_image_pixels: int,
              max_pixels: int = MAX_OCR_PIXELS) -> Page:
    """Page ``number`` of the original at ``source``; :class:`PageError` when unreadable."""
    if mime == PDF_MIME:
        return _pdf_page(source, number, max_pixels)
    return _image_page(source, number, max_image_pixels, max_pixels)


def _too_large(pixels: int, limit: int) -> PageError:
    return PageError(f"the page image is too large to open safely ({pixels:,} pixels; "
                     f"limit {limit:,})")


def _image_page(source: Path, number: int, max_image_pixels: int, max_pixels: int) -> Page:
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _decode(source, number, max_image_pixels, max_pixels)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PageError(f"the page image is too large to open safely (over "
                        f"{max_image_pixels:,} pixels)") from None
    except UnidentifiedImageError:
        raise PageError("the image is damaged: its format could not be recognised") from None
    except _DAMAGE as error:
        raise PageError(f"the image is damaged: {error or type(error).__name__}") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _decode(source: Path, number: int, max_image_pixels: int, max_pixels: int) -> Page:
    with Image.open(source) as image:
        frames = int(getattr(image, "n_frames", 1) or 1)
        if not 1 <= number <= frames:
            raise PageError(f"the image has no page {number} (it has {frames})")
        image.seek(number - 1)
        width, height = image.size
        if width <= 0 or height <= 0:
            raise PageError("the image is damaged: it has no pixels")
        if width * height > max_image_pixels:
            raise _too_large(width * height, max_image_pixels)
        dpi = _stated_dpi(image)
        if width * height > max_pixels and image.format == "JPEG":
            factor = (width * height / max_pixels) ** 0.5
            image.draft("L", (int(width / factor), int(height / factor)))
        gray = _grayscale(image)
    scale = 1.0
    if gray.width * gray.height > max_pixels:
        scale = (max_pixels / (gray.width * gray.height)) ** 0.5
        gray = gray.resize((max(1, int(gray.width * scale)), max(1, int(gray.height * scale))),
                           Image.Resampling.BOX)
    return Page(gray, (dpi or 0.0) * gray.width / width, (width, height))


def _stated_dpi(image: Image.Image) -> float | None:
    """The resolution the file states, when plausible (many scanners write 72 or nothing)."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return value if 100 <= value <= 2400 else None


def _grayscale(image: Image.Image) -> Image.Image:
    """8-bit grayscale; transparency composited on white, 16-bit and CMYK converted."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return ImageOps.autocontrast(image.convert("I").point(lambda v: v / 256).convert("L"))
    return image.convert("L")


def _pdf_page(source: Path, number: int, max_pixels: int) -> Page:
    from kavosh.ingest.pdf import open_pdf

    try:
        with open_pdf(source) as document:
            if not 1 <= number <= len(document):
                raise PageError(f"the PDF has no page {number} (it has {len(document)})")
            page = document[number - 1]
            try:
                return _render(page, max_pixels)
            finally:
                page.close()
    except IngestError as error:
        raise PageError(error.reason) from None
    except PageError:
        raise
    except Exception as error:  # a hostile PDF may fail inside PDFium in any way
        raise PageError(f"the PDF page could not be drawn: {error}") from None


def _render(page: object, max_pixels: int) -> Page:
    width_pt, height_pt = page.get_size()  # type: ignore[attr-defined]
    width_pt, height_pt = max(float(width_pt), 1.0), max(float(height_pt), 1.0)
    scale = PDF_DPI / 72
    if width_pt * height_pt * scale * scale > max_pixels:
        scale = 0.995 * (max_pixels / (width_pt * height_pt)) ** 0.5  # rounding stays under
    bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=True)  # type: ignore[attr-defined]
    try:
        image = bitmap.to_pil().convert("L")
    finally:
        bitmap.close()
    # The viewer draws PDF pages from the same geometry: boxes are kept in points x scale.
    return Page(image, 72 * scale, (image.width, image.height))
