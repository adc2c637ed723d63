"""The Elasticsearch engine's builders: the index, documents, queries and answers (no cluster needed).

They are pure functions, tested here against the semantics of the database engines.
"""

from datetime import UTC, datetime

import pytest

from search.engines.base import FACETS, SearchResults
from search.engines.elastic_builders import (
    FACET_FIELDS,
    build_name,
    document_body,
    index_body,
    index_name,
    is_build,
    parse_response,
    query_body,
    stale_builds,
    swap_actions,
)
from search.text import STOP_WORDS

from .elastic_fixtures import RESPONSE, request, row


def clauses(clause):
    """The multi_match clauses of a clause: itself, or the alternatives of a bool `should`."""
    if "multi_match" in clause:
        return [clause["multi_match"]]
    return [item["multi_match"] for item in clause["bool"]["should"]]


def unordered(items):
    return sorted(map(repr, items))


# The index


def test_the_index_name_carries_the_environment_prefix(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "staging"
    assert index_name() == "staging-documents"


def test_a_rebuild_index_is_named_after_the_alias_its_time_and_a_token():
    name = build_name("prod-documents", datetime(2024, 3, 1, 12, 5, 9, tzinfo=UTC), "a1b2c3")
    assert name == "prod-documents-20240301120509-a1b2c3"
    assert is_build(name, "prod-documents")
    # Not the alias itself, nor another environment's indices sharing the cluster.
    assert not is_build("prod-documents", "prod-documents")
    assert not is_build("prod-documents-documents", "prod-documents")
    assert not is_build(name, "prod")


def test_the_swap_moves_the_alias_from_the_old_indices_to_the_new_in_one_request():
    old, new = "p-documents-20240101000000-aaaaaa", "p-documents-20240301000000-bbbbbb"
    assert swap_actions("p-documents", new, [old]) == [
        {"remove": {"index": old, "alias": "p-documents"}},
        {"add": {"index": new, "alias": "p-documents"}},
    ]
    assert swap_actions("p-documents", new, []) == [{"add": {"index": new, "alias": "p-documents"}}]


def test_the_first_swap_deletes_an_index_named_like_the_alias_in_the_same_request():
    new = "p-documents-20240301000000-bbbbbb"
    assert swap_actions("p-documents", new, ["p-documents"]) == [
        {"remove_index": {"index": "p-documents"}},
        {"add": {"index": new, "alias": "p-documents"}},
    ]


def test_stale_builds_are_the_builds_the_alias_is_not_on():
    live, failed = "p-documents-20240101000000-aaaaaa", "p-documents-20240201000000-cccccc"
    found = {
        live: {"aliases": {"p-documents": {}}},
        failed: {"aliases": {}},
        "p-documents-archive": {"aliases": {}},  # not a build: left alone
    }
    assert stale_builds(found, "p-documents") == [failed]
    assert stale_builds({}, "p-documents") == []


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
    assert query_body(request(""))["query"]["bool"]["filter"] == [
        {"terms": {"language": ["fr", "es", "en"]}},
        {"bool": {"must_not": {"exists": {"field": "restrictions"}}}},
    ]


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


# Restricted documents


def test_a_restricted_document_carries_its_restrictions_and_their_number():
    body = document_body(row(restricted=True), [("theme", "participation"), ("restriction", "8"), ("restriction", "3")])
    assert body["restrictions"] == ["3", "8"]
    assert body["restriction_count"] == 2
    assert body["theme"] == ["participation"]
    assert set(body) <= set(index_body()["mappings"]["properties"])
    public = document_body(row(), [])
    assert public["restrictions"] == [] and public["restriction_count"] == 0


def test_a_reader_who_passes_no_restriction_finds_unrestricted_documents_only():
    filters = query_body(request("enfants"))["query"]["bool"]["filter"]
    assert {"bool": {"must_not": {"exists": {"field": "restrictions"}}}} in filters
    assert "terms_set" not in str(filters)


def test_a_reader_finds_a_restricted_document_when_they_pass_every_one_of_its_restrictions():
    filters = query_body(request("enfants", readable=frozenset({8, 3})))["query"]["bool"]["filter"]
    readable = next(clause for clause in filters if "terms_set" in str(clause))
    unrestricted, passes = readable["bool"]["should"]
    assert unrestricted == {"bool": {"must_not": {"exists": {"field": "restrictions"}}}}
    assert passes == {
        "terms_set": {"restrictions": {"terms": ["3", "8"], "minimum_should_match_field": "restriction_count"}}
    }
    assert readable["bool"]["minimum_should_match"] == 1
