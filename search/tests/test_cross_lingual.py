"""Cross-lingual search, grouping by translation and related practices, on a small fr/es/en corpus built here.

The vectors come from the real multilingual encoder (search.embeddings): nothing is mocked.
"""

import json
import logging

import pytest

from search.embeddings import get_encoder
from search.models import SearchVector
from search.related import related_documents
from tests import content

from .conftest import search, titles

pytestmark = pytest.mark.django_db


def body(text):
    return json.dumps([{"type": "section", "value": {"section": "context", "text": f"<p>{text}</p>"}}])


@pytest.fixture
def multilingual(home_pages):
    """One practice a subject, each in one language, and a French one translated into English."""
    pages = {
        "trafficking_es": content.practice(
            key="trata-frontera",
            locale="es",
            title="Trata de niños en la frontera",
            summary="Acompañamos a los niños y niñas víctimas de trata que cruzan la frontera sin sus familias.",
            body=body("Los educadores identifican a los menores no acompañados en los pasos fronterizos."),
            countries=["HN"],
            themes=["trafficking"],
        ),
        "schooling_fr": content.practice(
            key="filles-ecole",
            title="Des clubs pour que les filles restent à l'école",
            summary="Les adolescentes qui risquent d'abandonner leurs études sont suivies par des mentores.",
            body=body("Chaque club réunit des collégiennes et leurs mères pour prévenir le décrochage scolaire."),
            countries=["SN"],
            themes=["girls-empowerment"],
        ),
        "justice_en": content.practice(
            key="diversion-peru",
            locale="en",
            title="Diversion for children in conflict with the law",
            summary="Young offenders are kept out of detention and follow a restorative programme instead.",
            body=body("Judges refer children accused of minor offences to community mediation."),
            countries=["PE"],
            themes=["justice-for-children"],
        ),
        "border_fr": content.practice(
            key="traite-togo",
            title="Protéger les enfants victimes de traite aux frontières",
            summary="Des comités de vigilance repèrent les enfants emmenés de l'autre côté de la frontière.",
            body=body("Les enfants retrouvés sont accueillis puis ramenés dans leur famille."),
            countries=["TG"],
            themes=["trafficking"],
        ),
        "farming_es": content.practice(
            key="huertos-colombia",
            locale="es",
            title="Huertos escolares y alimentación",
            summary="Las escuelas cultivan verduras para los almuerzos de los alumnos.",
            body=body("Los padres ayudan a regar el huerto durante las vacaciones."),
            countries=["CO"],
            themes=["protection-systems"],
        ),
    }
    pages["border_en"] = content.practice(
        key="traite-togo",
        locale="en",
        title="Protecting child victims of trafficking at borders",
        summary="Vigilance committees spot children taken across the border.",
        body=body("Children who are found are taken in and brought back to their families."),
        countries=["TG"],
        themes=["trafficking"],
    )
    return pages


def rank_of(title, page):
    found = titles(page)
    return found.index(title) + 1 if title in found else None


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("fr", "traite des enfants à la frontière", "Trata de niños en la frontera"),  # fr → es
        ("fr", "justice pour les mineurs en conflit avec la loi", "Diversion for children in conflict with the law"),
        ("es", "niñas que abandonan la escuela", "Des clubs pour que les filles restent à l'école"),  # es → fr
        ("es", "justicia juvenil sin detención", "Diversion for children in conflict with the law"),  # es → en
        ("en", "keeping girls in school", "Des clubs pour que les filles restent à l'école"),  # en → fr
        ("en", "children trafficked across the border", "Trata de niños en la frontera"),  # en → es
    ],
)
def test_a_query_finds_the_practice_on_its_subject_in_another_language(multilingual, language, query, expected):
    page = search(language, q=query)
    rank = rank_of(expected, page)
    assert rank is not None and rank <= 3, titles(page)


def test_words_only_mode_does_not_cross_languages(multilingual):
    assert rank_of("Trata de niños en la frontera", search("fr", q="traite des enfants à la frontière")) is not None
    lexical = search("fr", q="traite des enfants à la frontière", mode="lexical")
    assert "Trata de niños en la frontera" not in titles(lexical)


