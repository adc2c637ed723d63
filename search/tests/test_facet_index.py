"""The in-memory facet index: bitsets, its reload when the documents change, tiered ranking."""

import numpy as np
import pytest
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from search.engines.base import DatabaseEngine, best_first
from search.engines.facet_index import FacetIndex, bits_of, current_index, positions_of
from search.models import SearchDocument, SearchFacet, SearchIndexVersion

from .conftest import search, titles


@given(st.sets(st.integers(min_value=0, max_value=5000)))
def test_positions_come_back_from_their_bitset_in_order(positions):
    bits = bits_of(positions, 5001)
    assert bits.bit_count() == len(positions)
    assert positions_of(bits) == sorted(positions)


def _index():
    documents = [  # newest first: (id, language, group, year_start, year_end)
        (30, "fr", "a", 2020, 2022),
        (10, "es", "a", 2020, 2022),
        (20, "fr", "b", 2024, None),
        (40, "en", "c", None, None),
    ]
    facets = [(30, "theme", "x"), (10, "theme", "x"), (20, "theme", "y"), (20, "kind", "k"), (99, "theme", "x")]
    return FacetIndex("token", documents, facets)


def test_the_index_maps_languages_values_groups_and_years_to_positions():
    index = _index()
    assert index.ids == [30, 10, 20, 40]
    assert positions_of(index.language_bits(["fr"])) == [0, 2]
    assert positions_of(index.language_bits(["fr", "en", "de"])) == [0, 2, 3]
    assert positions_of(index.facet_bits("theme", ["x"])) == [0, 1]  # document 99 is unknown: skipped
    assert positions_of(index.facet_bits("theme", ["x", "y", "z"])) == [0, 1, 2]
    assert index.facet_bits("region", ["x"]) == 0
    assert positions_of(index.group_bits(["a", "none"])) == [0, 1]
    assert positions_of(index.year_bits(2023, None)) == [2]  # still running: no end year
    assert positions_of(index.year_bits(None, 2021)) == [0, 1]
    assert positions_of(index.year_bits(2021, 2021)) == [0, 1]
    assert positions_of(index.year_bits(2019, 2030)) == [0, 1, 2]  # the undated one never overlaps


def test_matched_ids_become_positions_and_a_bitset():
    index = _index()
    positions = index.positions_of_ids([20, 30, 77, 1, 40, 10])
    assert positions.tolist() == [2, 0, -1, -1, 3, 1]  # 77 and 1 were written since the index was loaded
    assert positions_of(index.bits_of_positions(positions)) == [0, 1, 2, 3]
    assert positions_of(index.bits_of_ids([20, 30, 77])) == [0, 2]
    assert index.bits_of_ids([]) == 0
    assert FacetIndex("token", [], []).positions_of_ids([5]).tolist() == [-1]


def _reference_order(candidates, scores, stands_for, wanted):
    """best_first as the database's ORDER BY score DESC, position, then the first row of each result."""
    rows = sorted(zip(candidates, scores, strict=True), key=lambda row: (-row[1], row[0]))
    order, seen = [], set()
    for position, score in rows:
        result = position if stands_for is None else int(stands_for[position])
        if result not in seen:
            seen.add(result)
            order.append((result, score))
    return order[:wanted]


@given(
    st.dictionaries(st.integers(0, 59), st.sampled_from([0.0, 1e-20, 0.1, 0.25, 0.5]), min_size=1),
    st.lists(st.integers(0, 9), min_size=60, max_size=60),
    st.booleans(),
    st.integers(1, 70),
)
def test_many_results_sorted_in_memory_come_in_the_database_order(scored, groups, grouped, wanted):
    """Best first, the newest (smallest position) first among equal scores; a translation group's result
    ranks by its best version (`stands_for`: each version's result)."""
    candidates = np.array(sorted(scored), dtype=np.int64)
    scores = np.array([scored[p] for p in candidates.tolist()])
    stands_for = None
    if grouped:  # each group's result: its first version
        first = {}
        for position, group in enumerate(groups):
            first.setdefault(group, position)
        stands_for = np.array([first[group] for group in groups], dtype=np.int64)
    expected = _reference_order(candidates.tolist(), scores.tolist(), stands_for, wanted)
    assert best_first(candidates, scores, stands_for, wanted) == expected


def _token():
    return SearchIndexVersion.objects.get(pk=1).token


