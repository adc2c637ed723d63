"""The search benchmark's corpus: generated documents in three languages and the queries timed on them.

Words come from small per-language vocabularies plus a long tail of made-up rare words, so
that common words match most documents and rare ones a few, as in the real index.
"""

import random
from datetime import UTC, datetime, timedelta
from itertools import accumulate

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
    # Called once Django is set up (main): the project's modules load models.
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
