"""Open data: every published practice, in every language, as CSV and JSON."""

import csv

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .records import open_data_record, published_practices

LIST_FIELDS = ("countries", "regions", "themes", "target_groups", "sdg_targets", "partners", "tags")
CSV_COLUMNS = [
    "key", "locale", "title", "summary", "kind", "countries", "regions", "themes", "target_groups", "gender_marker",
    "participation", "evidence", "sdg_targets", "partners", "start_year", "end_year", "status", "tags", "url",
    "first_published_at", "last_published_at",
]  # fmt: skip
LICENCE = "CC BY 4.0"


@require_GET
def practices_json(request):
    records = [open_data_record(page) for page in published_practices()]
    payload = {
        "generated_at": timezone.now().isoformat(),
        "licence": LICENCE,
        "count": len(records),
        "practices": records,
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'attachment; filename="socialab-practices.json"'
    return response


@require_GET
def practices_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="socialab-practices.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 accents correctly
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for page in published_practices():
        record = open_data_record(page)
        writer.writerow({**record, **{name: ";".join(map(str, record[name])) for name in LIST_FIELDS}})
    return response
