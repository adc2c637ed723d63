"""Open data: every published page of a record type that declares open data, in every language, as CSV and JSON."""

import csv

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from base.listing import apply_filters, parse_filters

from . import registry
from .records import published

LICENCE = "CC BY 4.0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's CSV injection advice)."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _open_data(type_name):
    entry = registry.record_type(type_name)
    return entry, entry.open_data


def _pages(request, entry, open_data):
    """The published pages, narrowed by the facets the query names; (None, message) for an unknown value."""
    filters = parse_filters(request.GET, open_data.kinds, facets=open_data.facets)
    if filters.notices:
        return None, " ".join(str(notice) for notice in filters.notices)
    filters.year = None  # not an open-data filter
    return apply_filters(published(entry), filters, year_filter=None), None


@require_GET
def open_data_json(request, type_name):
    entry, open_data = _open_data(type_name)
    pages, problem = _pages(request, entry, open_data)
    if problem:
        return JsonResponse({"message": problem}, status=400)
    records = [open_data.record(page) for page in pages]
    payload = {
        "generated_at": timezone.now().isoformat(),
        "licence": LICENCE,
        "count": len(records),
        entry.plural: records,
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="socialab-{entry.plural}.json"'
    return response


@require_GET
def open_data_csv(request, type_name):
    entry, open_data = _open_data(type_name)
    pages, problem = _pages(request, entry, open_data)
    if problem:
        return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="socialab-{entry.plural}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 accents correctly
    writer = csv.DictWriter(response, fieldnames=open_data.columns, extrasaction="ignore")
    writer.writeheader()
    for page in pages:
        record = open_data.record(page)
        row = {**record, **{name: ";".join(map(str, record[name])) for name in open_data.list_fields}}
        writer.writerow({name: spreadsheet_safe(value) for name, value in row.items()})
    return response
