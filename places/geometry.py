"""Plane geometry for the map renderer: boxes, the projection of a view, and compact SVG path data.

Boxes are (west, south, east, north) in degrees. The projection is equirectangular: x = lon · cos(φ₀) · SCALE and
y = −lat · SCALE, where φ₀ is the middle latitude of the view, so y grows downwards as SVG expects.
"""

import math
from collections.abc import Iterable, Sequence

SCALE = 10.0  # viewBox units per degree of latitude

Box = tuple[float, float, float, float]
Ring = Sequence[tuple[float, float]]


def ring_box(ring: Ring) -> Box:
    lons = [lon for lon, _ in ring]
    lats = [lat for _, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def union(boxes: Iterable[Box]) -> Box:
    boxes = list(boxes)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def intersects(a: Box, b: Box) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def grow(box: Box, margin: float) -> Box:
    return box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin


def area(ring: Ring) -> float:
    """Unsigned area by the shoelace formula, in the units of the ring."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2


def frame(box: Box, padding: float, min_span: float, min_aspect: float) -> Box:
    """The view around `box`: `padding` (a fraction of each span) on every side, at least `min_span` degrees each
    way, and at least `min_aspect` times wider than tall, widths measured on the ground (cos of the latitude)."""
    west, south, east, north = box
    pad_x, pad_y = (east - west) * padding, (north - south) * padding
    west, south, east, north = west - pad_x, south - pad_y, east + pad_x, north + pad_y
    if north - south < min_span:
        middle = (north + south) / 2
        south, north = middle - min_span / 2, middle + min_span / 2
    lon_span = max(min_span, (north - south) * min_aspect) / math.cos(math.radians((north + south) / 2))
    if east - west < lon_span:
        middle = (east + west) / 2
        west, east = middle - lon_span / 2, middle + lon_span / 2
    return west, south, east, north


def _distance(p, a, b) -> float:
    """Distance from p to the segment ab."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker on an open line: both ends stay, and no point kept is further than `tolerance` off."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = tolerance, None
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > best:
                best, index = distance, i
        if index is not None:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(points: list, tolerance: float) -> list:
    """Douglas–Peucker on a closed ring (without its closing point), split at the point furthest from the first."""
    if len(points) < 4:
        return list(points)
    far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
    return simplify(points[: far + 1], tolerance)[:-1] + simplify([*points[far:], points[0]], tolerance)[:-1]


class Projection:
    """Projects lon/lat to integer steps of a grid in viewBox units, and writes path data with relative moves."""

    def __init__(self, view: Box):
        west, south, east, north = view
        self.kx = math.cos(math.radians((north + south) / 2)) * SCALE
        self.view = view
        width = (east - west) * self.kx
        # Whole units for wide views (a unit is then under 1/600 of the width), tenths for close-ups.
        self.decimals = 0 if width >= 600 else 1
        self.per_unit = 10**self.decimals
        # Detail finer than this (in grid steps) does not show: about a third of a pixel on a 1000-pixel-wide map.
        self.tolerance = width * self.per_unit / 3000

    def view_box(self) -> str:
        west, south, east, north = self.view
        values = (west * self.kx, -north * SCALE, (east - west) * self.kx, (north - south) * SCALE)
        return " ".join(self.number(round(v * self.per_unit)) for v in values)

    def grid(self, ring: Ring) -> list[tuple[int, int]]:
        """The ring on the grid, without repeated points nor the closing point."""
        points: list[tuple[int, int]] = []
        for lon, lat in ring:
            point = (round(lon * self.kx * self.per_unit), round(-lat * SCALE * self.per_unit))
            if not points or points[-1] != point:
                points.append(point)
        while len(points) > 1 and points[-1] == points[0]:
            points.pop()
        return simplify_ring(points, self.tolerance)

    def number(self, steps: int) -> str:
        """A count of grid steps as the shortest decimal: 12, -3, 1.5, -.5."""
        if self.decimals == 0:
            return str(steps)
        whole, tenths = divmod(abs(steps), 10)
        sign = "-" if steps < 0 else ""
        if not tenths:
            return f"{sign}{whole}"
        return f"{sign}{whole or ''}.{tenths}"

    def join(self, steps: Iterable[int]) -> str:
        text = ""
        for value in steps:
            number = self.number(value)
            text += number if not text or number.startswith("-") else " " + number
        return text

    def path(self, rings: Iterable[list[tuple[int, int]]]) -> str:
        """Path data: each ring a relative move (the first one absolute), relative lines, and a close."""
        parts = []
        origin = None
        for ring in rings:
            deltas = []
            for previous, point in zip(ring, ring[1:], strict=False):
                deltas += [point[0] - previous[0], point[1] - previous[1]]
            if origin is None:  # after "M x y" the lines need an "l"; after "m" they are relative anyway
                parts.append("M" + self.join(ring[0]) + "l" + self.join(deltas) + "z")
            else:
                parts.append("m" + self.join([ring[0][0] - origin[0], ring[0][1] - origin[1], *deltas]) + "z")
            origin = ring[0]
        return "".join(parts)
