"""The Elasticsearch engine: what it sends and reads back (no cluster needed), and searches on a real cluster.

The builders are pure functions, tested here against the semantics of the database engines.
The tests marked `needs_cluster` index documents into the cluster at ELASTICSEARCH_URL, under an
index prefix of their own; without that variable they are reported as skipped, never passed.
"""

import os
import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import override_settings
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from elasticsearch import NotFoundError

from search.engines import database_engine, elastic
from search.engines.base import FACETS, SearchRequest, SearchResults
from search.engines.elastic import ElasticsearchEngine
from search.engines.elastic_builders import (
    FACET_FIELDS,
    document_body,
    index_body,
    index_name,
    parse_response,
    query_body,
)
from search.models import SearchDocument, SearchFacet
from search.query import parse
from search.text import STOP_WORDS

LANGUAGES = ["fr", "es", "en"]
needs_cluster = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against",
)


def request(text="", **options):
    return SearchRequest(query=parse(text), **{"languages": ["fr"], "all_languages": LANGUAGES, **options})


def clauses(clause):
    """The multi_match clauses of a clause: itself, or the alternatives of a bool `should`."""
    if "multi_match" in clause:
        return [clause["multi_match"]]
    return [item["multi_match"] for item in clause["bool"]["should"]]


def unordered(items):
    return sorted(map(repr, items))


def row(**fields):
    defaults = {
        "pk": 7,
        "source": "page:7",
        "group": "g-7",
        "language": "fr",
        "original_language": "fr",
        "key": "egalite-senegal",
        "kind": "innovative-initiative",
        "title": "Égalité des filles à l'école",
        "summary": "L'égalité s'apprend.",
        "keywords": "genre",
        "body": "Un long texte.",
        "url": "/fr/pratiques/egalite/",
        "date": datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
        "year_start": 2020,
        "year_end": 2022,
    }
    return SearchDocument(**{**defaults, **fields})


# The index


