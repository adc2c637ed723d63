"""What each database engine searches with, beside the rows of SearchDocument.

PostgreSQL: the unaccent and pg_trgm extensions, one text search configuration per
language that folds accents before stemming, a weighted tsvector column with a GIN
index, and trigram indexes for autocomplete and "did you mean".
SQLite: an FTS5 table of the documents' stemmed, accent-folded text and an FTS5
trigram index over the vocabulary, both kept in step by triggers when rows go.
Each database ignores the other's statements.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from search.vendor import VendorSQL

# (configuration, stemming dictionary); `simple` serves languages without a stemmer.
CONFIGURATIONS = [
    ("french", "french_stem"),
    ("spanish", "spanish_stem"),
    ("english", "english_stem"),
    ("simple", "simple"),
]

POSTGRES = [
    *(
        f"CREATE TEXT SEARCH CONFIGURATION socialab_{name} (COPY = {name});"
        f"ALTER TEXT SEARCH CONFIGURATION socialab_{name} ALTER MAPPING FOR hword, hword_part, word "
        f"WITH unaccent, {dictionary};"
        for name, dictionary in CONFIGURATIONS
    ),
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector",
    "CREATE INDEX search_doc_vector ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_doc_title_trgm ON search_searchdocument USING gin (title_folded gin_trgm_ops)",
    "CREATE INDEX search_term_word_trgm ON search_searchterm USING gin (word gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX search_term_word_trgm",
    "DROP INDEX search_doc_title_trgm",
    "ALTER TABLE search_searchdocument DROP COLUMN vector",
    *(f"DROP TEXT SEARCH CONFIGURATION socialab_{name}" for name, _dictionary in CONFIGURATIONS),
]

SQLITE = [
    # The `lang` column holds the document's language code, so one MATCH can ask each
    # language's documents with the query stemmed for that language.
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, keywords, body, lang, tokenize = 'unicode61')",
    "CREATE TRIGGER search_fts_forget AFTER DELETE ON search_searchdocument BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; END",
    "CREATE VIRTUAL TABLE search_vocabulary USING fts5(word, content = 'search_searchterm', content_rowid = 'id', "
    "tokenize = 'trigram')",
    "CREATE TRIGGER search_vocabulary_add AFTER INSERT ON search_searchterm BEGIN "
    "INSERT INTO search_vocabulary(rowid, word) VALUES (new.id, new.word); END",
    "CREATE TRIGGER search_vocabulary_forget AFTER DELETE ON search_searchterm BEGIN "
    "INSERT INTO search_vocabulary(search_vocabulary, rowid, word) VALUES ('delete', old.id, old.word); END",
    "CREATE TRIGGER search_vocabulary_change AFTER UPDATE OF word ON search_searchterm BEGIN "
    "INSERT INTO search_vocabulary(search_vocabulary, rowid, word) VALUES ('delete', old.id, old.word); "
    "INSERT INTO search_vocabulary(rowid, word) VALUES (new.id, new.word); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_vocabulary_change",
    "DROP TRIGGER search_vocabulary_forget",
    "DROP TRIGGER search_vocabulary_add",
    "DROP TABLE search_vocabulary",
    "DROP TRIGGER search_fts_forget",
    "DROP TABLE search_fts",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        VendorSQL("postgresql", POSTGRES, POSTGRES_REVERSE),
        VendorSQL("sqlite", SQLITE, SQLITE_REVERSE),
    ]
