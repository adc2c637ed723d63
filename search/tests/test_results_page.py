"""Issue 15, point 8: each result says where and when; a search that finds nothing offers ways on; the page is
valid HTML (a real form action, labelled search landmarks, unique ids)."""

from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.navigation import navigation

pytestmark = pytest.mark.django_db

BUDGET = 12  # tests/test_budgets.py: every public page


def page_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def result(soup, title):
    return next(item for item in soup.select(".result") if title in item.get_text())


def test_each_result_shows_its_countries_and_years_in_the_reader_s_language(client, corpus):
    soup = page_of(client, "/es/search/", q="égalité or justice", mode="lexical")
    senegal = result(soup, "Égalité des filles à l'école")
    assert senegal.select_one(".result__facts").get_text() == "Senegal · 2020–2022"
    maroc = result(soup, "Justice adaptée à chaque enfant")
    assert maroc.select_one(".result__facts").get_text() == "Marruecos · 2024"  # ongoing since 2024
    french = page_of(client, "/fr/search/", q="égalité", mode="lexical")
    assert result(french, "Égalité des filles").select_one(".result__facts").get_text() == "Sénégal · 2020–2022"


def test_a_country_s_own_page_does_not_repeat_its_name(client, corpus):
    soup = page_of(client, "/fr/search/", q="Sénégal", mode="lexical")
    assert result(soup, "Égalité des filles").select_one(".result__facts").get_text() == "Sénégal · 2020–2022"
    country = next(item for item in soup.select(".result") if item.select_one("h3").get_text(strip=True) == "Sénégal")
    assert country.select_one(".result__facts") is None


def test_the_api_gives_the_countries_and_years(client, corpus):
    body = client.get("/api/search/", {"q": "égalité", "locale": "es", "mode": "lexical"}).json()
    senegal = next(item for item in body["results"] if item["key"] == "egalite-senegal")
    assert senegal["countries"] == [{"value": "senegal", "label": "Senegal"}]
    assert (senegal["year_start"], senegal["year_end"]) == (2020, 2022)


def test_results_with_their_facts_stay_within_the_query_budget(client, corpus):
    client.get("/fr/search/", {"q": "enfants"})  # per-process caches fill first, as a running worker's are
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/fr/search/", {"q": "enfants"}).content.decode()
    assert "result__facts" in html
    assert len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]) <= BUDGET


def test_nothing_found_offers_themes_regions_and_the_listings_without_an_empty_heading(client, corpus):
    client.get("/fr/search/", {"q": "zzqx"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/search/", {"q": "zzqx"})
    assert len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]) <= BUDGET
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.select_one("#filters-title") is None  # no "Narrow down" over nothing
    practices = navigation("fr")["indexes"]["practices"]["url"]
    links = {a.get_text(): a["href"] for a in soup.select(".browse a")}
    assert links["Traite des personnes"] == f"{practices}?theme=trafficking"
    assert links["Afrique du Nord"] == f"{practices}?region=north-africa"
    headings = [h.get_text() for h in soup.select(".browse h3")]
    assert headings == ["Pratiques par thème", "Pratiques par région"]
    listings = {index["title"]: index["url"] for index in navigation("fr")["indexes"].values() if index["listing"]}
    assert set(listings) == {"Pratiques", "Ressources"}
    assert all(links[title] == url for title, url in listings.items())


def test_nothing_found_offers_the_spelling_suggestion(client, corpus):
    soup = page_of(client, "/fr/search/", q="enfnats")
    assert soup.select_one(".listing__results .suggestion a").get_text() == "enfants"
    assert len(soup.select(".suggestion")) == 1


@pytest.mark.parametrize(
    "language, sentence",
    [("fr", "Vouliez-vous dire enfants\u00a0?"), ("es", "¿Quiso decir enfants?"), ("en", "Did you mean enfants?")],
)
def test_the_suggestion_is_one_sentence_written_as_each_language_writes_it(language, sentence):
    """French puts a no-break space before "?", Spanish opens with "¿": the whole sentence is translated."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language):
        html = render_to_string(
            "search/includes/suggestion.html",
            {"search": SimpleNamespace(suggestion="enfants<b>"), "suggestion_url": "?q=enfants&lang=fr"},
        )
    suggestion = BeautifulSoup(html, "html.parser").select_one(".suggestion")
    assert suggestion.get_text() == sentence.replace("enfants", "enfants<b>")  # the word escaped, not markup
    assert suggestion.a["href"] == "?q=enfants&lang=fr"


def test_the_suggestion_on_a_french_page_reads_as_french(client, corpus):
    soup = page_of(client, "/fr/search/", q="enfnats")
    assert soup.select_one(".suggestion").get_text() == "Vouliez-vous dire enfants\u00a0?"


def test_nothing_found_in_the_chosen_language_offers_the_languages_that_have_results(client, corpus):
    soup = page_of(client, "/fr/search/", q="consejos", lang="fr")
    assert not soup.select(".result")
    link = next(a for a in soup.select(".listing__results a") if "español" in a.get_text())
    assert link.get_text(" ", strip=True) == "español (1)"
    assert "lang=es" in link["href"] and "q=consejos" in link["href"]
    assert "Consejos de niñas" in page_of(client, "/fr/search/" + link["href"]).get_text()


def test_nothing_found_by_these_words_only_offers_the_search_by_meaning(client, corpus):
    soup = page_of(client, "/fr/search/", q="zzqx yyqw", mode="lexical")
    assert soup.find("a", string="Chercher par le sens, dans toutes les langues")["href"] == "?q=zzqx+yyqw#results"


@pytest.mark.parametrize("query", [{"q": "enfants"}, {"q": "zzqx"}, {}])
def test_the_page_is_valid_where_validators_complain(client, corpus, query):
    soup = page_of(client, "/fr/search/", **query)
    form = soup.select_one("main form.search-form")
    assert form["action"] == "/fr/search/"
    assert all(f.get("action") for f in soup.find_all("form"))
    ids = Counter(element["id"] for element in soup.find_all(id=True))
    assert not [name for name, count in ids.items() if count > 1]
    landmarks = soup.find_all(attrs={"role": "search"}) + soup.find_all("search")
    in_main = [landmark for landmark in landmarks if landmark.find_parent("main")]
    assert in_main and all(accessible_name(soup, landmark) for landmark in in_main)
    names = [accessible_name(soup, landmark) for landmark in landmarks if accessible_name(soup, landmark)]
    assert len(names) == len(set(names))


def test_every_search_landmark_has_a_name(client, corpus):
    """The search page's own box, and the header's box every other page has."""
    for path, query in (("/fr/search/", {"q": "enfants"}), ("/fr/", {}), ("/es/", {})):
        soup = page_of(client, path, **query)
        landmarks = soup.find_all(attrs={"role": "search"}) + soup.find_all("search")
        assert landmarks, path
        assert all(accessible_name(soup, landmark) for landmark in landmarks), path


def accessible_name(soup, element):
    if element.get("aria-labelledby"):
        return " ".join(soup.find(id=ref).get_text(" ", strip=True) for ref in element["aria-labelledby"].split())
    return element.get("aria-label", "").strip()
