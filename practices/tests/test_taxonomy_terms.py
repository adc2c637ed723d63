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
