"""Volunteer-only resources: restricted to the Volunteers group with Wagtail's privacy setting, listed
and found by signed-in volunteers (search respects the reader's permissions), never by anyone else,
never suggested, completed or put in a feed. The leak matrix (tests/test_leaks.py) checks every
output; these tests check the search index and the listing in detail."""

import pytest
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.urls import reverse
from wagtail.models import PageViewRestriction

from resources.models import ResourceIndexPage
from search.models import SearchDocument, SearchTerm
from search.service import run_search
from tests import content

pytestmark = pytest.mark.django_db

SECRET_WORD = "Ouagadoumentorat"  # only in the restricted resource


@pytest.fixture
def volunteers():
    return Group.objects.get(name="Volunteers")


@pytest.fixture
def resources(home_pages, volunteers):
    public = content.resource(key="guide-public", title="Guide public du mentorat", text=("Le mentorat des filles.",))
    restricted = content.resource(
        key="guide-volunteers",
        title="Guide du mentorat pour bénévoles",
        text=(f"Le mentorat des filles pendant la mission, à {SECRET_WORD}.",),
    )
    restriction = PageViewRestriction.objects.create(page=restricted, restriction_type="groups")
    restriction.groups.add(volunteers)
    return {"public": public, "restricted": restricted, "restriction": restriction}


@pytest.fixture
def people(django_user_model, volunteers):
    volunteer = django_user_model.objects.create_user("volunteer", password="a-long-password")
    volunteer.groups.add(volunteers)
    return {
        "anonymous": None,
        "signed in": django_user_model.objects.create_user("reader", password="a-long-password"),
        "volunteer": volunteer,
        "superuser": django_user_model.objects.create_superuser("root", password="a-long-password"),
    }


def found(text, reader=None, **params):
    query = QueryDict(mutable=True)
    query.update({"q": text, **params})
    return run_search(query, "fr", record=False, reader=reader)


def titles(results):
    return {hit.title for hit in results.hits}


@pytest.mark.parametrize(
    ("who", "finds"), [("anonymous", False), ("signed in", False), ("volunteer", True), ("superuser", True)]
)
def test_search_finds_the_resource_for_those_who_may_read_it(resources, people, who, finds):
    results = found("mentorat", people[who])
    assert "Guide public du mentorat" in titles(results)
    assert ("Guide du mentorat pour bénévoles" in titles(results)) is finds
    assert results.total == (2 if finds else 1)
    kinds = {value.value: value.count for value in results.facets["kind"]}
    assert sum(kinds.values()) == results.total  # the facet counts agree with what the reader may see
    restricted = [hit for hit in results.hits if hit.restricted]
    assert [hit.title for hit in restricted] == (["Guide du mentorat pour bénévoles"] if finds else [])


def test_the_restricted_resource_is_indexed_with_its_restriction(resources):
    document = SearchDocument.objects.get(page=resources["restricted"])
    assert document.restricted
    assert set(document.facets.values_list("name", "value")) >= {("restriction", str(resources["restriction"].pk))}
    assert not SearchDocument.objects.get(page=resources["public"]).restricted


def test_its_words_are_suggested_to_no_one_who_may_not_read_it(resources, people):
    """Made restricted after publication, its words may still be in the vocabulary: a suggestion is
    offered only when it finds more for this reader."""
    typo = SECRET_WORD[:-1] + "x"
    assert found(typo).suggestion == ""
    assert found(typo, people["signed in"]).suggestion == ""
    assert found(typo, people["volunteer"]).suggestion.lower() == SECRET_WORD.lower()


def test_a_resource_restricted_before_publication_adds_no_word_to_the_vocabulary(home_pages, volunteers):
    draft = content.resource(key="guide-draft", title="Carnet de mission", text=("Kalimbaduvolontaire",), live=False)
    PageViewRestriction.objects.create(page=draft, restriction_type="groups").groups.add(volunteers)
    draft.save_revision().publish()
    assert SearchDocument.objects.get(page=draft).restricted
    assert not SearchTerm.objects.filter(word="kalimbaduvolontaire").exists()
    assert not SearchTerm.objects.filter(word="carnet").exists()


def test_autocomplete_never_offers_it(client, resources, people):
    client.force_login(people["volunteer"])
    completed = client.get(reverse("search_autocomplete"), {"q": "guide du ment", "locale": "fr"}).json()
    assert completed["results"] == []
    offered = client.get(reverse("search_autocomplete"), {"q": "guide pub", "locale": "fr"}).json()["results"]
    assert [result["title"] for result in offered] == ["Guide public du mentorat"]


def test_the_listing_shows_it_to_volunteers_only_with_a_badge(client, resources, people):
    index = ResourceIndexPage.objects.get(locale__language_code="fr")
    for who in ("anonymous", "signed in", "volunteer"):
        client.logout()
        if people[who]:
            client.force_login(people[who])
        html = client.get(index.url).content.decode()
        assert "Guide public du mentorat" in html, who
        assert ("Guide du mentorat pour bénévoles" in html) is (who == "volunteer"), who
        assert ("Réservé aux membres" in html) is (who == "volunteer"), who
        feed = client.get("/fr/feeds/resources.rss").content.decode()
        assert "Guide public du mentorat" in feed and "bénévoles" not in feed, who


def test_the_volunteer_reads_the_page_and_its_pdf(client, resources, people):
    page = resources["restricted"]
    assert client.get(page.url).status_code == 302  # Wagtail sends others to sign in
    client.force_login(people["volunteer"])
    assert client.get(page.url).status_code == 200
    assert client.get(page.document.url).status_code == 200
    client.force_login(people["signed in"])
    assert client.get(page.url).status_code == 302  # signed in but not a volunteer


def test_a_restriction_changed_in_the_admin_moves_the_resource_in_and_out_of_public_search(
    client, resources, people, volunteers
):
    public = resources["public"]
    client.force_login(people["superuser"])
    url = reverse("wagtailadmin_pages:set_privacy", args=[public.pk])
    response = client.post(url, {"restriction_type": "groups", "groups": [volunteers.pk]})
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=public).exists()
    assert "Guide public du mentorat" not in titles(found("mentorat"))
    assert "Guide public du mentorat" in titles(found("mentorat", people["volunteer"]))
    client.post(url, {"restriction_type": "password", "password": "a-password"})
    assert not SearchDocument.objects.filter(page=public).exists()  # a password page is never listed
    client.post(url, {"restriction_type": "none"})
    assert "Guide public du mentorat" in titles(found("mentorat"))
    assert not SearchDocument.objects.get(page=public).restricted