def test_the_index_name_carries_the_environment_prefix(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "staging"
    assert index_name() == "staging-documents"


def test_language_analyzers_fold_accents_before_stemming():
    analysis = index_body()["settings"]["analysis"]
    for language, code in [("french", "fr"), ("spanish", "es"), ("english", "en")]:
        steps = analysis["analyzer"][f"socialab_{language}"]["filter"]
        assert steps.index("asciifolding") < steps.index(f"socialab_{language}_stemmer")
        assert analysis["filter"][f"socialab_{language}_stemmer"] == {"type": "stemmer", "language": language}
        assert analysis["filter"][f"socialab_{language}_stop"]["stopwords"] == sorted(STOP_WORDS[code])
    assert analysis["analyzer"]["socialab_folded"]["filter"] == ["lowercase", "asciifolding"]
    assert analysis["analyzer"]["socialab_folded"]["tokenizer"] == "standard"


def test_each_language_has_text_fields_with_its_own_analyzer():
    properties = index_body()["mappings"]["properties"]
    for code, analyzer in [("fr", "french"), ("es", "spanish"), ("en", "english"), ("other", "folded")]:
        for name in ("title", "summary", "keywords", "body"):
            assert properties[f"{name}_{code}"]["type"] == "text"
            assert properties[f"{name}_{code}"]["analyzer"] == f"socialab_{analyzer}"


def test_facets_and_identifiers_are_keywords():
    body = index_body()
    properties = body["mappings"]["properties"]
    for name in (*FACETS, "target_group", "partner", "group", "key", "original_language"):
        assert properties[name]["type"] == "keyword"
    assert properties["date"]["type"] == "date"
    assert properties["year_start"]["type"] == properties["year_end"]["type"] == "integer"
    assert body["mappings"]["dynamic"] == "strict"
    assert body["settings"]["number_of_shards"] == 1


# A document


def test_a_document_s_text_goes_to_the_fields_of_its_language():
    facets = [
        ("theme", "gender-equality"),
        ("theme", "girls-empowerment"),
        ("country", "SN"),
        ("kind", "innovative-initiative"),
    ]
    body = document_body(row(), facets)
    assert body["title_fr"] == "Égalité des filles à l'école"
    assert body["summary_fr"] == "L'égalité s'apprend."
    assert body["keywords_fr"] == "genre"
    assert body["body_fr"] == "Un long texte."
    assert not any(name.endswith(("_es", "_en", "_other")) for name in body)
    assert body["theme"] == ["gender-equality", "girls-empowerment"]
    assert body["country"] == ["SN"]
    assert body["kind"] == ["innovative-initiative"]
    assert body["region"] == body["partner"] == []
    assert body["id"] == 7
    assert body["document_kind"] == "innovative-initiative"
    assert body["date"] == "2024-03-01T12:00:00+00:00"
    assert (body["year_start"], body["year_end"]) == (2020, 2022)
    assert set(body) <= set(index_body()["mappings"]["properties"])  # the strict mapping accepts it


def test_a_language_without_analyzer_is_folded_only():
    body = document_body(row(language="pt", original_language="", date=None), [])
    assert body["title_other"] == "Égalité des filles à l'école"
    assert body["original_language"] == "pt"
    assert body["date"] is None
    assert set(FACET_FIELDS) <= set(body)


# A search


def test_plain_words_must_all_match_in_every_site_language_s_fields():
    body = query_body(request("enfants école"))
    must = body["query"]["bool"]["must"]
    assert [clause["multi_match"]["query"] for clause in must] == ["enfants", "ecole"]
    first = must[0]["multi_match"]
    assert first["type"] == "best_fields" and first["operator"] == "and"
    assert {"title_fr^10", "summary_fr^4", "keywords_fr^4", "body_fr^1", "title_es^10", "body_en^1"} <= set(
        first["fields"]
    )
    assert first["zero_terms_query"] == "all"  # a stop word among other words is dropped
    assert body["sort"][0] == "_score"


def test_only_stop_words_match_nothing():
    guard = query_body(request("la"))["query"]["bool"]["filter"][-1]
    assert clauses(guard)[0]["query"] == "la"
    assert clauses(guard)[0]["zero_terms_query"] == "none"


def test_a_phrase_keeps_its_words_in_order():
    must = query_body(request('"violence scolaire"'))["query"]["bool"]["must"]
    assert must == [{"multi_match": {**must[0]["multi_match"], "query": "violence scolaire", "type": "phrase"}}]
    assert "operator" not in must[0]["multi_match"]


def test_words_joined_by_an_apostrophe_are_a_phrase():
    assert query_body(request("d'enfants"))["query"]["bool"]["must"][0]["multi_match"]["type"] == "phrase"


def test_or_makes_alternatives():
    must = query_body(request("mairie or domicile"))["query"]["bool"]["must"]
    assert len(must) == 1
    assert must[0]["bool"]["minimum_should_match"] == 1
    assert [clause["query"] for clause in clauses(must[0])] == ["mairie", "domicile"]


def test_excluded_words_and_groups_are_must_not():
    body = query_body(request('violence -scolaire -"conseil municipal"', exclude_groups=("g-1", "g-2")))
    must_not = body["query"]["bool"]["must_not"]
    excluded = clauses(must_not[0])
    assert [(clause["query"], clause["type"]) for clause in excluded] == [
        ("scolaire", "best_fields"),
        ("conseil municipal", "phrase"),
    ]
    assert all(clause["zero_terms_query"] == "none" for clause in excluded)
    assert must_not[1] == {"terms": {"group": ["g-1", "g-2"]}}
    assert [clause["multi_match"]["query"] for clause in body["query"]["bool"]["must"]] == ["violence"]


def test_filters_are_a_post_filter_and_each_facet_counts_without_its_own():
    body = query_body(request("enfants", filters={"theme": ["gender-equality"], "country": ["SN", "MA"]}))
    theme = {"terms": {"theme": ["gender-equality"]}}
    country = {"terms": {"country": ["SN", "MA"]}}
    language = {"terms": {"language": ["fr"]}}
    assert unordered(body["post_filter"]["bool"]["filter"]) == unordered([theme, country, language])
    aggs = body["aggs"]
    assert set(aggs) == set(FACETS)
    assert unordered(aggs["theme"]["filter"]["bool"]["filter"]) == unordered([country, language])
    assert unordered(aggs["country"]["filter"]["bool"]["filter"]) == unordered([theme, language])
    assert unordered(aggs["region"]["filter"]["bool"]["filter"]) == unordered([theme, country, language])
    assert unordered(aggs["language"]["filter"]["bool"]["filter"]) == unordered([theme, country])
    assert aggs["theme"]["aggs"]["values"]["terms"]["field"] == "theme"
    # Filters narrow the hits, not the matching the facets count from.
    assert theme not in body["query"]["bool"]["filter"]


def test_without_facets_there_are_no_aggregations():
    assert "aggs" not in query_body(request("enfants", with_facets=False))


def test_languages_asked_for_narrow_the_hits_and_the_language_facet_counts_all():
    body = query_body(request("niñas", languages=["es"]))
    assert body["post_filter"]["bool"]["filter"] == [{"terms": {"language": ["es"]}}]
    assert body["query"]["bool"]["filter"][0] == {"terms": {"language": ["es", "fr", "en"]}}
    assert body["aggs"]["language"]["filter"]["bool"]["filter"] == []
    assert set(body["highlight"]["fields"]) == {"summary_es", "body_es"}


def test_other_languages_search_their_folded_fields():
    body = query_body(request("menina", languages=["pt"], all_languages=["fr", "pt"]))
    assert {"title_other^10", "body_fr^1"} <= set(body["query"]["bool"]["must"][0]["multi_match"]["fields"])
    assert set(body["highlight"]["fields"]) == {"summary_other", "body_other"}


def test_years_overlap_as_on_the_database():
    filters = query_body(request("", year_from=2020, year_to=2022))["query"]["bool"]["filter"]
    assert {
        "bool": {
            "should": [
                {"bool": {"must_not": {"exists": {"field": "year_end"}}}},
                {"range": {"year_end": {"gte": 2020}}},
            ],
            "minimum_should_match": 1,
        }
    } in filters
    assert {"exists": {"field": "year_start"}} in filters
    assert {"range": {"year_start": {"lte": 2022}}} in filters
    assert query_body(request(""))["query"]["bool"]["filter"] == [{"terms": {"language": ["fr", "es", "en"]}}]


@pytest.mark.parametrize(("text", "sort"), [("enfants", "newest"), ("", "relevance")])
def test_newest_first_when_asked_or_without_words(text, sort):
    body = query_body(request(text, sort=sort))
    assert body["sort"] == [{"date": {"order": "desc", "missing": "_last"}}, {"id": {"order": "desc"}}]


def test_an_empty_query_matches_everything_and_highlights_nothing():
    body = query_body(request(""))
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert "highlight" not in body


def test_pages_are_from_and_size():
    body = query_body(request("enfants", page=3, per_page=10))
    assert (body["from"], body["size"]) == (20, 10)
    assert body["track_total_hits"] is True
    last = query_body(request("enfants", page=1000, per_page=10))
    assert last["from"] + last["size"] <= 10_000


def test_highlights_use_sentinels_not_tags():
    highlight = query_body(request("enfants"))["highlight"]
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["\x02"], ["\x03"])
    assert highlight["fields"]["summary_fr"]["number_of_fragments"] == 0
    assert highlight["fields"]["body_fr"]["number_of_fragments"] == 2


