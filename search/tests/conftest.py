"""Content for the search tests, published through the importer (which indexes it as editors' publishing does)."""

import pytest
from django.http import QueryDict

from search.service import run_search
from tests import content


@pytest.fixture
def corpus(home_pages, tmp_path):
    """Practices in French (one translated into Spanish), one in English, a resource with a PDF, a partner."""
    partner = content.partner(key="partner-horizon", title="Association Horizon (fictive)")
    pages = {
        "togo": content.practice(
            key="conseils-togo",
            title="Conseils d'enfants dans les quartiers",
            summary="Des enfants élus donnent leur avis à la mairie de leur quartier.",
            partners=[partner.key],
        ),
        "togo_es": content.practice(
            key="conseils-togo",
            locale="es",
            title="Consejos de niñas y niños en los barrios",
            summary="La protección de las niñas pasa por su participación en el barrio.",
            partners=[partner.key],
        ),
        "senegal": content.practice(
            key="egalite-senegal",
            title="Égalité des filles à l'école",
            summary="L'égalité entre filles et garçons s'apprend dans chaque quartier.",
            countries=["SN"],
            themes=["gender-equality", "girls-empowerment"],
            gender_marker=3,
            kind="innovative-initiative",
            start_year=2020,
            end_year=2022,
            status="completed",
        ),
        "maroc": content.practice(
            key="justice-maroc",
            title="Justice adaptée à chaque enfant",
            summary="Un enfant victime de violence scolaire est entendu une seule fois.",
            countries=["MA"],
            themes=["justice-for-children"],
            gender_marker=1,
            start_year=2024,
        ),
        "perou": content.practice(
            key="familles-perou",
            title="Prévenir la violence dans les familles",
            summary="Des visites à domicile contre la violence familiale, quartier par quartier.",
            countries=["PE"],
            themes=["protection-systems", "gender-equality"],
            kind="partner-contribution",
        ),
        "colombia": content.practice(
            key="girls-colombia",
            locale="en",
            title="Girls' clubs protecting children",
            summary="Girls lead clubs that protect younger children from recruitment.",
            countries=["CO"],
            themes=["girls-empowerment"],
        ),
        "guide": content.resource(
            key="guide-salle", text=("## Étapes", "Préparer la salle avec les enfants du conseil municipal.")
        ),
        "partner": partner,
    }
    return pages


def search(language="fr", **params):
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return run_search(query, language, record=False)


def titles(page):
    return [hit.title for hit in page.hits]
