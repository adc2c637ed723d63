"""The taxonomy terms of pages read in one query (base.mixins.stored_terms, its SQL written once a process)
are exactly those their relations hold, sorted like the vocabulary."""

import pytest

from base.mixins import stored_terms
from tests import content

pytestmark = pytest.mark.django_db


def test_the_terms_of_several_pages_are_those_of_their_relations(home_pages):
    first = content.practice(countries=["TG", "SN"], themes=["trafficking", "child-participation"])
    second = content.practice(countries=["PE"], themes=["gender-equality"], target_groups=[])
    relations = first.taxonomy_relations
    found = stored_terms([first, second], relations)
    for page in (first, second):
        for name in relations:
            expected = sorted(getattr(page, name).all(), key=lambda term: term.sort_order)
            assert found[page.pk][name] == expected, name
    assert [country.slug for country in found[first.pk]["countries"]] != []
    assert found[second.pk]["target_groups"] == []


def test_cards_come_with_their_terms_read_in_one_query_for_all(home_pages, django_assert_num_queries):
    """A list of practice cards: the pages, then every card's countries and themes in one query (not one
    ORM prefetch a relation); the cards' terms then cost nothing, and the slice of a queryset keeps it."""
    from practices.cards import prefetch_practice_cards
    from practices.models import PracticePage

    first = content.practice(countries=["TG", "SN"], themes=["trafficking"])
    second = content.practice(countries=["PE"], themes=["gender-equality", "child-participation"])
    cards = prefetch_practice_cards(PracticePage.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk"))
    with django_assert_num_queries(2):
        pages = list(cards[:5])
    with django_assert_num_queries(0):
        found = {page.pk: page.taxonomy for page in pages}
    for page in (first, second):
        for name in ("countries", "themes"):
            assert found[page.pk][name] == sorted(getattr(page, name).all(), key=lambda term: term.sort_order)
