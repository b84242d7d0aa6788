"""Pages with known text, for measuring OCR: rendered like print, degraded like a photocopy.

Used by ``bench/ocr_cer.py``, ``bench/ocr_degraded.py`` and the tests; nothing in a case uses
it. Text is shaped with Pillow's raqm layout (correct Persian and Arabic joining and
right-to-left order); each line is drawn right-aligned at the page's right margin, as Persian
and Arabic documents are set.

:func:`degrade` imitates a poor photocopy or phone scan, reproducibly from a seed: a small
rotation, blur, speckle noise, a lower resolution, JPEG artefacts, washed-out ink on grey
paper, uneven light, the back page showing through, and lines bent or skewed across the page.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps

A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 0.8


class NoRaqm(RuntimeError):
    """Pillow here was built without raqm: Persian would be drawn unshaped."""


@dataclass(frozen=True, slots=True)
class Degradation:
    """How a page is spoiled. Zero everywhere: the clean page."""

    angle: float = 0.0  # degrees counter-clockwise
    blur: float = 0.0  # Gaussian radius in pixels
    noise: float = 0.0  # share of pixels flipped to speckles
    scale: float = 1.0  # resolution factor (0.5: a 300 dpi page becomes 150 dpi)
    jpeg_quality: int = 0  # 0: no JPEG round trip
    contrast: float = 1.0  # < 1: grey, washed-out ink
    paper: int = 255  # the paper's grey level (< 255: a grey or yellowed sheet)
    light: float = 0.0  # uneven light: the darkest corner loses this share of brightness
    bleed: float = 0.0  # the back page (mirrored) shows through at this share of ink
    warp: float = 0.0  # lines bend and skew: vertical drift across the page, share of height
    speck_size: int = 1  # speckles are squares of this many pixels


def font(path: str | Path, size: int) -> ImageFont.FreeTypeFont:
    """A font laid out by raqm; :class:`NoRaqm` without it."""
    from PIL import features

    if not features.check("raqm"):
        raise NoRaqm("Pillow lacks raqm (libraqm): cannot shape Persian text")
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def drawable(face: ImageFont.FreeTypeFont, word: str) -> bool:
    """Whether the font has a glyph for every character of ``word`` (Pillow has no font
    fallback: a missing glyph is drawn as an empty box the true text would not match)."""
    missing = _glyph(face, "\U0010fffd")
    return all(_glyph(face, char) != missing for char in set(word) if not
               char.isspace() and char not in "\u200c\u200d\u200e\u200f")


def _glyph(face: ImageFont.FreeTypeFont, char: str) -> bytes:
    size = round(face.size * 2)
    image = Image.new("L", (size, size), 0)
    ImageDraw.Draw(image).text((size // 4, size // 4), char, font=face, fill=255)
    return image.tobytes()


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of ``text`` (paragraphs kept) that fit ``width`` pixels; words the font cannot
    draw are left out."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        current = ""
        for word in (w for w in paragraph.split() if drawable(face, w)):
            candidate = f"{current} {word}".strip()
            if current and face.getlength(candidate, direction="rtl") > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
    return lines


def render_page(text: str, font_path: str | Path, dpi: int = 300, points: float = 12.0,
                spacing: float = 1.7, language: str = "fa",
                inches: tuple[float, float] = A4_INCHES) -> tuple[Image.Image, str]:
    """A page of ``inches`` (A4 unless told) at ``dpi`` with ``text`` set in ``points``-size
    type (``language``: the raqm language tag, ``fa`` or ``ar``); returns the image (mode
    ``L``) and the text as it fits the page, one line per line drawn."""
    width, height = round(inches[0] * dpi), round(inches[1] * dpi)
    margin = round(MARGIN_INCHES * dpi)
    size = round(points * dpi / 72)
    face = font(font_path, size)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = margin
    drawn: list[str] = []
    for line in wrap(text, face, width - 2 * margin):
        if y + size * spacing > height - margin:
            break
        draw.text((width - margin, y), line, font=face, fill=0, anchor="ra", direction="rtl",
                  language=language)
        drawn.append(line)
        y += round(size * spacing)
    return page, "\n".join(drawn)


def degrade(page: Image.Image, how: Degradation, seed: int = 0,
            back: Image.Image | None = None) -> Image.Image:
    """``page`` spoiled as ``how`` says (reproducible for one ``seed``); ``back`` is the
    page printed on the other side, for ``how.bleed``."""
    rng = random.Random(seed)
    image = page
    if how.bleed and back is not None:
        image = _bleed_through(image, back, how.bleed)
    if how.contrast != 1.0 or how.paper != 255:
        image = image.point(lambda v: round(how.paper - (255 - v) * how.contrast * how.paper
                                            / 255))
    if how.light:
        image = _uneven_light(image, how.light, rng)
    if how.warp:
        image = _warp(image, how.warp, rng)
    if how.angle:
        image = image.rotate(how.angle, resample=Image.Resampling.BICUBIC, expand=True,
                             fillcolor=255)
    if how.blur:
        image = image.filter(ImageFilter.GaussianBlur(how.blur))
    if how.scale != 1.0:
        image = image.resize((round(image.width * how.scale), round(image.height * how.scale)),
                             Image.Resampling.BILINEAR)
    if how.noise:
        image = (_speckle(image, how.noise, rng) if how.speck_size == 1
                 else _dust(image, how.noise, how.speck_size, rng))
    if how.jpeg_quality:
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=how.jpeg_quality)
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    return image


def _speckle(image: Image.Image, share: float, rng: random.Random) -> Image.Image:
    """Salt-and-pepper noise: ``share`` of the pixels turned black or white at random."""
    noisy = image.copy()
    pixels = noisy.load()
    assert pixels is not None
    count = round(image.width * image.height * share)
    for _ in range(count):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        pixels[x, y] = 0 if rng.random() < 0.5 else 255
    return noisy


def _bleed_through(image: Image.Image, back: Image.Image, strength: float) -> Image.Image:
    """The back page, mirrored, blurred and faint, darkening the front like ink seen through
    thin paper."""
    ghost = ImageOps.mirror(back.resize(image.size)).filter(ImageFilter.GaussianBlur(2))
    ghost = ghost.point(lambda v: round(255 - (255 - v) * strength))
    return ImageChops.multiply(image, ghost)


def _uneven_light(image: Image.Image, strength: float, rng: random.Random) -> Image.Image:
    """Brightness falling off across the page in a random direction (a lamp to one side, a
    phone's shadow): the far side keeps ``1 - strength`` of its brightness."""
    ramp = Image.linear_gradient("L").rotate(
        rng.uniform(0, 360), resample=Image.Resampling.BILINEAR,
        fillcolor=255 if rng.random() < 0.5 else 0)
    ramp = ramp.filter(ImageFilter.GaussianBlur(24)).resize(image.size, Image.Resampling.BILINEAR)
    light = ramp.point(lambda v: round(255 * (1 - strength * v / 255)))
    return ImageChops.multiply(image, light)


def _warp(image: Image.Image, amount: float, rng: random.Random) -> Image.Image:
    """Lines bent and skewed across the page (a curled sheet, a book's spine): each vertical
    strip moves up or down by a smooth curve plus a slope, at most ``amount`` × height."""
    width, height = image.size
    amplitude = amount * height
    phase, slope = rng.uniform(0, math.pi), rng.uniform(-1, 1)
    strips = 24

    def drift(x: float) -> float:
        return amplitude * (0.6 * math.sin(math.pi * x / width + phase) + 0.4 * slope * x / width)

    mesh = []
    for i in range(strips):
        x0, x1 = width * i // strips, width * (i + 1) // strips
        d0, d1 = drift(x0), drift(x1)
        box = (x0, 0, x1, height)
        quad = (x0, d0, x0, height + d0, x1, height + d1, x1, d1)
        mesh.append((box, quad))
    return image.transform(image.size, Image.Transform.MESH, mesh,
                           resample=Image.Resampling.BICUBIC, fillcolor=255)


def _dust(image: Image.Image, share: float, size: int, rng: random.Random) -> Image.Image:
    """Specks of ``size`` pixels (dust, toner), black or white, over ``share`` of the page."""
    noisy = image.copy()
    draw = ImageDraw.Draw(noisy)
    count = round(image.width * image.height * share / (size * size))
    for _ in range(count):
        x, y = rng.randrange(image.width), rng.randrange(image.height)
        draw.rectangle((x, y, x + size - 1, y + size - 1), fill=0 if rng.random() < 0.5 else 255)
    return noisy
