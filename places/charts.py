"""Small horizontal bar charts drawn on the server as SVG; the same numbers are given as text."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 0  # labels sit above each bar: long translated names never overflow


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str | None = None


def bar_chart(bars, *, width=320):
    """An aria-hidden SVG of `bars` (the accessible version is the list the template renders beside it)."""
    largest = max((bar.value for bar in bars), default=0) or 1
    row = BAR_HEIGHT + GAP + 16
    height = row * len(bars)
    rows = []
    for index, bar in enumerate(bars):
        y = index * row
        bar_width = round((width - 40) * bar.value / largest, 1)
        rows.append(
            format_html(
                '<text x="0" y="{}" class="chart__label">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" rx="3" class="chart__bar"></rect>'
                '<text x="{}" y="{}" class="chart__value">{}</text>',
                y + 13,
                bar.label,
                y + 18,
                max(bar_width, 2),
                BAR_HEIGHT,
                max(bar_width, 2) + 6,
                y + 18 + BAR_HEIGHT - 6,
                bar.value,
            )
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" aria-hidden="true" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        width,
        max(height, 1),
        mark_safe("".join(rows)),  # each row was built by format_html, so escaped
    )


def bar_list(bars):
    """The chart's numbers as an HTML list, with links where a bar has one."""
    return format_html_join(
        "",
        "<li>{}</li>",
        (
            (
                format_html('<a href="{}">{}</a>: {}', bar.url, bar.label, bar.value)
                if bar.url
                else f"{bar.label}: {bar.value}",
            )
            for bar in bars
        ),
    )
