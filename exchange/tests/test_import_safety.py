"""The importer writes only what it should: draft then publish publishes, an editor's pending draft is
a conflict, and the admin's import screen writes with the signed-in person's page permissions."""

import os
import shutil
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils.translation import gettext

from exchange import importing
from exchange.loader import RecordError
from exchange.tests.test_admin_import import EXAMPLE, upload, url
from exchange.tests.test_import import run
from practices.models import PracticePage

pytestmark = pytest.mark.django_db

KEY = "cliniques-mobiles-dakar"


def french():
    return PracticePage.objects.get(key=KEY, locale__language_code="fr")


def test_publish_after_a_draft_import_of_the_same_file_publishes(home_pages):
    run(EXAMPLE / "example.jsonl")
    assert not french().live
    out, _err = run(EXAMPLE / "example.jsonl", "--publish")
    assert french().live and not french().has_unpublished_changes
    assert "updated" in out


def test_a_draft_saved_by_an_editor_since_the_import_is_a_conflict(home_pages, tmp_path):
    run(EXAMPLE / "example.jsonl", "--publish")
    page = french()
    page.title = "Titre revu par une éditrice"
    editor_draft = page.save_revision()
    changed = tmp_path / "example"
    shutil.copytree(EXAMPLE, changed)
    jsonl = changed / "example.jsonl"
    jsonl.write_text(jsonl.read_text().replace("Cliniques juridiques mobiles", "Cliniques mobiles (v2)", 1))
    errors = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_content", str(jsonl), "--publish", stdout=StringIO(), stderr=errors)
    conflict = gettext(
        "“%(title)s” has a draft saved in the admin since the last import: publish or delete that draft, "
        "then import again."
    )
    assert conflict % {"title": french().title} in errors.getvalue()
    page = french()
    assert page.latest_revision_id == editor_draft.pk  # not overwritten
    assert page.title != "Cliniques mobiles (v2)"


def test_an_editor_without_publish_permission_cannot_publish_by_import(client, django_user_model, home_pages):
    editor = django_user_model.objects.create_user("redactrice", password="x" * 12)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    token = upload(client, publish=True).context["token"]
    response = client.post(url(), {"token": token, "confirm": "1"})
    assert "You may not publish" in response.content.decode()
    assert not PracticePage.objects.exists()
    token = upload(client, publish=False).context["token"]  # as drafts, an editor may
    client.post(url(), {"token": token, "confirm": "1"})
    assert PracticePage.objects.filter(key=KEY, live=False).exists()


def test_an_editor_cannot_overwrite_a_page_they_may_not_edit(client, django_user_model, home_pages):
    run(EXAMPLE / "example.jsonl", "--publish")
    reader = django_user_model.objects.create_user("lectrice", password="x" * 12)
    reader.groups.add(Group.objects.get(name="Editors"))
    Group.objects.get(name="Editors").page_permissions.all().delete()  # no page permission at all
    client.force_login(reader)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    lines = (EXAMPLE / "example.jsonl").read_text().replace("Cliniques juridiques mobiles", "Écrasé", 1)
    token = upload(client, jsonl=SimpleUploadedFile("example.jsonl", lines.encode())).context["token"]
    response = client.post(url(), {"token": token, "confirm": "1"})
    assert "You may not edit" in response.content.decode()
    assert french().title != "Écrasé"


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return {path for folder in ("original_images", "documents") for path in (root / folder).glob("*") if path.is_file()}


def failing_at_record(number, error, seen):
    """`upsert` that fails at the record numbered `number` (1-based), after earlier ones stored their files."""
    real_upsert = importing.upsert

    def upsert(*args, **kwargs):
        seen.append(stored_files())
        if len(seen) == number:
            raise error
        return real_upsert(*args, **kwargs)

    return upsert


@pytest.mark.parametrize(
    "error", [RecordError("key", "refused while writing"), KeyboardInterrupt()], ids=["refused", "interrupted"]
)
def test_a_failed_import_leaves_no_stored_file(home_pages, monkeypatch, error):
    before, seen = stored_files(), []
    monkeypatch.setattr(importing, "upsert", failing_at_record(7, error, seen))
    with pytest.raises((CommandError, KeyboardInterrupt)):
        call_command("import_content", str(EXAMPLE / "example.jsonl"), stdout=StringIO(), stderr=StringIO())
    assert len(seen[-1] - before) == 3  # the two documents and the image were stored by then
    assert not PracticePage.objects.exists()
    assert stored_files() == before


def test_orphan_files_of_a_killed_import_are_swept(home_pages):
    run(EXAMPLE / "example.jsonl")
    kept = stored_files()
    orphan = Path(settings.MEDIA_ROOT) / "documents" / "left-by-a-killed-import.pdf"
    orphan.write_bytes(b"%PDF-1.4 orphan")
    fresh = Path(settings.MEDIA_ROOT) / "documents" / "being-written-now.pdf"
    fresh.write_bytes(b"%PDF-1.4 fresh")
    old = time.time() - 2 * 3600
    os.utime(orphan, (old, old))
    out = StringIO()
    call_command("remove_orphan_files", stdout=out)
    assert "deleted documents/left-by-a-killed-import.pdf" in out.getvalue()
    assert not orphan.exists() and fresh.exists()
    assert kept <= stored_files()
    fresh.unlink()
