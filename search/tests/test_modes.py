"""`mode=hybrid|lexical` and translations on the search page and the API (one code path)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_says_its_mode_and_each_result_s_other_versions(client, corpus):
    body = client.get("/api/search/", {"q": "barrio or quartier", "locale": "es"}).json()
    assert body["mode"] == "hybrid"
    (togo,) = [result for result in body["results"] if result["key"] == "conseils-togo"]
    assert togo["locale"] == "es"  # the reader's version, once
    assert togo["translations"] == [{"locale": "fr", "url": f"http://testserver{corpus['togo'].url}"}]
    assert client.get("/api/search/", {"q": "enfants", "mode": "lexical"}).json()["mode"] == "lexical"


def test_an_unknown_mode_is_ignored_with_a_notice(client, corpus):
    body = client.get("/api/search/", {"q": "violence", "mode": "telepathy", "locale": "en"}).json()
    assert body["mode"] == "hybrid" and body["total"] >= 1
    assert any("telepathy" in notice for notice in body["notices"])


def test_the_page_offers_both_modes_and_keeps_the_chosen_one(client, corpus):
    html = client.get("/fr/search/", {"q": "violence familiale"}).content.decode()
    assert "Trouver :" in html and "?q=violence+familiale&amp;mode=lexical" in html
    lexical = client.get("/fr/search/", {"q": "violence familiale", "mode": "lexical"}).content.decode()
    assert '<input type="hidden" name="mode" value="lexical">' in lexical  # a new search keeps it
    assert 'href="?q=violence+familiale#results" aria-current' not in lexical
    assert 'href="?q=violence+familiale&amp;mode=lexical#results" aria-current="true"' in lexical


def test_results_in_another_language_are_labelled_and_lead_to_the_other_versions(client, corpus):
    html = client.get("/en/search/", {"q": "barrio or quartier"}).content.decode()
    assert "in French" in html and "?from=en" in html
    assert "Also in:" in html
