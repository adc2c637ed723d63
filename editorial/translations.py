"""Reports → Translations: every page that readers see × every language, with its state, so that
editors know what to translate next. Filterable by state, language and page type; CSV export.

States: the original (the first version of the translation group); translated and up to date;
outdated (the original was revised after the translation); missing.
"""

import csv
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from base.permissions import is_editor
from partners.models import PartnerPage
from practices.models import PracticePage
from resources.models import ResourcePage

ORIGINAL, UP_TO_DATE, OUTDATED, MISSING = "original", "up-to-date", "outdated", "missing"
STATES = {
    ORIGINAL: _("Original"),
    UP_TO_DATE: _("Translated, up to date"),
    OUTDATED: _("Translated, outdated: the original changed since"),
    MISSING: _("Missing"),
}
PAGE_TYPES = {"practice": PracticePage, "resource": ResourcePage, "partner": PartnerPage}


@dataclass
class Row:
    original: object
    states: dict  # language code → state
    pages: dict  # language code → the page in that language (if any)


def changed_at(page):
    return page.latest_revision_created_at or page.last_published_at or page.first_published_at


def translation_rows(models):
    languages = [code for code, _name in settings.LANGUAGES]
    rows = []
    for model in models:
        groups = {}
        for page in model.objects.select_related("locale").order_by("pk"):
            groups.setdefault(page.translation_key, []).append(page)
        for versions in groups.values():
            original = versions[0]
            by_language = {page.locale.language_code: page for page in versions}
            states = {}
            for code in languages:
                page = by_language.get(code)
                if page is None:
                    states[code] = MISSING
                elif page.pk == original.pk:
                    states[code] = ORIGINAL
                elif changed_at(original) and changed_at(page) and changed_at(original) > changed_at(page):
                    states[code] = OUTDATED
                else:
                    states[code] = UP_TO_DATE
            rows.append(Row(original, states, by_language))
    return sorted(rows, key=lambda row: row.original.title.lower())


def filtered_rows(query):
    kind = query.get("type", "")
    models = [PAGE_TYPES[kind]] if kind in PAGE_TYPES else list(PAGE_TYPES.values())
    rows = translation_rows(models)
    state, language = query.get("state", ""), query.get("language", "")
    if state in STATES:
        rows = [
            row for row in rows if (row.states.get(language) == state if language else state in row.states.values())
        ]
    return rows


def translation_report(request):
    if not is_editor(request.user):
        raise PermissionDenied
    rows = filtered_rows(request.GET)
    languages = [code for code, _name in settings.LANGUAGES]
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="socialab-translations.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["title", "type", "key", *languages])
        for row in rows:
            kind = type(row.original).__name__
            writer.writerow(
                [row.original.title, kind, getattr(row.original, "key", ""), *[row.states[c] for c in languages]]
            )
        return response
    context = {
        "rows": [
            (row, [(code, row.states[code], STATES[row.states[code]], row.pages.get(code)) for code in languages])
            for row in rows
        ],
        "languages": settings.LANGUAGES,
        "states": STATES.items(),
        "page_types": PAGE_TYPES,
        "query": request.GET,
    }
    return TemplateResponse(request, "editorial/translation_report.html", context)
