"""Keeping the search index current: write, remove and rebuild SearchDocuments.

Signals (search.signals) call `index_pages` on publish, unpublish, move and view
restrictions; deleting a page deletes its documents by cascade. Inside `deferred()`
(bulk imports) the pages wait and are indexed together when the block ends.
"""

import contextvars
from collections import Counter
from contextlib import contextmanager

from django.db import transaction
from wagtail.models import Locale, Page

from base import page_cache
from base.visibility import listable_restrictions

from . import registry
from .documents import build, original_languages, prefetch
from .engines import get_engine
from .models import SearchDocument, SearchFacet, SearchTerm
from .related import refresh_all_related, refresh_related, store_vectors
from .text import words

_deferred = contextvars.ContextVar("search_deferred", default=None)
MIN_WORD, MAX_WORD = 3, 40
CHUNK = 200


@contextmanager
def deferred():
    """Collect the pages published or unpublished in the block; index them once at its end."""
    if _deferred.get() is not None:  # already deferring: the outer block indexes
        yield
        return
    pending = {}
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    pages = list(pending.values())
    for start in range(0, len(pages), CHUNK):  # bounded memory for imports of thousands of pages
        index_pages(pages[start : start + CHUNK])


def index_pages(pages, related=True):
    """Bring the documents of `pages` (any Page objects) in line with their current state; then the
    related documents of what changed (unless `related` is False: a rebuild computes them all at its end)."""
    pages = list(pages)
    pending = _deferred.get()
    if pending is not None:
        pending.update((page.pk, page) for page in pages)
        return
    if not pages:
        return
    fresh = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    locales = Locale.objects.in_bulk()
    for page in fresh.values():  # one query for the locales, not one a page
        page.locale = locales[page.locale_id]
    documents, stale_pages = [], []
    # Pages under login or group restrictions are indexed with their restrictions' ids: search shows
    # them only to readers who pass every one (SearchRequest.readable). Password-restricted ones never.
    restrictions = listable_restrictions(fresh.values())
    visible = [page for page in fresh.values() if page.live and not page.expired and restrictions[page.pk] is not None]
    originals = original_languages(visible)
    prefetch(visible)
    visible_ids = {page.pk for page in visible}
    for pk in {page.pk for page in pages}:
        page = fresh.get(pk)
        entry = registry.contribution(type(page)) if pk in visible_ids else None
        if entry is None:  # gone, hidden, or a page type search does not show
            stale_pages.append(pk)
        elif entry.documents is not None:
            stale_pages.append(pk)  # the documents it stands for are rewritten below; others of it removed
            documents += restricted_to(entry.documents(page), restrictions[pk])
        else:
            documents += restricted_to([build(page, originals, entry.describe)], restrictions[pk])
    with transaction.atomic():
        keep = {document.source for document in documents}
        stale = SearchDocument.objects.filter(page_id__in=stale_pages).exclude(source__in=keep)
        removed_groups = remove(stale)
        rows = write(documents)
        if related:
            refresh_related([row.pk for row in rows], removed_groups)


def restricted_to(documents, restrictions):
    for document in documents:
        document.restrictions = set(restrictions)
    return documents


def remove_pages(pages):
    """Remove the documents of `pages` now (unpublished, or about to be deleted while still live)."""
    pages = list(pages)
    pending = _deferred.get()
    if pending is not None:  # at the end of the block their state decides
        pending.update((page.pk, page) for page in pages)
        return
    with transaction.atomic():
        refresh_related(removed_groups=remove(SearchDocument.objects.filter(page_id__in=[page.pk for page in pages])))


def remove(queryset):
    """Delete these documents; returns their translation groups."""
    rows = list(queryset.values_list("pk", "group"))
    if rows:
        get_engine().forget([pk for pk, _group in rows])
        SearchDocument.objects.filter(pk__in=[pk for pk, _group in rows]).delete()
    return {group for _pk, group in rows}


