"""Preprocessing of a page image before OCR, with Pillow alone (no numpy, no OpenCV).

Each step is a small function of an 8-bit grayscale image, applied only when a measurement of
*this* page says it is needed — never because the page looks like one of a benchmark's recipes.
:func:`prepare` applies the steps that :class:`Steps` switches on, in this order, and records
what it did (``Prepared.steps``) and how to map word boxes back to the page
(``Prepared.transform``):

- **quarter turns**: given by the caller (from the engine's orientation detection when the
  first reading was poor, see ``kavosh.ocr.recognize``);
- **normalise**, light: the paper's brightness is estimated across the page (a closing over
  a small copy removes the text); a page whose paper is grey or unevenly lit
  (:data:`UNEVEN_LIGHT`, :data:`GREY_PAPER`) is divided by it, so the paper is white everywhere;
- **denoise**: only on pages whose blank rows carry specks (:data:`NOISE_SPECKS`), at the
  page's own resolution — before any rotation or scaling, which would smear a speck into a
  blob (the page the issue reported, small, turned 2° and speckled, was scaled up first and
  read at 68 % CER): specks that stand alone, dark or light, up to a size the text's line
  height allows, are replaced by the median around them (:func:`drop_specks`); a 3×3 median
  over the page follows only where many remain. (A median over every speckled page erased
  the dots and thin strokes of small type);
- **normalise**, contrast: a page whose ink is pale (:data:`PALE_INK`) has its levels
  stretched so the ink is black and the paper white (measured once the specks are gone,
  within the paper's levels: a grey sheet on a scanner's white bed keeps its ink);
- **normalise**, bleed-through: on a page whose light was even, a dense band of light grays
  between the strokes' soft edges and the paper (:func:`faint_layer`: the back page seen
  through the sheet) is made paper;
- **normalise**, ghost: grays that lie away from every stroke's core and crowd together
  (:func:`ghost_mask`: the back page showing through where its grays mix with the strokes'
  edges — small and blurred, or under faded ink on grey paper — a stain) are made paper, on
  any page where they cover :data:`GHOST_GRAYS` of it;
- **deskew**: the angle (within ±``MAX_SKEW`` degrees) that makes the rows' ink profile
  sharpest, found coarse to fine on a small copy; applied only from ``MIN_SKEW`` degrees;
- **rescale**: the text's line height is measured from the same profile, and the page scaled
  so lines are about ``TARGET_LINE`` pixels high (Tesseract reads small text badly);
- **binarise**: Otsu's global threshold (Tesseract binarises again internally; kept switchable).

Which steps are on by default, and their thresholds, were chosen on the tuning seeds of
``bench/ocr_degraded.py`` (random combinations of degradations) and checked on its held-out
seeds and on ``bench/ocr_cer.py`` (docs/ocr.md, docs/architecture.md "OCR").
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass, field

from PIL import Image, ImageChops, ImageFilter, ImageMath, ImageOps

from kavosh.ocr.geometry import Transform

MAX_SKEW = 5.0  # degrees searched either way
MIN_SKEW = 0.5  # smaller angles are left alone (rotating blurs the glyphs a little)
PROFILE_WIDTH = 700  # the small copy the angle and line height are measured on
TARGET_LINE = 40  # pixels from the top of a line's ink to its bottom, after rescaling
MIN_LINE = 28  # lines lower than this are scaled up
MAX_UPSCALE = 4.0
NOISE_SPECKS = 0.0015  # share of dark pixels in the blank rows above which it is denoised
MAX_SPECK = 3  # the largest specks (pixels square) dropped where the text is large enough
SPECK_LINE_SHARE = 12  # a speck dropped is at most this share of the text's line height
LIGHT_WIDTH = 160  # the small copy the paper's brightness is estimated on
LIGHT_WINDOW = 9  # pixels of that copy: text lines are thinner
UNEVEN_LIGHT = 0.85  # the paper's darkest part below this share of its brightest: uneven
GREY_PAPER = 225  # paper darker than this (0–255) is grey
PALE_INK = 90  # ink lighter than this (0–255) is stretched to black
FAINT_LAYER = 6.0  # light grays this many times denser than the strokes' edges: a layer
FAINT_EDGE = 2.5  # the layer reaches down as far as the grays stay this much denser
STROKE_CORE = 0.5  # a stroke's core: darker than this share of the way from ink to paper
EDGE_LINE_SHARE = 25  # a stroke's soft edge reaches this share of the line height from its core
GHOST_GRAYS = 0.003  # share of the page in grays away from every stroke: a ghost to drop
GHOST_CROWD = 0.1  # such grays fill this share of the square around them: not scattered


@dataclass(frozen=True, slots=True)
class Steps:
    """Which preprocessing steps run. The defaults are those the benchmarks support."""

    deskew: bool = True
    rescale: bool = True
    denoise: bool = True
    binarise: bool = False
    normalise: bool = True
    max_pixels: int = 60_000_000  # never scale a page beyond this

    def names(self) -> list[str]:
        """The names of the steps switched on, for the record."""
        return [name for name in ("normalise", "denoise", "deskew", "rescale", "binarise")
                if getattr(self, name)]


NONE = Steps(deskew=False, rescale=False, denoise=False, binarise=False, normalise=False)


@dataclass(slots=True)
class Prepared:
    """The image the engine reads, its resolution (0: unknown, the engine estimates it),
    what was done and how to map boxes back."""

    image: Image.Image
    dpi: int
    transform: Transform
    steps: list[str] = field(default_factory=list)


def prepare(image: Image.Image, dpi: float, steps: Steps, quarters: int = 0) -> Prepared:
    """Apply ``steps`` to the grayscale page ``image`` (``dpi``: 0 when unknown)."""
    done: list[str] = []
    if quarters % 4:
        image = turn(image, quarters)
        done.append(f"turn:{(quarters % 4) * 90}")
    size = image.size
    if steps.normalise:
        image = _even_light(image, done)
    if steps.denoise and speckled(image):
        image = despeckle(image, done)
    if steps.normalise:
        flattened = "light" in done
        image = _full_contrast(image, done)
        if not flattened:  # a flattened light leaves grays that would pass for a layer
            image = _without_faint_layer(image, done)
        image = _without_ghost(image, done)
    angle, rotated_size = 0.0, None
    if steps.deskew:
        angle = skew_angle(ink_mask(image))
    if abs(angle) >= MIN_SKEW:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                             fillcolor=255)
        rotated_size = image.size
        done.append(f"deskew:{angle:.1f}")
    else:
        angle = 0.0
    line_height = text_line_height(image) if steps.rescale else None
    scale = rescale_factor(line_height, image.size, steps.max_pixels) if steps.rescale else 1.0
    if scale != 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)),
                             Image.Resampling.BICUBIC)
        done.append(f"scale:{scale:.2f}")
    if steps.binarise:
        image = binarise(image)
        done.append("binarise")
    transform = Transform((size[1], size[0]) if quarters % 2 else size, quarters % 4, angle,
                          rotated_size, scale)
    return Prepared(image, round(dpi * scale) if dpi else 0, transform, done)


def _even_light(image: Image.Image, done: list[str]) -> Image.Image:
    """The page with white paper where its light was uneven or its paper grey."""
    paper = paper_light(image)
    low, high = _percentile(paper, 0.02), _percentile(paper, 0.98)
    if high > 0 and (low < UNEVEN_LIGHT * high or high < GREY_PAPER):
        done.append("light")
        return flatten_light(image, paper)
    return image


def _full_contrast(image: Image.Image, done: list[str]) -> Image.Image:
    """The page with black ink where its ink was pale (measured after the specks are gone:
    black specks would pass for ink)."""
    ink = ink_level(image)
    if ink > PALE_INK:
        done.append(f"contrast:{ink}")
        return stretch(image, ink, paper_level(image))
    return image


def _without_faint_layer(image: Image.Image, done: list[str]) -> Image.Image:
    """The page with a faint layer of gray (the back page showing through) made paper."""
    cut = faint_layer(image)
    if cut is None:
        return image
    done.append(f"bleed:{cut}")
    return stretch(image, 0, cut)


def _without_ghost(image: Image.Image, done: list[str]) -> Image.Image:
    """The page with the grays that lie away from every stroke made paper, where they are
    many (:data:`GHOST_GRAYS`)."""
    reach = min(6, max(2, round(upright_line_height(image) / EDGE_LINE_SHARE)))
    far = ghost_mask(image, reach)
    share = far.histogram()[255] / max(1, image.width * image.height)
    if share < GHOST_GRAYS:
        return image
    done.append(f"ghost:{share * 100:.1f}%")
    return Image.composite(Image.new("L", image.size, paper_level(image)), image, far)


def ghost_mask(image: Image.Image, reach: int) -> Image.Image:
    """Pixels (255) of ``image`` darker than its paper and more than ``reach`` pixels from
    any stroke's core (:data:`STROKE_CORE`): not the soft edge of a letter, but what shows
    through the sheet (the back page, mirrored), a stain, blotches of JPEG.

    This is measured in the page's plane, not its histogram: the back page's ghost, scaled
    down and blurred, or on grey paper with faded ink, spreads over the same grays as the
    strokes' edges and forms no band of its own (:func:`faint_layer` misses it), but it lies
    between and beside the words, where a letter's edge never reaches.
    """
    ink, paper = ink_level(image), paper_level(image)
    span = paper - ink
    if span < 64:  # no ink to tell strokes by
        return Image.new("L", image.size, 0)
    core_cut = ink + span * STROKE_CORE
    light_cut = paper - max(8, span // 8)  # the paper's own grain is lighter
    cores = image.point(lambda v: 255 if v <= core_cut else 0)
    near = cores.filter(ImageFilter.BoxBlur(reach)).point(lambda v: 255 if v > 0 else 0)
    grays = image.point(lambda v: 255 if v < light_cut else 0)
    far = ImageChops.subtract(grays, near)
    # Only where such grays crowd: scattered ones are a blocky JPEG's or a thin stroke's.
    crowded = far.filter(ImageFilter.BoxBlur(reach)).point(
        lambda v: 255 if v >= 255 * GHOST_CROWD else 0)
    return ImageChops.multiply(far, crowded)


def faint_layer(image: Image.Image) -> int | None:
    """The gray level from which a faint layer begins, None when the page has none.

    Between the ink and the paper, a printed page holds only its strokes' soft edges, spread
    evenly over the gray levels. Ink seen through the sheet (the back page, mirrored, blurred
    and faint) adds a dense band of light grays; :data:`FAINT_LAYER` times the edges' density
    in the light half marks one where it belongs to the run of bands, down from the paper
    (short of its own spread), that stay :data:`FAINT_EDGE` times denser than the edges.
    Every level from the run's lowest up is the paper's.
    """
    histogram = image.histogram()[:256]
    ink, paper = ink_level(image), paper_level(image)
    span = paper - ink
    if span < 96:
        return None
    step = max(4, span // 16)

    def density(low: int, high: int) -> float:
        return sum(histogram[low:high]) / max(1, high - low)

    edges = max(1.0, density(ink + span // 5, ink + span // 2))
    top = paper - step  # the paper's own spread (texture, JPEG ringing) is above this
    bands = [(low, density(low, low + step) / edges)
             for low in range(top - 2 * step, ink + span // 2 - 1, -step)]
    layer = list(itertools.takewhile(lambda band: band[1] >= FAINT_EDGE, bands))
    if not any(ratio >= FAINT_LAYER for _low, ratio in layer):
        return None  # (a lone dense level elsewhere is a contrast stretch's comb)
    return layer[-1][0]


def paper_light(image: Image.Image, width: int = LIGHT_WIDTH) -> Image.Image:
    """The paper's brightness across the page, at a small size: a closing (the lightest pixel
    around each point, then the darkest of those) removes the text, which is thinner than the
    window, and keeps the edges of large regions where they are — a grey sheet on a scanner's
    white bed gets no dark frame when divided by it."""
    scale = min(1.0, width / max(1, image.width))
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                         Image.Resampling.BOX)
    closed = small.filter(ImageFilter.MaxFilter(LIGHT_WINDOW)).filter(
        ImageFilter.MinFilter(LIGHT_WINDOW))
    return closed.filter(ImageFilter.GaussianBlur(1))


def flatten_light(image: Image.Image, paper: Image.Image) -> Image.Image:
    """``image`` divided by its ``paper`` brightness (scaled to full size): white paper."""
    light = paper.resize(image.size, Image.Resampling.BILINEAR)
    out = ImageMath.lambda_eval(
        lambda a: a["convert"](a["min"](a["float"](a["page"]) * 255.0
                                        / a["max"](a["float"](a["light"]), 1.0), 255.0), "L"),
        page=image, light=light)
    assert isinstance(out, Image.Image)
    return out


def ink_level(image: Image.Image) -> int:
    """The level of the ink's core (0–255): the darkest tenth of the pixels darker than Otsu's
    threshold (the rest are the strokes' anti-aliased edges, which a thin pale scan is mostly
    made of); 0 for a page without any. Levels lighter than the paper are left out: a grey
    sheet on a scanner's white bed would otherwise split into "white" and "paper with ink",
    and the paper would pass for the ink of a short page."""
    histogram = image.histogram()[:paper_level(image) + 1]
    threshold = otsu_of(histogram)
    dark = histogram[:threshold + 1]
    total = sum(dark)
    if not total:
        return 0
    seen = 0
    for level, count in enumerate(dark):
        seen += count
        if seen * 10 >= total:
            return level
    return threshold


def paper_level(image: Image.Image) -> int:
    """The paper's gray level (0–255): the commonest level of the page (text covers far less
    of a page than its paper). Not the lightest: a sheet turned on a scanner's white bed has
    white corners around grey paper, and stretching to white there left the paper grey (and
    the page unread)."""
    histogram = image.histogram()[:256]
    return histogram.index(max(histogram))


def stretch(image: Image.Image, ink: int, paper: int = 255) -> Image.Image:
    """Levels stretched so ``ink`` becomes black and ``paper`` (and anything lighter) white."""
    span = max(1, paper - ink)
    return image.point(lambda v: max(0, min(255, round((v - ink) * 255 / span))))


def _percentile(image: Image.Image, share: float) -> int:
    """The gray level below which ``share`` of ``image``'s pixels lie."""
    histogram = image.histogram()[:256]
    target = share * sum(histogram)
    seen = 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= target:
            return level
    return 255


