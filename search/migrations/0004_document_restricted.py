"""SearchDocument.restricted: a document under a view restriction (its ids are `restriction` facets).

SQLite adds a NOT NULL column by rebuilding the table, which drops the table's triggers (migrations
0002 and 0003): they are created again after it.
"""

from django.db import migrations, models

from search.vendor import VendorSQL

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS search_fts_forget AFTER DELETE ON search_searchdocument BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; END",
    *(
        f"CREATE TRIGGER IF NOT EXISTS search_searchdocument_{event.lower()} AFTER {event} ON search_searchdocument "
        "BEGIN INSERT OR REPLACE INTO search_searchindexversion (id, token) VALUES (1, lower(hex(randomblob(16)))); END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_index_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="restricted",
            field=models.BooleanField(default=False),
        ),
        VendorSQL("sqlite", SQLITE_TRIGGERS, []),
    ]
