"""The search page and its saved-search feeds, under each language prefix (socialab.urls mounts them)."""

from django.urls import path

from .feeds import SearchAtomFeed, SearchFeed
from .views import search_page

urlpatterns = [
    path("", search_page, name="search"),
    path("feed.rss", SearchFeed(), name="search_feed_rss"),
    path("feed.atom", SearchAtomFeed(), name="search_feed_atom"),
]
