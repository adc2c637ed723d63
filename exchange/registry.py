"""The record types of the exchange format (DESIGN §6). Page apps register theirs; exchange imports none of them.

A RecordType says, for one page type, which fields its records have and how each is
checked (declaratively: text limits, vocabularies, choices, year bounds, files, links to
other records, plus a `check` for rules of its own), how a page becomes a record
(`to_record`) and how a validated record is written onto a page (`apply`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

COMMON = frozenset({"type", "key", "locale", "title", "summary"})


@dataclass(frozen=True)
class OpenData:
    """A record type published as open data: /opendata/<plural>.csv and .json."""

    columns: tuple  # the CSV's columns, in order
    list_fields: tuple  # columns holding lists, joined with ";" in the CSV
    record: Callable  # (page) → dict: the open-data record of a published page
    facets: tuple = ()  # base.facets names the downloads may be narrowed by (?gender_marker=2&country=togo)
    kinds: tuple = ()  # the kind choices, for the "kind" facet


@dataclass(frozen=True)
class RecordType:
    name: str  # the record's "type"
    model: type  # the page type
    parent: type  # the index page new pages are created under
    fields: frozenset  # the record's own fields, beside COMMON
    to_record: Callable  # (page, files) → {field: value} of the type's own fields
    apply: Callable  # (page, record, context) → {many-to-many relation: values}, after setting the rest
    plural: str = ""
    texts: dict = field(default_factory=dict)  # field → most characters
    terms: dict = field(default_factory=dict)  # field → vocabulary name (exchange.validation.Vocabulary) or codes
    choices: dict = field(default_factory=dict)  # field → allowed values
    years: dict = field(default_factory=dict)  # field → (lowest, highest)
    files: dict = field(default_factory=dict)  # field → allowed extensions
    links: dict = field(default_factory=dict)  # field → record type of the pages it names by key
    check: Callable | None = None  # (checker) → None: the type's own rules, reported with checker.fail
    export_related: tuple = ()  # relations read with the pages when exporting
    open_data: OpenData | None = None

    @property
    def all_fields(self):
        return COMMON | self.fields


_types = {}


def register(record_type):
    _types[record_type.name] = record_type


def record_type(name):
    return _types[name]


def record_types():
    """{name: RecordType}, in the order the apps registered them."""
    return dict(_types)


def for_model(model):
    return next((entry for entry in _types.values() if entry.model is model), None)


def export_order():
    """Record types so that each comes after those its records link to (partners before the practices naming them)."""
    ordered = []

    def visit(name):
        if name not in ordered:
            for target in sorted(set(_types[name].links.values())):
                visit(target)
            ordered.append(name)

    for name in sorted(_types):
        visit(name)
    return [_types[name] for name in ordered]
