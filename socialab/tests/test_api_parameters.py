"""API v2 query parameters: bad input is a JSON 400 (or an ignorable 200), never a 500; valid filters keep working."""

import pytest
from django.db import connection

from taxonomy.models import Country, Theme
from tests import content

pytestmark = pytest.mark.django_db

PAGES = "/api/v2/pages/"
PRACTICES = "/api/v2/pages/?type=practices.PracticePage&"
HUGE = "99999999999999999999999"
LARGEST = "9223372036854775807"  # 2**63 - 1

# Each gave a 500 on SQLite, PostgreSQL or both before socialab.api_parameters; now a 400.
REFUSED = [
    # Relation and field filters: ASCII digits only, within 64 bits; dates Django can parse.
    PRACTICES + "themes=abc",
    PRACTICES + "themes=",
    PRACTICES + "themes=1,2",
    PRACTICES + "themes=1&themes=abc",
    PRACTICES + "countries=1.5",
    PRACTICES + f"countries={HUGE}",
    PRACTICES + "partners=abc",
    PRACTICES + f"hero_image={HUGE}",
    PRACTICES + f"alias_of={HUGE}",
    PRACTICES + "first_published_at=abc",
    PRACTICES + "start_year=abc",
    PRACTICES + f"start_year={HUGE}",
    PRACTICES + "gender_marker=%C2%B2",  # ²
    PRACTICES + "id=%E2%91%A0",  # ①
    PAGES + "?id=%E2%91%A0",
    "/api/v2/images/?id=%E2%91%A0",
    "/api/v2/images/?width=abc",
    "/api/v2/documents/?id=abc",
    PAGES + "find/?id=abc",
    "/api/v2/images/find/?id=abc",
    "/api/v2/documents/find/?id=%C2%B2",
    # Search: operator, and search where there is nothing to list.
    PAGES + "?search=a&search_operator=xor",
    PAGES + "?search_operator=xor",
    "/api/v2/documents/?search=a&search_operator=xor",
    "/api/v2/images/1/?search=a",
    # NUL bytes, in any parameter.
    PAGES + "?site=%00",
    PAGES + "?search=a%00b",
    PAGES + "?search=%00",
    PAGES + "?type=%00",
    PAGES + "?fields=%00",
    PAGES + "?order=%00",
    PAGES + "?locale=%00",
    PAGES + "?%00=1",
    PAGES + "?_=%00",
    PAGES + "find/?html_path=%00",
    PRACTICES + "key=%00",
    "/api/v2/images/?title=%00",
    "/api/v2/documents/?search=%00",
    # Pagination and tree filters (Wagtail refused most already, but not a 64-bit overflow).
    PAGES + "?limit=-1",
    PAGES + "?limit=abc",
    PAGES + f"?limit={HUGE}",
    PAGES + "?offset=%C2%B2",
    PAGES + f"?offset={HUGE}",
    PAGES + "?child_of=abc",
    PAGES + "?descendant_of=1e9",
    PAGES + f"?ancestor_of={HUGE}",
    PAGES + "?translation_of=x",
    PAGES + "?order=random&offset=5",
    "/api/v2/images/?offset=-3",
]

# The search engine decides: SQLite's FTS5 refuses these queries (a 400), PostgreSQL runs them (a 200).
ENGINE_DEPENDENT = [
    PAGES + "?search=%22",
    PAGES + "?search=a%20%22b",
    PRACTICES + "search=%22conseils",
]

# Ignorable: a search of whitespace only finds nothing, as `search=` does.
IGNORED = [
    PAGES + "?search=%0A",
    PAGES + "?search=%20%20",
    PRACTICES + "search=%0A&limit=5",
]


def json_of(response):
    assert response["Content-Type"] == "application/json", response.content[:300]
    return response.json()


@pytest.mark.parametrize("url", REFUSED)
def test_bad_parameters_are_a_json_400(client, home_pages, url):
    content.practice(key="conseils-togo", image=True)
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code, response.content[:300])
    message = json_of(response)["message"]
    assert isinstance(message, str) and message


