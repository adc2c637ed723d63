"""Saved searches as feeds: /<lang>/search/feed.rss (.atom) with the search page's parameters, newest first.

The feed runs the page's code path (service.run_search) with the sort forced to newest and no
reader: like every feed, it lists public pages only, whoever asks.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from base.facets import SEARCH_FACETS
from base.feeds import FEED_SIZE, ListingFeed

from .service import run_search
from .views import feed_state, label_kinds, state, url_with


class SearchFeed(ListingFeed):
    """The results of one search (its words and filters) in the reader's language, newest first.

    Per-request state lives on the SearchPage that get_object returns, as ListingFeed keeps it on the index.
    """

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"  # search results, as the page: not for search engines
        return response

    def get_object(self, request):
        query = request.GET.copy()
        query["sort"] = "newest"
        query.pop("page", None)
        search = run_search(query, translation.get_language(), per_page=FEED_SIZE, record=False)
        pairs = feed_state(state(search))
        suffix = url_with(pairs) if pairs else ""
        label_kinds(search.hits)
        search.feed_items = search.hits
        search.feed_link = reverse("search") + suffix
        search.feed_self = request.path + suffix
        return search

    def title(self, search):
        words = _("Search: %(query)s") % {"query": search.text} if search.text else pgettext("feed title", "Search")
        filters = ", ".join(filter_labels(search))
        return f"Socialab – {words}" + (f" ({filters})" if filters else "")

    def description(self, search):
        return _("The newest pages that this search finds on Socialab.")

    subtitle = description

    def item_link(self, hit):
        return hit.url

    def item_pubdate(self, hit):
        return hit.date

    item_updateddate = item_pubdate  # the index keeps the first publication only; Atom wants an <updated>

    def item_categories(self, hit):
        return [hit.kind_label] if hit.kind_label else []


class SearchAtomFeed(SearchFeed):
    feed_type = Atom1Feed


def filter_labels(search):
    """The chosen filters' names in the reader's language, then the years, as the feed's title lists them."""
    labels = [value.label for name in SEARCH_FACETS for value in search.facets[name] if value.selected]
    start, end = search.request.year_from, search.request.year_to
    if start and end:
        labels.append(f"{start}–{end}" if start != end else str(start))
    elif start:
        labels.append(_("from %(year)s") % {"year": start})
    elif end:
        labels.append(_("until %(year)s") % {"year": end})
    return labels