@pytest.mark.django_db
def test_writing_or_deleting_documents_or_facets_changes_the_version_token():
    before = _token()
    document = SearchDocument.objects.create(
        source="page:test", group="g", language="fr", original_language="fr", kind="page", title="T",
        title_folded="t", url="/t/",
    )  # fmt: skip
    after_insert = _token()
    assert after_insert != before
    facet = SearchFacet.objects.create(document=document, name="kind", value="page")
    after_facet = _token()
    assert after_facet != after_insert
    SearchFacet.objects.filter(pk=facet.pk).update(value="guide")
    after_update = _token()
    assert after_update != after_facet
    document.delete()
    assert _token() != after_update


@pytest.mark.django_db
def test_the_index_is_loaded_once_and_again_after_a_change(corpus, django_assert_num_queries):
    first = current_index()
    with django_assert_num_queries(1):  # the token only
        assert current_index() is first
    corpus["maroc"].unpublish()
    second = current_index()
    assert second is not first
    assert second.size == first.size - 1


@pytest.mark.django_db
def test_a_rolled_back_write_does_not_leave_a_stale_index(corpus):
    known = current_index()
    with transaction.atomic():
        corpus["perou"].unpublish()
        inside = current_index()
        assert inside.size == known.size - 1
        transaction.set_rollback(True)
    after = current_index()
    assert after.size == known.size
    assert "Prévenir la violence dans les familles" in titles(search(q="familles"))


@pytest.mark.django_db
def test_a_flushed_version_row_is_never_trusted(corpus):
    loaded = current_index()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchindexversion")
    reloaded = current_index()
    assert reloaded is not loaded
    assert current_index() is not reloaded  # loaded again on each search until a write sets a token
    assert reloaded.size == loaded.size


@pytest.mark.django_db
@pytest.mark.parametrize("at_most", [0, 1000])
def test_many_results_rank_on_titles_and_summaries_few_on_the_whole_text(corpus, monkeypatch, at_most):
    """With more results than RESCORE_AT_MOST (0 here), the score `matches` gives ranks them alone."""
    monkeypatch.setattr(DatabaseEngine, "RESCORE_AT_MOST", at_most)
    found = titles(search(q="violence"))
    assert set(found) == {"Prévenir la violence dans les familles", "Justice adaptée à chaque enfant"}
    assert found[0] == "Prévenir la violence dans les familles"  # in the title and twice in the summary
    assert titles(search(q="égalité"))[0] == "Égalité des filles à l'école"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's engine scores with the match")
@pytest.mark.parametrize(
    "query", ["q=violence", "q=enfants", "q=enfants&lang=fr&lang=es", "q=filles+or+violence&page=2"]
)
def test_scores_given_with_the_match_rank_as_the_database_does(corpus, monkeypatch, query):
    """Many results are ranked in memory by the `ts_rank` on `head` the match gave, in the order (and with
    the scores) the database's own `ranked` gives them, grouping by translation included."""
    from django.http import QueryDict

    from search.engines import get_engine
    from search.service import run_search

    monkeypatch.setattr(DatabaseEngine, "RESCORE_AT_MOST", 0)
    asked = []
    engine = type(get_engine())
    ranked = engine.ranked
    monkeypatch.setattr(engine, "ranked", lambda self, *args: asked.append(args) or ranked(self, *args))

    def hits():
        found = run_search(QueryDict(query), "fr", per_page=3, record=False)
        return found.total, [hit.id for hit in found.hits], [hit.score for hit in found.hits]

    total, ids, scores = hits()
    assert ids and not asked  # the database was not asked to rank
    monkeypatch.setattr(engine, "matches_scored", DatabaseEngine.matches_scored)
    # The same float4 scores: read in binary with the match, as text from `ranked`.
    assert hits() == (total, ids, pytest.approx(scores, rel=1e-6)) and asked


@pytest.mark.django_db
def test_indexing_reads_related_content_per_page_type_not_per_page(home_pages):
    """Imports index thousands of pages: the queries of one batch must not grow with its size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.indexing import index_pages
    from tests import content

    partner = content.partner(key="partner-batch")

    def queries_for(count):
        pages = [
            content.practice(
                partners=[partner.key], tags=[f"mot-{n}", "commun"], countries=["TG", "SN"], themes=["trafficking"]
            )
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            index_pages(pages)
        return len(captured)

    assert queries_for(2) == queries_for(6)
    document = SearchDocument.objects.filter(kind="good-practice").last()
    assert {("partner", "partner-batch"), ("country", "senegal"), ("theme", "trafficking")} <= set(
        document.facets.values_list("name", "value")
    )
    assert "commun" in document.keywords and "Traite" in document.keywords
