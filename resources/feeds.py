"""RSS and Atom feeds of new resources, per language and per listing filter."""

from base.feeds import ListingAtomFeed, ListingFeed

from .models import ResourceIndexPage


class ResourceFeed(ListingFeed):
    index_model = ResourceIndexPage


class ResourceAtomFeed(ListingAtomFeed):
    index_model = ResourceIndexPage
