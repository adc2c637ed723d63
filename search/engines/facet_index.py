"""Filters, facet counts and newest-first order, held in memory as bitsets over the documents.

The database engines match text in SQL and leave the rest here: each document has a
position (its rank in newest-first order) and each language, facet value and translation
group is a Python integer with one bit set per document that has it. Narrowing by filters
is `&`, counting a facet value is `bit_count()`: microseconds, where joining the facet
table to thousands of matches took tens of milliseconds.

A process loads the index once (two SELECTs) and again only when the documents change:
database triggers give SearchIndexVersion a new random token on every write to the
documents or their facets (migration 0003), and each search reads that token first.
"""

from collections import defaultdict

from django.db import connection

from ..documents import RESTRICTION

# The bits set in each byte value, lowest first.
BYTE_BITS = tuple(tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256))


def bits_of(positions, size):
    """The bitset with `positions` set (each < size)."""
    data = bytearray((size + 7) >> 3)
    for position in positions:
        data[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(data, "little")


def positions_of(bits):
    """The positions set in `bits`, lowest (newest) first."""
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    found = []
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            found.extend(base + bit for bit in BYTE_BITS[byte])
    return found


class FacetIndex:
    def __init__(self, token, documents, facets):
        """`documents`: (id, language, group, year_start, year_end) newest first; `facets`: (document id, name, value)."""
        self.token = token
        self.ids = [row[0] for row in documents]
        self.position = {pk: position for position, pk in enumerate(self.ids)}
        self.size = len(self.ids)
        self.years = [(row[3], row[4]) for row in documents]
        languages, groups = defaultdict(list), defaultdict(list)
        for position, (_pk, language, group, _start, _end) in enumerate(documents):
            languages[language].append(position)
            groups[group].append(position)
        self.groups = dict(groups)
        self.languages = {language: bits_of(found, self.size) for language, found in languages.items()}
        values = defaultdict(lambda: defaultdict(list))
        for pk, name, value in facets:
            position = self.position.get(pk)
            if position is not None:
                values[name][value].append(position)
        self.facets = {
            name: {value: bits_of(found, self.size) for value, found in by_value.items()}
            for name, by_value in values.items()
        }

    def language_bits(self, languages):
        return _union(self.languages.get(language, 0) for language in languages)

    def facet_bits(self, name, values):
        """The documents with any of `values` of facet `name`."""
        known = self.facets.get(name, {})
        return _union(known.get(value, 0) for value in values)

    def unreadable_bits(self, readable):
        """The documents under a view restriction that is not among `readable` (ids)."""
        return _union(
            bits
            for value, bits in self.facets.get(RESTRICTION, {}).items()
            if not value.isdigit() or int(value) not in readable
        )

    def group_bits(self, groups):
        return bits_of((p for group in groups for p in self.groups.get(group, ())), self.size)

    def year_bits(self, year_from, year_to):
        """The documents whose years overlap [year_from, year_to]; either bound may be None. Undated ones never do."""
        return bits_of(
            (
                position
                for position, (start, end) in enumerate(self.years)
                if start is not None
                and (year_from is None or end is None or end >= year_from)
                and (year_to is None or start <= year_to)
            ),
            self.size,
        )

    def matched(self, rows):
        """(bitset, {position: score}) of (document id, score) rows; ids written since the index was loaded are skipped."""
        position = self.position
        scores = {position[pk]: score for pk, score in rows if pk in position}
        return bits_of(scores, self.size), scores


def _union(bitsets):
    union = 0
    for bits in bitsets:
        union |= bits
    return union


_loaded = {}  # database alias → FacetIndex


def current_index():
    """The FacetIndex of the current documents: the one in memory unless the version token changed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM search_searchindexversion WHERE id = 1")
        row = cursor.fetchone()
    token = row[0] if row else None  # no row (a flushed database): never trust a cached index
    index = _loaded.get(connection.alias)
    if index is not None and token is not None and index.token == token:
        return index
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT id, language, "group", year_start, year_end FROM search_searchdocument '
            "ORDER BY date DESC NULLS LAST, id DESC"
        )
        documents = cursor.fetchall()
        cursor.execute("SELECT document_id, name, value FROM search_searchfacet")
        facets = cursor.fetchall()
    index = _loaded[connection.alias] = FacetIndex(token, documents, facets)
    return index
