"""The search page's and API's query parameters, checked against allow-lists (DESIGN §5).

    q  region  country  theme  gender=1  gender_marker  kind  lang  year_from  year_to
    sort=relevance|newest  page

Region, country, theme, kind and gender are read as the listings read them
(home.listing.parse_filters). Unknown values are dropped with a notice; nothing a
reader types reaches a query unchecked.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from home.listing import allowed_values, parse_filters
from taxonomy.choices import GenderMarker, PracticeKind, ResourceKind
from taxonomy.labels import default_terms

from .engines.base import SearchRequest
from .query import MAX_LENGTH, parse

PER_PAGE = 10
MAX_PAGE = 1000
YEARS = (1950, 2100)
SORTS = ("relevance", "newest")


def kind_choices():
    """Every kind of document, with its label: practices' and resources' kinds, partners, places, pages."""
    return [
        *PracticeKind.choices,
        *ResourceKind.choices,
        ("partner", _("Partner organisation")),
        ("region", _("Region")),
        ("country", _("Country")),
        ("page", _("Page")),
    ]


def site_languages():
    return [code for code, _name in settings.LANGUAGES]


def parse_request(query, reader_language, per_page=PER_PAGE):
    """(SearchRequest, notices) from a QueryDict."""
    raw = query.get("q", "")
    notices = []
    if len(raw) > MAX_LENGTH:
        notices.append(_("Your search was shortened to its first %(count)s characters.") % {"count": MAX_LENGTH})
    listing = parse_filters(query, kind_choices(), default_terms())
    notices += listing.notices
    filters = {
        "region": listing.region,
        "country": listing.country,
        "theme": listing.theme,
        "kind": listing.kind,
        "gender": ["1"] if listing.gender else [],
        "gender_marker": allowed_values(
            "gender_marker", query.getlist("gender_marker"), [str(v) for v in GenderMarker.values], notices
        ),
    }
    languages = allowed_values("lang", query.getlist("lang"), site_languages(), notices)
    request = SearchRequest(
        query=parse(raw),
        languages=languages or [reader_language],
        all_languages=site_languages(),
        filters={name: values for name, values in filters.items() if values},
        year_from=_year(query.get("year_from"), notices),
        year_to=_year(query.get("year_to"), notices),
        sort=_sort(query.get("sort"), notices),
        page=_page(query.get("page"), notices),
        per_page=per_page,
        language_chosen=bool(languages),
    )
    if listing.year:  # the listings' `year` reads as a one-year range
        request.year_from = request.year_from or listing.year
        request.year_to = request.year_to or listing.year
    return request, notices


def _year(value, notices):
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit() and YEARS[0] <= int(value) <= YEARS[1]:
        return int(value)
    notices.append(_("Unknown year “%(value)s” was ignored.") % {"value": value[:60]})
    return None


def _sort(value, notices):
    if not value or value in SORTS:
        return value or "relevance"
    notices.append(_("Unknown sort order “%(value)s” was ignored.") % {"value": value[:60]})
    return "relevance"


def _page(value, notices):
    value = (value or "").strip()
    if not value:
        return 1
    if value.isdigit() and 1 <= int(value) <= MAX_PAGE:
        return int(value)
    notices.append(_("There is no page “%(value)s”; here is the first page.") % {"value": value[:60]})
    return 1
