"""Filters of the practice and resource listings (and their feeds): parsed against an allow-list.

Every filter state is a plain GET URL, so it can be shared, bookmarked and followed
without JavaScript. Unknown values are dropped with a notice, never a 500.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from taxonomy.labels import label

FIRST_YEAR = 2020
LAST_YEAR = 2028
MULTI_VALUED = ("region", "country", "theme", "kind")


@dataclass
class Filters:
    region: list = field(default_factory=list)
    country: list = field(default_factory=list)
    theme: list = field(default_factory=list)
    kind: list = field(default_factory=list)
    gender: bool = False
    year: int | None = None
    notices: list = field(default_factory=list)

    @property
    def active(self):
        return bool(self.region or self.country or self.theme or self.kind or self.gender or self.year)

    def as_params(self):
        """The filter state as (name, value) pairs, in a stable order: the canonical URL."""
        params = [(name, value) for name in MULTI_VALUED for value in getattr(self, name)]
        if self.gender:
            params.append(("gender", "1"))
        if self.year:
            params.append(("year", str(self.year)))
        return params


def parse_filters(query, kinds, terms):
    """`query`: a QueryDict; `kinds`: the allowed kind choices; `terms`: taxonomy.labels.default_terms()."""
    regions, countries, themes = terms
    by_iso = {c.iso_code.lower(): slug for slug, c in countries.items()}
    filters = Filters()

    filters.region = allowed_values("region", query.getlist("region"), regions, filters.notices)
    filters.country = allowed_values(
        "country", query.getlist("country"), countries, filters.notices, lambda v: by_iso.get(v.lower(), v.lower())
    )
    filters.theme = allowed_values("theme", query.getlist("theme"), themes, filters.notices)
    filters.kind = allowed_values("kind", query.getlist("kind"), {value for value, _label in kinds}, filters.notices)

    gender = query.get("gender", "")
    if gender in ("1", "true"):
        filters.gender = True
    elif gender not in ("", "0", "false"):
        filters.notices.append(_("Unknown gender filter “%(value)s” was ignored.") % {"value": gender[:60]})

    year = query.get("year", "").strip()
    if year:
        if year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR:
            filters.year = int(year)
        else:
            filters.notices.append(_("Unknown year “%(value)s” was ignored.") % {"value": year[:60]})
    return filters


def allowed_values(name, raw_values, allowed, notices, normalise=str):
    """The values of filter `name` found in `allowed`, once each, in order; a notice for each other one."""
    kept = []
    for raw in raw_values:
        value = normalise(raw.strip())
        if value in allowed:
            if value not in kept:
                kept.append(value)
        elif raw.strip():
            notices.append(_("Unknown %(filter)s “%(value)s” was ignored.") % {"filter": name, "value": raw[:60]})
    return kept


def apply_filters(queryset, filters, year_filter):
    """Narrow `queryset`; values of one filter are alternatives (OR), different filters combine (AND)."""
    if filters.region:
        queryset = queryset.filter(countries__region__slug__in=filters.region)
    if filters.country:
        queryset = queryset.filter(countries__slug__in=filters.country)
    if filters.theme:
        queryset = queryset.filter(themes__slug__in=filters.theme)
    if filters.gender:
        queryset = queryset.filter(themes__is_gender_equality=True)
    if filters.kind:
        queryset = queryset.filter(kind__in=filters.kind)
    if filters.year:
        queryset = queryset.filter(year_filter(filters.year))
    # Joins through several countries or themes repeat rows: keep each page once.
    return queryset.filter(pk__in=queryset.values("pk")) if _joins(filters) else queryset


def _joins(filters):
    return bool(filters.region or filters.country or filters.theme or filters.gender)


def practice_active_in(year):
    return Q(start_year__lte=year) & (Q(end_year__isnull=True) | Q(end_year__gte=year)) | Q(
        start_year__isnull=True, end_year=year
    )


def resource_published_in(year):
    return Q(year=year)


@dataclass
class Option:
    label: str
    url: str
    selected: bool


def toggle_url(base_url, filters, name, value):
    """The URL of the listing with `value` of filter `name` switched on or off (first page)."""
    params = filters.as_params()
    pair = (name, str(value))
    if name in ("gender", "year"):
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


def filter_options(base_url, filters, terms, kinds, years):
    """Groups of links for every filter value, labelled in the reader's language."""
    regions, countries, themes = terms
    groups = [
        ("region", _("Region"), [(slug, label(term)) for slug, term in regions.items()]),
        ("country", _("Country"), [(slug, label(term)) for slug, term in countries.items()]),
        ("theme", _("Theme"), [(slug, label(term)) for slug, term in themes.items()]),
        ("gender", _("Gender equality"), [("1", _("All gender-equality themes"))]),
        ("kind", _("Kind"), [(value, str(text)) for value, text in kinds]),
        ("year", _("Year"), [(year, str(year)) for year in years]),
    ]
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
    if name == "gender":
        return filters.gender
    if name == "year":
        return filters.year == value
    return value in getattr(filters, name)
