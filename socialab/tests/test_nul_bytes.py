"""NUL bytes (which PostgreSQL refuses in text) never reach a view: stripped from a page's query,
a 400 with a message in API v2 and in any path."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_page_s_query_is_stripped(client, home_pages):
    response = client.get("/fr/pratiques/?year=2021%00&country=to%00go")
    assert response.status_code == 200
    assert response.wsgi_request.GET.dict() == {"year": "2021", "country": "togo"}
    assert "%00" not in response.wsgi_request.META["QUERY_STRING"]


@pytest.mark.parametrize("url", ["/api/search/autocomplete/?q=con%00s&locale=fr", "/api/search/?q=a%00b"])
def test_the_search_api_strips_it_too(client, home_pages, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/api/v2/pages/?site=%00", "/api/v2/images/?search=a%00b"])
def test_api_v2_refuses_it_with_a_message(client, home_pages, url):
    response = client.get(url)
    assert response.status_code == 400 and "NUL" in response.json()["message"]


@pytest.mark.parametrize("path", ["/media/images/%00/", "/fr/pratiques%00/", "/documents/1/a%00.pdf"])
def test_a_nul_in_a_path_is_a_400(client, home_pages, path):
    response = client.get(path)
    assert response.status_code == 400 and "NUL" in response.content.decode()
