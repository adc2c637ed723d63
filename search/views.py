"""The search page /<lang>/search/, the JSON API /api/search/ and autocomplete, on one code path (service.run_search)."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from base import page_cache
from base.facets import FACETS, SEARCH_FACETS, site_languages
from base.listing import to_results
from base.throttle import throttled

from .browse import browse_options
from .models import SearchDocument
from .registry import kind_choices
from .service import run_search
from .text import fold

AUTOCOMPLETE_SIZE = 8


def state(search):
    """The request as (name, value) pairs in a stable order: the canonical URL of the results."""
    request = search.request
    pairs = [("q", request.query.text)] if request.query.text else []
    for name in SEARCH_FACETS:
        values = request.selected(name)
        if name == "language":
            values = values if request.language_chosen else []
        pairs += [(FACETS[name].param, value) for value in values]
    pairs += [
        (name, str(value)) for name, value in (("year_from", request.year_from), ("year_to", request.year_to)) if value
    ]
    if request.sort != "relevance":
        pairs.append(("sort", request.sort))
    if request.mode != "hybrid":
        pairs.append(("mode", request.mode))
    return pairs


def feed_state(pairs):
    """The request's pairs without the sort: a saved-search feed is always newest first."""
    return [pair for pair in pairs if pair[0] != "sort"]


def label_kinds(hits):
    """Give each hit the name of its kind in the reader's language (`kind_label`)."""
    kinds = dict(kind_choices())
    for hit in hits:
        hit.kind_label = str(kinds.get(hit.kind, ""))


def url_with(pairs, toggle=None, page=None, replace=None):
    """`?…` with one value toggled, or one parameter replaced, back on the first page unless `page` is given."""
    pairs = list(pairs)
    if toggle:
        pairs.remove(toggle) if toggle in pairs else pairs.append(toggle)
    if replace:
        name, value = replace
        pairs = [pair for pair in pairs if pair[0] != name] + ([(name, value)] if value else [])
    if page and page > 1:
        pairs.append(("page", str(page)))
    return "?" + urlencode(pairs)


def other_languages(search, pairs):
    """The other languages in which the words found documents, each with its search's address: offered when the
    reader chose languages (`lang`) that have none."""
    if search.total or not search.request.language_chosen:
        return []
    param = FACETS["language"].param
    return [
        {"label": option.label, "count": option.count, "url": url_with(pairs, replace=(param, option.value))}
        for option in search.facets.get("language", [])
        if option.count and not option.selected
    ]


def too_many_searches(request, verdict):
    """The search page over its rate limit: a page of the site saying when to come back."""
    return render(request, "search/rate_limited.html", {"verdict": verdict}, status=429)


def too_many_requests(request, verdict):
    return json_response({"error": verdict.message}, status=429)


@require_GET
@throttled("search_page", too_many_searches)
def search_page(request):
    language = translation.get_language()
    search = run_search(request.GET, language, reader=request.user)
    pairs = state(search)

    def at_results(**change):
        """This search's address with `change` (url_with's), opening at the results."""
        return to_results(url_with(pairs, **change))

    groups = []
    for name in SEARCH_FACETS:
        parameter = FACETS[name].param
        options = [
            {**vars(option), "url": at_results(toggle=(parameter, option.value))} for option in search.facets[name]
        ]
        if options:
            groups.append({"name": name, "title": FACETS[name].title, "options": options})
    label_kinds(search.hits)
    request_state = search.request
    context = {
        "search": search,
        "hidden_filters": [pair for pair in pairs if pair[0] != "q"],
        "feed_query": feed_state(pairs),
        "facet_groups": groups,
        "active": len(pairs) > (1 if request_state.query.text else 0),
        "clear_url": to_results(url_with([("q", request_state.query.text)] if request_state.query.text else [])),
        "sort_links": [
            {
                "label": _("Relevance"),
                "url": at_results(replace=("sort", "")),
                "selected": request_state.sort == "relevance",
            },
            {
                "label": _("Newest"),
                "url": at_results(replace=("sort", "newest")),
                "selected": request_state.sort == "newest",
            },
        ],
        "mode_links": [
            {
                "label": _("Meaning, in every language"),
                "url": at_results(replace=("mode", "")),
                "selected": request_state.mode == "hybrid",
            },
            {
                "label": _("These words only"),
                "url": at_results(replace=("mode", "lexical")),
                "selected": request_state.mode == "lexical",
            },
        ],
        "previous_url": at_results(page=request_state.page - 1) if request_state.page > 1 else "",
        "next_url": at_results(page=request_state.page + 1) if request_state.page < search.pages else "",
        "suggestion_url": url_with(pairs, replace=("q", search.suggestion)) if search.suggestion else "",
        "other_languages": other_languages(search, pairs),
        "browse": browse_options(language) if not search.total else None,
    }
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    # Anonymous readers' results, from the cache until any page changes (base.page_cache: "content").
    page_cache.depends_on(request, page_cache.CONTENT)
    return response


