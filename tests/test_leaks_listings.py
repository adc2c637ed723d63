"""The leak matrix, continued (tests/test_leaks.py is at its length limit): listings read their pages from the
search's facet index (search.engines.listing), and drop at once what a reader may no longer read."""

import pytest
from django.test import override_settings

from base.models import ListingPage
from practices.models import PracticeIndexPage
from tests import content, test_leaks
from tests.test_leaks import WITHDRAWN, index_url, titled, withdraw

pytestmark = pytest.mark.django_db
site_with_secrets = test_leaks.site_with_secrets  # the matrix's fixture, used here too

# --- Listings read their pages from search's facet index (search.engines.listing) -------------------


def sql_listing(*args, **kwargs):
    raise AssertionError("the listing went to SQL, not the index")


@pytest.mark.parametrize("how", ["unpublished", "login", "password", "group", "deleted", "moved under a private page"])
@pytest.mark.parametrize("reader", ["anonymous", "signed in"])
def test_a_listing_drops_at_once_what_the_reader_may_no_longer_read(
    client, site_with_secrets, django_user_model, monkeypatch, how, reader
):
    monkeypatch.setattr(ListingPage, "queried", sql_listing)
    if reader == "signed in":
        client.force_login(django_user_model.objects.create_user("reader", password="a-long-password"))
    withdrawn = content.practice(key="practice-withdrawn", title=titled(WITHDRAWN))
    listing = index_url(PracticeIndexPage)

    def listed():
        with override_settings(PAGE_CACHE_SECONDS=0):  # the listing itself, not a cached copy of it
            return WITHDRAWN.lower() in client.get(listing).content.decode().lower()

    assert listed()
    withdraw(withdrawn, how, site_with_secrets)
    # A signed-in reader passes login restrictions (the private page it was moved under has one).
    assert listed() == (reader == "signed in" and how in ("login", "moved under a private page"))
