"""The partners a practice page lists: each in the reader's language when live there, else its original;
public ones only (base.i18n.reader_versions, chosen in Python since issue 14)."""

import pytest
from wagtail.models import PageViewRestriction

from partners.models import PartnerPage
from tests import content

pytestmark = pytest.mark.django_db


def partners_listed(client, url):
    text = client.get(url).content.decode()
    assert "<html" in text
    return (
        text.split("<h2>Organizaciones aliadas</h2>", 1)[1].split("</ul>", 1)[0]
        if "<h2>Organizaciones aliadas</h2>" in text
        else ""
    )


@pytest.fixture
def spanish_practice(home_pages):
    content.partner(key="p-translated", title="Horizon (fictive)")
    content.partner(key="p-translated", locale="es", title="Horizonte (ficticia)")
    content.partner(key="p-original", title="Racines (fictive)")
    content.practice(key="p-practice", title="Conseils", partners=["p-translated", "p-original"])
    return content.practice(key="p-practice", locale="es", title="Consejos", partners=["p-translated", "p-original"])


def test_each_partner_in_the_reader_language_or_its_original(client, spanish_practice):
    listed = partners_listed(client, spanish_practice.url)
    assert "Horizonte (ficticia)" in listed and "Horizon (fictive)" not in listed
    assert "Racines (fictive)" in listed


def test_a_private_version_is_never_listed_nor_replaced_by_another(client, spanish_practice):
    spanish = PartnerPage.objects.get(key="p-translated", locale__language_code="es")
    PageViewRestriction.objects.create(page=spanish, restriction_type=PageViewRestriction.LOGIN)
    original = PartnerPage.objects.get(key="p-original")
    PageViewRestriction.objects.create(page=original, restriction_type=PageViewRestriction.LOGIN)
    listed = partners_listed(client, spanish_practice.url)
    assert "Horizon" not in listed and "Racines" not in listed


def test_a_resource_lists_its_practices_through_the_reverse_relation(home_pages):
    """The same rule for a relation read from its other end: a resource's practices."""
    from base.i18n import reader_versions

    resource = content.resource(key="r-shared")
    content.practice(key="p-one", title="Une (fr)", related_resources=["r-shared"])
    content.practice(key="p-one", locale="es", title="Una (es)", related_resources=["r-shared"])
    content.practice(key="p-two", title="Deux (fr)", related_resources=["r-shared"])
    spanish = content.resource(key="r-shared", locale="es")
    assert sorted(page.title for page in reader_versions(spanish, "practice_pages")) == ["Deux (fr)", "Una (es)"]
    assert sorted(page.title for page in reader_versions(resource, "practice_pages")) == ["Deux (fr)", "Une (fr)"]


def test_the_lists_cost_two_plain_queries_and_none_when_empty(spanish_practice):
    """The versions' ids by SQL written once a process, then the chosen pages by id; no second query for
    an empty list (beside the generations' read, once a request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from base.i18n import reader_versions
    from practices.models import PracticePage

    saved = PracticePage.objects.get(pk=spanish_practice.pk)

    def queries(relation):
        with CaptureQueriesContext(connection) as captured:
            found = reader_versions(saved, relation)
        return found, [query["sql"] for query in captured if "base_generation" not in query["sql"]]

    found, sql = queries("partners")
    assert len(found) == 2 and len(sql) == 2
    assert "JOIN" not in sql[0].split("FROM", 1)[1].split("WHERE", 1)[0]  # no join in the outer query
    found, sql = queries("related_resources")
    assert found == [] and len(sql) == 1


def test_a_preview_lists_the_partners_its_draft_names(spanish_practice):
    """A preview's relations are in memory (modelcluster), not yet in the database: they are what it lists."""
    from base.i18n import reader_versions
    from practices.models import PracticePage

    saved = PracticePage.objects.get(pk=spanish_practice.pk)
    assert [page.title for page in reader_versions(saved, "partners")] == ["Racines (fictive)", "Horizonte (ficticia)"]
    draft = saved.get_latest_revision_as_object()
    draft.partners = [PartnerPage.objects.get(key="p-original", locale__language_code="fr")]
    assert [page.title for page in reader_versions(draft, "partners")] == ["Racines (fictive)"]


def test_a_new_pages_preview_lists_nothing_that_names_it(home_pages):
    from base.i18n import reader_versions
    from resources.models import ResourcePage

    assert reader_versions(ResourcePage(title="Nouvelle", locale_id=1), "practice_pages") == []
