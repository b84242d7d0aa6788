"""Page images for viewing: a PDF page rendered, or a stored image re-encoded as PNG.

An original image is never sent as it is: it is decoded (within the case's pixel limit),
scaled down and written out anew as PNG, so whatever else the file carries (a polyglot, a
malformed header aimed at the browser's decoder, metadata) stays in the archive.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from PIL import Image, ImageSequence

from kavosh.case import Case
from kavosh.ingest.base import IngestError
from kavosh.model import Document, Kind

PDF_MIME = "application/pdf"
DEFAULT_WIDTH = 1200
MIN_WIDTH = 100
MAX_WIDTH = 2400

# pdfium and Pillow's decoders are not meant to be driven from several threads at once.
_RENDER_LOCK = threading.Lock()


class NoPageImage(LookupError):
    """There is no image for this page (not a PDF or image, no such page, unreadable)."""


def can_draw(doc: Document) -> bool:
    mime = doc.mime or ""
    return (doc.kind == Kind.FILE and bool(doc.sha256)
            and (mime == PDF_MIME or mime.startswith("image/")))


def page_png(case: Case, doc: Document, number: int, width: int = DEFAULT_WIDTH) -> bytes:
    """The PNG of page ``number`` (1-based) of ``doc``; :class:`NoPageImage` if there is none."""
    if not can_draw(doc) or number < 1 or doc.sha256 is None:
        raise NoPageImage("this document has no page images")
    source = case.archive.path(doc.sha256)
    if not source.is_file():
        raise NoPageImage("the original is not in the archive")
    width = max(MIN_WIDTH, min(MAX_WIDTH, width))
    with _RENDER_LOCK:
        if doc.mime == PDF_MIME:
            return _pdf_page(source, number, width)
        return _image_page(source, number, width, case.settings.limits.max_image_pixels)


def _pdf_page(source: Path, number: int, width: int) -> bytes:
    from kavosh.ingest.pdf import render_page_png

    try:
        return render_page_png(source, number, width=width)
    except IngestError as error:  # no such page, or a PDF pdfium cannot open
        raise NoPageImage(error.reason) from error
    except Exception as error:  # a hostile PDF may fail in pdfium in any way
        raise NoPageImage(f"page {number} could not be drawn: {error}") from error


def _image_page(source: Path, number: int, width: int, max_pixels: int) -> bytes:
    try:
        with Image.open(source) as image:
            if image.width * image.height > max_pixels:
                raise NoPageImage("the image is larger than the case's pixel limit")
            frames = ImageSequence.Iterator(image)
            try:
                frame = frames[number - 1]
            except IndexError as error:
                raise NoPageImage(f"no page {number}") from error
            if frame.width > width:
                frame.draft("RGB", (width, width * frame.height // max(frame.width, 1)))
            picture = frame.convert("RGBA" if _has_alpha(frame) else "RGB")
            picture.thumbnail((width, width * 8))
            out = io.BytesIO()
            picture.save(out, format="PNG")
            return out.getvalue()
    except NoPageImage:
        raise
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as error:
        raise NoPageImage(f"the image could not be read: {error}") from error


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
