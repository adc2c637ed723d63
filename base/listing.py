"""Filters of the practice and resource listings (and their feeds), read through the facet table.

Every filter state is a plain GET URL, so it can be shared, bookmarked and followed
without JavaScript. Unknown values are dropped with a notice, never a 500.

Which pages a listing shows, in which order and how many, is asked of an index first
(`listed_ids`: search answers from its in-memory facet index, registered by the search app);
the shown page is then one query by id. Without an answer (a page type search does not
index), SQL does the same (`apply_filters` over base.i18n.in_reader_language); tests
hold both to the same result.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .facets import FACETS, LISTING_FACETS, YEARS, read_facets, read_year


@dataclass
class Filters:
    chosen: dict = field(default_factory=dict)  # facet name → chosen values
    year: int | None = None
    facets: tuple = LISTING_FACETS  # the facets this listing filters by (its page type's)
    notices: list = field(default_factory=list)

    def __getattr__(self, name):
        """`filters.region`, `filters.gender`…: the chosen values of a facet (a switch reads as a bool)."""
        if name in FACETS:
            values = self.chosen.get(name, [])
            return bool(values) if FACETS[name].switch else values
        raise AttributeError(name)

    @property
    def active(self):
        return bool(self.chosen or self.year)

    def as_params(self):
        """The filter state as (name, value) pairs, in a stable order: the canonical URL."""
        names = sorted(self.facets, key=lambda name: FACETS[name].switch)
        params = [(FACETS[name].param, value) for name in names for value in self.chosen.get(name, [])]
        if self.year:
            params.append(("year", str(self.year)))
        return params


def parse_filters(query, kinds, year_bounds=YEARS, facets=LISTING_FACETS):
    """`query`: a QueryDict; `kinds`: the allowed kind choices of the listed pages; `facets`: their facets."""
    filters = Filters(facets=tuple(facets))
    filters.chosen = read_facets(query, filters.facets, kinds, filters.notices)
    filters.year = read_year(query.get("year"), filters.notices, year_bounds)
    return filters


def apply_filters(queryset, filters, year_filter):
    """Narrow `queryset`; values of one filter are alternatives (OR), different filters combine (AND).

    Filters through a many-to-many relation (countries, themes) are read in a subquery: joined in the
    query itself, a page in two countries of a region came back twice."""
    related = queryset.model.objects.all()
    for name, values in filters.chosen.items():
        facet = FACETS[name]
        condition = {facet.lookup: True if facet.switch else values}
        if facet.through_relation:
            related = related.filter(**condition)
        else:
            queryset = queryset.filter(**condition)
    if any(FACETS[name].through_relation for name in filters.chosen):
        queryset = queryset.filter(pk__in=related.values("pk"))
    if filters.year:
        queryset = queryset.filter(year_filter(filters.year))
    return queryset


def active_in(year, start="start_year", end="end_year"):
    """Pages running in `year`: started by then and not ended before (an undated start counts its end year)."""
    return Q(**{f"{start}__lte": year}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": year})) | Q(
        **{f"{start}__isnull": True, end: year}
    )


_indexes = []  # who answers listed_ids (search.engines.listing.listed_ids, registered by the search app)


def register_listing_index(answer):
    """`answer(model, locale_id, filters, year, readable)` → the page ids a listing of `model` shows, newest
    first, or None when it holds nothing of `model`; `filters`: {facet name: values}; `readable`: the
    view restrictions the reader passes."""
    if answer not in _indexes:
        _indexes.append(answer)


_counters = []  # who answers counted_groups (search.engines.listing.counted_groups, registered by the search app)
TOTAL = "*"  # counted_groups' key for the number of translation groups counted in all


def register_count_index(answer):
    """`answer(model, within, by)` → {facet name of `by`: {value: number of translation groups}, TOTAL: number} of
    the pages of `model` anyone may read whose facets have one of the values `within` gives ({facet name: values}),
    or None when it holds nothing of `model`."""
    if answer not in _counters:
        _counters.append(answer)


def counted_groups(model, within, by):
    """What the first index that answers counts (register_count_index), or None (then SQL counts)."""
    for answer in _counters:
        found = answer(model, within, by)
        if found is not None:
            return found
    return None


def listed_ids(model, locale_id, filters, readable):
    """The page ids of a listing from the first index that answers, or None (then SQL decides)."""
    for answer in _indexes:
        ids = answer(model, locale_id, filters.chosen, filters.year, readable)
        if ids is not None:
            return ids
    return None


class ListedPages:
    """The pages of a listing given by their ids, in that order, loaded a slice at a time: a paginator
    counts them without a query and loads the page it shows with one (and the cards' prefetches)."""

    ordered = True
    CHUNK = 100

    def __init__(self, ids, load):
        self.ids = ids
        self.load = load  # load(ids) → a queryset of (at most) these pages, cards prefetched

    def __len__(self):
        return len(self.ids)

    def count(self):
        return len(self.ids)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self._pages(self.ids[key])
        return self._pages([self.ids[key]])[0]

    def __iter__(self):
        for start in range(0, len(self.ids), self.CHUNK):
            yield from self._pages(self.ids[start : start + self.CHUNK])

    def _pages(self, ids):
        """The pages of `ids` in their order; one gone since the index was read (unpublished, hidden) is left out."""
        found = {page.pk: page for page in self.load(ids)} if ids else {}
        return [found[pk] for pk in ids if pk in found]


# The id of the heading of a listing's results (base/includes/listing.html, search/search.html; tabindex -1): filter
# and page links end with it, so that the page they open starts at the results, the focus on their heading.
RESULTS = "results"


def to_results(url):
    """`url` opening at the results."""
    return f"{url}#{RESULTS}"


@dataclass
class Option:
    label: str
    url: str
    selected: bool


def toggle_url(base_url, filters, name, value):
    """The URL of the listing with `value` of filter `name` switched on or off (first page)."""
    params = filters.as_params()
    pair = (name, str(value))
    if name == "year" or (name in FACETS and FACETS[name].switch):
        params = [p for p in params if p[0] != name]
        if pair not in filters.as_params():
            params.append(pair)
    elif pair in params:
        params.remove(pair)
    else:
        params.append(pair)
    return f"{base_url}?{urlencode(params)}" if params else base_url


@dataclass
class FilterGroup:
    name: str
    title: str
    options: list
    open: bool


def filter_options(base_url, filters, kinds, years):
    """Groups of links for every filter value, labelled in the reader's language."""
    groups = [(FACETS[name].param, FACETS[name].title, FACETS[name].vocabulary(kinds)) for name in filters.facets]
    groups.append(("year", _("Year"), [(year, str(year)) for year in years]))
    result = []
    for name, title, items in groups:
        options = [
            Option(text, to_results(toggle_url(base_url, filters, name, value)), _is_selected(filters, name, value))
            for value, text in items
        ]
        result.append(
            FilterGroup(name, title, options, open=name in ("region", "theme") or any(o.selected for o in options))
        )
    return result


def _is_selected(filters, name, value):
    if name == "year":
        return filters.year == value
    return str(value) in filters.chosen.get(name, [])
