"""Text of uploaded PDF and DOCX files is read for search, and broken or hostile uploads get a clear refusal instead.

The other formats (OpenDocument, PowerPoint, Excel, CSV, TXT): test_extraction_formats.py.
"""

import io
import random
import zipfile

import docx
import pypdf
import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from base.tests import upload_files
from base.uploads import archives, refusals
from base.uploads.sniffing import OLE_MAGIC
from demo.media import make_pdf
from resources import extraction
from resources.extraction import ExtractionError, extract_text, normalise

FRENCH = "Protéger l’enfance, c’est d’abord écouter : le cœur du projet « Grandir ensemble » – à l’école… "
SPANISH = "Niños y niñas participan en la canción del río; el camión lleva la acción al pingüino del árbol. "


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; the French catalogue has its own test below."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def pdf_bytes():
    paragraphs = ["## Contexte", FRENCH * 8, "## Contexto", *[SPANISH * 6] * 16, "DERNIÈRE-PAGE-FIN"]
    return make_pdf("Guide de protection", paragraphs, subtitle="Retour d’expérience", footer="Socialab")


def encrypted(pdf: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password, owner_password=owner_password)
    return writer.write(io.BytesIO())[1].getvalue()


def word_file(build) -> bytes:
    document = docx.Document()
    build(document)
    document.save(out := io.BytesIO())
    return out.getvalue()


