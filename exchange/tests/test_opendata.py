"""Open data: every published practice in every language, as CSV and JSON downloads."""

import csv
import io
import json

import pytest

from exchange.loader import upsert
from exchange.registry import record_type
from practices.models import PracticePage
from tests import content

pytestmark = pytest.mark.django_db

TOGO_ES_URL = "http://localhost/es/practicas/consejos-de-ninas-y-ninos-en-los-barrios/"

OPEN_DATA = record_type("practice").open_data  # the practices' CSV columns, declared by their app
CSV_COLUMNS, LIST_FIELDS = OPEN_DATA.columns, OPEN_DATA.list_fields


def csv_rows(client):
    response = client.get("/opendata/practices.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="socialab-practices.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # for spreadsheet programs
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows = list(reader)
    assert reader.fieldnames == CSV_COLUMNS
    return rows


def json_payload(client):
    response = client.get("/opendata/practices.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="socialab-practices.json"'
    return json.loads(response.content.decode("utf-8"))


def published_keys():
    return {(page.key, page.locale.language_code) for page in PracticePage.objects.live().select_related("locale")}


def test_csv_has_one_row_per_published_practice_and_language(client, sample):
    rows = csv_rows(client)
    assert [(row["key"], row["locale"]) for row in rows] == [
        ("conseils-togo", "es"),
        ("conseils-togo", "fr"),
        ("demuna-peru", "fr"),
    ]
    assert {(row["key"], row["locale"]) for row in rows} == published_keys()
    assert CSV_COLUMNS[:3] == ["key", "locale", "title"]
    assert {"countries", "regions", "themes", "sdg_targets", "partners", "url", "first_published_at"} <= set(
        CSV_COLUMNS
    )
    assert "body" not in CSV_COLUMNS  # HTML stays in the JSON


def test_csv_values_and_list_fields_joined_with_semicolons(client, sample):
    rows = {(row["key"], row["locale"]): row for row in csv_rows(client)}
    peru = rows["demuna-peru", "fr"]
    assert peru["title"] == "DEMUNA itinérantes"
    assert peru["kind"] == "innovative-initiative"
    assert peru["countries"] == "PE"
    assert peru["regions"] == "central-south-america"
    assert peru["themes"] == "girls-empowerment;protection-systems"
    assert peru["target_groups"] == "girls;boys"
    assert peru["sdg_targets"] == "16.7"
    assert peru["partners"] == ""
    assert (peru["gender_marker"], peru["start_year"], peru["end_year"], peru["status"]) == (
        "3",
        "2020",
        "2022",
        "completed",
    )
    assert peru["url"] == "http://localhost/fr/pratiques/demuna-itinerantes/"

    togo_es = rows["conseils-togo", "es"]
    assert togo_es["title"] == "Consejos de niñas y niños en los barrios"
    assert togo_es["partners"] == "partner-horizon"
    assert togo_es["end_year"] == ""  # None
    assert togo_es["tags"] == "gouvernance"
    assert togo_es["url"] == TOGO_ES_URL


def test_csv_quotes_awkward_text_and_lists_several_countries(client, home_pages):
    content.practice(
        key="multi",
        title='Écoles « sûres », "zéro violence"; phase 2',
        summary="Ligne un,\nligne deux.",
        countries=["SN", "PE", "TG"],
        themes=["child-participation", "trafficking"],
        tags=["école", "atelier"],
    )
    [row] = csv_rows(client)
    assert row["title"] == 'Écoles « sûres », "zéro violence"; phase 2'
    assert row["summary"] == "Ligne un,\nligne deux."
    assert set(row["countries"].split(";")) == {"SN", "PE", "TG"}
    assert row["regions"] == "central-south-america;sub-saharan-africa"  # each region once, sorted
    assert set(row["themes"].split(";")) == {"child-participation", "trafficking"}
    assert row["tags"] == "atelier;école"


def test_json_count_and_records(client, sample):
    payload = json_payload(client)
    assert payload["licence"] == "CC BY 4.0"
    assert payload["generated_at"]
    assert payload["count"] == len(payload["practices"]) == 3
    assert {(record["key"], record["locale"]) for record in payload["practices"]} == published_keys()
    records = {(record["key"], record["locale"]): record for record in payload["practices"]}
    togo_es = records["conseils-togo", "es"]
    assert togo_es["type"] == "practice"
    assert togo_es["title"] == "Consejos de niñas y niños en los barrios"
    assert togo_es["countries"] == ["TG"]
    assert togo_es["regions"] == ["sub-saharan-africa"]
    assert togo_es["themes"] == ["child-participation"]
    assert togo_es["sdg_targets"] == ["16.7"]
    assert togo_es["partners"] == ["partner-horizon"]
    assert togo_es["end_year"] is None
    assert togo_es["url"] == TOGO_ES_URL
    assert togo_es["body"].startswith("<h2>")
    assert "<p>Au Togo, le Code de l’enfant date de 2007.</p>" in togo_es["body"]
    togo_fr = records["conseils-togo", "fr"]
    assert togo_fr["body"].startswith("<h2>Contexte</h2><p>Au Togo")
    peru = records["demuna-peru", "fr"]
    assert peru["themes"] == ["girls-empowerment", "protection-systems"]
    assert peru["gender_marker"] == 3
    assert peru["partners"] == []


def test_csv_and_json_carry_the_same_records(client, sample):
    rows = csv_rows(client)
    records = json_payload(client)["practices"]
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        for column in CSV_COLUMNS:
            value = record[column]
            if column in LIST_FIELDS:
                expected = ";".join(map(str, value))
            else:
                expected = "" if value is None else str(value)
            assert row[column] == expected, (record["key"], record["locale"], column)


def test_drafts_unpublished_and_private_practices_are_absent(client, sample, hidden_practices):
    draft, withdrawn, private = (hidden_practices[name] for name in ("draft", "withdrawn", "private"))
    sample["togo_es"].unpublish()
    # A live practice with unpublished edits: the published version is exported, not the draft.
    peru = PracticePage.objects.get(pk=sample["peru"].pk)
    peru.title = "Titre en cours de rédaction"
    peru.save_revision()

    expected = [
        ("conseils-togo", "fr", "Conseils d’enfants dans les quartiers"),
        ("demuna-peru", "fr", "DEMUNA itinérantes"),
    ]
    rows = csv_rows(client)
    assert [(row["key"], row["locale"], row["title"]) for row in rows] == expected
    payload = json_payload(client)
    assert payload["count"] == 2
    assert [(r["key"], r["locale"], r["title"]) for r in payload["practices"]] == expected


def test_a_practice_imported_as_a_draft_is_absent(client, home_pages):
    record = {
        "type": "practice",
        "key": "import-brouillon",
        "locale": "fr",
        "title": "Pratique importée en brouillon",
        "summary": "Pas encore relue.",
        "countries": ["TG"],
        "safeguarding": {"anonymised": True},
    }
    _outcome, page = upsert(record, ".", publish=False)
    assert page.first_published_at is None  # never published
    assert json_payload(client)["count"] == 0
    assert csv_rows(client) == []


def test_open_data_is_read_only(client, home_pages):
    assert client.post("/opendata/practices.csv").status_code == 405
    assert client.post("/opendata/practices.json").status_code == 405
    payload = json_payload(client)
    assert payload["count"] == 0 and payload["practices"] == []
    assert csv_rows(client) == []


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(client, home_pages):
    content.practice(
        key="formules",
        title='=HYPERLINK("http://example.org","cliquez")',
        summary="+1 : une idée reprise ailleurs",
        tags=["@partenaires", "-moins"],
    )
    [row] = csv_rows(client)
    assert row["title"] == '\'=HYPERLINK("http://example.org","cliquez")'
    assert row["summary"] == "'+1 : une idée reprise ailleurs"
    assert row["tags"] == "'-moins;@partenaires"
    assert row["key"] == "formules"  # ordinary cells are left as they are
    # The JSON download keeps the text as written: only spreadsheets run formulas.
    [record] = client.get("/opendata/practices.json").json()["practices"]
    assert record["title"] == '=HYPERLINK("http://example.org","cliquez")'


def test_open_data_can_be_narrowed_by_marker_and_country(client, home_pages):
    content.practice(key="od-marker-1", title="Marqueur un", gender_marker=1, countries=["TG"])
    content.practice(key="od-marker-3", title="Marqueur trois", gender_marker=3, countries=["PE"])
    payload = json.loads(client.get("/opendata/practices.json?gender_marker=3").content)
    assert [record["key"] for record in payload["practices"]] == ["od-marker-3"] and payload["count"] == 1
    rows = list(
        csv.DictReader(io.StringIO(client.get("/opendata/practices.csv?country=togo").content.decode("utf-8-sig")))
    )
    assert [row["key"] for row in rows] == ["od-marker-1"]
    refused = client.get("/opendata/practices.json?gender_marker=9")
    assert refused.status_code == 400 and "9" in refused.json()["message"]
    assert client.get("/opendata/practices.csv?gender_marker=²").status_code == 400
