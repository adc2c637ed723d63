"""What each page type contributes to the search index. Page apps register here; search imports none of them.

    register(PracticePage, describe=describe_practice, prefetch=("partners", "tags"), kinds=PracticeKind.choices)

`describe(page, document)` fills in the Document of one live, public page (search.documents
builds its common part). A page that stands for several documents (the places index: one a
country and region) gives `documents(page)` instead. `kinds` are the document kinds the page
type produces, with their labels: the vocabulary of the search's kind facet.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Contribution:
    model: type
    describe: Callable | None = None
    documents: Callable | None = None
    prefetch: tuple = ()
    kinds: tuple = ()


_contributions = {}


def register(model, *, describe=None, documents=None, prefetch=(), kinds=()):
    if (describe is None) == (documents is None):
        raise ValueError(f"{model.__name__}: register either describe or documents")
    _contributions[model] = Contribution(model, describe, documents, tuple(prefetch), tuple(kinds))


def contribution(model):
    """What `model` contributes, or None for a page type search does not show."""
    return _contributions.get(model)


def contributions():
    return list(_contributions.values())


def indexed_models():
    return [entry.model for entry in _contributions.values()]


def kind_choices():
    """Every kind of document, with its label, in the order the page types registered."""
    seen = {}
    for entry in _contributions.values():
        for value, text in entry.kinds:
            seen.setdefault(value, text)
    return list(seen.items())
