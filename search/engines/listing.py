"""What a listing (practices, resources) shows, read from the in-memory facet index instead of SQL.

    listed_ids(PracticePage, locale_id, {"country": ["togo"]}, year=2022, readable=frozenset())
    → [page ids, newest first] (or None: search holds no documents of that page type)
    counted_groups(PracticePage, {"country": ["togo", "peru"]}, ["theme"])
    → {"theme": {slug: number of translation groups}, TOTAL: number} (what places' figures show)

The listing's rules, the same as base.i18n.in_reader_language and base.listing.apply_filters:
one version per translation group, the reader's language when it has a listed version, else
the group's first (the lowest page id, as wagtail-localize creates the source first); that
version is shown when it matches every filter (values of one filter are alternatives), is
active in the year, and the reader may read it (view restrictions: base.visibility). Search
documents are exactly the versions a listing may show (live, not under a password), with
their facets and years; the documents of a page type are those of its kinds.

Newest first is first publication, then page id, as the SQL listing orders. What the index
does not hold (each document's page and date) is read once a version of the index.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from django.db import connection

from base.listing import TOTAL

from ..models import SearchDocument
from ..registry import contribution
from .facet_index import array_to_bits, bits_to_array, current_index


def listed_ids(model, locale_id, filters, year=None, readable=frozenset()):
    """The page ids a listing of `model` shows a reader of the locale, newest first; None when search
    indexes no documents of `model`. `filters`: {facet name: allowed values}; `readable`: the ids of
    the view restrictions the reader passes (base.visibility.readable_restrictions)."""
    entry = contribution(model)
    if entry is None or not entry.kinds:
        return None
    index = current_index()
    versions = _versions_of(index)
    shown = versions.representatives(locale_id) & index.facet_bits("kind", [value for value, _label in entry.kinds])
    for name, values in filters.items():
        shown &= index.facet_bits(name, values)
    if year is not None:
        shown &= versions.active_in(year)
    shown &= ~index.unreadable_bits(readable)
    return versions.newest_first(shown)


def counted_groups(model, within, by):
    """{facet name of `by`: {value: number of translation groups}, TOTAL: number} of the pages of `model` anyone may
    read whose facets have one of the values `within` gives ({facet name: values}); None when search indexes no
    documents of `model`. A group counts once, under every value one of its readable versions has: SQL's
    COUNT(DISTINCT translation_key) over the public versions (places.figures), which tests hold it to."""
    entry = contribution(model)
    if entry is None or not entry.kinds:
        return None
    index = current_index()
    versions = _versions_of(index)
    counted = index.facet_bits("kind", [value for value, _label in entry.kinds]) & ~index.unreadable_bits(frozenset())
    for name, values in within.items():
        counted &= index.facet_bits(name, values)
    flags = bits_to_array(counted, index.size) & (versions.page_ids >= 0)
    groups = index.group_numbers
    counts = {TOTAL: len(np.unique(groups[flags]))}
    for name in by:
        counts[name] = {}
        for value, bits in index.facets.get(name, {}).items():
            matching = flags & bits_to_array(bits, index.size)
            if matching.any():
                counts[name][value] = len(np.unique(groups[matching]))
    return counts


@dataclass
class Versions:
    """Each position's page id, locale and listing rank, and the representatives of translation groups per locale."""

    index: object  # the FacetIndex these positions are of
    page_ids: np.ndarray  # -1: not a page's document (or gone since the index was read)
    locale_ids: np.ndarray  # of the pages (a page never changes locale)
    order: np.ndarray  # positions in listing order (newest first publication, then highest page id)
    _representatives: dict = field(default_factory=dict)
    _years: dict = field(default_factory=dict)

    @classmethod
    def load(cls, index):
        page_ids = np.full(index.size, -1, dtype=np.int64)
        locale_ids = np.full(index.size, -1, dtype=np.int64)
        dates = [None] * index.size
        rows = SearchDocument.objects.filter(page__isnull=False).values_list("pk", "page_id", "page__locale_id", "date")
        for pk, page_id, locale_id, date in rows:
            position = index.position.get(pk)
            if position is not None:  # written since the index was read: the next index has it
                page_ids[position], locale_ids[position], dates[position] = page_id, locale_id, date
        # Positions are newest first by date already; among equal dates the SQL listing puts the higher page id first.
        order = sorted(
            range(index.size), key=lambda p: (dates[p] is not None, dates[p] or EARLIEST, page_ids[p]), reverse=True
        )
        return cls(index, page_ids, locale_ids, np.array(order, dtype=np.int64))

    def representatives(self, locale_id):
        """The bitset of each group's version a reader in the locale is shown: in her locale, else the first one."""
        if locale_id not in self._representatives:
            index, pages = self.index, self.page_ids >= 0
            in_language = (self.locale_ids == locale_id) & pages
            has_language = np.zeros(len(index.groups), dtype=bool)
            has_language[index.group_numbers[in_language]] = True
            candidates = np.flatnonzero(pages)
            by_group = candidates[np.lexsort((self.page_ids[candidates], index.group_numbers[candidates]))]
            groups = index.group_numbers[by_group]
            first = np.ones(len(by_group), dtype=bool)
            first[1:] = groups[1:] != groups[:-1]
            is_first = np.zeros(index.size, dtype=bool)
            is_first[by_group[first]] = True
            chosen = np.where(has_language[index.group_numbers], in_language, is_first)
            self._representatives[locale_id] = array_to_bits(chosen)
        return self._representatives[locale_id]

    def active_in(self, year):
        """The documents active in `year` (each page type's describe maps its years onto start and end)."""
        if year not in self._years:
            self._years[year] = self.index.year_bits(year, year)
        return self._years[year]

    def newest_first(self, bits):
        flags = bits_to_array(bits, self.index.size)
        return self.page_ids[self.order[flags[self.order]]].tolist()


EARLIEST = datetime.min.replace(tzinfo=UTC)
_loaded = {}  # database alias → Versions of its current index


def _versions_of(index):
    versions = _loaded.get(connection.alias)
    if versions is None or versions.index is not index:
        versions = _loaded[connection.alias] = Versions.load(index)
    return versions
