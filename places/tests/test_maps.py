"""The inline SVG maps: well-formed, accessible, escaped, framed on the right countries, small, and cached."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.translation import gettext_lazy

from places.maps import DATA_FILE, MapCountry, data_version, land_codes, land_url, render_land, render_map

SVG = "{http://www.w3.org/2000/svg}"
PROGRAMME = ["BF", "CI", "MG", "SN", "TG", "MA", "TN", "CO", "CR", "HN", "PE"]
NAMES = {
    "BF": "Burkina Faso",
    "CI": "Côte d'Ivoire",
    "MG": "Madagascar",
    "SN": "Sénégal",
    "TG": "Togo",
    "MA": "Maroc",
    "TN": "Tunisie",
    "CO": "Colombie",
    "CR": "Costa Rica",
    "HN": "Honduras",
    "PE": "Pérou",
}


def programme(note="12 pratiques"):
    return [MapCountry(code, NAMES[code], f"/fr/pays/{code.lower()}/", note) for code in PROGRAMME]


def home_map(**kwargs):
    return render_map(programme(), title="Où nous travaillons", description="Onze pays", **kwargs)


def single_map(code):
    return render_map([MapCountry(code, NAMES[code], "/fr/")], title=NAMES[code], description="Pays", focus=[code])


def parse(svg):
    return ET.fromstring(str(svg))


def view_box(root):
    return [float(value) for value in root.get("viewBox").split()]


def subpaths(d):
    """Absolute points of each subpath of path data written with M, m, l and z (the commands the renderer uses)."""
    tokens = re.findall(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)", d)
    assert "".join(tokens).replace("-", "").replace(".", "") == re.sub(r"[\s.-]", "", d), f"unexpected path data {d}"
    rings, ring, command, numbers = [], [], None, []
    start = current = (0.0, 0.0)

    def flush():
        nonlocal current, start, ring, command
        for k in range(0, len(numbers), 2):
            dx, dy = numbers[k], numbers[k + 1]
            relative = command.islower()
            point = (current[0] + dx, current[1] + dy) if relative else (dx, dy)
            if command in "Mm" and k == 0:
                if ring:
                    rings.append(ring)
                start, ring = point, [point]
                command = "l" if relative else "L"
            else:
                ring.append(point)
            current = point
        numbers.clear()

    for token in tokens:
        if token in "MmLl":
            flush()
            command = token
        elif token in "Zz":
            flush()
            current = start
        else:
            numbers.append(float(token))
    flush()
    if ring:
        rings.append(ring)
    return rings


def box_of(points):
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def highlighted_paths(root):
    """{aria-label or title: path element} for the highlighted countries."""
    found = {}
    for link in root.iter(f"{SVG}a"):
        found[link.get("aria-label")] = link.find(f"{SVG}path")
    for path in root.iter(f"{SVG}path"):
        title = path.find(f"{SVG}title")
        if title is not None:
            found[title.text] = path
    return found


def test_the_root_is_a_labelled_responsive_group():
    root = parse(home_map())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "group"
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("preserveAspectRatio") == "xMidYMid meet"
    assert len(view_box(root)) == 4 and view_box(root)[2] > 0 and view_box(root)[3] > 0
    title, desc = list(root)[:2]
    assert title.tag == f"{SVG}title" and title.text == "Où nous travaillons"
    assert desc.tag == f"{SVG}desc" and desc.text == "Onze pays"
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_each_programme_country_is_a_link_with_its_name_and_note():
    root = parse(home_map())
    links = {link.get("href"): link for link in root.iter(f"{SVG}a")}
    assert set(links) == {f"/fr/pays/{code.lower()}/" for code in PROGRAMME}
    for code in PROGRAMME:
        link = links[f"/fr/pays/{code.lower()}/"]
        label = f"{NAMES[code]} – 12 pratiques"
        assert link.get("aria-label") == label
        assert link.get("class") == "map__link"
        assert link.find(f"{SVG}title").text == label
        path = link.find(f"{SVG}path")
        assert path.get("class").split() == ["map__country", "map__country--programme"]
        assert subpaths(path.get("d"))


def test_a_country_without_url_is_highlighted_but_not_a_link():
    root = parse(render_map([MapCountry("TG", "Togo", note="")], title="Togo", description="d", highlight_class="x"))
    assert list(root.iter(f"{SVG}a")) == []
    (path,) = [p for p in root.iter(f"{SVG}path") if "map__country" in p.get("class")]
    assert path.get("class") == "map__country x"
    assert path.find(f"{SVG}title").text == "Togo"


def test_background_land_is_a_hidden_image_of_the_same_view():
    root = parse(home_map())
    (image,) = root.iter(f"{SVG}image")
    assert image.get("aria-hidden") == "true" and image.get("class") == "map__land"
    assert [float(image.get(name)) for name in ("x", "y", "width", "height")] == view_box(root)
    assert image.get("href") == land_url(PROGRAMME)
    assert not [path for path in root.iter(f"{SVG}path") if "map__land" in (path.get("class") or "")]
    in_links = [path for link in root.iter(f"{SVG}a") for path in link.iter(f"{SVG}path")]
    assert len(in_links) == 11 == len(list(root.iter(f"{SVG}path")))


def test_the_land_file_draws_the_context_in_the_map_s_view():
    land = parse(render_land(tuple(sorted(PROGRAMME))))
    assert land.get("viewBox") == parse(home_map()).get("viewBox")
    paths = list(land.iter(f"{SVG}path"))
    assert len(paths) > 40  # Africa, the Americas, the Mediterranean edge
    assert not list(land.iter(f"{SVG}a")) and not list(land.iter(f"{SVG}title"))
    assert "style" not in render_land(("TG",)).lower()  # presentation attributes: no CSS for the CSP to refuse


def test_each_view_has_its_own_land_file_named_by_its_codes():
    assert land_url(["TG"]) != land_url(PROGRAMME)
    assert land_url(["PE", "CO"]) == land_url(["CO", "PE"]) and land_url(["CO", "PE"]).endswith("/CO-PE.svg")
    assert data_version() in land_url(["TG"])
    assert land_codes("CO-PE") == ("CO", "PE")
    assert land_codes("PE-CO") is None  # one name per view
    assert land_codes("CO-CO") is None
    assert land_codes("XX") is None
    assert land_codes("") is None


def test_names_notes_urls_and_titles_are_escaped():
    name, note, url = 'A & <B> "C"', "l'été & <co>", '/x/?a=1&b="2"'
    svg = render_map([MapCountry("SN", name, url, note)], title="<Carte> & 'co'", description='"d" <e>')
    assert "<B>" not in svg and "<co>" not in svg and "<Carte>" not in svg
    root = parse(svg)
    assert list(root)[0].text == "<Carte> & 'co'" and list(root)[1].text == '"d" <e>'
    (link,) = root.iter(f"{SVG}a")
    assert link.get("href") == url
    assert link.get("aria-label") == link.find(f"{SVG}title").text == f"{name} – {note}"


def test_the_map_is_the_right_way_round():
    """West is left and north is up: Peru < Morocco < Madagascar from left to right, Tunisia above Madagascar."""
    paths = highlighted_paths(parse(home_map()))
    centre = {}
    for code in PROGRAMME:
        x0, y0, x1, y1 = box_of(
            [point for ring in subpaths(paths[f"{NAMES[code]} – 12 pratiques"].get("d")) for point in ring]
        )
        centre[code] = ((x0 + x1) / 2, (y0 + y1) / 2)
    assert centre["PE"][0] < centre["CO"][0] < centre["SN"][0] < centre["TG"][0] < centre["MG"][0]
    assert centre["TN"][1] < centre["BF"][1] < centre["MG"][1]
    assert centre["HN"][1] < centre["CR"][1] < centre["PE"][1]
    assert centre["MA"][0] < centre["TN"][0]


def test_a_focus_on_costa_rica_zooms_in_on_it():
    whole = view_box(parse(home_map()))
    root = parse(single_map("CR"))
    x, y, width, height = view_box(root)
    assert width < whole[2] / 10 and height < whole[3] / 5
    (costa_rica,) = highlighted_paths(root).values()
    x0, y0, x1, y1 = box_of([point for ring in subpaths(costa_rica.get("d")) for point in ring])
    assert x <= x0 and x1 <= x + width and y <= y0 and y1 <= y + height
    # Costa Rica fills a good part of the view, but a minimum span keeps its neighbours around it.
    assert width / 4 < (x1 - x0) < width * 0.6 and height / 4 < (y1 - y0) < height * 0.6


def test_a_focus_frames_a_region_and_leaves_out_what_is_far_away():
    root = parse(home_map(focus=["BF", "CI", "MG", "SN", "TG"]))
    labels = {link.get("aria-label").split(" – ")[0] for link in root.iter(f"{SVG}a")}
    assert {"Burkina Faso", "Côte d'Ivoire", "Madagascar", "Sénégal", "Togo"} <= labels
    assert not labels & {"Pérou", "Colombie", "Costa Rica", "Honduras"}
    x, y, width, height = view_box(root)
    margin = 20
    for path in root.iter(f"{SVG}path"):
        for ring in subpaths(path.get("d")):
            x0, y0, x1, y1 = box_of(ring)
            assert x0 < x + width + margin and x1 > x - margin and y0 < y + height + margin and y1 > y - margin


def test_coordinates_have_at_most_one_decimal():
    for svg in (home_map(), single_map("TG")):
        root = parse(svg)
        numbers = re.findall(r"\d*\.\d+", " ".join(path.get("d") for path in root.iter(f"{SVG}path")))
        assert all(len(number.split(".")[1]) == 1 for number in numbers)


def test_sizes_stay_within_budget():
    assert len(home_map()) < 10_000  # inline in the page: the highlighted countries only
    assert len(render_land(tuple(sorted(PROGRAMME)))) < 60_000
    for code in PROGRAMME:
        assert len(single_map(code)) < 6_000, code
        assert len(render_land((code,))) < 25_000, code


def test_unknown_codes_and_empty_maps_are_errors():
    with pytest.raises(ValueError, match="XX"):
        render_map([MapCountry("XX", "Nowhere")], title="t", description="d")
    with pytest.raises(ValueError, match="QQ"):
        render_map([MapCountry("TG", "Togo")], title="t", description="d", focus=["QQ"])
    with pytest.raises(ValueError):
        render_map([], title="t", description="d")
    with pytest.raises(ValueError, match="twice"):
        render_map([MapCountry("TG", "Togo"), MapCountry("tg", "Togo")], title="t", description="d")


def test_same_arguments_give_the_same_string_and_other_arguments_other_ids():
    first = home_map()
    assert home_map() is first
    assert render_map(programme(), title="Où nous travaillons", description="Onze pays", focus=None) is first
    other = parse(home_map(focus=["TG"]))
    assert list(other)[0].get("id") != list(parse(first))[0].get("id")
    assert list(other)[0].get("id").startswith("ou-nous-travaillons-")
    chosen = parse(home_map(id_prefix="carte-accueil"))
    assert list(chosen)[0].get("id") == "carte-accueil-title"
    assert chosen.get("aria-labelledby") == "carte-accueil-title carte-accueil-desc"


def test_lazy_translations_are_accepted():
    svg = render_map([MapCountry("PE", gettext_lazy("Peru"), "/pe/")], title=gettext_lazy("Map"), description="d")
    assert parse(svg).find(f"{SVG}a").get("href") == "/pe/"


@pytest.fixture(scope="module")
def data():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def test_the_data_file_has_every_programme_country(data):
    assert "Natural Earth" in data["source"] and "public domain" in data["licence"]
    for code in PROGRAMME:
        polygons = data["countries"][code]["polygons"]
        assert polygons, code
    for code, country in data["countries"].items():
        assert re.fullmatch(r"[A-Z]{2}", code) and country["name"]
        for ring in country["polygons"]:
            assert ring[0] == ring[-1] or len(ring) >= 4, code
            assert len(ring) >= 4, code
            assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring), code


def test_the_data_keeps_context_around_the_programme_countries(data):
    for code in ["GH", "BJ", "ML", "DZ", "LY", "ES", "IT", "MZ", "NI", "PA", "EC", "BR", "VE", "MX"]:
        assert code in data["countries"], code


def test_western_sahara_is_apart_from_morocco(data):
    """ISO 3166 (and the UN) keep EH apart: Morocco stops at 27°40′N, Western Sahara is a context territory."""
    morocco = [point for ring in data["countries"]["MA"]["polygons"] for point in ring]
    assert min(lat for _, lat in morocco) > 27.6
    sahara = [point for ring in data["countries"]["EH"]["polygons"] for point in ring]
    assert min(lat for _, lat in sahara) < 21 and max(lat for _, lat in sahara) > 27.6