# The answer

RESPONSE = {
    "hits": {
        "total": {"value": 12, "relation": "eq"},
        "hits": [
            {
                "_id": "7",
                "_score": 3.5,
                "_source": {
                    "id": 7,
                    "language": "fr",
                    "original_language": "fr",
                    "group": "g-7",
                    "key": "justice-maroc",
                    "document_kind": "innovative-initiative",
                    "url": "/fr/pratiques/justice/",
                    "date": "2024-03-01T12:00:00+00:00",
                    "title_fr": "Justice adaptée à chaque enfant",
                    "summary_fr": "Un enfant <b>victime</b> est entendu.",
                },
                "highlight": {
                    "summary_fr": ["Un \x02enfant\x03 <b>victime</b> est entendu."],
                    "body_fr": ["chaque \x02enfant\x03 & sa famille"],
                },
            },
            {
                "_id": "9",
                "_score": None,
                "_source": {"id": 9, "language": "pt", "group": "g-9", "url": "/pt/x/", "title_other": "Meninas"},
            },
        ],
    },
    "aggregations": {
        "theme": {"doc_count": 5, "values": {"buckets": [{"key": "gender-equality", "doc_count": 3}]}},
        "gender_marker": {"doc_count": 5, "values": {"buckets": [{"key": "2", "doc_count": 1}]}},
        "language": {
            "doc_count": 14,
            "values": {"buckets": [{"key": "fr", "doc_count": 12}, {"key": "es", "doc_count": 2}]},
        },
    },
}


def test_the_answer_becomes_search_results():
    results = parse_response(RESPONSE, request("enfant"))
    assert isinstance(results, SearchResults)
    assert results.total == 12
    first, second = results.hits
    assert (first.id, first.title, first.kind, first.key, first.group) == (
        7,
        "Justice adaptée à chaque enfant",
        "innovative-initiative",
        "justice-maroc",
        "g-7",
    )
    assert first.summary == "Un enfant <b>victime</b> est entendu."
    assert first.date == datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    assert first.score == 3.5
    # The document's text is escaped; only the engine's marks become <mark>.
    assert first.highlight == (
        "Un <mark>enfant</mark> &lt;b&gt;victime&lt;/b&gt; est entendu. … chaque <mark>enfant</mark> &amp; sa famille"
    )
    assert (second.id, second.title, second.language, second.original_language) == (9, "Meninas", "pt", "pt")
    assert (second.score, second.date, second.highlight, second.summary) == (0.0, None, "", "")
    assert results.facets["theme"] == {"gender-equality": 3}
    assert results.facets["gender_marker"] == {"2": 1}
    assert results.facets["language"] == {"fr": 12, "es": 2}
    assert results.facets["region"] == {}
    assert set(results.facets) == set(FACETS)


