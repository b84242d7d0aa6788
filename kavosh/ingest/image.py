"""Images (PNG, JPEG, TIFF, WebP, GIF, BMP): pages waiting for OCR, checked before they are kept.

Contract:

- one ``PageText(needs_ocr=True, text="")`` per page: a multi-page TIFF gives one per frame
  (at most ``limits.max_pages``), an animation (GIF, WebP, APNG) one for its first frame;
- the header is read and frames are counted without decoding pixel data; images over
  ``limits.max_image_pixels`` → ``IngestError("the image is too large to open safely (…)")``;
- a damaged or truncated image → ``IngestError("the image is damaged: …")`` (the first frame is
  decoded when it is small enough, ``DECODE_CHECK_PIXELS``, to catch truncation);
- metadata: ``width``, ``height``, ``format``, ``mode``, ``frames`` and, when present, EXIF
  ``camera_make``, ``camera_model``, ``software`` (IFD0's Make, Model, Software) and ``taken``
  (the Exif IFD's DateTimeOriginal, else its DateTimeDigitized, else IFD0's DateTime; ISO 8601
  when it reads as EXIF's ``YYYY:MM:DD HH:MM:SS``).
"""

from __future__ import annotations

import re
import struct
import threading
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Probe
from kavosh.model import PageText

# 2: EXIF DateTimeDigitized kept as ``taken`` when there is no DateTimeOriginal; ``taken`` in
# ISO 8601 (a case read before keeps EXIF's ``2013:05:01 10:00:00``: the checks read both)
VERSION = f"2+pillow-{Image.__version__}" if hasattr(Image, "__version__") else "2"
DECODE_CHECK_PIXELS = 40_000_000
FORMATS = {"PNG", "JPEG", "TIFF", "WEBP", "GIF", "BMP", "MPO"}
MIMES = {"image/png", "image/jpeg", "image/tiff", "image/webp", "image/gif", "image/bmp"}

_LOCK = threading.Lock()  # Image.MAX_IMAGE_PIXELS is process-wide
_EXIF = {0x010F: "camera_make", 0x0110: "camera_model", 0x0131: "software", 0x0132: "taken"}
# the Exif IFD's DateTimeOriginal (a camera's shot) and DateTimeDigitized (a scanner's scan):
# either says when the image was made better than IFD0's DateTime (when the file was changed)
_CAPTURE = (0x9003, 0x9004)
_EXIF_TIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?")


def _too_large(width: int, height: int, limit: int) -> IngestError:
    return IngestError(
        f"the image is too large to open safely ({width * height:,} pixels; "
        f"limit {limit:,})"
    )


def _exif_text(value: object) -> str | None:
    """An EXIF ASCII value without its padding, cut to 200 characters; None when empty."""
    if not isinstance(value, str) or not value.strip("\x00 "):
        return None
    return value.strip("\x00 ")[:200]


def exif_time(value: str) -> str:
    """An EXIF date-time (``2013:05:01 10:00:00``) as ISO 8601 (``2013-05-01T10:00:00``);
    anything else as written."""
    found = _EXIF_TIME.match(value)
    if found is None:
        return value
    day = "-".join(found.group(1, 2, 3))
    return f"{day}T{found.group(4)}" if found.group(4) else day


def _exif(image: Image.Image) -> dict[str, Any]:
    try:
        exif = image.getexif()
    except Exception:  # EXIF is a bonus: a broken block never fails the image
        return {}
    found: dict[str, Any] = {}
    for tag, key in _EXIF.items():
        value = _exif_text(exif.get(tag))
        if value is not None:
            found[key] = value
    try:
        ifd = exif.get_ifd(0x8769)  # the Exif IFD: when the picture or the scan was made
    except Exception:
        ifd = {}
    for tag in _CAPTURE:
        value = _exif_text(ifd.get(tag))
        if value is not None:
            found["taken"] = value
            break
    if "taken" in found:
        found["taken"] = exif_time(found["taken"])
    return found


def inspect_image(source: Path, max_pixels: int) -> dict[str, Any]:
    """Header facts of the image at ``source``; raise :class:`IngestError` when unsafe/damaged."""
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Pillow's notes on odd TIFF/EXIF tags
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            return _inspect(source, max_pixels)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            found = re.search(r"\((\d+) pixels\)", str(error))
            size = f"{int(found.group(1)):,} pixels" if found else "too many pixels"
            raise IngestError(
                f"the image is too large to open safely ({size}; limit {max_pixels:,})"
            ) from None
        except UnidentifiedImageError:
            raise IngestError("the image is damaged: its format could not be recognised") from None
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError,
                ZeroDivisionError, struct.error, AttributeError) as error:
            raise IngestError(f"the image is damaged: {error}") from None
        finally:
            Image.MAX_IMAGE_PIXELS = previous


def _inspect(source: Path, max_pixels: int) -> dict[str, Any]:
    with Image.open(source) as image:
        width, height = image.size
        if width <= 0 or height <= 0:
            raise IngestError("the image is damaged: it has no pixels")
        if width * height > max_pixels:
            raise _too_large(width, height, max_pixels)
        info: dict[str, Any] = {
            "width": width, "height": height, "format": image.format or "",
            "mode": image.mode,
        }
        info.update(_exif(image))
        frames = int(getattr(image, "n_frames", 1) or 1)
        info["frames"] = frames
        for index in range(1, frames):  # every frame's size is checked, none decoded
            image.seek(index)
            w, h = image.size
            if w * h > max_pixels:
                raise _too_large(w, h, max_pixels)
        image.seek(0)
    if info["format"] == "PNG":
        with Image.open(source) as image:
            image.verify()  # chunk checksums, without decoding pixels
    if width * height <= DECODE_CHECK_PIXELS:
        with Image.open(source) as image:
            image.load()  # a truncated file fails here
    return info


class ImageIngestor:
    """Raster images: one page per frame, each waiting for OCR."""

    name = "image"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.9 if probe.mime in MIMES else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        info = inspect_image(source, ctx.limits.max_image_pixels)
        # A TIFF's frames are pages; an animation (GIF, WebP, APNG) is read once, by its first.
        frames = info["frames"] if info["format"] == "TIFF" else 1
        count = min(frames, ctx.limits.max_pages)
        if count < frames:
            info["truncated"] = f"only the first {count:,} of {frames:,} pages were kept"
        pages = [
            PageText(number=i, text="", engine=self.name, engine_version=self.version,
                     needs_ocr=True)
            for i in range(1, count + 1)
        ]
        mime = Image.MIME.get(info["format"], "") or ""
        return IngestResult(mime=mime, pages=pages, metadata=info)
