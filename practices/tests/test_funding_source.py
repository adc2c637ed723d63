"""A practice's funding source: edited with the practice, shown, searchable, in the API and in open data."""

import csv
import io

import pytest
from django.http import QueryDict

from practices.factories import practice
from practices.models import PracticePage
from search.service import run_search

pytestmark = pytest.mark.django_db

FUNDER = "Fondation Horizon pour l’enfance"


@pytest.fixture
def funded(home_pages):
    return practice(key="funded", title="Écoles sûres", funding_source=FUNDER)


def test_the_practice_page_says_who_funded_it(client, funded):
    text = client.get(funded.url).content.decode()
    assert "<h2>Financé par</h2><p>Fondation Horizon pour l’enfance</p>" in text


def test_without_a_funding_source_nothing_is_said(client, home_pages):
    page = practice(key="unfunded")
    assert "Financé par" not in client.get(page.url).content.decode()


def test_the_funder_s_name_finds_the_practice(funded):
    results = run_search(QueryDict("q=fondation+horizon"), "fr", record=False)
    assert [hit.title for hit in results.hits] == ["Écoles sûres"]


def test_the_api_gives_the_funding_source(client, funded):
    data = client.get("/api/v2/pages/?type=practices.PracticePage&fields=funding_source").json()
    assert [item["funding_source"] for item in data["items"]] == [FUNDER]


def test_open_data_has_a_funding_source_column(client, funded):
    response = client.get("/opendata/practices.csv")
    [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["funding_source"] == FUNDER
    assert client.get("/opendata/practices.json").json()["practices"][0]["funding_source"] == FUNDER


def test_the_editor_form_has_the_field():
    form_class = PracticePage.get_edit_handler().get_form_class()
    assert "funding_source" in form_class.base_fields
