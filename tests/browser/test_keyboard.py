"""A keyboard-only reader, on a desktop screen and on a phone: every Tab stop is on something visible, inside the
viewport once the browser has scrolled to it, with a visible focus indicator; after a filter, the first result is
a few Tab presses away."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
MAX_STOPS = 150  # more than any page here has: a page that traps the focus fails instead of looping
AFTER_FILTER = 3  # Tab presses from the results' heading to the first result, at most

# What the reader sees of the focused element: null on the page itself (before the first stop, after the last).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  return {
    tag: e.tagName,
    name: (e.getAttribute("aria-label") || e.textContent || e.value || "").trim().replace(/\\s+/g, " ").slice(0, 50),
    href: e.getAttribute("href") || "",
    box: [r.left, r.top, r.right, r.bottom],
    viewport: [innerWidth, innerHeight],
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
    hidden: !!e.closest("[aria-hidden='true']") || s.visibility === "hidden" || s.opacity === "0",
    filters: !!e.closest(".filters, .filters-panel"),  // the panel that holds them on a phone
    map: !!e.closest("svg.map"),
    closedGroup: e.tagName === "SUMMARY" && !e.parentElement.open,
    result: !!e.closest(".listing__results .cards, .listing__results .results"),
    id: e.id,
  };
}"""


@pytest.fixture
def places(site):
    """Practices in three countries of two regions, some with titles long enough to wrap on a card."""
    from tests import content

    content.practice(key="conseils-togo", countries=["TG"], themes=["child-participation"])
    content.practice(
        key="ecoles-togo",
        title="Des écoles sûres pour les filles et les garçons de Kara, avec les comités de parents",
        countries=["TG", "BF"],
        themes=["protection-systems", "girls-empowerment"],
    )
    content.practice(key="demuna-peru", title="DEMUNA itinérantes", countries=["PE"], themes=["girls-empowerment"])


def seen(stop):
    """The assertion message: which stop, where."""
    return f"{stop['tag']} {stop['name']!r} {stop['href']} at {stop['box']} in {stop['viewport']}"


def assert_visible(stop):
    left, top, right, bottom = stop["box"]
    width, height = stop["viewport"]
    assert right - left > 0 and bottom - top > 0, f"nothing to see: {seen(stop)}"
    assert left >= -1 and top >= -1 and right <= width + 1 and bottom <= height + 1, f"off screen: {seen(stop)}"
    assert not stop["hidden"], f"hidden: {seen(stop)}"
    assert stop["outline"], f"no focus indicator: {seen(stop)}"


def tab(page):
    """Press Tab and return the stop it reached (None: the focus left the page), asserting it visible."""
    page.keyboard.press("Tab")
    stop = page.evaluate(FOCUSED)
    if stop:
        assert_visible(stop)
    return stop


def tab_until(page, found):
    """Tab (asserting every stop) until `found(stop)`; open a closed group of filters on the way."""
    for _ in range(MAX_STOPS):
        stop = tab(page)
        assert stop, "the focus left the page before reaching what was looked for"
        if stop["closedGroup"] and stop["filters"]:
            page.keyboard.press("Enter")
        if found(stop):
            return stop
    raise AssertionError(f"not reached in {MAX_STOPS} Tab presses")


def tab_through(page, url):
    """Every Tab stop of the page, from the top to the end, visible; returns them."""
    page.goto(url)
    stops = []
    for _ in range(MAX_STOPS):
        stop = tab(page)
        if stop is None or (stops and stop == stops[0]):
            return stops
        stops.append(stop)
    raise AssertionError(f"{url}: more than {MAX_STOPS} Tab stops")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_keyboard_only_reader(page, server_url, places, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.emulate_media(reduced_motion="reduce")  # the focus scrolls at once: where it lands is measured at once

    # Home → the practices listing.
    page.goto(f"{server_url}/fr/")
    tab_until(page, lambda stop: stop["href"] == "/fr/pratiques/")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server_url}/fr/pratiques/")

    # A filter, chosen with Enter: the listing opens at its results, the focus on their heading.
    tab_until(page, lambda stop: stop["filters"] and stop["href"].endswith("?country=togo#results"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server_url}/fr/pratiques/?country=togo#results")
    heading = page.locator("#results")
    expect(heading).to_be_focused()
    expect(heading).to_have_text("2 résultats")
    assert_visible(page.evaluate(FOCUSED))
    for _ in range(AFTER_FILTER):
        if tab(page)["result"]:
            break
    else:
        raise AssertionError(f"the first result is more than {AFTER_FILTER} Tab presses after the filter")
    expect(page.locator(":focus")).to_have_text(
        "Des écoles sûres pour les filles et les garçons de Kara, avec les comités de parents"
    )

    # "Skip to results", from the top of the listing.
    page.goto(f"{server_url}/fr/pratiques/")
    tab_until(page, lambda stop: stop["href"] == "#results")
    page.keyboard.press("Enter")
    expect(heading).to_be_focused()

    # Whole pages, every stop visible: on a phone the map is hidden and its links with it.
    stops = {
        url: tab_through(page, f"{server_url}{url}")
        for url in ("/fr/pays/sub-saharan-africa/", "/fr/pays/togo/", "/fr/")
    }
    on_the_map = {url: len([stop for stop in page_stops if stop["map"]]) for url, page_stops in stops.items()}
    if viewport == "phone":
        expect(page.locator("svg.map")).to_be_hidden()
        assert on_the_map == {url: 0 for url in stops}
        # The lists stand in for the map: every country is a stop of the home page.
        assert {"Togo", "Pérou", "Maroc"} <= {stop["name"] for stop in stops["/fr/"]}
    else:
        assert on_the_map == {"/fr/pays/sub-saharan-africa/": 5, "/fr/pays/togo/": 0, "/fr/": 11}
