"""One code path for the search page and the JSON API: parse, search, suggest, label.

`run_search(query_dict, reader_language)` returns a SearchPage that the HTML view renders
and the API serialises, so both always give the same results. The HTML page passes its reader,
who also finds the restricted pages they may read; the API, feeds and autocomplete are public.
"""

from dataclasses import dataclass, field, replace
from math import ceil

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

from base.facets import FACETS, SEARCH_FACETS
from base.visibility import is_public, readable_restrictions

from .engines import get_engine
from .engines.facet_index import current_index
from .models import SearchQueryStat, SearchTerm
from .params import parse_request
from .query import parse
from .registry import kind_choices
from .text import WORD, fold


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Promotion:
    title: str
    url: str
    description: str


@dataclass
class SearchPage:
    request: object
    total: int
    hits: list
    facets: dict
    notices: list
    suggestion: str = ""
    promotions: list = field(default_factory=list)

    @property
    def text(self):
        return self.request.query.text

    @property
    def pages(self):
        return max(1, ceil(self.total / self.request.per_page))


def run_search(query_dict, reader_language, per_page=10, record=True, reader=None):
    """The results for a query; `reader` (a user) also finds the restricted pages they may read."""
    request, notices = parse_request(query_dict, reader_language, per_page=per_page)
    request.readable = readable_restrictions(reader)
    engine = get_engine()
    with translation.override(reader_language):
        results = engine.search(request)
        if results.total and request.offset >= results.total:
            notices.append(_("There is no page %(page)s of these results.") % {"page": request.page})
        describe_hits(results.hits)
        page = SearchPage(request, results.total, results.hits, _labelled(results.facets, request), notices)
        if request.query.groups and results.total < 3:
            page.suggestion = _suggestion(engine, request, results.total, reader_language)
        if request.page == 1 and request.query.text:
            page.promotions = _promotions(request.query.text, reader_language)
    if record and request.query.text and request.page == 1:
        record_query(request.query.text, reader_language, results.total)
    return page


def describe_hits(hits):
    """What a result says of itself beside its text, as listing cards do: its countries, named in the reader's
    language (`places`: [(slug, label)], the vocabulary's order), and its years (`years`: "2021–2023")."""
    countries = FACETS["country"].vocabulary(())
    for hit in hits:
        found = set(hit.countries)
        # A country's own page is not "in" itself.
        hit.places = [(slug, text) for slug, text in countries if slug in found and text != hit.title]
        first, last = hit.year_start or hit.year_end, hit.year_end
        hit.years = f"{first}–{last}" if first and last and last != first else str(first or "")


def _suggestion(engine, request, total, language):
    """The query with unknown words replaced by the closest known ones, if that finds more."""
    corrections = {}
    for word in request.query.positive_words():
        if len(word) >= 3 and not word.isdigit() and (better := _correction(engine, word, language)):
            corrections[word] = better
    if not corrections:
        return ""
    suggested = WORD.sub(lambda match: corrections.get(fold(match.group()), match.group()), request.query.text)
    # Only the total: per_page=0 asks for no ranked page and no highlights.
    check = replace(request, query=parse(suggested), with_facets=False, page=1, per_page=0)
    return suggested if engine.search(check).total > total else ""


_corrections = {}  # (database alias, index version token) → {(language, word): closest known word or None}
MAX_CORRECTIONS = 10_000  # words remembered per process; forgotten all at once beyond


def _correction(engine, word, language):
    """The known word closest to an unknown `word`, None for a known word; remembered until the index changes.

    The vocabulary holds only the words of public documents (restricted rows add none), so what is
    remembered is the same for every reader; whether the suggestion finds more is asked per search."""
    token = current_index().token
    if token is None:  # no version row (a flushed database): nothing is remembered
        return _closest(engine, word, language)
    key = (connection.alias, token)
    remembered = _corrections.get(key)
    if remembered is None or len(remembered) >= MAX_CORRECTIONS:
        _corrections.clear()
        remembered = _corrections[key] = {}
    if (language, word) not in remembered:
        remembered[language, word] = _closest(engine, word, language)
    return remembered[language, word]


def _closest(engine, word, language):
    if SearchTerm.objects.filter(language=language, word=word).exists():
        return None
    return engine.suggest(word, language)


def _promotions(text, language):
    """Editors' best bets for this query (Wagtail search promotions), in the reader's language when translated."""
    query = Query.objects.filter(query_string=normalise_query_string(text)).first()
    if query is None:
        return []
    promotions = []
    for pick in query.editors_picks.select_related("page").order_by("sort_order"):
        if pick.page_id:
            page = pick.page.localized
            if not is_public(page):  # a translation may be restricted or a draft when the original is not
                page = pick.page
            if is_public(page):
                promotions.append(Promotion(page.title, page.get_url(), pick.description))
        elif pick.external_link_url:
            promotions.append(
                Promotion(pick.external_link_text or pick.external_link_url, pick.external_link_url, pick.description)
            )
    return promotions


def record_query(text, language, total):
    """Count the query for the editors' report: the folded text and the day, nothing about the reader."""
    query = " ".join(fold(text).split())[:100]
    day = timezone.localdate()
    changes = {"searches": F("searches") + 1, "zero_results": F("zero_results") + (0 if total else 1)}
    key = {"day": day, "language": language, "query": query}
    if not SearchQueryStat.objects.filter(**key).update(**changes):
        try:
            with transaction.atomic():
                SearchQueryStat.objects.create(**key, searches=1, zero_results=0 if total else 1)
        except IntegrityError:  # another request created it meanwhile
            SearchQueryStat.objects.filter(**key).update(**changes)


def _labelled(counts, request):
    """Facet values with their labels in the reader's language, in the vocabulary's order."""
    kinds = kind_choices()
    facets = {}
    for name in SEARCH_FACETS:
        selected = request.selected(name) if (name != "language" or request.language_chosen) else []
        found = counts.get(name, {})
        facets[name] = [
            FacetValue(value, text, found.get(value, 0), value in selected)
            for value, text in FACETS[name].vocabulary(kinds)
            if found.get(value) or value in selected
        ]
    return facets