def test_an_answer_without_facets_or_words_has_no_facets_or_highlights():
    results = parse_response(RESPONSE, request("", with_facets=False))
    assert results.facets == {}
    assert all(hit.highlight == "" for hit in results.hits)


# The engine, with the cluster replaced by a recorder


class Recorder:
    """Stands for the Elasticsearch client: records calls, answers with `response` or raises `error`."""

    def __init__(self, response=None, error=None):
        self.calls, self.response, self.error = [], response, error
        self.indices = self

    def options(self, **options):
        return self

    def search(self, **kwargs):
        self.calls.append(("search", kwargs))
        if self.error:
            raise self.error
        return type("Response", (), {"body": self.response})()

    def exists(self, index):
        self.calls.append(("exists", index))
        return False

    def create(self, index, body):
        self.calls.append(("create", index))

    def delete(self, index):
        self.calls.append(("delete", index))

    def refresh(self, index):
        self.calls.append(("refresh", index))


class Database:
    def __init__(self):
        self.calls = []

    def store(self, rows):
        self.calls.append(("store", [row.pk for row in rows]))

    def forget(self, ids):
        self.calls.append(("forget", list(ids)))

    def optimise(self):
        self.calls.append(("optimise",))

    def search(self, request):
        self.calls.append(("search", request))
        return SearchResults(total=0, hits=[])

    def similar_words(self, word, language):
        return ["egalite"]


@pytest.fixture
def recorded(monkeypatch, settings):
    settings.ELASTICSEARCH_URL = "http://elasticsearch.invalid:9200"
    settings.ELASTICSEARCH_INDEX_PREFIX = "unit"
    sent = []
    monkeypatch.setattr(elastic, "bulk", lambda client, actions, **options: sent.append((list(actions), options)))
    engine = ElasticsearchEngine(Database())
    engine._client, engine._client_url = Recorder(RESPONSE), settings.ELASTICSEARCH_URL
    return engine, sent


@pytest.mark.django_db
def test_store_writes_the_database_then_the_index_with_each_document_s_facets(recorded):
    engine, sent = recorded
    document = row(pk=None, source="page:1")
    document.save()
    SearchFacet.objects.create(document=document, name="theme", value="gender-equality")
    SearchFacet.objects.create(document=document, name="country", value="SN")
    engine.store([document])
    assert engine.database.calls == [("store", [document.pk])]
    assert engine.client.calls == [("exists", "unit-documents"), ("create", "unit-documents")]
    ((actions, _options),) = sent
    assert actions == [
        {
            "_op_type": "index",
            "_index": "unit-documents",
            "_id": str(document.pk),
            "_source": document_body(document, [("theme", "gender-equality"), ("country", "SN")]),
        }
    ]
    engine.store([document])
    assert engine.client.calls.count(("create", "unit-documents")) == 1  # the index is known to exist now


def test_forget_removes_from_the_database_and_the_index(recorded):
    engine, sent = recorded
    engine.forget([3, 4])
    assert engine.database.calls == [("forget", [3, 4])]
    ((actions, options),) = sent
    assert [(action["_op_type"], action["_id"]) for action in actions] == [("delete", "3"), ("delete", "4")]
    assert options["ignore_status"] == (404,)


def test_search_reads_the_cluster_s_answer(recorded):
    engine, _sent = recorded
    results = engine.search(request("enfant"))
    assert [hit.id for hit in results.hits] == [7, 9]
    ((_name, kwargs),) = engine.client.calls
    assert kwargs == {"index": "unit-documents", "body": query_body(request("enfant"))}


NOT_FOUND = ApiResponseMeta(404, "1.1", HttpHeaders(), 0.0, NodeConfig("http", "elasticsearch.invalid", 9200))


@pytest.mark.parametrize(
    "error", [ElasticsearchConnectionError("down"), NotFoundError("index_not_found_exception", NOT_FOUND, {})]
)
def test_the_database_answers_when_the_cluster_cannot(recorded, error):
    engine, _sent = recorded
    engine._client.error = error
    assert engine.search(request("enfant")).total == 0
    assert engine.database.calls[0][0] == "search"


