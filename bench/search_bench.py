#!/usr/bin/env python
"""Index N generated search documents in three languages (default 20,000) and time 50 searches.

    .venv/bin/python bench/search_bench.py                    # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://…/socialab_search_bench .venv/bin/python bench/search_bench.py

Documents are written straight into the search index (search.indexing.write), with no
Wagtail pages behind them: half French, a quarter Spanish, a quarter English, translations
of one generated item sharing its group and facets. The queries go through
search.service.run_search, as the search page and the API call it (facet counts,
"did you mean", other-language fallback), each warmed up once then timed --repeat times.

The database named by DATABASE_URL is migrated and filled: use a throwaway one.
"""

import argparse
import random
import resource
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from scratch import setup_django  # noqa: E402  (bench/ is on sys.path when a script runs)

# Content words, most common first; a few set phrases so that quoted searches find something.
VOCABULARY = {
    "fr": (
        "enfants filles garçons protection droits participation communauté école famille violence justice égalité "
        "enfant fille garçon adolescents jeunes genre prévention accompagnement sensibilisation formation parents "
        "éducation santé quartier village acteurs partenaires programme projet approche inclusion autonomisation "
        "signalement exploitation traite mariage précoce conflit armé déplacés réfugiés handicap écoute médiation "
        "tribunal juge police services sociaux travailleurs animateurs enseignants leaders religieux associations "
        "municipalité mairie conseil comité réseau plaidoyer politique loi stratégie budget évaluation résultats "
        "données suivi qualité pratiques innovation numérique radio théâtre sport clubs ateliers témoignages "
        "vulnérables abus négligence harcèlement scolaire sexuelles basées psychosocial réintégration alternatives "
        "détention placement familial orphelins rue migrants frontière coopération région pays national local"
    ).split(),
    "es": (
        "niñas niños protección derechos participación comunidad escuela familia violencia justicia igualdad "
        "niña niño adolescentes jóvenes género prevención acompañamiento sensibilización formación padres madres "
        "educación salud barrio aldea actores socios programa proyecto enfoque inclusión empoderamiento denuncia "
        "explotación trata matrimonio infantil conflicto armado desplazados refugiados discapacidad escucha "
        "mediación tribunal juez policía servicios sociales trabajadores animadores docentes líderes religiosos "
        "asociaciones municipio alcaldía consejo comité red incidencia política ley estrategia presupuesto "
        "evaluación resultados datos seguimiento calidad prácticas innovación digital radio teatro deporte clubes "
        "talleres testimonios vulnerables abuso negligencia acoso escolar sexual basada psicosocial reintegración "
        "alternativas detención acogimiento familiar huérfanos calle migrantes frontera cooperación región país"
    ).split(),
    "en": (
        "children girls boys protection rights participation community school family violence justice equality "
        "child girl boy adolescents young gender prevention support awareness training parents education health "
        "neighbourhood village actors partners programme project approach inclusion empowerment reporting "
        "exploitation trafficking early marriage armed conflict displaced refugees disability listening mediation "
        "court judge police social services workers facilitators teachers religious leaders associations "
        "municipality council committee network advocacy policy law strategy budget evaluation results data "
        "monitoring quality practices innovation digital radio theatre sport clubs workshops testimonies "
        "vulnerable abuse neglect bullying harassment sexual based psychosocial reintegration alternatives "
        "detention foster care orphans street migrants border cooperation region country national local"
    ).split(),
}
PHRASES = {
    "fr": ["droits de l'enfant", "conseil municipal des enfants", "violences basées sur le genre",
           "protection de l'enfance", "participation des enfants"],
    "es": ["derechos de la niñez", "consejo municipal de niñas y niños", "violencia basada en género",
           "protección infantil", "participación de niñas y niños"],
    "en": ["rights of the child", "children's municipal council", "gender-based violence",
           "child protection", "child participation"],
}  # fmt: skip
CONNECTORS = {
    "fr": "de la les des et pour dans avec sur par un une au aux du leur".split(),
    "es": "de la las los y para en con sobre por un una al del su sus".split(),
    "en": "of the and for in with on by a an to their from".split(),
}
LANGUAGE_SHARES = {"fr": 1.0, "es": 0.5, "en": 0.5}  # of the generated items, translated into each language
KIND_WEIGHTS = {
    "good-practice": 30, "innovative-initiative": 15, "partner-contribution": 10, "toolkit": 8, "guide": 8,
    "report": 10, "training": 5, "policy": 4, "video": 2, "other": 1, "partner": 5, "page": 2,
}  # fmt: skip
PRACTICES = {"good-practice", "innovative-initiative", "partner-contribution"}
TARGET = "target: p95 ≤ 50 ms on PostgreSQL, ≤ 150 ms on SQLite"


