"""Filters of the practice and resource listings (and their feeds), read through the facet table.

Every filter state is a plain GET URL, so it can be shared, bookmarked and followed
without JavaScript. Unknown values are dropped with a notice, never a 500.
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
    """Narrow `queryset`; values of one filter are alternatives (OR), different filters combine (AND)."""
    for name, values in filters.chosen.items():
        facet = FACETS[name]
        queryset = queryset.filter(**{facet.lookup: True if facet.switch else values})
    if filters.year:
        queryset = queryset.filter(year_filter(filters.year))
    # Joins through several countries or themes repeat rows: keep each page once.
    joins = any(FACETS[name].through_relation for name in filters.chosen)
    return queryset.filter(pk__in=queryset.values("pk")) if joins else queryset


def active_in(year, start="start_year", end="end_year"):
    """Pages running in `year`: started by then and not ended before (an undated start counts its end year)."""
    return Q(**{f"{start}__lte": year}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": year})) | Q(
        **{f"{start}__isnull": True, end: year}
    )


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
            Option(text, toggle_url(base_url, filters, name, value), _is_selected(filters, name, value))
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
