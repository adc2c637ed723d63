"""Country and region pages as readers see them: names, figures, map, lists and links, in three languages."""

import html
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from practices.models import PracticeIndexPage, PracticePage
from taxonomy.models import Country, Theme
from tests import content

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
PLACES = {"fr": "/fr/pays/", "es": "/es/paises/", "en": "/en/countries/"}
SOUTH_AMERICA = ["colombia", "costa-rica", "honduras", "peru"]


def page_html(client, url, language):
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert f'<html lang="{language}"' in text
    return text


def h1(text):
    return html.unescape(re.search(r"<h1>(.*?)</h1>", text, re.S).group(1).strip())


def map_svg(text):
    """The inline map as an element tree."""
    match = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="map".*?</svg>', text, re.S)
    assert match, "no inline map"
    return ET.fromstring(match.group(0))


def map_links(svg):
    """{href: accessible label} of the countries the map links to."""
    return {a.get("href"): a.get("aria-label") for a in svg.iter(f"{SVG}a")}


def theme_counts(text):
    """{theme slug: count} from the chart's rows (label link, number)."""
    items = re.findall(
        r'<li class="chart__row"><span class="chart__label"><a href="[^"]*[?&;]theme=([a-z-]+)">[^<]*</a></span> '
        r'<span class="chart__value">(\d+)</span>',
        text,
    )
    assert items, "no theme figures"
    return {slug: int(count) for slug, count in items}


def orm_theme_counts(country_slugs):
    """A practice counts once whatever its number of translations, countries or themes; drafts do not count."""
    practices = PracticePage.objects.live().filter(countries__slug__in=country_slugs)
    return {
        theme.slug: practices.filter(themes__slug=theme.slug).values("translation_key").distinct().count()
        for theme in Theme.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    }


@pytest.fixture
def more(sample):
    """A practice in Togo and Burkina Faso, translated into Spanish and English, and a draft in Togo."""
    shared = content.practice(
        key="ecoles-sures",
        title="Écoles sûres",
        countries=["TG", "BF"],
        themes=["child-participation", "girls-empowerment"],
    )
    content.practice(key="ecoles-sures", locale="es", title="Escuelas seguras", countries=["TG", "BF"])
    content.practice(key="ecoles-sures", locale="en", title="Safe schools", countries=["TG", "BF"])
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    draft = index.add_child(
        instance=PracticePage(title="Brouillon togolais", slug="brouillon", summary="Pas encore.", live=False)
    )
    draft.countries.set([Country.objects.get(locale__language_code="fr", iso_code="TG")])
    draft.themes.set([Theme.objects.get(locale__language_code="fr", slug="trafficking")])
    draft.save()
    assert PracticePage.objects.filter(pk=draft.pk, live=False, themes__slug="trafficking").exists()
    return {**sample, "shared": shared, "draft": draft}


@pytest.mark.parametrize(
    ("language", "title", "names"),
    [
        ("fr", "Pays et régions", ["Pérou", "Sénégal", "Maroc", "Amérique centrale et du Sud"]),
        ("es", "Países y regiones", ["Perú", "Senegal", "Marruecos", "América Central y del Sur"]),
        ("en", "Countries and regions", ["Peru", "Senegal", "Morocco", "Central and South America"]),
    ],
)
def test_places_index_renders_in_each_language(client, home_pages, language, title, names):
    text = page_html(client, PLACES[language], language)
    assert h1(text) == title
    for name in names:
        assert f">{name}</a>" in text
    base = PLACES[language]
    for slug in ("peru", "togo", "north-africa", "sub-saharan-africa"):
        assert f'href="{base}{slug}/"' in text
    # Every programme country is on the map, as a link to its page.
    links = map_links(map_svg(text))
    assert len(links) == 11
    assert all(href.startswith(base) for href in links)


PLACE_PAGES = [
    ("fr", "peru", "Pérou"),
    ("es", "peru", "Perú"),
    ("en", "peru", "Peru"),
    ("fr", "cote-d-ivoire", "Côte d’Ivoire"),
    ("es", "morocco", "Marruecos"),
    ("fr", "central-south-america", "Amérique centrale et du Sud"),
    ("es", "sub-saharan-africa", "África subsahariana"),
    ("en", "north-africa", "North Africa"),
]


def test_country_and_region_pages_render_in_each_language(client, home_pages):
    for language, slug, name in PLACE_PAGES:
        text = page_html(client, f"{PLACES[language]}{slug}/", language)
        assert h1(text) == name, slug
        assert f"<title>{name} · Socialab</title>" in html.unescape(text), slug
        assert f'<span aria-current="page">{name}</span>' in html.unescape(text), slug