SYLLABLES = {
    "fr": "ba be bi bo bou ca ce ci co cou da de di do dou fa fe fi fo ga gi go la le li lo lou ma me mi mo mou "
    "na ne ni no nou pa pe pi po pou ra re ri ro rou sa se si so sou ta te ti to tou va ve vi vo",
    "es": "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga gi go gu la le li lo lu ma me mi mo mu "
    "na ne ni no nu ña ño pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo",
    "en": "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga gi go gu la le li lo lu ma me mi mo mu "
    "na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo wa we",
}
ENDINGS = {"fr": ["", "", "tion", "ment", "ité", "eur"], "es": ["", "", "ción", "miento", "dad", "or"],
           "en": ["", "", "tion", "ment", "ity", "er"]}  # fmt: skip
COMMON = 6  # the first words of each vocabulary appear in most documents; the others only in an item's topic
TOPIC = 30  # words of an item's topic, drawn from the rest of the vocabulary
RARE = 0.04  # share of words drawn from the long tail of rare words (names, technical terms, typos)


def rare_words(rng, language, count=15_000):
    """Pseudo-words that stand for the long tail of a real vocabulary."""
    syllables, endings = SYLLABLES[language].split(), ENDINGS[language]
    found = set()
    while len(found) < count:
        found.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) + rng.choice(endings))
    found = sorted(found)
    rng.shuffle(found)  # the commonest are not the first in alphabetical order
    return found


class Writer:
    """Sentences in one language on an item's topic: common words drawn more often (roughly Zipf)."""

    def __init__(self, rng, language):
        self.rng = rng
        self.vocabulary = VOCABULARY[language]
        self.phrases = PHRASES[language]
        self.connectors = CONNECTORS[language]
        self.rare = rare_words(rng, language)
        self.rare_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.rare))))
        self.words, self.weights = self.vocabulary, []

    def on(self, topic):
        """Write about `topic` (indices into the vocabularies) from now on."""
        self.words = self.vocabulary[:COMMON] + [self.vocabulary[i % len(self.vocabulary)] for i in topic]
        self.weights = list(accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(self.words))))
        return self

    def words_(self, count):
        out = []
        while len(out) < count:
            roll = self.rng.random()
            if roll < 0.005:
                out += self.rng.choice(self.phrases).split()
            elif roll < 0.30:
                out.append(self.rng.choice(self.connectors))
            elif roll < 0.30 + RARE:
                out.append(self.rng.choices(self.rare, cum_weights=self.rare_weights)[0])
            else:
                out.append(self.rng.choices(self.words, cum_weights=self.weights)[0])
        return out[:count]

    def sentence(self, count):
        return " ".join(self.words_(count)).capitalize() + "."

    def title(self):
        return self.sentence(self.rng.randint(6, 10))[:-1]

    def text(self, count):
        sentences, left = [], count
        while left > 0:
            length = min(left, self.rng.randint(8, 22))
            sentences.append(self.sentence(length))
            left -= length
        return " ".join(sentences)


