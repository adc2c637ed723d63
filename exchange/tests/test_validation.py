"""Every bad line is reported with its file, line and field, and nothing is written."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from base.factories import RootCollectionImageFactory
from base.tests import upload_files
from practices.models import PracticePage

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "exchange-example"
GOOD_PRACTICE = {
    "type": "practice", "key": "p1", "locale": "fr", "title": "Une pratique", "summary": "Résumé",
    "countries": ["TG"], "themes": ["trafficking"], "safeguarding": {"anonymised": True},
}  # fmt: skip


def import_lines(tmp_path, *records, raw=None, publish=True):
    path = tmp_path / "import.jsonl"
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    if raw is not None:
        lines.insert(raw[0], raw[1])
    path.write_text("\n".join(lines) + "\n")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_content", str(path), *(["--publish"] if publish else []), stdout=StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def unchanged(home_pages):
    """Asserts at the end of the test that the database is as it was."""
    before = Page.objects.count(), Revision.objects.count()
    yield
    assert (Page.objects.count(), Revision.objects.count()) == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": ""}, "title", "is required"),
        ({"type": "story"}, "type", "must be one of"),
        ({"locale": "de"}, "locale", "unknown language"),
        ({"countries": ["TG", "XX"]}, "countries", "unknown XX"),
        ({"themes": ["happiness"]}, "themes", "unknown happiness"),
        ({"sdg_targets": ["99.9"]}, "sdg_targets", "unknown 99.9"),
        ({"partners": ["nobody"]}, "partners", "no partner with key nobody"),
        ({"start_year": 1800}, "start_year", "between 1990 and 2100"),
        ({"start_year": "2020"}, "start_year", "between 1990 and 2100"),
        ({"start_year": 2022, "end_year": 2021}, "end_year", "before start_year"),
        ({"summary": "x" * 301}, "summary", "301 characters long, 300 at most"),
        ({"gender_marker": 7}, "gender_marker", "0, 1, 2 or 3"),
        ({"kind": "toolkit"}, "kind", "must be one of"),
        ({"image": "images/missing.jpg"}, "image", "not found"),
        ({"image": "../../etc/passwd.jpg"}, "image", "without '..'"),
        ({"themse": ["trafficking"]}, "themse", "is not a field of a practice"),
        ({"key": "bad key!"}, "key", "letters, digits"),
        ({"safeguarding": {"anonymised": False}}, "safeguarding", "anonymised must be true"),
    ],
)
def test_each_problem_names_line_and_field(tmp_path, unchanged, change, field, words):
    err = import_lines(
        tmp_path, {"type": "partner", "key": "ok", "locale": "fr", "title": "OK"}, {**GOOD_PRACTICE, **change}
    )
    assert f"import.jsonl:2: {field}: " in err
    assert words in err


def test_json_syntax_and_duplicates_and_all_problems_at_once(tmp_path, unchanged):
    err = import_lines(
        tmp_path, GOOD_PRACTICE, GOOD_PRACTICE, {**GOOD_PRACTICE, "locale": "es", "title": ""}, raw=(1, "{not json")
    )
    assert "import.jsonl:2: line: invalid JSON" in err
    assert "import.jsonl:3: key: “p1” in “fr” is already on line 1" in err
    assert "import.jsonl:4: title: is required" in err


def test_drafts_may_have_an_incomplete_safeguarding_record(tmp_path, home_pages):
    path = tmp_path / "draft.jsonl"
    path.write_text(json.dumps({**GOOD_PRACTICE, "safeguarding": {}}) + "\n")
    call_command("import_content", str(path), "--draft", stdout=StringIO())
    assert not Page.objects.get(title="Une pratique").live


def test_a_hostile_document_is_reported_not_crashed_on(tmp_path, unchanged):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "fake.pdf").write_bytes(b"<html><script>alert(1)</script></html>")
    resource = {"type": "resource", "key": "r", "locale": "fr", "title": "R", "kind": "guide", "file": "files/fake.pdf"}
    err = import_lines(tmp_path, resource)
    assert "import.jsonl:1: file: " in err and "fake.pdf" in err


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (upload_files.ELF, "is really a program"),
        (upload_files.pdf_with_open_action_javascript(), "contains JavaScript"),
    ],
    ids=["program renamed .pdf", "PDF with JavaScript"],
)
def test_the_importer_refuses_what_the_admin_refuses(tmp_path, unchanged, data, words):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "rapport.pdf").write_bytes(data)
    resource = {"type": "resource", "key": "r", "locale": "fr", "title": "R", "kind": "guide", "file": "files/rapport.pdf"}  # fmt: skip
    with translation.override("en"):
        err = import_lines(tmp_path, resource)
    assert "import.jsonl:1: file: “rapport.pdf”" in err and words in err


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (upload_files.ELF, "was either not an image or a corrupted image"),
        (upload_files.HTML, "does not match the file format (svg)"),  # Willow takes markup for SVG
        (upload_files.clean_pdf(), "was either not an image or a corrupted image"),
        (upload_files.png(), "does not match the file format (png)"),
    ],
    ids=["program renamed .jpg", "web page renamed .jpg", "PDF renamed .jpg", "PNG named .jpg"],
)
def test_the_importer_refuses_an_image_the_admin_s_image_form_refuses(tmp_path, unchanged, data, words):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.jpg").write_bytes(data)
    with translation.override("en"):
        record = {**GOOD_PRACTICE, "image": "images/photo.jpg", "image_alt": "Un atelier"}
        err = import_lines(tmp_path, {**record, "safeguarding": {"anonymised": True, "identifiable_children": "no"}})
    assert err.count("\n") == 1 and "import.jsonl:1: image: “photo.jpg”: " in err and words in err
    assert not get_image_model().objects.exists()


def test_a_resource_needs_a_file_or_a_url(tmp_path, unchanged):
    err = import_lines(tmp_path, {"type": "resource", "key": "r", "locale": "fr", "title": "R", "kind": "guide"})
    assert "import.jsonl:1: file: a resource needs a file or a url" in err


@pytest.mark.parametrize(
    ("change", "field"),
    [({"email": "not-an-address"}, "email"), ({"phone": "call me"}, "phone"), ({"phone": 5}, "phone")],
)
def test_a_partner_s_contact_is_checked(tmp_path, unchanged, change, field):
    with translation.override("en"):
        err = import_lines(tmp_path, {"type": "partner", "key": "p", "locale": "fr", "title": "P", **change})
    assert f"import.jsonl:1: {field}: " in err


def test_a_key_cannot_change_type(tmp_path, unchanged):
    err = import_lines(tmp_path, {"type": "partner", "key": "p1", "locale": "fr", "title": "P"}, GOOD_PRACTICE)
    assert "key: “p1” already names a partner" in err


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_content", str(tmp_path / "nope.jsonl"), stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("target", ["/etc/passwd", "outside.jpg"])
def test_a_symbolic_link_leading_out_of_the_folder_is_refused(tmp_path, unchanged, target):
    folder = tmp_path / "import"
    (folder / "images").mkdir(parents=True)
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(b"\xff\xd8\xff not really an image")
    (folder / "images" / "photo.jpg").symlink_to(target if target.startswith("/") else outside)
    path = folder / "import.jsonl"
    path.write_text(json.dumps({**GOOD_PRACTICE, "image": "images/photo.jpg"}) + "\n")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_content", str(path), "--publish", stdout=StringIO(), stderr=err)
    assert "import.jsonl:1: image: “images/photo.jpg” leads outside the folder of the file" in err.getvalue()


def test_an_absolute_path_is_refused(tmp_path, unchanged):
    err = import_lines(tmp_path, {**GOOD_PRACTICE, "image": "/etc/passwd.jpg"})
    assert "import.jsonl:1: image: must be a path relative to the file, without '..'" in err


def test_a_symbolic_link_inside_the_folder_is_followed(tmp_path, home_pages):
    (tmp_path / "images").mkdir()
    image = RootCollectionImageFactory()
    with image.file.open("rb") as handle:
        (tmp_path / "images" / "real.jpg").write_bytes(handle.read())
    (tmp_path / "images" / "photo.jpg").symlink_to(tmp_path / "images" / "real.jpg")
    path = tmp_path / "import.jsonl"
    record = {
        **GOOD_PRACTICE,
        "image": "images/photo.jpg",
        "safeguarding": {"anonymised": True, "identifiable_children": "no"},
    }
    path.write_text(json.dumps(record) + "\n")
    call_command("import_content", str(path), "--publish", stdout=StringIO(), stderr=StringIO())
    assert PracticePage.objects.get(key="p1").hero_image is not None
