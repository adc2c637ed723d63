"""The search page and the JSON API: one code path, validated parameters, never a 500."""

import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import SearchDocument, SearchQueryStat

pytestmark = pytest.mark.django_db

RESULT_KEYS = {
    *("key", "locale", "kind", "title", "url", "summary", "highlight", "language_of_original", "score", "date"),
    *("translations", "countries", "year_start", "year_end"),
}


def test_search_page_in_the_reader_s_language(client, corpus):
    response = client.get("/es/search/", {"q": "niñas"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "Consejos de niñas y niños en los barrios" in html
    assert "<mark>niñas</mark>" in html
    assert '<meta name="robots" content="noindex, follow">' in html
    assert response["X-Robots-Tag"] == "noindex"


def test_facet_links_narrow_the_results_without_javascript(client, corpus):
    html = client.get("/fr/search/", {"q": "quartier"}).content.decode()
    assert "?q=quartier&amp;region=sub-saharan-africa" in html
    narrowed = client.get("/fr/search/", {"q": "quartier", "region": "sub-saharan-africa"}).content.decode()
    assert "Prévenir la violence dans les familles" not in narrowed
    assert 'aria-current="true"' in narrowed


def test_api_has_the_shape_of_the_design(client, corpus):
    response = client.get("/api/search/", {"q": "violence", "locale": "fr", "theme": "gender-equality"})
    assert response.status_code == 200
    body = response.json()
    assert {"query", "total", "page", "results", "facets", "suggestion"} <= set(body)
    assert body["total"] == 1 and body["page"] == 1
    result = body["results"][0]
    assert RESULT_KEYS <= set(result)
    assert (result["key"], result["locale"], result["kind"]) == ("familles-perou", "fr", "partner-contribution")
    assert result["url"].startswith("http://testserver/fr/")
    assert "<mark>" in result["highlight"]
    assert set(body["facets"]) == {"region", "country", "theme", "gender", "gender_marker", "kind", "language"}
    theme = {v["value"]: v for v in body["facets"]["theme"]}
    assert theme["gender-equality"]["selected"] and theme["gender-equality"]["count"] == 1
    assert theme["gender-equality"]["label"] == "Égalité des genres"


def test_page_and_api_give_the_same_results(client, corpus):
    api = client.get("/api/search/", {"q": "enfants", "locale": "fr"}).json()
    html = client.get("/fr/search/", {"q": "enfants"}).content.decode()
    assert api["total"] >= 2
    for result in api["results"]:
        assert result["title"].replace("'", "&#x27;") in html


def test_api_suggests_a_spelling(client, corpus):
    body = client.get("/api/search/", {"q": "violnece", "locale": "fr"}).json()
    assert body["total"] == 0 and body["suggestion"] == "violence"
    html = client.get("/fr/search/", {"q": "violnece"}).content.decode()
    assert "?q=violence" in html


def test_autocomplete_offers_titles_in_the_reader_s_language(client, corpus):
    body = client.get("/api/search/autocomplete/", {"q": "conse", "locale": "fr"}).json()
    assert [r["title"] for r in body["results"]][:1] == ["Conseils d'enfants dans les quartiers"]
    assert all(not r["title"].startswith("Consejos") for r in body["results"])
    middle = client.get("/api/search/autocomplete/", {"q": "egalite", "locale": "fr"}).json()
    assert [r["title"] for r in middle["results"]] == ["Égalité des filles à l'école"]
    assert client.get("/api/search/autocomplete/", {"q": "e"}).json()["results"] == []


def test_editors_best_bets_come_first(client, corpus):
    query = Query.objects.create(query_string="conseil")
    SearchPromotion.objects.create(query=query, page=corpus["guide"], sort_order=0, description="Le guide pas à pas.")
    html = client.get("/fr/search/", {"q": "Conseil"}).content.decode()
    assert "Recommandé par l’équipe" in html or "Recommended by the editors" in html
    assert html.index("Le guide pas à pas.") < html.index('class="results"')
    api = client.get("/api/search/", {"q": "conseil", "locale": "fr"}).json()
    assert api["promotions"][0]["title"] == corpus["guide"].title


def test_queries_are_counted_without_reader_data(client, corpus):
    client.get("/fr/search/", {"q": "Violence"})
    client.get("/fr/search/", {"q": "violence  "})
    client.get("/fr/search/", {"q": "zzzz"})
    client.get("/fr/search/", {"q": "violence", "page": "2"})  # the same search, another page: not counted
    stats = {(s.query, s.searches, s.zero_results) for s in SearchQueryStat.objects.all()}
    assert stats == {("violence", 2, 0), ("zzzz", 1, 1)}
    field_names = {f.name for f in SearchQueryStat._meta.get_fields()}
    assert field_names == {"id", "day", "language", "query", "searches", "zero_results"}


def test_editors_see_the_report_and_readers_do_not(client, admin_client, corpus, django_user_model):
    client.get("/fr/search/", {"q": "introuvable"})
    client.get("/fr/search/", {"q": "violence"})
    response = admin_client.get("/admin/reports/search-queries/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "introuvable" in html and "violence" in html
    zero_section = html[html.index("Queries that found nothing") if "Queries that found nothing" in html else 0 :]
    assert "introuvable" in zero_section
    reader = django_user_model.objects.create_user("reader", password="a-long-password")
    client.force_login(reader)
    assert client.get("/admin/reports/search-queries/").status_code in (302, 403)


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x" * 10_000},
        {"q": "enfants\x00\x01\x1f\x7f"},
        {"q": "'; DROP TABLE search_searchdocument; --"},
        {"q": '<script>alert("x")</script>'},
        {"q": '"'},
        {"q": '"unbalanced quote'},
        {"q": "NEAR(a b, 2)"},
        {"q": "*"},
        {"q": "-"},
        {"q": "a OR OR -"},
        {"q": "{title}: enfants"},
        {"q": "enfants", "page": "0"},
        {"q": "enfants", "page": "-1"},
        {"q": "enfants", "page": "99999999999999999999"},
        {"q": "enfants", "page": "abc"},
        {"q": "enfants", "page": "500"},
        {"region": "atlantis", "theme": "<b>", "kind": "x", "gender": "2", "gender_marker": "9", "lang": "xx"},
        {"year_from": "1066", "year_to": "abc", "sort": "random"},
        {"locale": "../../etc"},
    ],
)
def test_bad_input_never_breaks_the_search(client, corpus, params):
    for url in ("/fr/search/", "/api/search/"):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
        assert b"<script>alert" not in response.content
    notices = client.get("/api/search/", params).json()["notices"]
    if len(params) > 1 or "page" in params:
        assert notices, params


def test_html_in_a_query_is_escaped(client, corpus):
    html = client.get("/fr/search/", {"q": "<img src=x onerror=alert(1)>"}).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


PARAMETERS = [
    "q",
    "page",
    "region",
    "country",
    "theme",
    "gender",
    "gender_marker",
    "kind",
    "lang",
    "sort",
    "year_from",
    "year_to",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.one_of(st.text(max_size=300), st.sampled_from(["1", "0", "2024", "newest", "fr", "togo", '"', "-", "OR"])),
        max_size=6,
    ),
    st.sampled_from(["/fr/search/", "/es/search/", "/api/search/", "/api/search/autocomplete/"]),
)
def test_random_queries_and_parameters_never_give_a_500(client, corpus, params, url):
    params = {name: value.replace("\x00", "") for name, value in params.items()}  # the test client refuses NUL
    response = client.get(url, params)
    assert response.status_code in (200, 400)


def test_rebuild_command_reports_what_it_indexed(corpus, capsys):
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    assert "Indexed" in out
    assert SearchDocument.objects.filter(kind="good-practice").count() == 4  # fr, es, fr, en
    assert SearchDocument.objects.filter(kind="country", language="fr").count() == 11


def test_an_import_indexes_its_pages_once_at_the_end(home_pages, tmp_path):
    from exchange.importing import import_file

    path = tmp_path / "records.jsonl"
    record = {
        "type": "practice", "key": "imported-1", "locale": "fr", "title": "Maisons d'écoute pour adolescentes",
        "summary": "Un lieu sûr où parler.", "kind": "good-practice", "countries": ["BF"], "themes": ["girls-empowerment"],
        "safeguarding": {"anonymised": True},
    }  # fmt: skip
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    import_file(path, tmp_path, publish=True)
    document = SearchDocument.objects.get(key="imported-1")
    assert document.title == "Maisons d'écoute pour adolescentes"
    assert set(document.facets.values_list("name", "value")) >= {("country", "burkina-faso"), ("gender", "1")}
