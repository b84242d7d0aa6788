"""Where a box on the image the engine read lies on the page image the reader sees.

Preprocessing turns the page by quarter turns, straightens it by a small angle (growing the
canvas) and rescales it; :class:`Transform` records those steps and maps a box back through
them. A box rotated by a small angle is no longer upright: the mapped box is the upright
rectangle around its four corners.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # left, top, width, height


@dataclass(frozen=True, slots=True)
class Transform:
    """Page image (``size``) → quarter turns counter-clockwise → rotation by ``angle`` degrees
    counter-clockwise on an expanded canvas (``turned_size`` → ``rotated_size``) → ``scale``."""

    size: tuple[int, int]
    quarters: int = 0
    angle: float = 0.0
    rotated_size: tuple[int, int] | None = None
    scale: float = 1.0

    @property
    def turned_size(self) -> tuple[int, int]:
        """The size after the quarter turns."""
        width, height = self.size
        return (height, width) if self.quarters % 2 else (width, height)

    def to_page(self, box: Box) -> Box:
        """The upright box on the page image around ``box`` of the transformed image."""
        left, top, width, height = (v / self.scale for v in box)
        corners = [(left, top), (left + width, top), (left, top + height),
                   (left + width, top + height)]
        points = [self._unturn(*self._unrotate(x, y)) for x, y in corners]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        page_w, page_h = self.size
        x0, y0 = max(0.0, min(xs)), max(0.0, min(ys))
        x1, y1 = min(float(page_w), max(xs)), min(float(page_h), max(ys))
        return x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0)

    def _unrotate(self, x: float, y: float) -> tuple[float, float]:
        if not self.angle or self.rotated_size is None:
            return x, y
        out_w, out_h = self.rotated_size
        in_w, in_h = self.turned_size
        dx, dy = x - out_w / 2, y - out_h / 2
        theta = math.radians(self.angle)
        cos, sin = math.cos(theta), math.sin(theta)
        # PIL turns counter-clockwise on screen (y grows downwards); this is the inverse.
        return dx * cos - dy * sin + in_w / 2, dx * sin + dy * cos + in_h / 2

    def _unturn(self, x: float, y: float) -> tuple[float, float]:
        width, height = self.size
        quarters = self.quarters % 4
        if quarters == 1:  # ROTATE_90: new (x, y) = (old y, width - old x)
            return width - y, x
        if quarters == 2:
            return width - x, height - y
        if quarters == 3:  # ROTATE_270: new (x, y) = (height - old y, old x)
            return y, height - x
        return x, y
