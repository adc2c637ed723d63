"""Bar charts as visible HTML lists: one scale a page, bars in 5% steps, and nothing focusable hidden."""

import re
from html.parser import HTMLParser

import pytest

from places.charts import Bar, bar_chart, bar_width, page_scale
from tests import content

FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class HiddenFocusables(HTMLParser):
    """The focusable elements inside an aria-hidden or visually hidden element (the skip links are neither)."""

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = attrs.get("aria-hidden") == "true" or "visually-hidden" in (attrs.get("class") or "").split()
        focusable = tag in FOCUSABLE and ("href" in attrs or tag != "a") or attrs.get("tabindex", "-1") != "-1"
        if focusable and any(self.stack) and attrs.get("type") != "hidden":
            self.found.append((tag, attrs))
        if tag not in VOID:
            self.stack.append(hidden)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()


def hidden_focusables(text):
    parser = HiddenFocusables()
    parser.feed(text)
    return parser.found


def widths(text):
    return [int(width) for width in re.findall(r"chart__bar--w(\d+)", text)]


def test_the_page_scale_is_its_largest_number():
    regions = [Bar("A", 12), Bar("B", 3)]
    themes = [Bar("C", 15), Bar("D", 0)]
    assert page_scale(regions, themes) == 15
    assert page_scale(20, regions, themes) == 20
    assert page_scale(3, [Bar("Theme", 1)]) == 3
    # Nothing to show: bars of nothing, never a division by zero.
    assert page_scale() == 1
    assert page_scale(0, [Bar("A", 0)]) == 1


@pytest.mark.parametrize(
    ("value", "scale", "width"),
    [
        (0, 10, 0),
        (10, 10, 100),
        (12, 15, 80),
        (15, 15, 100),
        (1, 3, 35),  # 33.3 %: the nearest step
        (2, 3, 65),  # 66.7 %
        (1, 40, 5),  # 2.5 %: half a step rounds up
        (1, 41, 5),  # 2.4 %: a non-zero number is never drawn as nothing
        (1, 1000, 5),
        (7, 8, 90),  # 87.5 %: half up
        (9, 8, 100),  # never beyond the scale
        (-1, 8, 0),
    ],
)
def test_a_bar_is_a_5_percent_step_of_the_scale(value, scale, width):
    assert bar_width(value, scale) == width
    assert width % 5 == 0


def test_rows_show_label_number_and_a_decorative_bar():
    html = str(
        bar_chart(
            [Bar("Justice <juvénile>", 1, "/fr/pratiques/?theme=a&b=c"), Bar("Traite", 0), Bar("Filles", 3)],
            scale=3,
        )
    )
    assert html.count('<li class="chart__row">') == 3
    assert (
        '<span class="chart__label"><a href="/fr/pratiques/?theme=a&amp;b=c">Justice &lt;juvénile&gt;</a></span> '
        '<span class="chart__value">1</span>'
    ) in html
    assert '<span class="chart__label">Traite</span> <span class="chart__value">0</span>' in html
    assert widths(html) == [35, 0, 100]
    assert html.count('<span class="chart__track" aria-hidden="true">') == 3
    assert hidden_focusables(f'<ul class="chart">{html}</ul>') == []


@pytest.mark.django_db
def test_home_charts_share_one_scale_and_hide_no_link(client, sample):
    text = client.get("/fr/").content.decode()
    assert '<svg class="chart"' not in text and 'visually-hidden">' not in text.split('class="charts"')[1][:4000]
    charts = re.findall(r'<ul class="chart">(.*?)</ul>', text, re.S)
    assert len(charts) == 2  # regions and themes
    # The scale is the page's largest number: its two practices (Togo and Peru), said under the charts.
    assert "Une barre entière représente 2 pratiques." in text
    for chart in charts:
        values = [int(value) for value in re.findall(r'chart__value">(\d+)<', chart)]
        assert widths(chart) == [bar_width(value, 2) for value in values]
        assert 1 in values  # a 1 in either chart is half a bar in both
    assert 50 in widths(charts[0]) and 50 in widths(charts[1])
    # Every chart label with a number is a visible link to the filtered listing.
    assert 'href="/fr/pratiques/?region=central-south-america">' in charts[0]
    assert hidden_focusables(text) == []


@pytest.mark.django_db
def test_a_country_s_bars_are_shares_of_its_practices(client, sample):
    content.practice(key="ecoles-togo", title="Écoles sûres", countries=["TG"], themes=["trafficking"])
    content.practice(key="radio-togo", title="Radio des enfants", countries=["TG"], themes=["trafficking"])
    text = client.get("/fr/pays/togo/").content.decode()
    assert "3 pratiques partagées depuis ce pays." in text
    rows = dict(
        re.findall(
            r'theme=([a-z-]+)">[^<]*</a></span> <span class="chart__value">\d+</span>'
            r'<span class="chart__track" aria-hidden="true"><span class="chart__bar chart__bar--w(\d+)"',
            text,
        )
    )
    # One practice of three is a third of the bar, not all of it.
    assert rows["child-participation"] == "35"
    assert rows["trafficking"] == "65"
    assert rows["armed-conflict"] == "0"
    assert "Une barre entière représente 3 pratiques." in text
    for url in ("/fr/pays/togo/", "/fr/pays/sub-saharan-africa/", "/es/paises/"):
        assert hidden_focusables(client.get(url).content.decode()) == [], url