def turn(image: Image.Image, quarters: int) -> Image.Image:
    """The image turned counter-clockwise by ``quarters`` × 90 degrees."""
    ops = {1: Image.Transpose.ROTATE_90, 2: Image.Transpose.ROTATE_180,
           3: Image.Transpose.ROTATE_270}
    op = ops.get(quarters % 4)
    return image if op is None else image.transpose(op)


def otsu_threshold(image: Image.Image) -> int:
    """Otsu's threshold of an 8-bit grayscale image (maximises between-class variance)."""
    return otsu_of(image.histogram()[:256])


def otsu_of(histogram: list[int]) -> int:
    """Otsu's threshold of a histogram of gray levels."""
    total = sum(histogram)
    if total == 0:
        return 128
    sum_all = sum(i * h for i, h in enumerate(histogram))
    best, best_t = -1.0, 128
    weight_b = 0
    sum_b = 0.0
    for t in range(len(histogram)):
        weight_b += histogram[t]
        if weight_b == 0:
            continue
        weight_f = total - weight_b
        if weight_f == 0:
            break
        sum_b += t * histogram[t]
        mean_b = sum_b / weight_b
        mean_f = (sum_all - sum_b) / weight_f
        between = weight_b * weight_f * (mean_b - mean_f) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def binarise(image: Image.Image) -> Image.Image:
    """Black text on white by Otsu's global threshold (still mode ``L``)."""
    threshold = otsu_threshold(image)
    return image.point(lambda v: 255 if v > threshold else 0)


