"""Unicode digits and huge numbers in year and page parameters give the page with a notice, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

VALUES = ["²", "①", "٢٠٢١", "9" * 5000, "2021\x00"]
URLS = [
    "/fr/pratiques/?year={}",
    "/fr/pratiques/?page={}",
    "/fr/ressources/?year={}",
    "/fr/feeds/practices.rss?year={}",
    "/fr/feeds/resources.atom?year={}",
    "/fr/search/?q=enfants&page={}",
    "/fr/search/?q=enfants&year_from={}&year_to={}",
    "/fr/search/?year={}",
    "/api/search/?q=enfants&page={}",
    "/api/search/?year_from={}",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("value", VALUES, ids=["superscript", "circled", "arabic-indic", "huge", "nul"])
def test_number_parameters_never_break_a_page(client, home_pages, url, value):
    response = client.get(url.format(value, value))
    assert response.status_code == 200, url