def generate(count, terms, seed):
    """Yield search.documents.Document objects for `count` items, translated per LANGUAGE_SHARES."""
    from django.utils import translation

    from search.documents import Document
    from taxonomy.labels import label

    _regions, countries, themes = terms
    rng = random.Random(seed)
    writers = {language: Writer(rng, language) for language in VOCABULARY}
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    country_slugs, theme_slugs = sorted(countries), sorted(themes)
    start = datetime(2016, 1, 1, tzinfo=UTC)
    translated = {code: set(rng.sample(range(count), round(share * count))) for code, share in LANGUAGE_SHARES.items()}
    for number in range(count):
        languages = [code for code in LANGUAGE_SHARES if number in translated[code]]
        topic = rng.sample(range(COMMON, len(VOCABULARY["fr"])), TOPIC)
        kind = rng.choices(kinds, weights)[0]
        facets = {("kind", kind)}
        places = [] if kind == "page" else rng.sample(country_slugs, 1 if kind == "partner" else rng.randint(1, 2))
        topics = [] if kind == "page" else rng.sample(theme_slugs, rng.randint(1, 3))
        for slug in places:
            facets |= {("country", slug), ("region", countries[slug].region.slug)}
        for slug in topics:
            facets.add(("theme", slug))
            if themes[slug].is_gender_equality:
                facets.add(("gender", "1"))
        year_start = year_end = None
        if kind in PRACTICES:
            facets.add(("gender_marker", str(rng.choice([0, 1, 1, 2, 2, 3]))))
            year_start = rng.randint(2012, 2025)
            year_end = rng.choice([None, min(2026, year_start + rng.randint(0, 4))])
        elif kind not in ("partner", "page"):
            year_start = year_end = rng.randint(2010, 2025)
        date = start + timedelta(seconds=rng.randrange(10 * 365 * 86400))
        original = rng.choices(languages, [6 if code == "fr" else 1 for code in languages])[0]
        for language in languages:
            writer = writers[language].on(topic)
            with translation.override(language):
                labels = [label(countries[s]) for s in places] + [label(countries[s].region) for s in places]
                labels += [label(themes[s]) for s in topics]
            yield Document(
                source=f"bench:{language}:{number}",
                group=f"bench:{number}",
                language=language,
                original_language=original,
                kind=kind,
                title=writer.title(),
                url=f"/{language}/bench/{number}/",
                key=f"bench-{number}" if kind in PRACTICES else "",
                summary=writer.sentence(rng.randint(25, 35)),
                keywords=" ".join([*writer.words_(2), *dict.fromkeys(labels)]),
                body=writer.text(rng.randint(250, 350)),
                date=date,
                year_start=year_start,
                year_end=year_end,
                facets=set(facets),
            )


def queries(terms):
    """(reader language, query string) pairs: 50 searches a reader might make."""
    regions, countries, themes = terms
    region = sorted(regions)[0]
    country = next(slug for slug in sorted(countries) if countries[slug].region.slug == region)
    other_country = sorted(countries)[-1]
    gender_theme = next((slug for slug in sorted(themes) if themes[slug].is_gender_equality), sorted(themes)[0])
    theme = next(slug for slug in sorted(themes) if slug != gender_theme)
    return [
        # French readers
        ("fr", "q=enfants"),
        ("fr", "q=enfant"),
        ("fr", "q=egalite"),
        ("fr", "q=égalité"),
        ("fr", "q=filles+garçons"),
        ("fr", 'q="droits+de+l\'enfant"'),
        ("fr", 'q="conseil+municipal+des+enfants"'),
        ("fr", "q=filles+or+garçons"),
        ("fr", "q=violence+-scolaire"),
        ("fr", "q=enfnats"),
        ("fr", "q=protecion+violance"),
        ("fr", f"q=&region={region}"),
        ("fr", f"q=&theme={theme}&kind=good-practice"),
        ("fr", f"q=participation&country={country}"),
        ("fr", f"q=justice&region={region}&theme={gender_theme}&gender=1"),
        ("fr", "q=école&sort=newest"),
        ("fr", "q=communauté&page=3"),
        ("fr", "q=famille+droits&page=5"),
        ("fr", "q=niñas&lang=es"),
        ("fr", "q=children"),
        ("fr", 'q="protection+de+l\'enfance"&sort=newest&page=2'),
        ("fr", "q=formation&year_from=2020&year_to=2022"),
        # Spanish readers
        ("es", "q=niñas"),
        ("es", "q=ninos"),
        ("es", "q=niño"),
        ("es", 'q="protección+infantil"'),
        ("es", "q=niñas+or+niños"),
        ("es", "q=violencia+-escolar"),
        ("es", "q=proteccion+igualdad"),
        ("es", "q=violensia"),
        ("es", f"q=igualdad&region={region}"),
        ("es", f"q=participación&theme={gender_theme}&gender=1"),
        ("es", "q=escuela&sort=newest"),
        ("es", "q=comunidad&page=2"),
        ("es", f"q=&country={other_country}&kind=report"),
        ("es", "q=derechos&lang=fr&lang=es"),
        # English readers
        ("en", "q=children"),
        ("en", "q=child"),
        ("en", "q=girls"),
        ("en", 'q="child+protection"'),
        ("en", "q=girls+or+boys"),
        ("en", "q=violence+-bullying"),
        ("en", "q=protecton"),
        ("en", "q=chldren+equalty"),
        ("en", f"q=equality&region={region}"),
        ("en", f"q=participation&country={country}&theme={theme}"),
        ("en", "q=school&sort=newest"),
        ("en", "q=community&page=4"),
        ("en", f"q=&theme={gender_theme}&gender=1&kind=good-practice"),
        ("en", "q=justice&lang=fr"),
    ]


