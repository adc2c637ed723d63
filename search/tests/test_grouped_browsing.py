"""Browsing a region as a French reader: every practice there once, whatever its language, with exact
facet counts over practices (not over language copies); and a practice only in another language keeps
the reader oriented."""

import pytest
from django.db.models import Count

from practices.models import PracticeIndexPage, PracticePage
from tests import content

from .conftest import search

pytestmark = pytest.mark.django_db
AMERICA = "central-south-america"


@pytest.fixture
def americas(home_pages):
    """Six practices in Central and South America: four only in Spanish, one French translated into
    Spanish and English, one English; and one in Togo."""
    for number, country in enumerate(["HN", "PE", "CO", "CR"]):
        content.practice(
            key=f"solo-es-{number}",
            locale="es",
            title=f"Práctica {number} de protección comunitaria",
            summary="Redes comunitarias de protección de la niñez.",
            countries=[country],
            themes=["protection-systems"] if number % 2 else ["trafficking"],
        )
    for locale, title in (
        ("fr", "Médiation scolaire à Lima"),
        ("es", "Mediación escolar en Lima"),
        ("en", "School mediation in Lima"),
    ):
        content.practice(
            key="mediation-lima", locale=locale, title=title, countries=["PE"], themes=["child-participation"]
        )
    content.practice(
        key="girls-bogota", locale="en", title="Girls' voices in Bogotá", countries=["CO"], themes=["girls-empowerment"]
    )
    content.practice(key="conseils-togo", title="Conseils d'enfants", countries=["TG"])


def practice_groups(**condition):
    """{value: number of translation groups} of the live practices in America, counted by the ORM."""
    (field,) = condition.values()
    practices = PracticePage.objects.live().filter(countries__region__slug=AMERICA)
    rows = practices.values(field).annotate(n=Count("translation_key", distinct=True)).order_by()
    return {row[field]: row["n"] for row in rows}


def test_a_french_reader_browsing_a_region_sees_every_practice_there_once(americas):
    page = search("fr", region=AMERICA, kind=["good-practice", "innovative-initiative", "partner-contribution"])
    groups = PracticePage.objects.live().filter(countries__region__slug=AMERICA).values("translation_key").distinct()
    assert page.total == groups.count() == 6
    assert len({hit.group for hit in page.hits}) == len(page.hits) == 6
    languages = {hit.title: hit.language for hit in page.hits}
    assert languages["Médiation scolaire à Lima"] == "fr"  # the reader's version where translated
    assert languages["Girls' voices in Bogotá"] == "en"  # else the original, labelled with its language
    assert sum(1 for language in languages.values() if language == "es") == 4


def test_facet_counts_are_counts_of_practices(americas):
    page = search("fr", region=AMERICA, kind=["good-practice", "innovative-initiative", "partner-contribution"])
    countries = {value.value: value.count for value in page.facets["country"]}
    themes = {value.value: value.count for value in page.facets["theme"]}
    assert countries == {slug: n for slug, n in practice_groups(country="countries__slug").items()}
    assert themes == {slug: n for slug, n in practice_groups(theme="themes__slug").items()}
    assert countries["peru"] == 2  # the Peruvian Spanish one and the Lima practice in three languages
    # The language facet counts the copies in each language; choosing one narrows to it.
    languages = {value.value: value.count for value in page.facets["language"]}
    assert languages == {"es": 5, "fr": 1, "en": 2}
    assert search("fr", region=AMERICA, kind="good-practice", lang="en").total == 2


def test_the_listing_shows_them_all_once_too(client, americas):
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    response = client.get(index.url, {"region": AMERICA})
    titles = [item.title for item in response.context["items"]]
    assert len(titles) == 6 and "Médiation scolaire à Lima" in titles


def test_a_page_only_in_another_language_speaks_to_the_reader_in_hers(client, americas):
    spanish = PracticePage.objects.get(key="solo-es-0")
    results = f"/fr/search/?region={AMERICA}"
    listing = client.get(results)
    assert f'{spanish.url}?from=fr"'.encode() in listing.content  # results say who follows the link
    response = client.get(f"{spanish.url}?from=fr", HTTP_REFERER=f"http://testserver{results}")
    body = response.content.decode()
    assert "Cette page n’existe qu’en espagnol" in body
    assert f'href="http://testserver{results}"' in body  # back to her results
    elsewhere = client.get(f"{spanish.url}?from=fr", HTTP_REFERER="https://elsewhere.example/fr/")
    assert 'href="/fr/search/"' in elsewhere.content.decode()  # never back to another site
    assert "Cette page" not in client.get(spanish.url).content.decode()
    assert "Cette page" not in client.get(f"{spanish.url}?from=xx").content.decode()
