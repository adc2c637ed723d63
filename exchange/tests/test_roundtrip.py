"""export → import into an empty site → export gives the same records, and byte-identical files."""

import filecmp
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page

from base.progress import Progress

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "exchange-example"


def export(path):
    call_command("export_content", str(path), stdout=StringIO(), stderr=StringIO())
    return path.read_text(encoding="utf-8")


def empty_the_site():
    """Delete every partner, practice and resource, as on a new site (sections stay)."""
    from partners.models import PartnerPage
    from practices.models import PracticePage
    from resources.models import ResourcePage

    for model in (PracticePage, ResourcePage, PartnerPage):
        for page in model.objects.order_by("-pk"):
            page.delete()
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    get_document_model().objects.all().delete()
    get_image_model().objects.all().delete()


def test_round_trip(home_pages, tmp_path):
    call_command("import_content", str(EXAMPLE / "example.jsonl"), "--publish", stdout=StringIO())
    first = export(tmp_path / "one" / "content.jsonl")
    assert first.count("\n") == 7

    empty_the_site()
    assert Page.objects.filter(depth__gt=3).count() == 0
    call_command("import_content", str(tmp_path / "one" / "content.jsonl"), "--publish", stdout=StringIO())
    second = export(tmp_path / "two" / "content.jsonl")

    assert second == first
    for folder in ("files", "images"):
        names = sorted(p.name for p in (tmp_path / "one" / folder).iterdir())
        assert names == sorted(p.name for p in (tmp_path / "two" / folder).iterdir())
        match, mismatch, errors = filecmp.cmpfiles(
            tmp_path / "one" / folder, tmp_path / "two" / folder, names, shallow=False
        )
        assert match == names and not mismatch and not errors


def test_export_copies_the_imported_files_byte_for_byte(home_pages, tmp_path):
    call_command("import_content", str(EXAMPLE / "example.jsonl"), "--publish", stdout=StringIO())
    text = export(tmp_path / "content.jsonl")
    assert '"file": "files/guide-conseil-enfants.pdf"' in text
    assert filecmp.cmp(
        EXAMPLE / "files" / "guide-conseil-enfants.pdf", tmp_path / "files" / "guide-conseil-enfants.pdf", shallow=False
    )
    assert filecmp.cmp(
        EXAMPLE / "images" / "cliniques-mobiles.jpg", tmp_path / "images" / "cliniques-mobiles-dakar.jpg", shallow=False
    )


def test_export_into_a_folder_path_is_a_clear_error(home_pages, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="is a folder"):
        call_command("export_content", str(tmp_path), stdout=StringIO())


class FakeTerminal(StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


def test_progress_bar_only_on_a_terminal():
    terminal, pipe = FakeTerminal(True), FakeTerminal(False)
    for stream in (terminal, pipe):
        progress = Progress(3, "Importing", stream)
        for _ in range(3):
            progress.advance()
        progress.finish()
    assert "Importing" in terminal.getvalue() and "3/3" in terminal.getvalue()
    assert pipe.getvalue() == ""
