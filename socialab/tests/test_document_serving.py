"""Uploaded files are served as files, never as pages of the site: documents downloaded (a PDF found free of scripts
and actions shown by the browser), with `nosniff` and a policy that runs, loads and frames nothing; the privacy of
the pages that use them still decides who gets them."""

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from base.tests import upload_files as files
from socialab.headers import PUBLIC_POLICY
from socialab.media import FILE_POLICY, INLINE_PDF_POLICY
from tests import content

pytestmark = pytest.mark.django_db
Document = get_document_model()


def stored(name, data, *, checked=True):
    """A document as an upload stores it, or (`checked=False`) as one stored before uploads were checked."""
    document = Document(
        title="Un document", file=ContentFile(data, name=name), collection=Collection.get_first_root_node()
    )
    document._set_document_file_metadata()
    if checked:
        document.save()
        return document
    return Document.objects.bulk_create([document])[0]  # bulk_create sends no pre_save: nothing is checked


def download(client, document):
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    return response


def test_a_safe_pdf_of_a_public_resource_is_shown_by_the_browser(client, home_pages):
    resource = content.resource(key="guide-sur", text=["Un guide sans script."])
    response = download(client, resource.document)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{resource.document.filename}"'
    # No sandbox: browsers refuse to show a PDF in one; the PDF was found free of scripts instead.
    assert response["Content-Security-Policy"] == INLINE_PDF_POLICY
    assert "frame-ancestors 'none'" in INLINE_PDF_POLICY and "default-src 'none'" in INLINE_PDF_POLICY


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("fiche.docx", files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notes.txt", files.TEXT, "text/plain"),
        ("tableau.csv", files.CSV, "text/csv"),
    ],
)
def test_other_documents_are_downloaded_under_a_policy_that_runs_nothing(admin_client, name, data, content_type):
    document = stored(name, data)  # named "fiche_<random>.docx" if another test left a "fiche.docx"
    response = download(admin_client, document)
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"] == f'attachment; filename="{document.filename}"'
    assert response["Content-Security-Policy"] == FILE_POLICY == "default-src 'none'; sandbox; frame-ancestors 'none'"


def test_a_pdf_with_javascript_stored_before_the_checks_is_only_downloaded(admin_client, home_pages):
    document = stored("ancien.pdf", files.pdf_with_open_action_javascript(), checked=False)
    response = download(admin_client, document)
    assert response["Content-Disposition"] == f'attachment; filename="{document.filename}"'
    assert response["Content-Security-Policy"] == FILE_POLICY
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_program_stored_as_a_pdf_before_the_checks_is_only_downloaded(admin_client, home_pages):
    response = download(admin_client, stored("rapport.pdf", files.ELF, checked=False))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_pdf_s_verdict_is_remembered_by_its_content(admin_client, home_pages, monkeypatch):
    document = stored("guide.pdf", files.clean_pdf())
    download(admin_client, document)
    monkeypatch.setattr("base.uploads.checks.check_document", lambda *a: pytest.fail("checked once per content"))
    assert download(admin_client, document)["Content-Disposition"].startswith("inline;")


def test_a_document_no_public_page_uses_is_still_not_served_to_readers(client, home_pages):
    document = stored("brouillon.pdf", files.clean_pdf())
    assert client.get(document.url).status_code == 404


def test_images_under_media_get_the_file_policy_too(admin_client, home_pages):
    image = wagtail_factories.ImageFactory(collection=Collection.get_first_root_node())
    response = admin_client.get(f"/media/{image.file.name}")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == FILE_POLICY


def test_pages_keep_the_site_s_policy(client, home_pages):
    assert client.get("/fr/")["Content-Security-Policy"] == PUBLIC_POLICY
