"""Only what a page shows is ranked and highlighted; "did you mean" is remembered until the index changes."""

import unicodedata

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from search import highlight as highlight_module
from search.engines import get_engine
from search.engines.ranking import fused, fused_orders
from search.highlight import highlight
from search.models import SearchDocument
from search.query import parse
from search.service import run_search
from search.text import LIGATURES, fold

from .conftest import search, titles

pytestmark = pytest.mark.django_db


def shown(text, per_page=10, language="fr"):
    return run_search(QueryDict(text), language, per_page=per_page, record=False)


@pytest.fixture
def asked(monkeypatch):
    """What the engine's database was asked to rank and highlight: (ids, limit) and hit ids per call."""
    engine = get_engine()
    calls = {"ranked": [], "highlights": []}
    ranked, highlights = engine.ranked, engine.highlights

    def spy_ranked(query, ids, languages, whole, limit):
        calls["ranked"].append((sorted(ids), limit))
        return ranked(query, ids, languages, whole, limit)

    def spy_highlights(hits, query):
        calls["highlights"].append([hit.id for hit in hits])
        return highlights(hits, query)

    monkeypatch.setattr(engine, "ranked", spy_ranked)
    monkeypatch.setattr(engine, "highlights", spy_highlights)
    return calls


def test_the_database_ranks_only_the_page_shown_among_the_results_of_the_filters(corpus, asked):
    found = shown("q=quartier&mode=lexical", per_page=1)
    assert found.total == 3
    ((ids, limit),) = asked["ranked"]
    assert limit == 1 and len(ids) == 3  # the first row of the database's order, not every match's score
    asked["ranked"].clear()
    narrowed = shown("q=quartier&country=senegal&mode=lexical")
    assert titles(narrowed) == ["Égalité des filles à l'école"]
    ((ids, _limit),) = asked["ranked"]
    assert ids == [narrowed.hits[0].id]  # what the filters leave out is not scored


def test_a_page_further_on_is_the_same_order_read_further(corpus, asked):
    everything = titles(shown("q=quartier&mode=lexical"))
    one_by_one = [titles(shown(f"q=quartier&mode=lexical&page={page}", per_page=1)) for page in (1, 2, 3)]
    assert [page[0] for page in one_by_one] == everything
    assert [limit for _ids, limit in asked["ranked"]] == [10, 1, 2, 3]


def test_only_the_hits_shown_are_highlighted(corpus, asked):
    page = shown("q=quartier&mode=lexical", per_page=2)
    assert len(page.hits) == 2 and asked["highlights"] == [[hit.id for hit in page.hits]]


def test_newest_first_ranks_nothing(corpus, asked):
    assert search(q="quartier", sort="newest").hits
    assert asked["ranked"] == []


def test_the_check_of_a_suggestion_counts_without_ranking_or_highlighting(corpus, asked):
    page = search(q="enfnats", mode="lexical")
    assert page.suggestion == "enfants"
    assert asked["ranked"] == [] and asked["highlights"] == []  # nothing found; the check asked only a total


def test_a_correction_is_remembered_until_the_index_changes(corpus, monkeypatch):
    engine = get_engine()
    asked = []
    similar_words = engine.similar_words

    def spy(word, language):
        asked.append(word)
        return similar_words(word, language)

    monkeypatch.setattr(engine, "similar_words", spy)
    assert search(q="enfnats").suggestion == "enfants"
    assert search(q="enfnats").suggestion == "enfants"
    assert search(q="violence enfnats", lang="fr").suggestion == "violence enfants"
    assert asked == ["enfnats"]
    corpus["maroc"].unpublish()  # a new version of the index: its vocabulary may have changed
    assert search(q="enfnats").suggestion == "enfants"
    assert asked == ["enfnats", "enfnats"]


def test_hybrid_results_rank_by_fusion_of_the_words_window_and_the_neighbours():
    # A window of the words' order fuses as the whole order would for what it holds.
    lexical = [7, 3, 9]
    semantic = {3: 0.9, 12: 0.5}
    assert fused_orders(lexical, [3, 12]) == fused({7: 3.0, 3: 2.0, 9: 1.0}, semantic)


def _reference_fold(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@given(st.text())
def test_folding_removes_every_combining_mark_as_before(text):
    assert fold(text) == _reference_fold(text)


def test_a_highlight_folds_each_distinct_word_once(monkeypatch):
    folded = []

    def counting_fold(text):
        folded.append(text)
        return fold(text)

    monkeypatch.setattr(highlight_module, "fold", counting_fold)
    text = "L'égalité des filles. " * 200 + "Égalité à l'école."
    extract = highlight(text, parse("egalite").stems("fr"), "fr")
    assert "<mark>égalité</mark>" in extract
    assert sorted(folded) == sorted({"L", "égalité", "des", "filles", "Égalité", "à", "l", "école"})


def test_a_highlight_is_looked_for_in_the_start_of_a_long_body(corpus, monkeypatch):
    if get_engine().name != "sqlite":
        pytest.skip("PostgreSQL's ts_headline reads left(body, BODY_SCANNED), in SQL")
    lengths = []
    original = highlight_module.highlight

    def spy(text, stems, language, window=highlight_module.WINDOW):
        lengths.append(len(text))
        return original(text, stems, language, window)

    monkeypatch.setattr("search.engines.sqlite.highlight", spy)
    document = SearchDocument.objects.get(title="Justice adaptée à chaque enfant")
    SearchDocument.objects.filter(pk=document.pk).update(body="violence " * 10_000)
    assert shown("q=violence&lang=fr&mode=lexical").hits
    assert lengths and max(lengths) <= len(document.summary) + 3 + highlight_module.BODY_SCANNED
