"""PostgreSQL: `vector` and `head` stay in the row (storage MAIN), the long text columns go to TOAST instead.

A row holds its body (2 KB or more) and its vector (about 1.2 KB): over PostgreSQL's 2 KB threshold, the
toaster moved the vector, the largest column left after compressing the body, out of the row. Then every
phrase match (PostgreSQL rechecks the words' positions in each candidate's vector) and every ranking on the
whole text read each vector back from the TOAST table, three pages a row: *"droits de l'enfant"* over 10,000
French documents took 37 ms, 11.6 ms with the vectors in the row. `head` is kept in the row too, or it would
be the next column moved out (ranking 10,000 matches by it: 20 ms instead of 4).

The existing rows are written again so they take the new layout (their generated columns are recomputed).
"""

from django.db import migrations

from search.vendor import VendorSQL

POSTGRES = [
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE MAIN, ALTER COLUMN head SET STORAGE MAIN",
    "UPDATE search_searchdocument SET title = title",
]
POSTGRES_REVERSE = [
    "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED, "
    "ALTER COLUMN head SET STORAGE EXTENDED",
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_related_summary"),
    ]

    operations = [VendorSQL("postgresql", POSTGRES, POSTGRES_REVERSE)]
