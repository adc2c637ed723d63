"""What both Elasticsearch test modules use: a request, a document row and a cluster's answer."""

from datetime import UTC, datetime

from search.engines.base import SearchRequest
from search.models import SearchDocument
from search.query import parse

LANGUAGES = ["fr", "es", "en"]


def request(text="", **options):
    return SearchRequest(query=parse(text), **{"languages": ["fr"], "all_languages": LANGUAGES, **options})


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


# A cluster's answer to a search, as the engine reads it.
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
