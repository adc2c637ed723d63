"""The checks every upload goes through (base.uploads): a file is what its extension says, and carries nothing that
runs; each refusal is a sentence naming the file, in the editor's language."""

import io

import pypdf
import pytest
from django.utils import translation

from base.tests import upload_files as files
from base.uploads import pdfs
from base.uploads.checks import check_document
from base.uploads.refusals import FileRefused
from base.uploads.sniffing import sniff


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(FileRefused) as caught:
        check_document(io.BytesIO(data), filename)
    return str(caught.value)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (files.ELF, "program"),
        (files.PE, "program"),
        (files.MACH_O, "program"),
        (files.SHELL_SCRIPT, "program"),
        (b"MZ is how this text begins, without a NUL byte", "unknown"),
        (b"%PDF-1.7\n", "pdf"),
        (b"PK\x03\x04rest", "zip"),
        (b"\x89PNG\r\n\x1a\n", "image"),
        (files.HTML, "html"),
        (files.SVG_SCRIPT, "xml"),
        (b"", "empty"),
        (files.TEXT, "unknown"),
    ],
)
def test_the_first_bytes_say_what_a_file_really_is(head, kind):
    assert sniff(head[:1024]) == kind


ATTACKS = {
    "ELF program named .pdf": (files.ELF, "rapport.pdf", "is really a program (an executable file)"),
    "Windows program named .pdf": (files.PE, "rapport.pdf", "is really a program (an executable file)"),
    "macOS program named .docx": (files.MACH_O, "fiche.docx", "is really a program"),
    "shell script named .txt": (files.SHELL_SCRIPT, "notes.txt", "is really a program"),
    "Windows program named .txt": (files.PE, "notes.txt", "is really a program"),
    "HTML named .txt": (files.HTML, "notes.txt", "is really a web page (HTML)"),
    "HTML in UTF-16 named .csv": ("\ufeff<html><body>x</body></html>".encode("utf-16-le"), "t.csv", "web page"),
    "SVG with a script named .csv": (files.SVG_SCRIPT, "tableau.csv", "is really an XML or HTML text"),
    "XML with a script named .txt": (files.XML_SCRIPT, "notes.txt", "is really an XML or HTML text"),
    "PDF named .txt": (files.clean_pdf(), "notes.txt", "is really a PDF"),
    "PDF named .docx": (files.clean_pdf(), "fiche.docx", "is really a PDF"),
    "ZIP of a program named .docx": (files.zip_named_docx(), "fiche.docx", "is a ZIP archive but not a Word document"),
    "ZIP named .pdf": (files.zip_named_docx(), "rapport.pdf", "is really a ZIP archive"),
    "text named .pdf": (files.TEXT, "rapport.pdf", "its content is not recognised"),
    "empty .pdf": (b"", "rapport.pdf", "its content is not recognised"),
    "PDF with JavaScript": (files.pdf_with_document_javascript(), "rapport.pdf", "contains JavaScript"),
    "PDF running JavaScript when opened": (files.pdf_with_open_action_javascript(), "rapport.pdf", "JavaScript"),
    "PDF launching a program": (files.pdf_with_launch_action(), "rapport.pdf", "opening another program"),
    "PDF with a page's automatic action": (files.pdf_with_page_automatic_action(), "rapport.pdf", "JavaScript"),
    "PDF spelling /JS as /J#53": (files.pdf_with_escaped_javascript_name(), "rapport.pdf", "JavaScript"),
    "broken PDF": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nnot a PDF", "rapport.pdf", "seems damaged"),
}


@pytest.mark.parametrize(("data", "filename", "words"), ATTACKS.values(), ids=ATTACKS.keys())
def test_disguised_and_active_files_are_refused_with_a_sentence_naming_them(data, filename, words):
    message = refusal(data, f"documents/{filename}")
    assert words in message
    assert message.startswith(f"“{filename}”") and message.endswith(".")


HONEST = {
    "PDF": (files.clean_pdf(), "guide.PDF"),
    "PDF opening at its first page": (files.pdf_opening_at_its_first_page(), "guide.pdf"),
    "Word document": (files.docx(), "fiche.docx"),
    "text": (files.TEXT, "notes.txt"),
    "CSV": (files.CSV, "tableau.csv"),
    "XML without scripts named .txt": (files.PLAIN_XML, "notes.txt"),
    "a format nobody reads": (files.ELF, "programme.exe"),  # WAGTAILDOCS_EXTENSIONS refuses it, not this check
}


@pytest.mark.parametrize(("data", "filename"), HONEST.values(), ids=HONEST.keys())
def test_honest_files_pass(data, filename):
    check_document(io.BytesIO(data), filename)


def test_a_password_protected_pdf_cannot_be_checked_so_it_is_refused():
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(files.clean_pdf()))
    writer.encrypt("secret")
    assert "protected by a password" in refusal(writer.write(io.BytesIO())[1].getvalue(), "secret.pdf")


def test_a_pdf_too_complex_to_check_is_refused(monkeypatch):
    monkeypatch.setattr(pdfs, "MAX_PDF_OBJECTS", 1)
    assert "too large or complex" in refusal(files.clean_pdf(), "dense.pdf")


def test_the_check_puts_the_file_back_where_it_was():
    upload = io.BytesIO(files.clean_pdf())
    upload.seek(11)
    check_document(upload, "guide.pdf")
    assert upload.tell() == 11


@pytest.mark.parametrize(("language", "start"), [("fr", "« rapport.pdf » a été refusé"), ("es", "«rapport.pdf»")])
def test_the_refusal_of_an_active_pdf_is_in_the_editor_s_language(language, start):
    with translation.override(language):
        message = refusal(files.pdf_with_launch_action(), "rapport.pdf")
    assert message.startswith(start) and "JavaScript" in message