def test_reset_recreates_the_index_and_similar_words_come_from_the_database(recorded):
    engine, _sent = recorded
    engine.reset()
    engine.optimise()
    assert engine.client.calls == [
        ("delete", "unit-documents"),
        ("exists", "unit-documents"),
        ("create", "unit-documents"),
        ("refresh", "unit-documents"),
    ]
    assert engine.similar_words("egalte", "fr") == ["egalite"]


# On a real cluster


@pytest.fixture
def cluster():
    """An engine on the cluster at ELASTICSEARCH_URL, with an index of its own, deleted afterwards."""
    prefix = f"socialab-test-{uuid.uuid4().hex[:8]}"
    with override_settings(ELASTICSEARCH_URL=os.environ["ELASTICSEARCH_URL"], ELASTICSEARCH_INDEX_PREFIX=prefix):
        engine = ElasticsearchEngine(database_engine(connection.vendor))
        engine.reset()
        try:
            yield engine
        finally:
            engine.client.options(ignore_status=404).indices.delete(index=engine.index)


@pytest.fixture
def indexed(cluster):
    documents = [
        ("page:1", "fr", "Conseils d'enfants dans les quartiers", "Des enfants élus donnent leur avis.", {"theme": ["participation"], "country": ["TG"]}),
        ("page:2", "fr", "Justice adaptée à chaque enfant", "Un enfant victime de violence scolaire.", {"theme": ["justice-for-children"], "country": ["MA"]}),
        ("page:3", "fr", "Égalité des filles à l'école", "L'égalité entre filles et garçons.", {"theme": ["gender-equality"], "country": ["SN"]}),
        ("page:4", "es", "Consejos de niñas y niños", "La protección de las niñas.", {"theme": ["participation"], "country": ["TG"]}),
    ]  # fmt: skip
    rows = []
    for number, (source, language, title, summary, facets) in enumerate(documents, start=1):
        document = SearchDocument.objects.create(
            source=source, group=f"g-{number}", language=language, original_language=language, kind="page",
            title=title, title_folded=title.lower(), summary=summary, url=f"/{language}/{number}/",
        )  # fmt: skip
        SearchFacet.objects.bulk_create(
            SearchFacet(document=document, name=name, value=value)
            for name, values in facets.items()
            for value in values
        )
        rows.append(document)
    cluster.store(rows)
    cluster.optimise()
    return cluster


def found(engine, text, **options):
    return {hit.title for hit in engine.search(request(text, **options)).hits}


@needs_cluster
@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["enfant", "enfants", "ENFANTS"])
def test_cluster_french_singular_and_plural_find_each_other(indexed, typed):
    assert found(indexed, typed) == {"Conseils d'enfants dans les quartiers", "Justice adaptée à chaque enfant"}


@needs_cluster
@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["egalite", "égalité", "EGALITES"])
def test_cluster_french_accents_do_not_matter(indexed, typed):
    results = indexed.search(request(typed))
    assert [hit.title for hit in results.hits] == ["Égalité des filles à l'école"]
    assert "<mark>" in results.hits[0].highlight


@needs_cluster
@pytest.mark.django_db
def test_cluster_phrase_or_and_exclusion(indexed):
    assert found(indexed, '"violence scolaire"') == {"Justice adaptée à chaque enfant"}
    assert found(indexed, '"scolaire violence"') == set()
    assert found(indexed, "victime or garçons") == {"Justice adaptée à chaque enfant", "Égalité des filles à l'école"}
    assert found(indexed, "enfant -violence") == {"Conseils d'enfants dans les quartiers"}
    assert found(indexed, "les") == set()  # only a stop word


@needs_cluster
@pytest.mark.django_db
def test_cluster_facet_counts_leave_out_their_own_selection(indexed):
    results = indexed.search(request("", filters={"theme": ["participation"]}))
    assert [hit.title for hit in results.hits] == ["Conseils d'enfants dans les quartiers"]
    assert results.facets["theme"] == {"participation": 1, "justice-for-children": 1, "gender-equality": 1}
    assert results.facets["country"] == {"TG": 1}
    assert results.facets["language"] == {"fr": 1, "es": 1}


@needs_cluster
@pytest.mark.django_db
def test_cluster_forget_removes_a_document(indexed):
    document = SearchDocument.objects.get(source="page:2")
    indexed.forget([document.pk])
    indexed.optimise()
    assert found(indexed, "enfant") == {"Conseils d'enfants dans les quartiers"}