@pytest.mark.parametrize("url", ENGINE_DEPENDENT)
def test_queries_the_search_engine_refuses_are_a_json_400(client, home_pages, url):
    content.practice(key="conseils-togo")
    response = client.get(url)
    expected = 400 if connection.vendor == "sqlite" else 200
    assert response.status_code == expected, (url, response.status_code, response.content[:300])
    data = json_of(response)
    assert "message" in data if expected == 400 else "items" in data


@pytest.mark.parametrize("url", IGNORED)
def test_a_search_of_whitespace_finds_nothing(client, home_pages, url):
    content.practice(key="conseils-togo")
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert json_of(response) == {"meta": {"total_count": 0}, "items": []}


def items_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return [item["id"] for item in json_of(response)["items"]]


def test_relation_and_field_filters_still_work(client, home_pages):
    togo = content.practice(key="conseils-togo")
    peru = content.practice(
        key="demuna-peru", title="DEMUNA itinérantes", countries=["PE"], themes=["girls-empowerment"]
    )
    participation = Theme.objects.get(slug="child-participation", locale__language_code="fr")
    peru_country = Country.objects.get(iso_code="PE", locale__language_code="fr")

    assert items_of(client, f"{PRACTICES}themes={participation.pk}") == [togo.pk]
    assert items_of(client, f"{PRACTICES}themes=%20{participation.pk}%20") == [togo.pk]
    assert items_of(client, f"{PRACTICES}countries={peru_country.pk}") == [peru.pk]
    assert items_of(client, f"{PRACTICES}themes={LARGEST}") == []
    assert items_of(client, f"{PRACTICES}themes=-1") == []
    assert items_of(client, f"{PRACTICES}start_year=2021&gender_marker=2") == [togo.pk, peru.pk]
    assert items_of(client, f"{PRACTICES}first_published_at=2000-01-01T00:00:00%2B00:00") == []
    assert items_of(client, f"{PAGES}?id={peru.pk}") == [peru.pk]
    assert items_of(client, f"{PRACTICES}tags=gouvernance&order=-id") == [peru.pk, togo.pk]


def test_search_still_works(client, home_pages):
    togo = content.practice(key="conseils-togo")
    assert items_of(client, f"{PRACTICES}search=conseils") == [togo.pk]
    assert items_of(client, f"{PRACTICES}search=conseils&search_operator=or") == [togo.pk]
    assert items_of(client, f"{PRACTICES}search=conseils%20introuvable&search_operator=OR") == [togo.pk]
    assert items_of(client, f"{PRACTICES}search=conseils&search_operator=and") == [togo.pk]
    assert items_of(client, f"{PRACTICES}search=") == []


def test_pagination_tree_and_find_still_work(client, home_pages):
    togo = content.practice(key="conseils-togo", image=True)
    assert items_of(client, f"{PRACTICES}limit=1&offset=0") == [togo.pk]
    assert items_of(client, f"{PRACTICES}offset={LARGEST}") == []
    assert items_of(client, f"{PRACTICES}descendant_of=root&locale=fr") == [togo.pk]
    assert items_of(client, f"{PRACTICES}child_of={togo.get_parent().pk}") == [togo.pk]
    assert items_of(client, f"{PRACTICES}translation_of={togo.pk}") == []
    assert items_of(client, f"/api/v2/images/?id={togo.hero_image_id}") == [togo.hero_image_id]

    response = client.get(f"{PAGES}find/?id={togo.pk}")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/api/v2/pages/{togo.pk}/?")
    detail = client.get(f"{PAGES}{togo.pk}/?fields=themes")
    assert detail.status_code == 200 and json_of(detail)["id"] == togo.pk


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_searching_images_and_documents(client, home_pages, endpoint):
    """Published files are filtered by a list of ids, which Wagtail's search backends can read."""
    content.practice(key="conseils-togo", image=True)
    content.resource(key="guide-conseils", title="Conseils d’enfants")
    response = client.get(f"/api/v2/{endpoint}/?search=conseils")
    assert response.status_code == 200
    assert json_of(response)["items"], "the published file is found"
