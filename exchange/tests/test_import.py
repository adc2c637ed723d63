"""import_content: the example file of docs/exchange-format.md, validation, dry run, idempotence."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from partners.models import PartnerPage
from practices.models import PracticePage
from resources.models import ResourcePage

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "exchange-example"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_content", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_documented_example_imports_with_translations_files_and_taxonomy(home_pages):
    out, _err = run(EXAMPLE / "example.jsonl", "--publish")
    assert "7 created" in out
    practice = PracticePage.objects.get(key="cliniques-mobiles-dakar", locale__language_code="fr")
    versions = PracticePage.objects.filter(key="cliniques-mobiles-dakar")
    assert {p.locale.language_code for p in versions} == {"fr", "es", "en"}
    assert {p.translation_key for p in versions} == {practice.translation_key}
    assert all(p.live for p in versions)
    assert [c.iso_code for c in practice.countries.all()] == ["SN"]
    assert [t.slug for t in practice.themes.all()] == ["justice-for-children"]
    assert [p.key for p in practice.partners.all()] == ["partner-voix-lome"]
    assert [r.key for r in practice.related_resources.all()] == ["fiche-entretien"]
    assert [b.value["section"] for b in practice.body] == ["context", "approach", "results"]
    assert practice.hero_image is not None and practice.safeguarding_complete
    spanish = versions.get(locale__language_code="es")
    assert [b.value["section"] for b in spanish.body] == ["context", "results"]
    english = versions.get(locale__language_code="en")
    quote = [b.value for b in english.body if b.block_type == "quote"][0]
    assert quote["attribution"] == "a boy aged 16, Pikine"

    partner = PartnerPage.objects.get(key="partner-voix-lome", locale__language_code="es")
    assert partner.is_fictional and partner.country.iso_code == "TG"
    assert "<b>consejos infantiles</b>" in str(partner.body[0].value.source)

    pdf = ResourcePage.objects.get(key="guide-conseil-enfants")
    docx = ResourcePage.objects.get(key="fiche-entretien")
    assert pdf.document.file_extension == "pdf" and "conseil d'enfants" in pdf.extracted_text.lower()
    assert docx.document.file_extension == "docx" and "questions ouvertes" in docx.extracted_text


def test_drafts_by_default_and_the_revision_author(home_pages, django_user_model):
    django_user_model.objects.create_user("importer", password="x" * 12)
    run(EXAMPLE / "example.jsonl", "--user", "importer")
    practice = PracticePage.objects.get(key="cliniques-mobiles-dakar", locale__language_code="fr")
    assert not practice.live
    assert practice.latest_revision.user.username == "importer"


def test_a_new_page_is_logged_once_as_created_and_once_as_published_by_the_importer(home_pages, django_user_model):
    from wagtail.models import PageLogEntry

    importer = django_user_model.objects.create_superuser("importer", password="x" * 12)
    run(EXAMPLE / "example.jsonl", "--user", "importer", "--publish")
    practice = PracticePage.objects.get(key="cliniques-mobiles-dakar", locale__language_code="fr")
    assert practice.owner == importer
    entries = PageLogEntry.objects.filter(page=practice).order_by("pk")
    assert [(entry.action, entry.user) for entry in entries] == [
        ("wagtail.create", importer),
        ("socialab.import", importer),  # marks the revision as the import's (pending-draft conflicts)
        ("wagtail.publish", importer),
    ]
    assert entries[2].revision == practice.live_revision


def test_unknown_user_is_refused(home_pages):
    with pytest.raises(CommandError, match="no user named"):
        run(EXAMPLE / "example.jsonl", "--user", "nobody")


def test_dry_run_reports_and_writes_nothing(home_pages):
    pages = Page.objects.count()
    out, _err = run(EXAMPLE / "example.jsonl", "--dry-run", "--publish")
    assert Page.objects.count() == pages
    assert "example.jsonl:5: created practice cliniques-mobiles-dakar (fr)" in out
    assert "7 created, 0 updated, 0 unchanged" in out


def test_importing_again_changes_nothing_and_a_change_updates_with_a_revision(home_pages, tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "example")
    path = tmp_path / "example" / "example.jsonl"
    run(path, "--publish")
    counts = Page.objects.count(), Revision.objects.count()
    out, _err = run(path, "--publish")
    assert "0 created, 0 updated, 7 unchanged" in out
    assert (Page.objects.count(), Revision.objects.count()) == counts
    assert "0 created, 0 updated, 7 unchanged" in run(path, "--dry-run", "--publish")[0]

    lines = path.read_text().splitlines()
    record = json.loads(lines[4])
    record["summary"] = "Un nouveau résumé."
    lines[4] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n")
    assert "example.jsonl:5: updated practice" in run(path, "--dry-run", "--publish")[0]
    out, _err = run(path, "--publish")
    assert "0 created, 1 updated, 6 unchanged" in out
    practice = PracticePage.objects.get(key="cliniques-mobiles-dakar", locale__language_code="fr")
    assert practice.summary == "Un nouveau résumé."
    assert Revision.objects.count() == counts[1] + 1
    assert PracticePage.objects.filter(key="cliniques-mobiles-dakar").count() == 3


def test_reimporting_drafts_changes_nothing(home_pages):
    run(EXAMPLE / "example.jsonl", "--draft")
    revisions = Revision.objects.count()
    out, _err = run(EXAMPLE / "example.jsonl", "--draft")
    assert "0 created, 0 updated, 7 unchanged" in out
    assert Revision.objects.count() == revisions


def test_a_new_page_s_relations_are_in_its_tables_its_first_revision_and_the_indexes(home_pages):
    """New pages get their many-to-many rows in bulk and the admin search index per page type."""
    from wagtail.models import ReferenceIndex

    run(EXAMPLE / "example.jsonl", "--publish")
    practice = PracticePage.objects.get(key="cliniques-mobiles-dakar", locale__language_code="fr")
    content = practice.latest_revision.content
    assert content["countries"] == list(practice.countries.values_list("pk", flat=True))
    assert content["themes"] == list(practice.themes.values_list("pk", flat=True))
    assert content["partners"] == list(practice.partners.values_list("pk", flat=True)) != []
    assert practice.latest_revision.as_object().partners.get().key == "partner-voix-lome"
    assert practice.live_revision == practice.latest_revision
    # Wagtail's admin search finds every imported page by its title.
    for page in [practice, *ResourcePage.objects.all(), *PartnerPage.objects.all()]:
        assert page in type(page).objects.search(page.title.split()[0]), page.title
    # The reference index knows the practice uses its image.
    assert ReferenceIndex.get_references_to(practice.hero_image).filter(object_id=str(practice.pk)).exists()


def test_ampersands_and_angle_brackets_in_headings_and_quotes_are_escaped_once(client, home_pages, tmp_path):
    body = (
        "<h2>Droits &amp; devoirs</h2><p>Texte.</p>"
        "<blockquote><p>Nous &lt;3 l’école &amp; le quartier</p><p>— une fille &amp; sa mère</p></blockquote>"
    )
    record = {
        "type": "practice", "key": "echappe", "locale": "fr", "title": "Échappement", "summary": "Résumé",
        "body": body, "safeguarding": {"anonymised": True},
    }  # fmt: skip
    path = tmp_path / "import.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    run(path, "--publish")
    page = PracticePage.objects.get(key="echappe")
    heading, _paragraph, quote = page.body
    assert heading.value["text"] == "Droits & devoirs"
    assert quote.value["quote"] == "Nous <3 l’école & le quartier"
    assert quote.value["attribution"] == "une fille & sa mère"
    html = client.get(page.url).content.decode()
    assert "Droits &amp; devoirs" in html and "&amp;amp;" not in html and "&amp;lt;" not in html
    out = tmp_path / "export" / "export.jsonl"
    call_command("export_content", str(out), stdout=StringIO(), stderr=StringIO())
    [exported] = [json.loads(line) for line in out.read_text().splitlines() if '"echappe"' in line]
    assert "<h2>Droits &amp; devoirs</h2>" in exported["body"]
    assert "<p>Nous &lt;3 l’école &amp; le quartier</p><p>— une fille &amp; sa mère</p>" in exported["body"]