def test_country_page_figures_match_the_database(client, more):
    for language in ("fr", "es"):
        for slugs, url in (
            (["togo"], f"{PLACES[language]}togo/"),
            (["burkina-faso"], f"{PLACES[language]}burkina-faso/"),
            (["peru"], f"{PLACES[language]}peru/"),
            (SOUTH_AMERICA, f"{PLACES[language]}central-south-america/"),
            (
                ["togo", "burkina-faso", "cote-d-ivoire", "madagascar", "senegal"],
                f"{PLACES[language]}sub-saharan-africa/",
            ),
        ):
            text = page_html(client, url, language)
            assert theme_counts(text) == orm_theme_counts(slugs), url
    # Spelled out: Togo has the councils (French and Spanish: one practice) and the schools; the draft does not count.
    togo = theme_counts(page_html(client, "/fr/pays/togo/", "fr"))
    assert togo["child-participation"] == 2
    assert togo["girls-empowerment"] == 1
    assert togo["trafficking"] == 0
    assert "2 pratiques partagées depuis ce pays." in page_html(client, "/fr/pays/togo/", "fr")
    # Sub-Saharan Africa: the schools practice is in two of its countries, and counts once.
    region = page_html(client, "/fr/pays/sub-saharan-africa/", "fr")
    assert "2 pratiques partagées depuis cette région." in region
    assert theme_counts(region)["child-participation"] == 2


def test_theme_chart_is_labelled_in_the_reader_language(client, sample):
    text = page_html(client, "/es/paises/peru/", "es")
    assert '>Empoderamiento de las niñas</a></span> <span class="chart__value">1</span>' in text
    assert '>Sistemas de protección de la niñez</a></span> <span class="chart__value">1</span>' in text
    assert "Autonomisation des filles" not in text


def test_country_page_map_shows_the_country_without_linking_to_itself(client, more):
    text = page_html(client, "/fr/pays/togo/", "fr")
    svg = map_svg(text)
    assert svg.get("role") == "group"
    assert svg.find(f"{SVG}title").text == "Carte des pays du programme"
    assert map_links(svg) == {}  # a link to the page the reader is on would be a useless stop
    highlighted = [
        path.find(f"{SVG}title").text for path in svg.iter(f"{SVG}path") if path.find(f"{SVG}title") is not None
    ]
    assert highlighted == ["Togo – 2 pratiques"]
    assert "Le pays en couleur, avec son nombre de pratiques." in text
    spanish = map_svg(page_html(client, "/es/paises/peru/", "es"))
    assert map_links(spanish) == {}
    assert [p.find(f"{SVG}title").text for p in spanish.iter(f"{SVG}path") if p.find(f"{SVG}title") is not None] == [
        "Perú – 1 práctica"
    ]
    # The index map: every country with its number of practices, each practice counted once per country.
    index = map_links(map_svg(page_html(client, "/fr/pays/", "fr")))
    live = PracticePage.objects.live()
    for country in Country.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        count = live.filter(countries__slug=country.slug).values("translation_key").distinct().count()
        label = index[f"/fr/pays/{country.slug}/"]
        assert label.endswith(f"– {count} pratique" + ("s" if count > 1 else "")), label
    assert index["/fr/pays/burkina-faso/"] == "Burkina Faso – 1 pratique"
    assert "1 pratique partagée depuis ce pays." in page_html(client, "/fr/pays/burkina-faso/", "fr")


def test_region_page_lists_its_countries(client, sample):
    text = page_html(client, "/en/countries/central-south-america/", "en")
    for slug, name in (
        ("colombia", "Colombia"),
        ("costa-rica", "Costa Rica"),
        ("honduras", "Honduras"),
        ("peru", "Peru"),
    ):
        assert f'<li><a href="/en/countries/{slug}/">{name}</a> <span class="count">(' in text
    # With their numbers of practices: the list stands in for the map on a phone.
    assert '<a href="/en/countries/peru/">Peru</a> <span class="count">(1 practice)</span>' in text
    assert '<a href="/en/countries/honduras/">Honduras</a> <span class="count">(0 practices)</span>' in text
    assert 'href="/en/countries/togo/"' not in text
    links = map_links(map_svg(text))
    assert set(links) == {f"/en/countries/{slug}/" for slug in SOUTH_AMERICA}
    assert links["/en/countries/peru/"] == "Peru – 1 practice"
    assert links["/en/countries/honduras/"] == "Honduras – 0 practices"


def test_country_page_breadcrumbs_lead_to_its_region(client, sample):
    text = page_html(client, "/es/paises/peru/", "es")
    assert '<a href="/es/paises/central-south-america/">América Central y del Sur</a>' in text
    assert '<a href="/es/paises/">Países y regiones</a>' in text


