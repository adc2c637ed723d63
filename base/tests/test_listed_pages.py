"""base.listing.ListedPages: a listing's pages by id, in the index's order, loaded a slice at a time."""

from types import SimpleNamespace

from django.core.paginator import Paginator

from base.listing import ListedPages


def pages_loader(gone=()):
    """A load(ids) that records what it was asked and returns the pages not `gone`, in another order."""
    asked = []

    def load(ids):
        asked.append(list(ids))
        return [SimpleNamespace(pk=pk) for pk in sorted(ids) if pk not in gone]

    return load, asked


def test_a_paginator_counts_without_loading_and_loads_only_the_page_it_shows():
    load, asked = pages_loader()
    pages = ListedPages(list(range(100, 0, -1)), load)
    page = Paginator(pages, 12).get_page(2)
    assert page.paginator.count == 100 and page.paginator.num_pages == 9
    assert [p.pk for p in page.object_list] == list(range(88, 76, -1))  # the index's order, not the load's
    assert asked == [list(range(88, 76, -1))]


def test_pages_gone_since_the_index_was_read_are_left_out():
    load, _asked = pages_loader(gone={5})
    pages = ListedPages([7, 5, 3], load)
    assert [p.pk for p in pages[:3]] == [7, 3]
    assert pages[0].pk == 7


def test_iterating_loads_in_chunks():
    load, asked = pages_loader()
    pages = ListedPages(list(range(250)), load)
    assert [p.pk for p in pages] == list(range(250))
    assert [len(chunk) for chunk in asked] == [100, 100, 50]
    assert list(ListedPages([], load)) == [] and len(ListedPages([], load)) == 0
