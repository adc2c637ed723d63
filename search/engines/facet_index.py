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

import numpy as np
from django.db import connection

from ..documents import RESTRICTION
from ..vectors import VectorMatrix

# The bits set in each byte value, lowest first.
BYTE_BITS = tuple(tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256))


def bits_of(positions, size):
    """The bitset with `positions` set (each < size)."""
    data = bytearray((size + 7) >> 3)
    for position in positions:
        data[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(data, "little")


def positions_of(bits, at_least=None):
    """The positions set in `bits`, lowest (newest) first; only the first `at_least` or a few more if given."""
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    found = []
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            found.extend(base + bit for bit in BYTE_BITS[byte])
            if at_least is not None and len(found) >= at_least:
                break
    return found


def bits_to_array(bits, size):
    """The bitset as a numpy array of `size` booleans."""
    data = np.frombuffer(bits.to_bytes((size + 7) >> 3, "little"), dtype=np.uint8)
    return np.unpackbits(data, bitorder="little")[:size].astype(bool)


def array_to_bits(flags):
    """A numpy array of booleans as a bitset."""
    return int.from_bytes(np.packbits(flags.astype(np.uint8), bitorder="little").tobytes(), "little")


class FacetIndex:
    def __init__(self, token, documents, facets):
        """`documents`: (id, language, group, year_start, year_end[, original language]) newest first;
        `facets`: (document id, name, value)."""
        self.token = token
        self.ids = [row[0] for row in documents]
        self.position = {pk: position for position, pk in enumerate(self.ids)}
        self.size = len(self.ids)
        # The ids in ascending order and each one's position: a search's matches found by binary search.
        ids = np.array(self.ids, dtype=np.int64)
        self._by_id = np.argsort(ids, kind="stable")
        self._sorted_ids = ids[self._by_id]
        self.years = [(row[3], row[4]) for row in documents]
        languages, groups = defaultdict(list), defaultdict(list)
        for position, (_pk, language, group, *_rest) in enumerate(documents):
            languages[language].append(position)
            groups[group].append(position)
        self.groups = dict(groups)
        self.group_names = list(self.groups)
        # For grouping by translation: each position's group number, language and whether it is the original.
        numbers = {group: number for number, group in enumerate(self.groups)}
        self.group_numbers = np.array([numbers[row[2]] for row in documents], dtype=np.int32)
        self.language_of = np.array([row[1] for row in documents], dtype=object)
        self.is_original = np.array([row[1] == (row[5] if len(row) > 5 else row[1]) for row in documents], dtype=bool)
        self._preferences = {}
        self._vectors = {}
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

    def values_at(self, name, position):
        """The values of facet `name` the document at `position` has (a result's countries: no query)."""
        return [value for value, bits in self.facets.get(name, {}).items() if bits >> position & 1]

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

    def preference(self, language):
        """Each position's rank as its group's representative for a reader of `language`: 0 in her
        language, 1 the original, 2 another translation."""
        if language not in self._preferences:
            self._preferences[language] = np.where(self.language_of == language, 0, np.where(self.is_original, 1, 2))
        return self._preferences[language]

    def grouped(self, matched, allowed, language):
        """One document per translation group that has a document in `matched`: the best placed for a
        reader of `language` (preference) among the group's documents in `allowed` (which holds `matched`),
        newest among equals.
        Returns (bitset of the chosen, array giving each group number its chosen position or -1)."""
        matched_groups = np.unique(self.group_numbers[bits_to_array(matched, self.size)])
        chosen_of = np.full(len(self.groups), -1, dtype=np.int64)
        if not matched_groups.size:
            return 0, chosen_of
        wanted = np.zeros(len(self.groups), dtype=bool)
        wanted[matched_groups] = True
        candidates = np.flatnonzero(bits_to_array(allowed, self.size) & wanted[self.group_numbers])
        numbers = self.group_numbers[candidates]
        order = np.lexsort((candidates, self.preference(language)[candidates], numbers))
        candidates, numbers = candidates[order], numbers[order]
        first = np.ones(len(candidates), dtype=bool)
        first[1:] = numbers[1:] != numbers[:-1]
        chosen = candidates[first]
        chosen_of[numbers[first]] = chosen
        flags = np.zeros(self.size, dtype=bool)
        flags[chosen] = True
        return array_to_bits(flags), chosen_of

    def vectors(self, encoder):
        """The documents' vectors of `encoder`, as one matrix in position order (loaded on first use)."""
        if encoder.name not in self._vectors:
            self._vectors[encoder.name] = VectorMatrix.load(self.position, encoder)
        return self._vectors[encoder.name]

    def bits_of_ids(self, ids):
        """The bitset of these document ids; ids written since the index was loaded are skipped."""
        return self.bits_of_positions(self.positions_of_ids(ids))

    def positions_of_ids(self, ids):
        """The positions of these document ids, in their order (a numpy array): -1 for an id written
        since the index was loaded."""
        ids = np.asarray(ids, dtype=np.int64)
        if not self.size or not ids.size:
            return np.full(ids.size, -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self._sorted_ids, ids), self.size - 1)
        return np.where(self._sorted_ids[at] == ids, self._by_id[at], -1)

    def bits_of_positions(self, positions):
        """The bitset of these positions (a numpy array; -1s are skipped)."""
        flags = np.zeros(self.size, dtype=bool)
        flags[positions[positions >= 0]] = True
        return array_to_bits(flags)


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
            'SELECT id, language, "group", year_start, year_end, original_language FROM search_searchdocument '
            "ORDER BY date DESC NULLS LAST, id DESC"
        )
        documents = cursor.fetchall()
        cursor.execute("SELECT document_id, name, value FROM search_searchfacet")
        facets = cursor.fetchall()
    index = _loaded[connection.alias] = FacetIndex(token, documents, facets)
    return index
