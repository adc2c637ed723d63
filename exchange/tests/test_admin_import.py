"""The admin import screen: upload, dry-run report, confirm; refused archives; who may import."""

import io
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page

from exchange import forms
from exchange.admin_views import SESSION_KEY
from exchange.wagtail_hooks import register_import_menu_item
from practices.models import PracticePage

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "exchange-example"


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    """Temporary import folders go to this test's own folder, where they can be counted."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.fixture
def editor(admin_client, home_pages):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def url():
    return reverse("exchange_import")


def archive(members=None, *, example=True, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zipped:
        if example:
            for folder in ("files", "images"):
                for path in sorted((EXAMPLE / folder).iterdir()):
                    zipped.write(path, f"{folder}/{path.name}")
        for name, data in (members or {}).items():
            zipped.writestr(name, data)
    return SimpleUploadedFile("attachments.zip", buffer.getvalue(), content_type="application/zip")


def exchange_file(lines=None, name="example.jsonl"):
    data = (EXAMPLE / "example.jsonl").read_bytes()
    if lines is not None:
        data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
    return SimpleUploadedFile(name, data, content_type="application/jsonl")


def example_lines():
    return [json.loads(line) for line in (EXAMPLE / "example.jsonl").read_text().splitlines() if line.strip()]


def upload(client, *, jsonl=None, attachments=None, publish=False):
    data = {"jsonl": jsonl or exchange_file(), "attachments": attachments or archive()}
    if publish:
        data["publish"] = "on"
    return client.post(url(), data)


def import_folders(tmp):
    return list(Path(tmp).glob("socialab-import-*"))


def test_the_form_is_shown_with_labels(editor):
    response = editor.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_jsonl"' in html and 'for="id_attachments"' in html and 'for="id_publish"' in html


def test_the_dry_run_reports_the_plan_and_writes_nothing(editor, private_tmp):
    pages = Page.objects.count()
    response = upload(editor)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<td>created</td>") == 7
    assert "7 created, 0 updated, 0 unchanged" in html
    assert "<caption>" in html and '<th scope="col">Outcome</th>' in html
    assert "Confirm import" in html and "cliniques-mobiles-dakar" in html
    assert Page.objects.count() == pages and not PracticePage.objects.exists()
    (folder,) = import_folders(private_tmp)
    assert (folder / "import.jsonl").is_file() and (folder / "images" / "cliniques-mobiles.jpg").is_file()
    assert editor.session[SESSION_KEY]["folder"] == str(folder)


@pytest.mark.parametrize("publish", [False, True])
def test_confirm_imports_drafts_or_published_pages_and_removes_the_folder(editor, admin_user, private_tmp, publish):
    token = upload(editor, publish=publish).context["token"]
    response = editor.post(url(), {"token": token, "confirm": "1"}, follow=True)
    assert response.redirect_chain == [(url(), 302)]
    state = "imported and published" if publish else "imported as drafts"
    assert f"“example.jsonl” {state}: 7 created, 0 updated, 0 unchanged." in response.content.decode()
    versions = PracticePage.objects.filter(key="cliniques-mobiles-dakar")
    assert {page.locale.language_code for page in versions} == {"fr", "es", "en"}
    assert all(page.live is publish for page in versions)
    assert versions.get(locale__language_code="fr").latest_revision.user == admin_user
    assert import_folders(private_tmp) == [] and SESSION_KEY not in editor.session


def test_a_problem_is_reported_by_line_and_field_and_nothing_is_written(editor, private_tmp):
    lines = example_lines()
    lines[1]["country"] = "XX"
    response = upload(editor, jsonl=exchange_file(lines, name="broken.jsonl"))
    html = response.content.decode()
    assert response.status_code == 200 and response.context["token"] is None
    assert '<th scope="row">line 2</th>' in html and "<code>country</code>" in html and "XX" in html
    assert "Confirm import" not in html and str(private_tmp) not in html
    assert not PracticePage.objects.exists() and SESSION_KEY not in editor.session
    assert import_folders(private_tmp) == []


def test_the_file_is_checked_again_at_confirmation(editor, private_tmp):
    token = upload(editor).context["token"]
    (folder,) = import_folders(private_tmp)
    lines = example_lines()
    lines[4]["countries"] = ["XX"]
    (folder / "import.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    response = editor.post(url(), {"token": token, "confirm": "1"})
    assert response.status_code == 200 and '<th scope="row">line 5</th>' in response.content.decode()
    assert not PracticePage.objects.exists() and import_folders(private_tmp) == []


def test_cancel_discards_the_upload(editor, private_tmp):
    token = upload(editor).context["token"]
    response = editor.post(url(), {"token": token, "cancel": "1"}, follow=True)
    assert "Import cancelled" in response.content.decode()
    assert import_folders(private_tmp) == [] and not PracticePage.objects.exists()


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
def test_confirm_without_a_valid_token_redirects_with_a_message(editor, token):
    if token == "not-the-token":
        upload(editor)
    data = {"confirm": "1"} if token is None else {"confirm": "1", "token": token}
    response = editor.post(url(), data, follow=True)
    assert response.redirect_chain == [(url(), 302)]
    assert "no longer waiting for confirmation" in response.content.decode()
    assert not PracticePage.objects.exists()


@pytest.mark.parametrize(
    "name", ["../evil.txt", "files/../../evil.txt", "/tmp/evil.txt", "..\\evil.txt", "C:/evil.txt"]
)
def test_an_archive_climbing_out_of_its_folder_is_refused(editor, private_tmp, name):
    response = upload(editor, attachments=archive({name: b"owned"}))
    assert response.status_code == 200
    assert "must be relative" in response.context["form"].errors["attachments"][0]
    assert import_folders(private_tmp) == [] and not (private_tmp.parent / "evil.txt").exists()


def test_too_many_members_a_zip_bomb_and_too_much_data_are_refused(editor, monkeypatch):
    many = archive({f"files/{n}.txt": b"" for n in range(5_001)}, example=False)
    bomb = archive({"files/zeros.txt": bytes(2 * 1024 * 1024)}, example=False)
    errors = [upload(editor, attachments=zipped).context["form"].errors["attachments"][0] for zipped in (many, bomb)]
    assert "more than 5,000 files" in errors[0] and "compressed suspiciously well" in errors[1]
    monkeypatch.setattr(forms, "MAX_UNCOMPRESSED_BYTES", 1000)
    error = upload(editor).context["form"].errors["attachments"][0]
    assert "more than 500 MB" in error


def test_wrong_names_and_broken_archives_are_form_errors(editor):
    response = upload(editor, jsonl=exchange_file(name="example.json"))
    assert "ends in .jsonl" in response.context["form"].errors["jsonl"][0]
    broken = SimpleUploadedFile("attachments.zip", b"PK\x03\x04 not really a zip")
    response = upload(editor, attachments=broken)
    assert "not a valid ZIP" in response.context["form"].errors["attachments"][0]
    response = upload(editor, attachments=SimpleUploadedFile("attachments.tar", b"x"))
    assert "ends in .zip" in response.context["form"].errors["attachments"][0]


def test_only_superusers_editors_and_moderators_may_import(client, django_user_model, home_pages):
    user = django_user_model.objects.create_user("reader", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    menu_item = register_import_menu_item()
    assert client.get(url()).status_code == 403 and client.post(url(), {"confirm": "1"}).status_code == 403
    assert not menu_item.is_shown(request)
    user.groups.add(Group.objects.get(name="Editors"))
    assert client.get(url()).status_code == 200 and menu_item.is_shown(request)
