"""The Elasticsearch engine: its storage and fallback with the cluster replaced by a recorder, and searches
on a real cluster. The tests marked `needs_cluster` index documents into the cluster at ELASTICSEARCH_URL,
under an index prefix of their own; without that variable they are reported as skipped, never passed.
"""

import pytest
from elasticsearch import ConnectionError as ElasticsearchConnectionError
from elasticsearch import NotFoundError

from search.engines.elastic_builders import document_body, is_build, query_body
from search.models import SearchDocument, SearchFacet

from . import elastic_fixtures
from .elastic_fixtures import NOT_FOUND, needs_cluster, request, row

recorded, cluster = elastic_fixtures.recorded, elastic_fixtures.cluster  # shared fixtures, where pytest finds them

# The engine, with the cluster replaced by a recorder


@pytest.mark.django_db
def test_store_writes_the_database_then_the_index_with_each_document_s_facets(recorded):
    engine, sent = recorded
    document = row(pk=None, source="page:1")
    document.save()
    SearchFacet.objects.create(document=document, name="theme", value="gender-equality")
    SearchFacet.objects.create(document=document, name="country", value="SN")
    engine.store([document])
    assert engine.database.calls == [("store", [document.pk])]
    assert engine.client.calls == [
        ("exists", "unit-documents"),
        ("create", "unit-documents"),
        ("bulk", ["unit-documents"]),
    ]
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


@pytest.mark.django_db
def test_search_reads_the_cluster_s_answer(recorded):
    engine, _sent = recorded
    results = engine.search(request("enfant", mode="lexical"))
    assert [hit.id for hit in results.hits] == [7, 9]
    ((_name, kwargs),) = engine.client.calls
    assert kwargs == {"index": "unit-documents", "body": query_body(request("enfant", mode="lexical"))}


@pytest.mark.parametrize(
    "error", [ElasticsearchConnectionError("down"), NotFoundError("index_not_found_exception", NOT_FOUND, {})]
)
def test_the_database_answers_when_the_cluster_cannot(recorded, error):
    engine, _sent = recorded
    engine._client.error = error
    assert engine.search(request("enfant")).total == 0
    assert engine.database.calls[0][0] == "search"


def test_similar_words_come_from_the_database(recorded):
    engine, _sent = recorded
    assert engine.similar_words("egalte", "fr") == ["egalite"]


# Rebuilds: a new index, filled, then put live by moving the alias


OLD = "unit-documents-20240101000000-aaaaaa"
FAILED = "unit-documents-20240201000000-cccccc"  # left by an interrupted rebuild


def live_on(*names):
    """get_alias's answers when the alias is on `names` (or is itself an index: `unit-documents`)."""
    found = {name: {"aliases": {} if name == "unit-documents" else {"unit-documents": {}}} for name in names}
    builds = {name: info for name, info in found.items() if name != "unit-documents"}
    return {"unit-documents": found, "unit-documents-*": {**builds, FAILED: {"aliases": {}}}}


@pytest.mark.django_db
def test_a_rebuild_fills_a_new_index_then_moves_the_alias_and_deletes_the_old_index(recorded):
    engine, _sent = recorded
    engine._client.aliases = live_on(OLD)
    document = row(pk=None, source="page:1")
    document.save()
    engine.reset()
    new = engine.building
    assert is_build(new, "unit-documents") and new not in (OLD, FAILED)
    engine.forget([3])  # as search.indexing.rebuild removes the old rows: not from the live index
    engine.store([document])
    engine.optimise()
    assert engine.client.calls == [
        ("get_alias", "unit-documents-*"),
        ("delete", FAILED),
        ("create", new),
        ("bulk", [new]),
        ("bulk", [new]),
        ("refresh", new),
        ("get_alias", "unit-documents"),
        (
            "update_aliases",
            [
                {"remove": {"index": OLD, "alias": "unit-documents"}},
                {"add": {"index": new, "alias": "unit-documents"}},
            ],
        ),
        ("delete", OLD),
    ]
    assert engine.database.calls[-1] == ("optimise",)
    # Afterwards, publishing and unpublishing write to the alias again.
    engine.client.calls.clear()
    engine.store([document])
    engine.forget([document.pk])
    assert engine.client.calls == [("bulk", ["unit-documents"]), ("bulk", ["unit-documents"])]


@pytest.mark.django_db
def test_the_first_rebuild_replaces_an_index_named_like_the_alias_in_the_same_request(recorded):
    engine, _sent = recorded
    engine._client.aliases = live_on("unit-documents")
    engine.reset()
    new = engine.building
    engine.optimise()
    swap = [call for call in engine.client.calls if call[0] == "update_aliases"]
    assert swap == [
        (
            "update_aliases",
            [{"remove_index": {"index": "unit-documents"}}, {"add": {"index": new, "alias": "unit-documents"}}],
        )
    ]
    assert engine.client.calls[-1] == swap[0]  # nothing left to delete
    assert engine.building is None


@pytest.mark.django_db
@pytest.mark.parametrize("failing", ["bulk", "refresh"])
def test_a_failed_rebuild_deletes_its_index_and_leaves_the_alias_alone(recorded, failing):
    engine, _sent = recorded
    engine._client.aliases = live_on(OLD)
    document = row(pk=None, source="page:1")
    document.save()
    engine.reset()
    new = engine.building
    engine._client.failing = failing
    with pytest.raises(ElasticsearchConnectionError):
        engine.store([document])
        engine.optimise()
    names = [call[0] for call in engine.client.calls]
    assert "update_aliases" not in names
    assert engine.client.calls[-1] == ("delete", new)
    assert ("delete", OLD) not in engine.client.calls
    assert engine.building is None


@pytest.mark.django_db
def test_a_rebuild_failing_outside_the_engine_deletes_its_index_and_writes_go_to_the_alias(recorded, monkeypatch):
    from search import indexing

    engine, _sent = recorded
    engine._client.aliases = live_on(OLD)
    monkeypatch.setattr(indexing, "get_engine", lambda: engine)

    def fail():
        raise RuntimeError("interrupted")

    monkeypatch.setattr(indexing, "count_words", fail)
    with pytest.raises(RuntimeError):
        indexing.rebuild()
    new = [index for name, index in engine.client.calls if name == "create"][0]
    engine.forget([3])
    calls = engine.client.calls
    assert calls[-2:] == [("delete", new), ("bulk", ["unit-documents"])]
    assert "update_aliases" not in [call[0] for call in calls]


# On a real cluster


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


@needs_cluster
@pytest.mark.django_db
def test_cluster_a_rebuild_moves_the_alias_and_deletes_the_old_index(indexed):
    before = set(indexed.aliases(indexed.index))
    indexed.reset()
    assert found(indexed, "enfant")  # readers still see the old index while the new one fills
    indexed.store(SearchDocument.objects.filter(source="page:1"))
    indexed.optimise()
    after = set(indexed.aliases(indexed.index))
    assert after and not after & before
    assert found(indexed, "enfant") == {"Conseils d'enfants dans les quartiers"}
    assert not indexed.client.indices.exists(index=",".join(before))
