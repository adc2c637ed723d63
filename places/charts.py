"""Small horizontal bar charts as plain HTML lists: a row per bar with its label (a link when it has one), its
number as text and a decorative CSS bar.

All the charts of a page share one scale (`page_scale`), so that equal numbers draw equal bars. A bar's length
is a class of 5% steps (`.chart__bar--w0` … `--w100` in static/css/socialab.css): the Content-Security-Policy
allows no style attribute.

    scale = page_scale(practice_total, region_bars, theme_bars)
    bar_chart(theme_bars, scale=scale)
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

STEP = 5  # per cent: the smallest length a bar can differ by


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str | None = None


def page_scale(*figures: int | Iterable[Bar]) -> int:
    """The largest of the page's numbers (each given as a number or as a chart's bars): the full length of a bar.
    At least 1, so that an empty page draws empty bars."""
    values = [0]
    for figure in figures:
        values.extend([figure] if isinstance(figure, int) else [bar.value for bar in figure])
    return max(max(values), 1)


def bar_width(value: int, scale: int) -> int:
    """The bar's length in per cent of the scale, rounded half up to a STEP. A zero draws nothing; any other
    number draws at least one step, so that 1 is never mistaken for 0; nothing is longer than the scale."""
    if value <= 0:
        return 0
    steps = (2 * value * 100 + scale * STEP) // (2 * scale * STEP)  # round(value * 100 / scale / STEP), half up
    return min(max(steps, 1) * STEP, 100)


def bar_chart(bars: Iterable[Bar], *, scale: int):
    """The rows of a `<ul class="chart">`: the template writes the list element and its heading."""
    return format_html_join(
        "",
        '<li class="chart__row"><span class="chart__label">{}</span> <span class="chart__value">{}</span>'
        '<span class="chart__track" aria-hidden="true"><span class="chart__bar chart__bar--w{}"></span></span></li>',
        (
            (
                format_html('<a href="{}">{}</a>', bar.url, bar.label) if bar.url else bar.label,
                bar.value,
                bar_width(bar.value, scale),
            )
            for bar in bars
        ),
    )