def api_language(request):
    code = request.GET.get("locale", "")
    return code if code in site_languages() else settings.LANGUAGE_CODE


@require_GET
@throttled("search_api", too_many_requests)
def search_api(request):
    language = api_language(request)
    search = run_search(request.GET, language)
    kinds = dict(kind_choices())
    body = {
        "query": search.text,
        "locale": language,
        "total": search.total,
        "page": search.request.page,
        "pages": search.pages,
        "mode": search.request.mode,
        "results": [_result(hit, request) for hit in search.hits],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
            for name, values in search.facets.items()
        },
        "suggestion": search.suggestion or None,
        "promotions": [vars(promotion) for promotion in search.promotions],
        "notices": [str(notice) for notice in search.notices],
        "kinds": {value: str(label) for value, label in kinds.items()},
    }
    response = json_response(body)
    response["X-Robots-Tag"] = "noindex"
    return response


def json_response(body, status=200):
    """JSON with <, > and & escaped, so a query echoed back can never be read as HTML, whatever sniffs it."""
    text = json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return HttpResponse(text, content_type="application/json", status=status)


def _result(hit, request):
    return {
        "key": hit.key,
        "locale": hit.language,
        "kind": hit.kind,
        "title": hit.title,
        "url": request.build_absolute_uri(hit.url),
        "summary": hit.summary,
        "highlight": str(hit.highlight),
        "language_of_original": hit.original_language,
        "translations": [
            {"locale": language, "url": request.build_absolute_uri(url)} for language, url in hit.translations
        ],
        "score": round(float(hit.score or 0), 6),
        "date": hit.date.isoformat() if hit.date else None,
        "countries": [{"value": slug, "label": label} for slug, label in hit.places],
        "year_start": hit.year_start,
        "year_end": hit.year_end,
    }


@require_GET
@throttled("autocomplete", too_many_requests)
def autocomplete_api(request):
    """Titles in the reader's language that contain what was typed (trigram index on PostgreSQL)."""
    language = api_language(request)
    typed = " ".join(fold(request.GET.get("q", "")[:100]).split())
    titles = []
    if len(typed) >= 2:
        documents = SearchDocument.objects.filter(language=language, restricted=False, title_folded__contains=typed)
        starts = documents.filter(title_folded__startswith=typed).order_by("title")[:AUTOCOMPLETE_SIZE]
        titles = list(starts.values("title", "url"))
        if len(titles) < AUTOCOMPLETE_SIZE:
            seen = [title["url"] for title in titles]
            rest = documents.exclude(url__in=seen).order_by("title")[: AUTOCOMPLETE_SIZE - len(titles)]
            titles += list(rest.values("title", "url"))
    response = json_response({"query": typed, "locale": language, "results": titles})
    response["Cache-Control"] = "public, max-age=300"
    return response
