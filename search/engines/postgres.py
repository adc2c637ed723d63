"""PostgreSQL: a weighted tsvector per document, built with the configuration of its language.

Configurations `socialab_<language>` (migration 0002) fold accents with `unaccent` before
stemming, so highlights (`ts_headline`) work on the original, accented text.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from ..highlight import marked
from .base import DatabaseEngine

CONFIGURATIONS = {"fr": "french", "es": "spanish", "en": "english"}
TABLE = "search_searchdocument"
HEADLINE_OPTIONS = 'StartSel=\x02, StopSel=\x03, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'


def configuration(language):
    return f"socialab_{CONFIGURATIONS.get(language, 'simple')}"


def configuration_sql(column=f"{TABLE}.language"):
    """SQL choosing each row's configuration from its language."""
    cases = " ".join(f"WHEN '{code}' THEN 'socialab_{name}'" for code, name in CONFIGURATIONS.items())
    return f"(CASE {column} {cases} ELSE 'socialab_simple' END)::regconfig"


VECTOR_SQL = f"""
UPDATE {TABLE} SET vector =
    setweight(to_tsvector({configuration_sql()}, title), 'A') ||
    setweight(to_tsvector({configuration_sql()}, summary || ' ' || keywords), 'B') ||
    setweight(to_tsvector({configuration_sql()}, body), 'C')
WHERE id = ANY(%s)
"""


class PostgresEngine(DatabaseEngine):
    name = "postgresql"

    def store(self, rows):
        ids = [row.pk for row in rows]
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                cursor.execute(VECTOR_SQL, [ids[start : start + 500]])

    def optimise(self):
        """Fresh statistics after a rebuild: without them the planner guesses one row per facet and nests loops."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument, search_searchfacet, search_searchterm")

    def match(self, queryset, query, languages):
        conditions, params = [], []
        for language in languages:
            conditions.append("(language = %s AND vector @@ websearch_to_tsquery(%s::regconfig, %s))")
            params += [language, configuration(language), query.text]
        matching = f"SELECT id FROM {TABLE} WHERE {' OR '.join(conditions)}"
        return queryset.filter(pk__in=RawSQL(matching, params))

    def scored(self, queryset, query, languages):
        score = f"ts_rank_cd({TABLE}.vector, websearch_to_tsquery({configuration_sql()}, %s))"
        return queryset.extra(select={"score": score}, select_params=[query.text])

    def highlights(self, hits, query):
        sql = f"""
            SELECT id, ts_headline({configuration_sql()}, summary || ' … ' || left(body, 20000),
                                   websearch_to_tsquery({configuration_sql()}, %s), %s)
            FROM {TABLE} WHERE id = ANY(%s)
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.text, HEADLINE_OPTIONS, [hit.id for hit in hits]])
            return {pk: marked(text) for pk, text in cursor.fetchall() if "\x02" in text}

    def similar_words(self, word, language):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_searchterm WHERE language = %s AND word %% %s "
                "ORDER BY similarity(word, %s) DESC, documents DESC, word LIMIT 5",
                [language, word, word],
            )
            return [row[0] for row in cursor.fetchall()]