def ink_mask(image: Image.Image, width: int = PROFILE_WIDTH) -> Image.Image:
    """A small copy with ink 255 and paper 0 (Otsu on the small copy), for measuring."""
    scale = min(1.0, width / max(1, image.width))
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                         Image.Resampling.BOX) if scale < 1.0 else image
    threshold = otsu_threshold(small)
    return small.point(lambda v: 255 if v <= threshold else 0)


def _sharpness(mask: Image.Image, angle: float) -> float:
    """How sharply the rows' ink changes when the mask is turned by ``angle`` degrees."""
    turned = mask.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0) if angle else mask
    rows = list(turned.resize((1, turned.height), Image.Resampling.BOX).tobytes())
    return float(sum((a - b) ** 2 for a, b in itertools.pairwise(rows)))


def skew_angle(mask: Image.Image, limit: float = MAX_SKEW) -> float:
    """The angle (degrees, counter-clockwise) that straightens the text lines of ``mask``."""
    best: float = max(_candidates(-limit, limit, 0.5), key=lambda a: _sharpness(mask, a))
    fine = _candidates(best - 0.4, best + 0.4, 0.1)
    found: float = max(fine, key=lambda a: _sharpness(mask, a))
    return round(found, 2)


def _candidates(low: float, high: float, step: float) -> list[float]:
    count = round((high - low) / step)
    return [round(low + i * step, 3) for i in range(count + 1)]


