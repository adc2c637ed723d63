"""Maps of the programme countries as inline SVG, drawn on the server: no tiles, no CDN, no JavaScript.

The boundaries come from places/data/countries.json (Natural Earth, public domain; rebuilt by
scripts/build-geodata). The countries given are drawn inline, highlighted and, when they have a URL, links;
the site's CSS colours `.map__country` and `.map__link`. Every country of the dataset is drawn as context in
a separate SVG file (`render_land`, served at /maps/land/… by places.views with a year-long cache): the same
few views recur on every page (the programme, a region, a country), so a reader downloads each one once
instead of ~45 KB of coastlines inside every page.

    render_map([MapCountry("TG", "Togo", "/fr/togo/", "12 pratiques")], title="Togo", description="…")
"""

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from . import geometry
from .geometry import Box, Projection

DATA_FILE = Path(__file__).resolve().parent / "data" / "countries.json"
PADDING = 0.08  # share of the framed countries' span added on each side
MIN_SPAN = 7.0  # degrees: the smallest view, so that a small country keeps its neighbours around it
MIN_ASPECT = 1.2  # width / height: a tall country is shown with more of its surroundings, not as a tall strip
MARGIN = 1.0  # degrees around the view within which shapes are still drawn (their edges reach into the view)
MIN_RING_AREA = 2  # square grid steps: smaller islands are not drawn, except the largest part of a highlight
MAIN_RING_SHARE = 0.02  # parts smaller than this share of a country's largest part do not widen its frame
# The land file has no stylesheet (it is an image of the page): presentation attributes instead of CSS. Its
# borders are a share of the view's width (in an image, a "non-scaling" stroke scales with the image).
LAND_STYLE = 'fill="#d9dedc" stroke="#ffffff" stroke-linejoin="round"'
BORDER_SHARE = 1 / 1000


@dataclass(frozen=True)
class MapCountry:
    iso_code: str  # ISO 3166-1 alpha-2, "TG"
    name: str  # label in the reader's language, "Togo"
    url: str | None = None  # link target; None (or empty): highlighted but not a link
    note: str = ""  # extra words for the accessible name and the tooltip, "12 pratiques"

    @property
    def label(self) -> str:
        return f"{self.name} – {self.note}" if self.note else self.name


class Country(NamedTuple):
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # outer rings and holes alike, largest first
    boxes: tuple[Box, ...]  # one per ring
    box: Box  # the frame of the country's main parts (a far speck of island does not count)


@functools.cache
def dataset() -> dict[str, Country]:
    """The countries of the data file by ISO code, read once."""
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))["countries"]
    countries = {}
    for code, entry in raw.items():
        rings = [tuple((lon, lat) for lon, lat in ring) for ring in entry["polygons"]]
        rings.sort(key=geometry.area, reverse=True)
        largest = geometry.area(rings[0])
        boxes = tuple(geometry.ring_box(ring) for ring in rings)
        main = [box for ring, box in zip(rings, boxes, strict=True) if geometry.area(ring) >= largest * MAIN_RING_SHARE]
        countries[code] = Country(entry["name"], tuple(rings), boxes, geometry.union(main))
    return countries


def render_map(
    countries: Iterable[MapCountry],
    *,
    title: str,
    description: str,
    focus: Iterable[str] | None = None,
    highlight_class: str = "map__country--programme",
    css_class: str = "map",
    id_prefix: str | None = None,
) -> SafeString:
    """Inline SVG: every country of the dataset as background, each of `countries` highlighted (a link when it has
    a url). `focus`: ISO codes whose frame is the view, padded, at least MIN_SPAN degrees each way and MIN_ASPECT
    times wider than tall; None frames all of `countries`. The ids of the title and desc come from `id_prefix`, or
    else from the title and a hash of the arguments. Raises ValueError for a code the dataset lacks, a country
    given twice, or nothing to frame. Highlighted countries wholly outside the view are left out (no invisible
    links). The result is cached: the same arguments give the same string object."""
    normalized = tuple(
        MapCountry(str(c.iso_code).upper(), str(c.name), None if c.url is None else str(c.url), str(c.note))
        for c in countries
    )
    focus = None if focus is None else tuple(str(code).upper() for code in focus)
    return _render(
        normalized,
        str(title),
        str(description),
        focus,
        str(highlight_class),
        str(css_class),
        None if id_prefix is None else str(id_prefix),
    )