def write(documents):
    """Save `documents` (search.documents.Document) with their facets, words, vectors and engine
    storage; returns their rows."""
    if not documents:
        return []
    existing = dict(SearchDocument.objects.filter(source__in=[d.source for d in documents]).values_list("source", "pk"))
    rows = []
    for document in documents:
        row = SearchDocument(pk=existing.get(document.source), source=document.source, **document.fields())
        rows.append(row)
    updated = [row for row in rows if row.pk]
    created = [row for row in rows if not row.pk]
    if updated:
        names = [name for name in documents[0].fields() if name != "page_id"] + ["page"]
        SearchDocument.objects.bulk_update(updated, names, batch_size=500)
        SearchFacet.objects.filter(document__in=[row.pk for row in updated]).delete()
    if created:
        SearchDocument.objects.bulk_create(created, batch_size=500)
        if any(row.pk is None for row in created):  # databases that do not return ids on bulk insert
            ids = dict(
                SearchDocument.objects.filter(source__in=[r.source for r in created]).values_list("source", "pk")
            )
            for row in created:
                row.pk = ids[row.source]
    by_source = {row.source: row for row in rows}
    SearchFacet.objects.bulk_create(
        [
            SearchFacet(document_id=by_source[document.source].pk, name=name, value=value[:100])
            for document in documents
            for name, value in sorted(document.all_facets())
        ],
        batch_size=1000,
    )
    add_words(rows)
    store_vectors(rows)  # before the engine: Elasticsearch indexes the vectors with the text
    get_engine().store(rows)
    return rows


def add_words(rows):
    """Add the new words of `rows` to the vocabulary "did you mean" chooses from (never a restricted
    document's: a suggestion is shown to anyone)."""
    by_language = {}
    for row in rows:
        if row.restricted:
            continue
        by_language.setdefault(row.language, set()).update(
            vocabulary_of(row.title, row.summary, row.keywords, row.body)
        )
    for language, found in by_language.items():
        known = set()
        found = list(found)
        for start in range(0, len(found), 500):
            chunk = found[start : start + 500]
            known |= set(SearchTerm.objects.filter(language=language, word__in=chunk).values_list("word", flat=True))
        SearchTerm.objects.bulk_create(
            [SearchTerm(language=language, word=word) for word in found if word not in known],
            batch_size=1000,
            ignore_conflicts=True,
        )


def vocabulary_of(title, summary, keywords, body):
    """The words of a document worth suggesting: not numbers, not too short or long; the body's start only."""
    text = " ".join([title, summary, keywords, body[:20_000]])
    return {
        word for word in words(text) if MIN_WORD <= len(word) <= MAX_WORD and not word.isdigit() and "_" not in word
    }


def rebuild(progress=None, related_progress=None):
    """Index every live page from scratch (texts, facets, vectors), then relate the documents; returns
    the number of documents. `progress(done, total)` and `related_progress(done, total)` report each stage."""
    models = registry.indexed_models()
    ids = [pk for model in models for pk in model.objects.live().values_list("pk", flat=True)]
    engine = get_engine()
    try:
        with transaction.atomic():
            if hasattr(engine, "reset"):  # an external index is built anew beside the live one (alias swap)
                engine.reset()
            remove(SearchDocument.objects.all())
            SearchTerm.objects.all().delete()
            for start in range(0, len(ids), CHUNK):
                index_pages(Page.objects.filter(pk__in=ids[start : start + CHUNK]), related=False)
                if progress:
                    progress(min(start + CHUNK, len(ids)), len(ids))
            refresh_all_related(related_progress)
            count_words()
            engine.optimise()
    except BaseException:
        if hasattr(engine, "abort"):  # the unfinished index is dropped; readers keep the old one
            engine.abort()
        raise
    page_cache.forget_all()  # every cached search page and related list was read from the old index
    return SearchDocument.objects.count()


def count_words():
    """Set each vocabulary word's document frequency: "did you mean" prefers common words."""
    counts = Counter()
    for language, title, summary, keywords, body in (
        SearchDocument.objects.filter(restricted=False)
        .values_list("language", "title", "summary", "keywords", "body")
        .iterator()
    ):
        counts.update((language, word) for word in vocabulary_of(title, summary, keywords, body))
    terms = list(SearchTerm.objects.all())
    for term in terms:
        term.documents = counts.get((term.language, term.word), 1)
    SearchTerm.objects.bulk_update(terms, ["documents"], batch_size=1000)
