"""RSS and Atom feeds of a listing page, per language and per listing filter; page apps subclass them."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from wagtail.models import Locale

from taxonomy.labels import label

from .i18n import page_in_locale

FEED_SIZE = 30


class ListingFeed(Feed):
    """Items of a listing page (the reader's language, the same filters), newest first.

    One Feed instance serves every request, so per-request state lives on the index object.
    """

    index_model = None  # the ListingPage type whose items the feed lists

    def get_object(self, request):
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        index = page_in_locale(self.index_model, locale.pk) if locale else None
        if index is None:
            raise Http404
        index = index.specific
        pages, filters = index.filtered(request.GET)
        index.feed_items = list(pages[:FEED_SIZE])
        query = f"?{urlencode(filters.as_params())}" if filters.active else ""
        index.feed_link = index.get_url(request) + query
        index.feed_self = request.path + query
        return index

    def title(self, index):
        return f"Socialab – {index.title}"

    def link(self, index):
        return index.feed_link

    def feed_url(self, index):
        return index.feed_self

    def description(self, index):
        return index.introduction or index.title

    subtitle = description

    def items(self, index):
        return index.feed_items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [label(theme) for theme in item.themes.all()]


class ListingAtomFeed(ListingFeed):
    feed_type = Atom1Feed