def percentiles(times):
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000, help="generated items; about 2 documents each")
    parser.add_argument("--batch", type=int, default=500, help="documents per search.indexing.write() call")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--slowest", type=int, default=8, help="list this many slowest queries")
    parser.add_argument(
        "--no-vacuum",
        action="store_true",
        help="PostgreSQL: search right after the load, before VACUUM ANALYZE gives the planner statistics",
    )
    args = parser.parse_args()
    setup_django("socialab-search-bench-")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.http import QueryDict
    from django.utils import translation

    from search.engines import get_engine
    from search.indexing import count_words, write
    from search.models import SearchDocument, SearchTerm
    from search.params import kind_choices, parse_request
    from search.service import run_search
    from taxonomy.labels import default_terms

    settings.DEBUG = False  # no query log: time what production runs
    call_command("migrate", verbosity=0)
    terms = default_terms()
    unknown = set(KIND_WEIGHTS) - {value for value, _label in kind_choices()}
    if unknown:
        sys.exit(f"kinds unknown to search.params.kind_choices(): {sorted(unknown)}")
    engine = get_engine()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    batch, written = [], 0
    for document in generate(args.items, terms, args.seed):
        batch.append(document)
        if len(batch) >= args.batch:
            with transaction.atomic():
                write(batch)
            written, batch = written + len(batch), []
    if batch:
        with transaction.atomic():
            write(batch)
        written += len(batch)
    build = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        count_words()
    counting = time.perf_counter() - started
    started = time.perf_counter()
    engine.optimise()
    optimising = time.perf_counter() - started
    vacuuming = None
    if connection.vendor == "postgresql" and not args.no_vacuum:
        # What autovacuum does soon after a bulk load; without statistics the planner may choose
        # nested loops over the facet subqueries that take seconds (see --no-vacuum).
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument, search_searchfacet, search_searchterm")
        vacuuming = time.perf_counter() - started
    rss_built = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    searches = [(language, text, QueryDict(text)) for language, text in queries(terms)]
    for language, _text, query in searches:  # warm up: caches, prepared plans, pages of the database file
        run_search(query, language, record=False)
    full, bare, per_query = [], [], []
    for language, text, query in searches:
        times = timed(lambda: run_search(query, language, record=False), args.repeat)  # noqa: B023
        request, _notices = parse_request(query, language)
        request = replace(request, with_facets=False)
        with translation.override(language):
            engine.search(request)  # warm up
            search_only = timed(lambda: engine.search(request), args.repeat)  # noqa: B023
        page = run_search(query, language, record=False)
        full += times
        bare += search_only
        per_query.append((statistics.median(times), statistics.median(search_only), language, text, page))
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    by_language = dict(SearchDocument.objects.order_by().values_list("language").annotate(n=Count("pk")))
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"engine: {engine.name}")
    print(
        f"documents: {SearchDocument.objects.count()} "
        f"({', '.join(f'{code} {n}' for code, n in sorted(by_language.items()))}; {args.items} items), "
        f"vocabulary: {SearchTerm.objects.count()} words"
    )
    print(
        f"build: {build:.1f} s, {written / build:.0f} documents/s (write() in batches of {args.batch}); "
        f"count_words: {counting:.1f} s; optimise: {optimising:.1f} s"
    )
    if connection.vendor == "postgresql":
        vacuumed = f"VACUUM ANALYZE {vacuuming:.1f} s" if vacuuming is not None else "no VACUUM ANALYZE (--no-vacuum)"
        print(f"planner statistics: {vacuumed} before the queries")
    runs = len(searches) * args.repeat
    print(f"queries: {len(searches)} × {args.repeat} timed runs after one warm-up")
    print(f"run_search (search + facets + suggestion + fallback), {runs} runs: {percentiles(full)}")
    print(f"engine.search without facets, {runs} runs: {percentiles(bare)}")
    print(TARGET)
    print(f"slowest {args.slowest} queries (median of run_search / of search without facets):")
    for median, median_bare, language, text, page in sorted(per_query, key=lambda row: -row[0])[: args.slowest]:
        extras = [f"{page.total} results"]
        if page.suggestion:
            extras.append(f"suggests “{page.suggestion}”")
        if page.other_languages:
            extras.append(f"{len(page.other_languages)} in other languages")
        print(f"  {median:7.1f} ms / {median_bare:6.1f} ms  [{language}] {text}  ({', '.join(extras)})")
    print(
        f"process peak RSS: {rss_after / 1e3:.0f} MB "
        f"(grew {(rss_built - rss_before) / 1e3:.0f} MB while indexing, {(rss_after - rss_built) / 1e3:.0f} MB while searching)"
    )


if __name__ == "__main__":
    main()