@functools.cache
def data_version() -> str:
    """A short digest of the data file: the land files' URLs change when the boundaries do."""
    return hashlib.sha256(DATA_FILE.read_bytes()).hexdigest()[:10]


def land_codes(text: str) -> tuple[str, ...] | None:
    """The ISO codes of a land file's name ("CO-PE"), or None unless they are known, unique and sorted."""
    codes = tuple(text.split("-"))
    data = dataset()
    if not all(code in data for code in codes) or list(codes) != sorted(set(codes)):
        return None
    return codes


def land_url(framed: Iterable[str]) -> str:
    return reverse("map_land", kwargs={"version": data_version(), "codes": "-".join(sorted(set(framed)))})


def _view(framed: Iterable[str]) -> tuple[Projection, Box]:
    data = dataset()
    view = geometry.frame(geometry.union(data[code].box for code in framed), PADDING, MIN_SPAN, MIN_ASPECT)
    return Projection(view), geometry.grow(view, MARGIN)


@functools.lru_cache(maxsize=64)
def render_land(framed: tuple[str, ...]) -> str:
    """A standalone SVG document of every country of the dataset within the view that frames `framed`."""
    projection, visible = _view(framed)
    border = float(projection.view_box().split()[2]) * BORDER_SHARE
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{projection.view_box()}" fill-rule="evenodd">',
        f'<g {LAND_STYLE} stroke-width="{border:.3g}">',
    ]
    for country in dataset().values():
        if d := _path_data(country, projection, visible, keep_largest=False):
            parts.append(f'<path d="{d}"/>')
    parts.append("</g></svg>")
    return "".join(parts)


@functools.lru_cache(maxsize=128)
def _render(countries, title, description, focus, highlight_class, css_class, id_prefix) -> SafeString:
    data = dataset()
    codes = [country.iso_code for country in countries]
    unknown = [code for code in [*codes, *(focus or ())] if code not in data]
    if unknown:
        raise ValueError(f"No map data for the country code(s) {', '.join(map(repr, unknown))}")
    if len(set(codes)) != len(codes):
        raise ValueError(f"A country is given twice: {', '.join(codes)}")
    framed = codes if focus is None else focus
    if not framed:
        raise ValueError("Nothing to frame: give some countries, or some codes in focus")
    projection, visible = _view(framed)

    if id_prefix is None:
        digest = hashlib.sha256(repr((countries, title, description, focus, highlight_class, css_class)).encode())
        id_prefix = f"{slugify(title)[:40] or 'map'}-{digest.hexdigest()[:8]}"
    title_id, desc_id = escape(f"{id_prefix}-title"), escape(f"{id_prefix}-desc")
    x, y, width, height = projection.view_box().split()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" viewBox="{projection.view_box()}"'
        ' width="100%" preserveAspectRatio="xMidYMid meet" fill-rule="evenodd"'
        f' role="group" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<image class="map__land" href="{escape(land_url(framed))}" x="{x}" y="{y}" width="{width}"'
        f' height="{height}" aria-hidden="true"/>',
    ]
    for country in countries:
        d = _path_data(data[country.iso_code], projection, visible, keep_largest=True)
        if not d:
            continue
        label = escape(country.label)
        path = f'<path class="map__country {escape(highlight_class)}" d="{d}"'
        if not country.url:
            parts.append(f"{path}><title>{label}</title></path>")
        else:
            parts.append(
                f'<a href="{escape(country.url)}" aria-label="{label}" class="map__link">'
                f"<title>{label}</title>{path}/></a>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text and attribute above is escaped


def _path_data(country: Country, projection: Projection, visible: Box, *, keep_largest: bool) -> str:
    """The country's parts near the view, on the projection's grid; specks too small to see are dropped."""
    rings = []
    for index, (ring, box) in enumerate(zip(country.rings, country.boxes, strict=True)):
        if not geometry.intersects(box, visible):
            continue
        points = projection.grid(ring)
        if len(points) < 3:
            continue
        if geometry.area(points) < MIN_RING_AREA and not (keep_largest and index == 0):
            continue
        rings.append(points)
    return projection.path(rings)
