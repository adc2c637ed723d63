"""The documents' vectors as one compact matrix, and exact nearest neighbours over it with numpy.

Each vector is held as 512 signed bytes and one scale (its largest component / 127): 516 bytes a
document, about 10 MB for 20,000 documents, where float32 would take 40. Cosine similarities
are computed in blocks converted back to float32, so no copy of the whole matrix is ever made;
the rounding moves a similarity by less than 0.01, far below what separates related texts.
"""

import numpy as np
from django.db import connection

BLOCK = 4096


class VectorMatrix:
    def __init__(self, size, dimensions):
        self.codes = np.zeros((size, dimensions), dtype=np.int8)
        self.scales = np.zeros(size, dtype=np.float32)  # 0: no vector at this position

    @classmethod
    def load(cls, positions, encoder):
        """The vectors of `encoder` of the documents at `positions` ({document id: position})."""
        matrix = cls(len(positions), encoder.dimensions)
        size = encoder.dimensions * 2  # float16
        found, data = [], []
        with connection.cursor() as cursor:
            cursor.execute("SELECT document_id, data FROM search_searchvector WHERE encoder = %s", [encoder.name])
            for document_id, vector in cursor:
                position = positions.get(document_id)
                if position is not None and len(vector) == size:
                    found.append(position)
                    data.append(bytes(vector))
        if found:
            vectors = np.frombuffer(b"".join(data), dtype="<f2").reshape(len(found), encoder.dimensions)
            matrix.put(np.array(found), vectors.astype(np.float32))
        return matrix

    def put(self, positions, vectors):
        """Store `vectors` (one a row) at `positions`."""
        largest = np.abs(vectors).max(axis=1)
        scales = np.where(largest > 0, largest / 127, 0).astype(np.float32)
        safe = np.where(scales > 0, scales, 1)[:, None]
        self.scales[positions] = scales
        self.codes[positions] = np.round(vectors / safe).astype(np.int8)

    @property
    def nbytes(self):
        return self.codes.nbytes + self.scales.nbytes

    def vectors(self, positions):
        """The (dequantised) vectors at `positions`, one a row."""
        return self.codes[positions].astype(np.float32) * self.scales[positions, None]

    def similarities_many(self, vectors):
        """(positions, len(vectors)) cosine similarities with each of `vectors` (unit vectors, one a row)."""
        vectors = np.asarray(vectors, dtype=np.float32).T
        found = np.empty((len(self.scales), vectors.shape[1]), dtype=np.float32)
        for start in range(0, len(found), BLOCK):
            found[start : start + BLOCK] = self.codes[start : start + BLOCK].astype(np.float32) @ vectors
        return found * self.scales[:, None]

    def similarities(self, vector):
        """Cosine similarity of `vector` (a unit vector) with every position; 0 where there is no vector."""
        return self.similarities_many([vector])[:, 0]


def nearest(similarities, allowed, floor, limit):
    """{position: similarity} of at most `limit` positions of `allowed` (booleans) at or above `floor`."""
    candidates = np.flatnonzero(allowed & (similarities >= floor))
    if len(candidates) > limit:
        candidates = candidates[np.argpartition(-similarities[candidates], limit - 1)[:limit]]
    return dict(zip(candidates.tolist(), similarities[candidates].tolist(), strict=True))
