"""The search page's and API's query parameters, checked against allow-lists (DESIGN §5).

    q  region  country  theme  gender=1  gender_marker  kind  lang  year_from  year_to
    sort=relevance|newest  mode=hybrid|lexical  page

Every language is searched unless `lang` narrows it; results come one per translation group,
in the reader's language where translated (SearchRequest.reader_language).

Every filter is read through the facet table (base.facets), as the listings read theirs.
Unknown values are dropped with a notice; nothing a reader types reaches a query unchecked.
"""

from django.utils.translation import gettext as _

from base.facets import SEARCH_FACETS, read_facets, read_year, site_languages, whole_number

from .engines.base import SearchRequest
from .query import MAX_LENGTH, parse
from .registry import kind_choices

PER_PAGE = 10
MAX_PAGE = 1000
SORTS = ("relevance", "newest")
MODES = ("hybrid", "lexical")


def parse_request(query, reader_language, per_page=PER_PAGE):
    """(SearchRequest, notices) from a QueryDict."""
    raw = query.get("q", "")
    notices = []
    if len(raw) > MAX_LENGTH:
        notices.append(_("Your search was shortened to its first %(count)s characters.") % {"count": MAX_LENGTH})
    filters = read_facets(query, SEARCH_FACETS, kind_choices(), notices)
    listing_year = read_year(query.get("year"), notices)
    languages = filters.pop("language", [])
    request = SearchRequest(
        query=parse(raw),
        languages=languages or site_languages(),
        all_languages=site_languages(),
        filters=filters,
        year_from=read_year(query.get("year_from"), notices),
        year_to=read_year(query.get("year_to"), notices),
        sort=_sort(query.get("sort"), notices),
        page=_page(query.get("page"), notices),
        per_page=per_page,
        language_chosen=bool(languages),
        mode=_mode(query.get("mode"), notices),
        reader_language=reader_language,
    )
    if listing_year:  # the listings' `year` reads as a one-year range
        request.year_from = request.year_from or listing_year
        request.year_to = request.year_to or listing_year
    return request, notices


def _sort(value, notices):
    if not value or value in SORTS:
        return value or "relevance"
    notices.append(_("Unknown sort order “%(value)s” was ignored.") % {"value": value[:60]})
    return "relevance"


def _mode(value, notices):
    if not value or value in MODES:
        return value or "hybrid"
    notices.append(_("Unknown search mode “%(value)s” was ignored.") % {"value": value[:60]})
    return "hybrid"


def _page(value, notices):
    value = (value or "").strip()
    if not value:
        return 1
    page = whole_number(value, 1, MAX_PAGE)
    if page is None:
        notices.append(_("There is no page “%(value)s”; here is the first page.") % {"value": value[:60]})
    return page or 1
