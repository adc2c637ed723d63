"""SQLite (the embedded default): FTS5 over text stemmed and accent-folded by search.text.

SQLite has no stemmer of its own, so the site writes each document's words already
stemmed with the Snowball stemmer of its language, and stems the query the same way
for each language searched. Ranking is bm25 with column weights; extracts are cut and
highlighted in Python (search.highlight) from the original text.
"""

import heapq
import threading

from django.db import connection
from django.db.models.functions import Substr

from ..highlight import BODY_SCANNED, highlight
from ..models import SearchDocument
from ..query import fts5_expression
from ..text import analyse
from .base import DatabaseEngine, marks

# bm25 weights of the columns title, keywords (summary, tags, labels), body, lang.
WEIGHTS = "10.0, 4.0, 1.0, 0.0"
MATCHING = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"


# The bm25 scores of this thread's latest match, (expression, {id: score}): `ranked` sorts them.
_scores = threading.local()


class SqliteEngine(DatabaseEngine):
    name = "sqlite"

    def store(self, rows):
        with connection.cursor() as cursor:
            ids = [row.pk for row in rows]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks(chunk)})", chunk)
            cursor.executemany(
                "INSERT INTO search_fts(rowid, title, keywords, body, lang) VALUES (%s, %s, %s, %s, %s)",
                [
                    (
                        row.pk,
                        analyse(row.title, row.language),
                        analyse(f"{row.summary} {row.keywords}", row.language),
                        analyse(row.body, row.language),
                        row.language,
                    )
                    for row in rows
                ],
            )

    def optimise(self):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def matches(self, query, languages):
        positive, negative = fts5_expression(query, languages)
        if not positive and query.groups:  # only words too common to search for
            return []
        if positive:  # bm25 comes at little cost with the match: kept for `ranked`, which sorts what a page may show
            sql, params = (
                f"SELECT rowid, -bm25(search_fts, {WEIGHTS}) FROM search_fts WHERE search_fts MATCH %s",
                [positive],
            )
        else:  # exclusions only: every document of these languages but the excluded ones
            sql = f"SELECT id FROM search_searchdocument WHERE language IN ({marks(languages)})"
            params = list(languages)
        if negative:
            sql += f" AND {'rowid' if positive else 'id'} NOT IN ({MATCHING})"
            params.append(negative)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if positive:
            _scores.latest = (positive, dict(rows))
        return [row[0] for row in rows]

    def ranked(self, query, ids, languages, whole, limit):
        """bm25 over the whole text whatever the number of results (FTS5 computes it cheaply).

        The ids are not sent to SQLite: FTS5 would evaluate the MATCH again for each one (seconds for
        a few thousand). The matches come in order and the first `limit` of `ids` are kept."""
        positive, _negative = fts5_expression(query, languages)
        latest = getattr(_scores, "latest", None)
        if positive and latest is not None and latest[0] == positive:  # scored by `matches` just before
            scores = latest[1]
            order = {pk: position for position, pk in enumerate(ids)}  # `ids` come in the index's order
            return [(pk, scores[pk]) for pk in heapq.nsmallest(limit, ids, key=lambda pk: (-scores[pk], order[pk]))]
        if positive:
            sql = (
                f"SELECT d.id, -bm25(search_fts, {WEIGHTS}) AS score FROM search_fts "
                "JOIN search_searchdocument d ON d.id = search_fts.rowid WHERE search_fts MATCH %s "
                "ORDER BY score DESC, d.date DESC NULLS LAST, d.id DESC"
            )
            params = [positive]
        else:  # exclusions only: nothing to score, newest first
            sql = (
                f"SELECT id, 0.0 FROM search_searchdocument WHERE language IN ({marks(languages)}) "
                "ORDER BY date DESC NULLS LAST, id DESC"
            )
            params = list(languages)
        wanted, rows = set(ids), []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while len(rows) < limit and (batch := cursor.fetchmany(max(limit, 100))):
                rows += [row for row in batch if row[0] in wanted]
        return rows[:limit]

    def highlights(self, hits, query):
        # The extract is looked for in the first 20,000 characters, as ts_headline does on PostgreSQL: no more is read.
        bodies = dict(
            SearchDocument.objects.filter(pk__in=[hit.id for hit in hits])
            .annotate(start=Substr("body", 1, BODY_SCANNED))
            .values_list("pk", "start")
        )
        extracts = {}
        for hit in hits:
            text = f"{hit.summary} … {bodies.get(hit.id) or ''}"
            extracts[hit.id] = highlight(text, query.stems(hit.language), hit.language)
        return extracts

    def similar_words(self, word, language):
        # The vocabulary's trigram index holds unpadded trigrams: only those can be asked for.
        expression = " OR ".join(f'"{gram}"' for gram in sorted(trigrams(word)) if " " not in gram)
        if not expression:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.word, t.documents FROM search_vocabulary JOIN search_searchterm t ON t.id = search_vocabulary.rowid "
                "WHERE search_vocabulary MATCH %s AND t.language = %s ORDER BY bm25(search_vocabulary) LIMIT 200",
                [expression, language],
            )
            candidates = cursor.fetchall()
        scored = [(similarity(word, candidate), documents, candidate) for candidate, documents in candidates]
        scored = [item for item in scored if item[0] >= 0.3]
        scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
        return [candidate for _score, _documents, candidate in scored[:5]]


def trigrams(word):
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's similarity: shared trigrams over all trigrams of both words."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second) if first and second else 0.0
