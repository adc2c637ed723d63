"""Issue 15, point 8: a heading never runs into the text under it, in the indexed text nor in the extracts shown."""

import json

import pytest
from django.http import QueryDict

from home.models import StandardPage
from search.highlight import highlight, joined_paragraphs, marked
from search.models import SearchDocument
from search.service import run_search
from search.text import rich_text_paragraphs
from tests import content

PRACTICE_BODY = [
    {
        "type": "section",
        "value": {
            "section": "context",
            "text": "<p>Le Burkina Faso compte 2,1 millions d’enfants déplacés.</p><h3>Les familles</h3>"
            "<ul><li>hébergement</li><li>écoles</li></ul>",
        },
    },
]
STANDARD_BODY = [
    {"type": "heading", "value": {"text": "Notre démarche", "level": "h2"}},
    {"type": "paragraph", "value": "<p>Les enfants sont consultés.</p><p>Puis les familles</p>"},
    {"type": "key_figures", "value": [{"value": "320", "label": "enfants accompagnés"}]},
    {"type": "quote", "value": {"quote": "On nous écoute", "attribution": "une adolescente, Lomé"}},
]


def search(q):
    return run_search(QueryDict(f"q={q}&mode=lexical"), "fr", record=False)


@pytest.fixture
def practice(home_pages):
    return content.practice(key="deplaces-burkina", countries=["BF"], body=json.dumps(PRACTICE_BODY))


def test_a_practice_s_sections_headings_and_list_items_are_paragraphs_of_its_text(practice):
    body = SearchDocument.objects.get(page_id=practice.pk).body
    assert body.split("\n\n") == [
        "Contexte",  # the section's name, in the page's language
        "Le Burkina Faso compte 2,1 millions d’enfants déplacés.",
        "Les familles",
        "hébergement",
        "écoles",
    ]


def test_a_standard_page_s_blocks_are_paragraphs_and_a_heading_s_level_is_not_text(home_pages):
    page = home_pages["fr"].add_child(
        instance=StandardPage(title="Démarche", slug="demarche", body=json.dumps(STANDARD_BODY))
    )
    page.save_revision().publish()
    body = SearchDocument.objects.get(page_id=page.pk).body
    assert body.split("\n\n") == [
        "Notre démarche",
        "Les enfants sont consultés.",
        "Puis les familles",
        "320 enfants accompagnés",
        "On nous écoute",
        "une adolescente, Lomé",
    ]
    assert "niveau" not in body and "level" not in body


def test_the_extract_separates_the_heading_from_its_text(practice):
    hit = next(hit for hit in search("déplacés").hits if hit.key == "deplaces-burkina")
    assert "Contexte — Le Burkina Faso compte 2,1 millions d’enfants <mark>déplacés</mark>." in str(hit.highlight)


def test_the_search_page_shows_the_heading_apart(client, practice):
    html = client.get("/fr/search/", {"q": "familles hébergement", "mode": "lexical"}).content.decode()
    assert "déplacés. Les <mark>familles</mark> — <mark>hébergement</mark> — écoles" in html


def test_paragraph_breaks_read_as_dashes_unless_a_sentence_ended():
    assert joined_paragraphs("Contexte\n\nLe Burkina.\n\nFin") == "Contexte — Le Burkina. Fin"
    assert str(marked("\x02Contexte\x03\n\nLe pays")) == "<mark>Contexte</mark> — Le pays"
    assert (
        str(highlight("Résultats\n\nDes enfants élus", {"enfant"}, "fr")) == "Résultats — Des <mark>enfants</mark> élus"
    )


def test_rich_text_gives_a_text_for_each_paragraph_heading_and_item():
    html = "<h3>Titre</h3><p>Un <b>deux</b><br/>trois &amp; quatre</p><ul><li>a</li><li>b</li></ul>"
    assert rich_text_paragraphs(html) == ["Titre", "Un deux trois & quatre", "a", "b"]