def test_unknown_place_is_404(client, home_pages):
    for url in ("/fr/pays/atlantide/", "/es/paises/nowhere/", "/en/countries/PE/", "/fr/pays/peru/extra/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/fr/pays/peru/").status_code == 200


def test_listing_links_carry_the_place_filter(client, more):
    text = page_html(client, "/fr/pays/togo/", "fr")
    assert '<a href="/fr/pratiques/?country=togo">Toutes les pratiques (2)</a>' in text
    assert '<a href="/fr/ressources/?country=togo">Toutes les ressources</a>' in text
    assert 'href="/fr/pratiques/?country=togo&amp;theme=girls-empowerment"' in text
    # Following the link gives the country's practices.
    listing = page_html(client, "/fr/pratiques/?country=togo", "fr")
    assert "Écoles sûres" in listing and "Conseils d’enfants dans les quartiers" in listing
    assert "DEMUNA itinérantes" not in listing

    spanish = page_html(client, "/es/paises/peru/", "es")
    assert '<a href="/es/practicas/?country=peru">Todas las prácticas (1)</a>' in spanish

    region = page_html(client, "/en/countries/central-south-america/", "en")
    query = "&amp;".join(f"country={slug}" for slug in SOUTH_AMERICA)
    assert f'<a href="/en/practices/?{query}">All practices (1)</a>' in region


def test_latest_practices_are_in_the_reader_language(client, more):
    text = page_html(client, "/es/paises/togo/", "es")
    assert "Escuelas seguras" in text and "Consejos de niñas y niños en los barrios" in text
    assert "Écoles sûres" not in text and "Conseils d’enfants dans les quartiers" not in text
    assert "Brouillon togolais" not in text
    english = page_html(client, "/en/countries/togo/", "en")
    assert "Safe schools" in english
    # Not translated into English: the French original, marked.
    assert "Conseils d’enfants dans les quartiers" in english and "in French" in english


def test_partners_of_the_country_appear(client, sample):
    content.partner(key="red-lima", title="Red Lima (fictive)", country="PE", city="Lima")
    togo = page_html(client, "/fr/pays/togo/", "fr")
    assert "Organisations partenaires" in togo
    assert 'href="/fr/partenaires/association-horizon-fictive/"' in togo
    assert "Red Lima" not in togo
    peru = page_html(client, "/fr/pays/peru/", "fr")
    assert 'href="/fr/partenaires/red-lima-fictive/"' in peru
    assert "Lima, Pérou" in peru
    assert "Association Horizon" not in peru
    # The region page has the partners of all its countries; a country without any has no section.
    assert "Red Lima" in page_html(client, "/fr/pays/central-south-america/", "fr")
    assert "Organisations partenaires" not in page_html(client, "/fr/pays/morocco/", "fr")


def test_language_links_of_a_country_page_lead_to_the_same_country(client, sample):
    text = page_html(client, "/es/paises/peru/", "es")
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/pays/peru/">' in text
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/countries/peru/">' in text
    assert '<a href="/fr/pays/peru/" lang="fr" hreflang="fr">' in text


def test_every_map_s_land_file_is_served_cached_for_a_year(client, home_pages):
    for url in ("/fr/", "/fr/pays/", "/fr/pays/togo/", "/fr/pays/north-africa/"):
        svg = map_svg(page_html(client, url, "fr"))
        (image,) = svg.iter(f"{SVG}image")
        response = client.get(image.get("href"))
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/svg+xml"
        assert "max-age=31536000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
        assert "public" in response["Cache-Control"]
        land = ET.fromstring(response.content)
        assert land.get("viewBox") == svg.get("viewBox"), url
        assert len(list(land.iter(f"{SVG}path"))) > 5  # the country and its neighbours at least


def test_a_land_file_of_an_older_version_is_today_s_cached_briefly(client, db):
    from places.maps import land_url

    current = land_url(["TG"])
    older = client.get(current.replace(current.split("/")[3], "0000000000"))
    assert older.status_code == 200
    assert older.content == client.get(current).content
    assert "max-age=3600" in older["Cache-Control"] and "immutable" not in older["Cache-Control"]


@pytest.mark.parametrize("name", ["XX", "TG-TG", "TG-BF", "tg", "TG-", "-"])
def test_unknown_or_unsorted_land_files_are_404(client, db, name):
    from places.maps import data_version

    response = client.get(f"/maps/land/{data_version()}/{name}.svg")
    assert response.status_code == 404
    assert "Location" not in response  # not redirected to a language


def test_land_files_are_read_only(client, db):
    from places.maps import land_url

    assert client.post(land_url(["TG"])).status_code == 405