@pytest.mark.parametrize("query", ["recette du gâteau au chocolat", "résultats du championnat de football"])
def test_an_off_topic_query_drags_nothing_in(multilingual, query):
    """The similarity floor: no practice is near a cake or a football match."""
    assert search("fr", q=query).total == 0


def test_filters_and_facets_apply_to_the_nearest_neighbours(multilingual):
    page = search("fr", q="traite des enfants à la frontière", country="honduras")
    assert titles(page) == ["Trata de niños en la frontera"]
    counts = {
        value.value: value.count for value in search("fr", q="traite des enfants à la frontière").facets["country"]
    }
    assert counts.get("honduras") == 1 and counts.get("togo") == 1


def test_translations_are_shown_once_in_the_reader_s_language(multilingual):
    fr = search("fr", q="traite des enfants à la frontière")
    en = search("en", q="traite des enfants à la frontière")
    assert "Protéger les enfants victimes de traite aux frontières" in titles(fr)
    assert "Protecting child victims of trafficking at borders" in titles(en)
    for page in (fr, en):
        groups = [hit.group for hit in page.hits]
        assert len(groups) == len(set(groups))


def test_related_practices_come_from_any_language_but_never_its_own_translation(multilingual):
    french = multilingual["border_fr"]
    related = related_documents(french.pk, "fr")
    assert related, "related practices are computed when pages are published"
    assert "Trata de niños en la frontera" in [document.title for document in related[:2]]
    groups = {document.group for document in related}
    assert str(french.translation_key) not in groups
    assert len(related) <= 4 and len(groups) == len(related)
    spanish = next(document for document in related if document.language == "es")
    assert spanish.countries == ["honduras"]


def test_related_practices_are_refreshed_when_a_practice_leaves(multilingual):
    french = multilingual["border_fr"]
    multilingual["trafficking_es"].unpublish()
    assert "Trata de niños en la frontera" not in [document.title for document in related_documents(french.pk, "fr")]


def test_each_document_has_one_stored_vector(multilingual):
    from search.models import SearchDocument

    assert SearchVector.objects.count() == SearchDocument.objects.count()
    assert {len(bytes(data)) for data in SearchVector.objects.values_list("data", flat=True)} == {1024}


def test_without_an_encoder_search_is_lexical_and_says_so(multilingual, settings, caplog):
    settings.SEARCH_ENCODER = "search.no_such_module.Encoder"
    with caplog.at_level(logging.WARNING, logger="search.embeddings"):
        assert get_encoder() is None
        page = search("fr", q="traite des enfants à la frontière")
    assert "lexical only" in caplog.text
    assert "Trata de niños en la frontera" not in titles(page)
    assert "Protéger les enfants victimes de traite aux frontières" in titles(page)


def test_a_resource_page_lists_similar_resources_never_practices(client, multilingual):
    guide = content.resource(
        key="guide-trata",
        locale="es",
        title="Guía para identificar a niños víctimas de trata en la frontera",
        summary="Preguntas para reconocer a un menor no acompañado en un paso fronterizo.",
        text=["Los educadores identifican a los menores no acompañados."],
    )
    content.resource(
        key="boite-traite",
        title="Boîte à outils : repérer les enfants victimes de traite aux frontières",
        summary="Des questions pour reconnaître un enfant non accompagné à un poste-frontière.",
        text=["Les éducateurs repèrent les enfants non accompagnés."],
    )
    related = related_documents(guide.pk, "fr")
    assert [document.title for document in related] == [
        "Boîte à outils : repérer les enfants victimes de traite aux frontières"
    ]  # resources only: the practices on trafficking are of another family
    html = client.get(guide.url).content.decode()
    assert "Ressources similaires" not in html and "Similar resources" not in html  # Spanish page
    assert "Recursos similares" in html and "Boîte à outils : repérer" in html and "en francés" in html
