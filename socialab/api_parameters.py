"""Query parameters of the API v2 checked before they reach a query: a clear 400, never a 500.

Wagtail's filters pass some parameters to the database or the search engine as they come,
and the failure then surfaces as a 500, often only while the response is being built:

- a NUL byte (`site=%00`, `search=a%00b`), which PostgreSQL refuses in any text, is answered
  with a 400 before any view runs (socialab.middleware.NulBytesMiddleware);
- a relation filter (`themes=abc`, `countries=1.5`) reaches `filter()` unconverted; a number
  beyond 64 bits (`countries=99999999999999999999999`, `offset=…`) overflows SQLite, and
  PostgreSQL's bigint for `offset`; `first_published_at=abc` fails Django's date parsing;
  `/find/?id=abc` goes to `queryset.get(id=…)` unchecked;
- `search_operator=xor` makes the search backend raise ValueError;
- SQLite's FTS5 refuses some queries (`search="`, `search=a "b`) when they run, and the SQLite
  backend breaks on a query of whitespace only (`search=%0A`);
- `search` on a detail view (`/api/v2/images/5/?search=a`) searches the queryset the detail
  lookup then fails on.

`ValidatedParametersMixin` goes first among a viewset's bases, so that its hooks wrap Wagtail's
and answer with Wagtail's own `BadRequestError` (a 400 `{"message": …}`). Valid requests go on
to Wagtail's code unchanged.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from taggit.managers import TaggableManager
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends.base import EmptySearchResults

from base.facets import whole_number

# The largest integer both SQLite and PostgreSQL (bigint) hold.
LARGEST = 2**63 - 1
# Parameters Wagtail reads as positive integers: {name: whether "root" is allowed instead}.
NUMBERS = {
    "limit": False,
    "offset": False,
    "child_of": True,
    "ancestor_of": False,
    "descendant_of": True,
    "translation_of": True,
}
# Field types whose text Django parses before the query: a bad value raises ValidationError.
PARSED_FIELDS = (
    models.DateField,  # and DateTimeField
    models.TimeField,
    models.DurationField,
    models.DecimalField,
    models.FloatField,
    models.UUIDField,
)
SEARCH_OPERATORS = ("", "and", "or")  # as the search backend reads them, after `.lower()`


def compared_field(field):
    """The field a filter on `field` compares its value with: a relation's target, to the end
    (`partners` → PartnerPage.page_ptr → Page.id). Tags are filtered by name, not followed."""
    while field.is_relation and not isinstance(field, TaggableManager):
        field = field.target_field
    return field


def is_integer(value):
    """ASCII digits, an optional minus sign, surrounding spaces (which `int()` also allows), 64 bits.

    `int()` alone accepts "1_0" or "١٢" and any length; `str.isdigit()` accepts "²" (base.facets).
    """
    digits = value.strip().removeprefix("-")
    return digits == digits.strip() and whole_number(digits, 0, LARGEST) is not None


class ValidatedParametersMixin:
    """Refuses, with a 400, the parameters Wagtail's API v2 would let fail in the database."""

    def get_queryset(self):
        """Listing, detail and find views all start here, before any query reads a parameter
        (`site` is looked up as the pages' base queryset is built)."""
        parameters = self.request.GET
        for name, root_allowed in NUMBERS.items():
            if name not in self.known_query_parameters:
                continue  # Wagtail reports it as an unknown parameter
            for value in parameters.getlist(name):
                if not (root_allowed and value == "root") and whole_number(value, 0, LARGEST) is None:
                    raise BadRequestError(f"{name} must be a positive integer no larger than {LARGEST}")
        if any(value.lower() not in SEARCH_OPERATORS for value in parameters.getlist("search_operator")):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        queryset = super().get_queryset()
        self.check_field_filters(queryset.model)
        return queryset

    def check_field_filters(self, model):
        """Field filters (Wagtail's FieldsFilter, and `id` in the find view) hold values the
        database can compare: integers for integer columns and relations to them, parseable
        dates and numbers. Wagtail converts plain integer fields itself, but not relations."""
        names = set(self.get_available_fields(model, db_fields_only=True)) - {"locale"}  # locale: LocaleFilter
        for name, values in self.request.GET.lists():
            if name not in names:
                continue
            try:
                field = compared_field(model._meta.get_field(name))
            except FieldDoesNotExist:
                continue
            for value in values:
                if isinstance(field, models.IntegerField) and not is_integer(value):
                    raise BadRequestError(
                        f"field filter error. {name} must be a whole number (ASCII digits, at most {LARGEST})"
                    )
                if isinstance(field, PARSED_FIELDS):
                    try:
                        field.to_python(value)
                    except ValidationError as error:
                        raise BadRequestError(f"field filter error. not a valid value for {name}") from error

    def filter_queryset(self, queryset):
        """Runs the search's count here, where its engine errors can still become a 400.

        The search engine parses the query only when the results are counted (pagination does
        that next, and the count is cached, so this costs no extra query). The savepoint keeps
        a PostgreSQL transaction usable after a failed query.
        """
        search = self.request.GET.get("search")
        if search is not None and self.action != "listing_view":
            raise BadRequestError("search is only available on listings")
        queryset = super().filter_queryset(queryset)
        if search is None:
            return queryset
        if not search.strip():
            return EmptySearchResults()  # as the engine answers `search=` (empty)
        try:
            with transaction.atomic():
                queryset.count()
        except DatabaseError as error:
            raise BadRequestError("search error: the search engine could not read this query") from error
        return queryset
