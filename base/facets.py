"""The facets and filters of listings, search, feeds and the search API: one declarative table.

A facet has a name (stored on search documents, counted, and used as the JSON key), the
query parameter that carries it in URLs, a title, a vocabulary (the allowed values with
their labels in the active language) and, where listings filter by it, the queryset
lookup. Unknown values are dropped with a notice, never a 500 (DESIGN §5).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taxonomy.choices import GenderMarker
from taxonomy.labels import default_terms, label

from .i18n import language_name

# The years any content may carry (a resource from 1950 is possible); page types narrow them.
YEARS = (1950, 2100)
# The programme's own years: the year links a listing offers.
PROGRAMME_YEARS = (2020, 2028)


def year_validators(first=YEARS[0], last=YEARS[1]):
    """Validators of a year field, within the site's bounds; forms and the importer read them back."""
    return [MinValueValidator(max(first, YEARS[0])), MaxValueValidator(min(last, YEARS[1]))]


def year_bounds(field):
    """(lowest, highest) year a model field accepts, from its validators."""
    low = max((v.limit_value for v in field.validators if isinstance(v, MinValueValidator)), default=YEARS[0])
    high = min((v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)), default=YEARS[1])
    return low, high


def _terms(position):
    def vocabulary(kinds):
        return [(slug, label(term)) for slug, term in default_terms()[position].items()]

    return vocabulary


def _country_slug(value):
    """Countries are chosen by slug or by ISO code (`country=TG`)."""
    by_iso = {country.iso_code.lower(): slug for slug, country in default_terms()[1].items()}
    return by_iso.get(value.lower(), value.lower())


@dataclass(frozen=True)
class Facet:
    name: str
    param: str
    title: str
    vocabulary: Callable  # (kinds) → [(value, label in the active language)], in the vocabulary's order
    lookup: str = ""  # how a listing narrows its pages to the chosen values; empty: not a listing filter
    through_relation: bool = False  # the lookup follows a many-to-many relation, so rows repeat
    normalise: Callable = str
    switch: bool = False  # one on/off value, "1" (also read from "true")

    def values(self, kinds=()):
        return [value for value, _label in self.vocabulary(kinds)]


FACETS = {
    facet.name: facet
    for facet in (
        Facet(
            "region",
            "region",
            gettext_lazy("Region"),
            _terms(0),
            "countries__region__slug__in",
            through_relation=True,
        ),
        Facet(
            "country",
            "country",
            gettext_lazy("Country"),
            _terms(1),
            "countries__slug__in",
            through_relation=True,
            normalise=_country_slug,
        ),
        Facet("theme", "theme", gettext_lazy("Theme"), _terms(2), "themes__slug__in", through_relation=True),
        Facet(
            "gender",
            "gender",
            gettext_lazy("Gender equality"),
            lambda kinds: [("1", _("All gender-equality themes"))],
            "themes__is_gender_equality",
            through_relation=True,
            switch=True,
        ),
        Facet(
            "gender_marker",
            "gender_marker",
            gettext_lazy("Gender-equality marker"),
            lambda kinds: [(str(value), str(text)) for value, text in GenderMarker.choices],
            "gender_marker__in",  # a listing filter only for page types that have the marker (practices)
        ),
        Facet(
            "kind",
            "kind",
            gettext_lazy("Kind"),
            lambda kinds: [(value, str(text)) for value, text in kinds],
            "kind__in",
        ),
        Facet(
            "language",
            "lang",
            gettext_lazy("Language"),
            lambda kinds: [(code, language_name(code)) for code in site_languages()],
        ),
    )
}
# What listings (and their feeds) filter by, beside the year (a listing page may add its own, such as
# practices' gender_marker); what search filters and counts by.
LISTING_FACETS = ("region", "country", "theme", "gender", "kind")
SEARCH_FACETS = ("region", "country", "theme", "gender", "gender_marker", "kind", "language")


def site_languages():
    return [code for code, _name in settings.LANGUAGES]


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


def read_facets(query, names, kinds, notices):
    """{facet name: chosen values} from a QueryDict, for the facets `names`; notices for what was dropped."""
    chosen = {}
    for name in sorted(names, key=lambda name: FACETS[name].switch):  # switches last, as URLs list them
        facet = FACETS[name]
        if facet.switch:
            raw = query.get(facet.param, "")
            if raw in ("1", "true"):
                chosen[name] = ["1"]
            elif raw not in ("", "0", "false"):
                notices.append(_("Unknown gender filter “%(value)s” was ignored.") % {"value": raw[:60]})
            continue
        values = allowed_values(
            facet.param, query.getlist(facet.param), set(facet.values(kinds)), notices, facet.normalise
        )
        if values:
            chosen[name] = values
    return chosen


def whole_number(value, low, high):
    """`value` (a query parameter) as an int when it is ASCII digits between `low` and `high`, else None.

    `str.isdigit()` alone accepts "²" or "①", which `int()` refuses, and a very long number
    costs `int()` time before it fails: both used to end in a 500.
    """
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(high)):
        return None
    number = int(value)
    return number if low <= number <= high else None


def read_year(value, notices, bounds=YEARS):
    """A year within `bounds` from a query parameter, or None with a notice."""
    year = whole_number(value, *bounds)
    if year is None and (value or "").strip():
        notices.append(_("Unknown year “%(value)s” was ignored.") % {"value": value.strip()[:60]})
    return year
