"""Faster broad searches: a version token for the in-memory facet index, a small ranking vector.

- SearchIndexVersion holds one row whose token the database changes (triggers) whenever
  documents or their facets are written or deleted, so each process knows when to reload
  the filters and facet counts it keeps in memory (search.engines.facet_index).
- PostgreSQL: `head`, a generated tsvector of the title (A) and summary/keywords (B) only,
  which ranks queries matching thousands of documents without reading their whole text;
  and `vector` compressed with lz4 where the server supports it (faster to read back than
  pglz; rows are rewritten by the next `rebuild_search_index`).
"""

from django.db import migrations, models

from search.vendor import VendorSQL

CONFIGURATION = (
    "(CASE language WHEN 'fr' THEN 'socialab_french'::regconfig WHEN 'es' THEN 'socialab_spanish'::regconfig "
    "WHEN 'en' THEN 'socialab_english'::regconfig ELSE 'socialab_simple'::regconfig END)"
)
HEAD = (
    f"setweight(to_tsvector({CONFIGURATION}, title), 'A') || "
    f"setweight(to_tsvector({CONFIGURATION}, summary || ' ' || keywords), 'B')"
)
TABLES = ("search_searchdocument", "search_searchfacet")

POSTGRES = [
    "DO $$ BEGIN ALTER TABLE search_searchdocument ALTER COLUMN vector SET COMPRESSION lz4; "
    "EXCEPTION WHEN feature_not_supported THEN NULL; END $$",
    f"ALTER TABLE search_searchdocument ADD COLUMN head tsvector GENERATED ALWAYS AS ({HEAD}) STORED",
    "CREATE FUNCTION search_index_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO search_searchindexversion (id, token) VALUES (1, md5(random()::text || clock_timestamp()::text)) "
    "ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token; RETURN NULL; END $$",
    *(
        f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION search_index_changed()"
        for table in TABLES
    ),
    "INSERT INTO search_searchindexversion (id, token) VALUES (1, md5(random()::text || clock_timestamp()::text))",
]
POSTGRES_REVERSE = [
    *(f"DROP TRIGGER {table}_changed ON {table}" for table in TABLES),
    "DROP FUNCTION search_index_changed()",
    "ALTER TABLE search_searchdocument DROP COLUMN head",
]

# SQLite triggers are per row; REPLACE also brings the row back after a flush.
SQLITE = [
    *(
        f"CREATE TRIGGER {table}_{event.lower()} AFTER {event} ON {table} BEGIN "
        "INSERT OR REPLACE INTO search_searchindexversion (id, token) VALUES (1, lower(hex(randomblob(16)))); END"
        for table in TABLES
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
    "INSERT INTO search_searchindexversion (id, token) VALUES (1, lower(hex(randomblob(16))))",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER {table}_{event.lower()}" for table in TABLES for event in ("INSERT", "UPDATE", "DELETE")
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_engine_storage"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchIndexVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        VendorSQL("postgresql", POSTGRES, POSTGRES_REVERSE),
        VendorSQL("sqlite", SQLITE, SQLITE_REVERSE),
    ]
