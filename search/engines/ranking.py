"""Hybrid ranking: the lexical engine's order and the nearest neighbours' order, fused.

Reciprocal rank fusion (Cormack et al., 2009): a result's score is Σ 1 / (K + its rank) over the
lists it appears in. It needs no calibration between a bm25 or ts_rank score and a cosine, and a
result found by both lists rises above one found by only one.

Scores are per translation group: a practice is ranked by the best of its matching versions and
shown once, through the version the FacetIndex chose for the reader (`chosen_of`).
"""

RRF_K = 60
# Nearest neighbours below this cosine are not results, however few the lexical ones: between a
# query and a document on its subject (search.embeddings.document_vectors), in any of the site's
# languages, the multilingual encoder gives 0.35–0.7; between unrelated ones, under 0.15.
SIMILARITY_FLOOR = 0.3
MAX_NEIGHBOURS = 200  # nearest neighbours added to the lexical results, at most


def by_group(scores, group_numbers, chosen_of):
    """{chosen position: best score of its group} from {position: score}; positions not grouped are dropped."""
    best = {}
    for position, score in scores.items():
        chosen = int(chosen_of[group_numbers[position]])
        if chosen >= 0 and score > best.get(chosen, float("-inf")):
            best[chosen] = score
    return best


def ranks(scores):
    """{position: rank from 1}: best score first, the smaller (newer) position first among equals."""
    return {position: rank for rank, position in enumerate(ordered(scores), start=1)}


def ordered(scores):
    """The positions of {position: score}, best first, the smaller (newer) position first among equals."""
    return sorted(scores, key=lambda position: (-scores[position], position))


def fused(*score_lists):
    """{position: reciprocal rank fusion score} over the lists ({position: score}) given."""
    return fused_orders(*(ordered(scores) for scores in score_lists))


def fused_orders(*orders):
    """{position: reciprocal rank fusion score} over the orders (lists of positions, best first) given."""
    total = {}
    for order in orders:
        for rank, position in enumerate(order, start=1):
            total[position] = total.get(position, 0.0) + 1.0 / (RRF_K + rank)
    return total
