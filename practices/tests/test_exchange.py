"""The practice's exchange record: its fields are imported, checked and exported (here: the funding source)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from exchange.records import page_record
from practices.models import PracticePage

pytestmark = pytest.mark.django_db

RECORD = {
    "type": "practice", "key": "funded", "locale": "fr", "title": "Écoles sûres", "summary": "Résumé",
    "countries": ["TG"], "themes": ["trafficking"], "safeguarding": {"anonymised": True},
    "funding_source": "Fondation Horizon pour l’enfance",
}  # fmt: skip


class Files:
    def image(self, image, name):
        return None

    def document(self, document, name):
        return None


def import_record(tmp_path, record, err=None):
    path = tmp_path / "import.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    call_command("import_content", str(path), "--publish", stdout=StringIO(), stderr=err or StringIO())


def test_the_funding_source_is_imported_and_exported(tmp_path, home_pages):
    import_record(tmp_path, RECORD)
    page = PracticePage.objects.get(key="funded")
    assert page.funding_source == "Fondation Horizon pour l’enfance"
    assert page_record(page, Files())["funding_source"] == "Fondation Horizon pour l’enfance"


def test_a_funding_source_longer_than_the_field_is_refused(tmp_path, home_pages):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        import_record(tmp_path, {**RECORD, "funding_source": "x" * 201}, err)
    assert "import.jsonl:1: funding_source: is 201 characters long, 200 at most" in err.getvalue()
    assert not PracticePage.objects.filter(key="funded").exists()


def test_a_practice_without_funding_source_exports_none(tmp_path, home_pages):
    record = {name: value for name, value in RECORD.items() if name != "funding_source"}
    import_record(tmp_path, record)
    assert page_record(PracticePage.objects.get(key="funded"), Files())["funding_source"] is None
