"""Page images for viewing: a PDF page rendered, or a stored image re-encoded as PNG.

An original image is never sent as it is: it is decoded, scaled down and written out anew as
PNG, so whatever else the file carries (a polyglot, a malformed header aimed at the browser's
decoder, metadata) stays in the archive.

Drawing happens in one worker process (:func:`kavosh.workers.process_pool`), never in the
server: its address space is capped at the case's ``worker_memory_mb``, so a 190 KB PNG that
claims 13,000 × 13,000 pixels costs the worker its decoded size (a JPEG is decoded at reduced
size) and the server nothing. The pixel limit is the case's ``limits.max_image_pixels``, the
one ingest and OCR use: Pillow's own limit is set to it in the worker, so every image that
could be ingested can be viewed. A worker that runs out of memory or dies is replaced.
"""

from __future__ import annotations

import io
import threading
import warnings
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from PIL import Image, ImageSequence

from kavosh.case import Case
from kavosh.ingest.base import IngestError
from kavosh.model import Document, Kind
from kavosh.workers import process_pool

PDF_MIME = "application/pdf"
DEFAULT_WIDTH = 1200
MIN_WIDTH = 100
MAX_WIDTH = 2400


class NoPageImage(LookupError):
    """There is no image for this page (not a PDF or image, no such page, unreadable)."""


def can_draw(doc: Document) -> bool:
    mime = doc.mime or ""
    return (doc.kind == Kind.FILE and bool(doc.sha256)
            and (mime == PDF_MIME or mime.startswith("image/")))


def page_png(case: Case, doc: Document, number: int, width: int = DEFAULT_WIDTH) -> bytes:
    """The PNG of page ``number`` (1-based) of ``doc``, drawn in the bounded worker;
    :class:`NoPageImage` if there is none."""
    if not can_draw(doc) or number < 1 or doc.sha256 is None:
        raise NoPageImage("this document has no page images")
    source = case.archive.path(doc.sha256)
    if not source.is_file():
        raise NoPageImage("the original is not in the archive")
    width = max(MIN_WIDTH, min(MAX_WIDTH, width))
    job = (str(source), doc.mime or "", number, width, case.settings.limits.max_image_pixels)
    return _WORKER.draw(case.settings.worker_memory_mb, job)


class _Worker:
    """The one drawing process, made when first needed (again after it died, or for another
    memory cap). Requests wait for it in turn, as pdfium and Pillow's decoders want."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pool: Executor | None = None
        self.memory_mb = 0

    def draw(self, memory_mb: int, job: tuple[str, str, int, int, int]) -> bytes:
        """:func:`draw_page` of ``job`` in the worker, capped at ``memory_mb``."""
        try:
            with self.lock:
                if self.pool is None or self.memory_mb != memory_mb:
                    self.close()
                    self.pool, self.memory_mb = process_pool(1, memory_mb), memory_mb
                future = self.pool.submit(draw_page, *job)
            return future.result()
        except BrokenProcessPool as error:  # killed, or crashed inside a decoder
            with self.lock:
                self.close()
            raise NoPageImage("the page could not be drawn: its drawing process ended") from error
        except MemoryError as error:
            raise NoPageImage("the page is too large to draw within the case's memory "
                              "limit (worker_memory_mb)") from error

    def close(self) -> None:
        """End the worker process, if any, and wait for it."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)  # jobs already given to it are finished first
            self.pool = None


_WORKER = _Worker()


def close_worker() -> None:
    """End the drawing process (it is made again when next needed)."""
    with _WORKER.lock:
        _WORKER.close()


def draw_page(source: str, mime: str, number: int, width: int, max_pixels: int) -> bytes:
    """Page ``number`` of the original at ``source`` as PNG about ``width`` pixels wide; run in
    the worker process. :class:`NoPageImage` when there is no such page or it cannot be read."""
    if mime == PDF_MIME:
        return _pdf_page(Path(source), number, width)
    return _image_page(Path(source), number, width, max_pixels)


def _pdf_page(source: Path, number: int, width: int) -> bytes:
    from kavosh.ingest.pdf import render_page_png

    try:
        return render_page_png(source, number, width=width)
    except IngestError as error:  # no such page, or a PDF pdfium cannot open
        raise NoPageImage(error.reason) from None
    except MemoryError:
        raise
    except Exception as error:  # a hostile PDF may fail in pdfium in any way
        raise NoPageImage(f"page {number} could not be drawn: {error}") from None


def _image_page(source: Path, number: int, width: int, max_pixels: int) -> bytes:
    # The case's limit, not Pillow's lower default: this process draws nothing else.
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
            with Image.open(source) as image:
                return _reduced_png(image, number, width, max_pixels)
    except NoPageImage:
        raise
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError, EOFError) as error:
        raise NoPageImage(f"the image could not be read: {error}") from None


def _reduced_png(image: Image.Image, number: int, width: int, max_pixels: int) -> bytes:
    """Frame ``number`` scaled to ``width``: a JPEG decoded at reduced size (``draft``), any
    other image reduced right after decoding, before anything copies it."""
    try:
        frame = ImageSequence.Iterator(image)[number - 1]
    except (IndexError, EOFError):
        raise NoPageImage(f"no page {number}") from None
    if frame.width * frame.height > max_pixels:
        raise NoPageImage("the image is larger than the case's pixel limit")
    if frame.width > width:
        frame.draft("RGB", (width, width * frame.height // max(frame.width, 1)))
    if frame.mode not in ("L", "LA", "RGB", "RGBA"):  # the modes Image.reduce takes
        frame = frame.convert("RGBA" if _has_alpha(frame) else "L" if frame.mode == "1"
                              else "RGB")
    factor = frame.width // width
    picture: Image.Image = frame.reduce(factor) if factor > 1 else frame
    picture = picture.convert("RGBA" if _has_alpha(frame) else "RGB")
    picture.thumbnail((width, width * 8))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