def ink_bands(profile: list[float]) -> list[tuple[int, int]]:
    """``(start, end)`` of the runs of a darkness profile above the level every row carries
    (a dark border, specks): the text lines when the profile is taken across them."""
    ordered = sorted(profile)
    if not ordered:
        return []
    base, peak = ordered[len(ordered) // 5], ordered[len(ordered) * 19 // 20]
    if peak - base < 2:
        return []
    cutoff = base + 0.15 * (peak - base)
    bands: list[tuple[int, int]] = []
    start = -1
    for index, value in enumerate([*profile, 0.0]):
        if value > cutoff and start < 0:
            start = index
        elif value <= cutoff and start >= 0:
            bands.append((start, index))
            start = -1
    return bands


def row_darkness(image: Image.Image) -> list[float]:
    """How dark each row of the grayscale ``image`` is on average (0 white, 255 black)."""
    return [255.0 - v for v in image.resize((1, image.height), Image.Resampling.BOX).tobytes()]


def text_line_height(image: Image.Image) -> float | None:
    """Median height in pixels of the text lines of the (straightened) grayscale ``image``.

    A line is a run of rows darker than the paper between lines; the cut-off sits above what
    every row carries (a scanner's dark border, specks), and runs far lower than the tallest
    (dots, rules) are ignored. None when the page holds no lines.
    """
    runs = [end - start for start, end in ink_bands(row_darkness(image))]
    if not runs:
        return None
    tallest = max(runs)
    lines = [r for r in runs if r >= 0.3 * tallest] or runs
    return float(statistics.median(lines))


def upright_line_height(image: Image.Image) -> float:
    """The text's line height in pixels of ``image``, measured on a small copy turned
    straight first (on a turned page the rows' profile merges its lines into one); 0 for a
    page without lines."""
    mask = ink_mask(image)
    angle = skew_angle(mask)
    turned = mask.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0) if angle else mask
    height = text_line_height(ImageOps.invert(turned))
    return (height or 0.0) * image.width / mask.width


