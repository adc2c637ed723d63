"""An editor replaces a document's file in Wagtail's Documents admin: the resources using it, in every language, are
found by the new file's text and no longer by the old one's."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse

from base.factories import translate
from resources.factories import pdf_bytes
from resources.models import ResourcePage
from search.service import run_search
from tests import content

from .test_extraction_formats import odt

pytestmark = pytest.mark.django_db


def found(words, language="fr"):
    return {hit.title for hit in run_search(QueryDict(f"q={words}"), language, record=False).hits}


def replace_file(client, document, filename, data, title=None):
    """The Documents admin's edit form, posted as an editor does, with a new file."""
    form = {"title": title or document.title, "collection": document.collection_id, "tags": ""}
    if data is not None:
        form["file"] = SimpleUploadedFile(filename, data)
    response = client.post(reverse("wagtaildocs:edit", args=[document.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    return document


@pytest.fixture
def guide(home_pages):
    """A French resource whose PDF speaks of a pangolin, and its Spanish translation sharing the document."""
    french = content.resource(key="guide-pangolin", title="Guide des conseils", text=["Le pangolin anime le conseil."])
    spanish = translate(french, "es", title="Guía de los consejos", summary="Los pasos para animar un consejo.")
    assert spanish.document_id == french.document_id
    return french, spanish


def test_replacing_the_file_rereads_the_text_of_every_resource_using_it_and_search_follows(admin_client, guide):
    french, spanish = guide
    assert found("pangolin") == {"Guide des conseils"}
    new_file = odt("<text:h>Nouvelle version</text:h><text:p>Le tatou remplace l’ancien animal.</text:p>")

    document = replace_file(admin_client, french.document, "guide-pangolin.odt", new_file)

    assert document.filename.endswith(".odt")
    for page in (french, spanish):
        page.refresh_from_db()
        assert page.extracted_text == "Nouvelle version\n\nLe tatou remplace l’ancien animal."
        assert page.extracted_file_hash == document.file_hash
    assert found("tatou") == {"Guide des conseils"}
    assert "Guía de los consejos" in found("tatou", "es")
    assert found("pangolin") == set()
    assert found("pangolin", "es") == set()
    # Wagtail's own index, the one the admin's page search uses, has the new text too.
    assert list(ResourcePage.objects.search("tatou")) and not list(ResourcePage.objects.search("pangolin"))


def test_a_draft_saved_before_the_replacement_is_published_with_the_new_text(admin_client, guide):
    french, _ = guide
    french.summary = "Un résumé revu, pas encore publié."
    draft = french.save_revision()
    replace_file(admin_client, french.document, "guide.pdf", pdf_bytes("Guide", ["Le tatou remplace le pangolin."]))
    replace_file(admin_client, french.document, "guide.pdf", pdf_bytes("Guide", ["Le tatou seulement."]))

    draft.publish()  # the revision still holds the hash of the first file

    french.refresh_from_db()
    assert french.summary == "Un résumé revu, pas encore publié."
    assert "Le tatou seulement." in french.extracted_text and "pangolin" not in french.extracted_text
    assert found("pangolin") == set()


def test_a_replacement_that_cannot_be_read_leaves_no_text_and_no_error(admin_client, guide, caplog):
    french, spanish = guide
    # A real OpenDocument text, so the upload is accepted, whose XML declares entities, which text extraction refuses.
    entities = odt("<text:p>&x;</text:p>", prologue='<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x "Bonjour">]>')
    with caplog.at_level(logging.WARNING, logger="resources.models"):
        document = replace_file(admin_client, french.document, "guide.odt", entities)
    for page in (french, spanish):
        page.refresh_from_db()
        assert (page.extracted_text, page.extracted_file_hash) == ("", "")
    assert document.filename in caplog.text and "DOCTYPE" in caplog.text
    assert found("pangolin") == set()


def test_a_replacement_that_is_not_what_its_name_says_is_refused_and_the_text_stays(admin_client, guide):
    french, _ = guide
    page_as_text = b"<!DOCTYPE html><html><body>Une page enregistr\xc3\xa9e par erreur</body></html>"
    form = {"title": french.document.title, "collection": french.document.collection_id, "tags": ""}
    form["file"] = SimpleUploadedFile("guide.txt", page_as_text)
    response = admin_client.post(reverse("wagtaildocs:edit", args=[french.document_id]), form)
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["file"])
    assert "guide.txt" in error and "(HTML)" in error  # in the editor's language
    french.document.refresh_from_db()
    assert french.document.filename.endswith(".pdf")
    assert found("pangolin") == {"Guide des conseils"}


def test_saving_a_document_without_a_new_file_reads_nothing(admin_client, guide, monkeypatch):
    french, _ = guide
    monkeypatch.setattr("resources.models.extract_text", lambda *a: pytest.fail("the file did not change"))
    document = replace_file(admin_client, french.document, "", None, title="Guide renommé")
    assert document.title == "Guide renommé"
    assert found("pangolin") == {"Guide des conseils"}


def test_deleting_the_document_takes_its_text_out_of_its_resources_and_search(admin_client, guide):
    french, spanish = guide
    assert found("pangolin") == {"Guide des conseils"}
    response = admin_client.post(reverse("wagtaildocs:delete", args=[french.document_id]))
    assert response.status_code == 302
    for page in (french, spanish):
        page.refresh_from_db()
        assert page.document_id is None and page.extracted_text == ""
    assert found("pangolin") == set() and found("pangolin", "es") == set()
    assert found("conseils") >= {"Guide des conseils"}  # the resource itself stays, without a file