def zip_of(members: dict[str, bytes], *, content_types: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if content_types is not None:
            archive.writestr("[Content_Types].xml", content_types)
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def zeros_zip(megabytes: int) -> bytes:
    """A DOCX-looking archive with one member of zeros, written by chunks: never more than 1 MB in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types>wordprocessingml.document.main+xml</Types>")
        with archive.open("word/document.xml", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


def raising(error: BaseException):
    def fail(*args, **kwargs):
        raise error

    return fail


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract_text(io.BytesIO(data), filename)
    return str(caught.value)


def test_pdf_text_round_trips_with_french_and_spanish_accents(pdf_bytes):
    text = extract_text(io.BytesIO(pdf_bytes), "guide.pdf")
    for words in ["Protéger l’enfance", "cœur", "« Grandir ensemble »", "– à l’école…", "Niños y niñas", "río"]:
        assert words in text
    assert text.startswith("Guide de protection")
    assert "DERNIÈRE-PAGE-FIN" in text
    assert len(pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages) >= 3


def test_docx_paragraphs_and_table_rows_in_document_order():
    def build(document):
        document.add_heading("Atelier de cartographie", level=1)
        document.add_paragraph("Les adolescentes    dessinent\tleur quartier.")
        document.add_paragraph("")
        table = document.add_table(rows=2, cols=3)
        for cell, value in zip(table.rows[0].cells, ["Pays", "Partenaire", "Année"], strict=True):
            cell.text = value
        merged = table.cell(1, 0).merge(table.cell(1, 1))
        merged.text = "Bolivie – El Alto"
        table.cell(1, 2).text = "2024"
        document.add_paragraph("Conclusion : ça marche, señora.")

    text = extract_text(io.BytesIO(word_file(build)), "atelier.docx")
    assert text == (
        "Atelier de cartographie\n\n"
        "Les adolescentes dessinent leur quartier.\n\n"
        "Pays | Partenaire | Année\nBolivie – El Alto | 2024\n\n"
        "Conclusion : ça marche, señora."
    )


def test_reads_django_uploads_and_puts_the_position_back(pdf_bytes):
    upload = SimpleUploadedFile("Guide.PDF", pdf_bytes, content_type="application/pdf")
    upload.seek(17)
    assert "Protéger l’enfance" in extract_text(upload, upload.name)
    assert upload.tell() == 17


def test_reopens_a_closed_django_file(tmp_path, pdf_bytes):
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf_bytes)
    django_file = File(open(path, "rb"), name=str(path))
    django_file.close()  # as after a save
    assert "Niños y niñas" in extract_text(django_file, "documents/guide.pdf")
    django_file.close()


def test_reads_a_stream_that_cannot_seek(pdf_bytes):
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self.data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            return self.data.readinto(buffer)

    assert "cœur" in extract_text(io.BufferedReader(Pipe(pdf_bytes)), "guide.pdf")


@pytest.mark.parametrize("filename", ["README", "photo.jpeg", "archive.zip", "notes.rtf", "old.doc"])
def test_other_kinds_have_no_text_to_extract(filename):
    assert extract_text(io.BytesIO(b"\x00\x01 anything at all"), filename) == ""


def test_pdf_with_only_an_owner_password_opens(pdf_bytes):
    assert "cœur" in extract_text(io.BytesIO(encrypted(pdf_bytes, "", owner_password="owner")), "open.pdf")


def test_text_is_cut_to_max_text_chars(monkeypatch, pdf_bytes):
    monkeypatch.setattr(extraction, "MAX_TEXT_CHARS", 60)
    text = extract_text(io.BytesIO(pdf_bytes), "guide.pdf")
    assert 0 < len(text) <= 60
    assert text.startswith("Guide de protection")


@pytest.mark.parametrize(("limit", "value"), [("MAX_PDF_PAGES", 1), ("PDF_TIME_BUDGET_SECONDS", -1)])
def test_stops_reading_pages_past_the_page_or_time_budget(monkeypatch, pdf_bytes, limit, value):
    monkeypatch.setattr(extraction, limit, value)
    text = extract_text(io.BytesIO(pdf_bytes), "guide.pdf")
    assert "Guide de protection" in text  # the first page is always read
    assert "DERNIÈRE-PAGE-FIN" not in text


def test_control_characters_from_a_pdf_are_stripped(monkeypatch, pdf_bytes):
    monkeypatch.setattr(
        pypdf.PageObject, "extract_text", lambda page, *a, **k: "a\x00b\x07  c\u200b\u00ad\r\n\x0c\n\n\nd\x1b"
    )
    text = extract_text(io.BytesIO(pdf_bytes), "guide.pdf")
    assert text.startswith("ab c\n\nd\n\nab c\n\nd")  # one blank line between paragraphs, and between pages
    assert set(text) == set("abcd \n")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Un   texte\t\tespacé \u00a0 ici  ", "Un texte espacé ici"),
        ("nul\x00 et cloche\x07 et échap\x1b", "nul et cloche et échap"),
        ("ligne 1\r\nligne 2\rligne 3", "ligne 1\nligne 2\nligne 3"),
        ("§1\n\n\n\n  \n§2\x0c§3\u2028§4", "§1\n\n§2\n§3\n§4"),
        ("e\u0301cole \ufb01lle soft\u00adhyphen \ufeffbom", "école fille softhyphen bom"),
        ("\ud800orphan", "orphan"),
    ],
)
def test_normalise_whitespace_and_control_characters(raw, clean):
    assert normalise(raw) == clean


@given(st.text())
def test_normalise_always_gives_clean_idempotent_text(raw):
    clean = normalise(raw)
    assert normalise(clean) == clean
    assert "\x00" not in clean and "\n\n\n" not in clean and "  " not in clean
    assert not any(ord(char) < 32 and char != "\n" for char in clean)
    assert clean == clean.strip()


def test_password_protected_pdf_is_refused(pdf_bytes):
    message = refusal(encrypted(pdf_bytes, "secret"), "confidentiel.pdf")
    assert "password" in message and "confidentiel.pdf" in message


def test_editors_read_the_refusal_in_their_language(pdf_bytes):
    with translation.override("fr"):
        message = refusal(encrypted(pdf_bytes, "secret"), "confidentiel.pdf")
    assert message.startswith("« confidentiel.pdf » est protégé par un mot de passe")


def test_pdf_encrypted_in_an_unsupported_way_is_refused(monkeypatch, pdf_bytes):
    monkeypatch.setattr(pypdf.PdfReader, "decrypt", raising(pypdf.errors.DependencyError("cryptography is required")))
    message = refusal(encrypted(pdf_bytes, "secret"), "aes.pdf")
    assert "encrypted" in message and "password" in message


@pytest.mark.parametrize(
    "error", [KeyError("/Root"), RecursionError(), MemoryError(), ValueError("odd"), AssertionError()]
)
def test_any_pypdf_failure_becomes_an_extraction_error(monkeypatch, pdf_bytes, error):
    monkeypatch.setattr(pypdf, "PdfReader", raising(error))
    with pytest.raises(ExtractionError, match="rapport.pdf") as caught:
        extract_text(io.BytesIO(pdf_bytes), "rapport.pdf")
    assert caught.value.__cause__ is error


def test_one_unreadable_page_does_not_lose_the_others(monkeypatch, pdf_bytes):
    original = pypdf.PageObject.extract_text
    calls = []

    def flaky(page, *args, **kwargs):
        calls.append(page)
        if len(calls) == 2:
            raise TypeError("bad content stream")
        return original(page, *args, **kwargs)

    monkeypatch.setattr(pypdf.PageObject, "extract_text", flaky)
    text = extract_text(io.BytesIO(pdf_bytes), "guide.pdf")
    assert "Guide de protection" in text and "DERNIÈRE-PAGE-FIN" in text


def test_pdf_whose_every_page_fails_is_refused(monkeypatch, pdf_bytes):
    monkeypatch.setattr(pypdf.PageObject, "extract_text", raising(ZeroDivisionError()))
    assert "damaged" in refusal(pdf_bytes, "guide.pdf")


def test_pdf_over_pypdf_safety_limits_is_refused(monkeypatch, pdf_bytes):
    monkeypatch.setattr(pypdf.PageObject, "extract_text", raising(pypdf.errors.LimitReachedError("too much")))
    assert "too large or complex" in refusal(pdf_bytes, "dense.pdf")


def test_zip_bomb_is_refused_before_parsing(monkeypatch):
    bomb = zeros_zip(150)
    assert len(bomb) < 400_000
    monkeypatch.setattr(docx, "Document", lambda *a: pytest.fail("python-docx must not see a zip bomb"))
    message = refusal(bomb, "bombe.docx")
    assert "bombe.docx" in message and "100 MB" in message


def test_member_with_an_extreme_compression_ratio_is_refused():
    message = refusal(zeros_zip(20), "ratio.docx")
    assert "ratio.docx" in message and "zip bomb" in message


def test_archive_with_too_many_members_is_refused():
    many = zip_of({f"word/part{i}.xml": b"" for i in range(archives.MAX_ZIP_MEMBERS + 1)})
    assert "more than 10,000 files" in refusal(many, "many.docx")
    # An end record that lies about the count does not fool the limit: the real listing is counted too.
    end = many.rfind(b"PK\x05\x06")
    lying = many[: end + 8] + (5).to_bytes(2, "little") * 2 + many[end + 12 :]
    assert "more than 10,000 files" in refusal(lying, "lying.docx")


def test_huge_central_directory_is_refused_without_listing_it(monkeypatch):
    archive = zip_of({f"word/part{i}.xml": b"x" for i in range(5)})
    monkeypatch.setattr(archives, "MAX_ZIP_DIRECTORY_BYTES", 100)
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a: pytest.fail("the directory must not be listed"))
    assert "files inside" in refusal(archive, "dir.docx")


NOISE = b"\x00" + random.Random(7).randbytes(4095)  # no known signature, and the same in every run
WORD_TYPES, SHEET_TYPES = b"wordprocessingml.document.main", b"spreadsheetml.sheet.main"
CASES = {
    "truncated PDF": (lambda pdf: pdf[: len(pdf) // 2], "tronque.pdf", "damaged"),
    "PDF without its end": (lambda pdf: pdf[:-300], "sans-fin.pdf", "damaged"),
    "random bytes named .pdf": (lambda pdf: NOISE, "hasard.pdf", "not recognised"),
    "ZIP named .pdf": (lambda pdf: zip_of({"a.txt": b"a"}), "archive.pdf", "ZIP archive"),
    "HTML named .docx": (lambda pdf: b"<!DOCTYPE html>\n<html><body><p>Bonjour</p></body></html>", "page.docx", "HTML"),
    "HTML named .pdf": (lambda pdf: b"\n  <html lang='fr'><head></head></html>", "page.pdf", "HTML"),
    "PDF named .docx": (lambda pdf: pdf, "guide.docx", "is really a PDF"),
    "old or encrypted Office file": (lambda pdf: OLE_MAGIC + bytes(600), "ancien.docx", "password"),
    "broken ZIP": (lambda pdf: b"PK\x03\x04" + NOISE, "casse.docx", "damaged"),
    "spreadsheet named .docx": (
        lambda pdf: zip_of({}, content_types=SHEET_TYPES),
        "budget.docx",
        "not a Word document",
    ),
    "Word content type, no document": (lambda pdf: zip_of({}, content_types=WORD_TYPES), "vide.docx", "damaged"),
    "empty file": (lambda pdf: b"", "vide.pdf", "empty"),
    "program named .pdf": (lambda pdf: upload_files.PE, "rapport.pdf", "is really a program"),
    "PDF with JavaScript": (lambda pdf: upload_files.pdf_with_document_javascript(), "script.pdf", "JavaScript"),
}


@pytest.mark.parametrize(("make", "filename", "words"), CASES.values(), ids=CASES.keys())
def test_bad_files_are_refused_with_a_sentence_naming_them(pdf_bytes, make, filename, words):
    message = refusal(make(pdf_bytes), f"uploads/{filename}")
    assert words in message
    assert message.startswith(f"“{filename}”") and message.endswith(".")
    assert "uploads/" not in message and "Traceback" not in message


def test_messages_are_translated_when_raised(monkeypatch):
    monkeypatch.setattr(refusals, "gettext", lambda message: message.replace("is empty", "est vide"))
    assert refusal(b"", "vide.docx") == "“vide.docx” est vide, so there is no text to read."
