"""RSS and Atom feeds of new practices, per language and per listing filter."""

from base.feeds import ListingAtomFeed, ListingFeed

from .models import PracticeIndexPage


class PracticeFeed(ListingFeed):
    index_model = PracticeIndexPage


class PracticeAtomFeed(ListingAtomFeed):
    index_model = PracticeIndexPage