def rescale_factor(line_height: float | None, size: tuple[int, int], max_pixels: int) -> float:
    """The scale that brings lines lower than :data:`MIN_LINE` to :data:`TARGET_LINE` pixels;
    1.0 for anything larger (scaling large text down saved no time and lost accuracy)."""
    if not line_height or line_height >= MIN_LINE:
        return 1.0
    scale = min(MAX_UPSCALE, TARGET_LINE / line_height)
    limit = (max_pixels / max(1, size[0] * size[1])) ** 0.5
    scale = min(scale, limit)
    return 1.0 if 0.95 <= scale <= 1.05 else round(scale, 3)


def speckle_level(image: Image.Image) -> float:
    """Share of dark pixels where the page should be blank: the rows between and around its
    text lines (widened, so ascenders and descenders do not count), inside the central 80 %
    of the page (a sheet's edges and a scanner's borders are not specks). Clean pages, however
    small their text, have next to none there; specks of dust or salt-and-pepper noise do."""
    width, height = image.size
    image = image.crop((width // 10, height // 10, width - width // 10, height - height // 10))
    # The ink's threshold from a median-filtered copy: on a page of pale ink the black specks
    # themselves would be the darker of Otsu's two classes, every row would hold "ink", and
    # no row would be left blank to count specks in.
    threshold = otsu_threshold(image.filter(ImageFilter.MedianFilter(3)))
    dark = image.point(lambda v: 255 if v <= threshold else 0)
    rows = list(dark.resize((1, dark.height), Image.Resampling.BOX).tobytes())
    bands = ink_bands([float(v) for v in rows])
    pad = max(2, dark.height // 400)
    for start, end in bands:
        for row in range(max(0, start - pad), min(len(rows), end + pad)):
            rows[row] = -1
    blank = [v for v in rows if v >= 0]
    if len(blank) < max(8, len(rows) // 20):
        return 0.0  # no blank rows to judge by
    return statistics.fmean(blank) / 255


def speckled(image: Image.Image) -> bool:
    """Whether the page carries specks (:func:`speckle_level` above :data:`NOISE_SPECKS`)."""
    return speckle_level(image) > NOISE_SPECKS


def despeckle(image: Image.Image, done: list[str]) -> Image.Image:
    """Specks dropped (:func:`drop_specks`), as large as the text's size allows; a 3×3 median
    only where many remain (touching the text, or too large to tell from its dots). A median
    over every speckled page erased the dots of 11-point Nazli, and a 5×5 one its thin strokes too
    (a page read at 28 % CER, with all languages, after it)."""
    side = max(1, min(MAX_SPECK, int(upright_line_height(image) / SPECK_LINE_SHARE)))
    image = drop_specks(image, side)
    if speckled(image):  # specks touching the text, or larger than the text allows
        done.append(f"denoise:{side}+median")
        return image.filter(ImageFilter.MedianFilter(3))
    done.append(f"denoise:{side}")
    return image


def drop_specks(image: Image.Image, side: int) -> Image.Image:
    """``image`` with its specks replaced by the median around them. A speck is a cluster of
    pixels far from that median (dark on the paper or light on the ink) that fits a
    ``side``×``side`` square and stands alone: within ``side`` pixels of it nothing else is
    that far from the median. A stroke, however thin, has more such pixels along it, and dots
    of letters are larger than ``side`` where the caller sizes it from the text's line height,
    so the text keeps its shape."""
    window = 2 * side + 1
    median = image.filter(ImageFilter.MedianFilter(window))
    ink, paper = ink_level(median), paper_level(median)
    far = max(16, (paper - ink) // 2)
    away = ImageChops.difference(image, median).point(lambda v: 255 if v >= far else 0)
    most = side * side * 255 / (window * window)  # a lone speck's share of its window
    around = away.filter(ImageFilter.BoxBlur(side))
    lone = ImageChops.multiply(away, around.point(lambda v: 255 if v <= most + 0.5 else 0))
    return Image.composite(median, image, lone)
