"""Practices can name any of the 169 SDG targets in an import file, not only the first vocabulary's."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from practices.models import PracticePage

pytestmark = pytest.mark.django_db

PRACTICE = {
    "type": "practice",
    "key": "ateliers-numeriques-lome",
    "locale": "fr",
    "title": "Ateliers numériques pour adolescentes",
    "summary": "Des adolescentes apprennent à coder et à se protéger en ligne, dans les quartiers de Lomé.",
    "body": "<h2>Contexte</h2><p>Peu de filles ont accès à une formation numérique.</p>"
    "<h2>Résultats</h2><p>60 adolescentes formées en un an.</p>",
    "kind": "innovative-initiative",
    "countries": ["TG"],
    "themes": ["girls-empowerment"],
    "target_groups": ["adolescents", "girls"],
    "gender_marker": 2,
    "participation": "consulted",
    "evidence": "documented",
    "sdg_targets": ["5.c", "4.4", "10.7"],
    "start_year": 2023,
    "status": "ongoing",
    "tags": ["numérique"],
    "safeguarding": {"identifiable_children": "no", "consent": False, "anonymised": True},
}


def run(path):
    out = StringIO()
    call_command("import_content", str(path), "--publish", stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path, *records):
    path = tmp_path / "practices.jsonl"
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def test_a_practice_imports_with_targets_added_by_the_full_sdg_list(home_pages, tmp_path):
    out = run(write(tmp_path, PRACTICE))
    assert "1 created" in out
    practice = PracticePage.objects.get(key=PRACTICE["key"], locale__language_code="fr")
    assert practice.live
    assert set(practice.sdg_targets.values_list("code", flat=True)) == {"5.c", "4.4", "10.7"}
    # Pages point at the default language's rows.
    assert set(practice.sdg_targets.values_list("locale__language_code", flat=True)) == {"fr"}


def test_the_translation_shares_the_targets_and_the_export_lists_them(home_pages, tmp_path):
    spanish = {**PRACTICE, "locale": "es", "title": "Talleres digitales para adolescentes", "summary": "Resumen."}
    run(write(tmp_path, PRACTICE, spanish))
    page = PracticePage.objects.get(key=PRACTICE["key"], locale__language_code="es")
    assert set(page.sdg_targets.values_list("code", flat=True)) == {"5.c", "4.4", "10.7"}

    out = tmp_path / "export" / "out.jsonl"
    out.parent.mkdir()
    call_command("export_content", str(out), stdout=StringIO())
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (record,) = [r for r in exported if r.get("key") == PRACTICE["key"] and r["locale"] == "fr"]
    assert sorted(record["sdg_targets"]) == ["10.7", "4.4", "5.c"]


def test_an_unknown_target_is_still_refused(home_pages, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run(write(tmp_path, {**PRACTICE, "sdg_targets": ["5.c", "5.d"]}))
    assert not PracticePage.objects.filter(key=PRACTICE["key"]).exists()
