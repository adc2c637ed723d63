"""OpenDocument text, PowerPoint, Excel, CSV and TXT uploads are read for search; disguised or hostile ones are refused.

The files are built here, part by part, with the XML their formats prescribe (PDF and Word: test_extraction.py).
"""

import io
import zipfile

import docx
import pytest
from django.utils import translation

from base.uploads.plain import decode
from base.uploads.sniffing import OLE_MAGIC
from demo.media import make_pdf
from resources import extraction
from resources import extraction_office as office
from resources.extraction import ExtractionError, extract_text

ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
DRAWING = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)
SHEET = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MAIN = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + bytes(47) + b"This program cannot be run"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def archive(members: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def odt(body: str, prologue: str = '<?xml version="1.0" encoding="UTF-8"?>', **extra) -> bytes:
    content = f"{prologue}\n<office:document-content {ODF}><office:body><office:text>{body}</office:text></office:body></office:document-content>"
    return archive({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content, **extra})


def pptx(*slides: str, numbers=None) -> bytes:
    members = {
        "[Content_Types].xml": f'<Types><Override PartName="/ppt/presentation.xml" ContentType="{MAIN["pptx"]}"/></Types>'
    }
    for number, paragraphs in zip(numbers or range(1, len(slides) + 1), slides, strict=True):
        body = f"<p:sld {DRAWING}><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/>{paragraphs}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
        members[f"ppt/slides/slide{number}.xml"] = body
    return archive(members)


def xlsx(*sheets: str, shared: str = "", shared_prologue: str = "", sheet_prologue: str = "") -> bytes:
    members = {
        "[Content_Types].xml": f'<Types><Override PartName="/xl/workbook.xml" ContentType="{MAIN["xlsx"]}"/></Types>'
    }
    if shared:
        members["xl/sharedStrings.xml"] = f"{shared_prologue}<sst {SHEET}>{shared}</sst>"
    for number, rows in enumerate(sheets, start=1):
        sheet = f"{sheet_prologue}<worksheet {SHEET}><sheetData>{rows}</sheetData></worksheet>"
        members[f"xl/worksheets/sheet{number}.xml"] = sheet
    return archive(members)


def read(data: bytes, filename: str) -> str:
    return extract_text(io.BytesIO(data), filename)


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(ExtractionError) as caught:
        read(data, f"uploads/{filename}")
    message = str(caught.value)
    assert message.startswith(f"“{filename}”") and message.endswith(".")
    return message


def test_odt_paragraphs_headings_spans_and_spacing():
    text = read(
        odt(
            '<text:h text:outline-level="1">Atelier de cartographie</text:h>'
            '<text:p>Les adolescentes<text:s text:c="3"/>dessinent<text:tab/>leur <text:span>quar</text:span>tier.'
            "<text:line-break/>Deuxième ligne</text:p>"
            "<text:p>Une phrase\n      écrite sur deux lignes du XML</text:p>"
            "<text:p>Renvoi<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Une note."
            "</text:p></text:note-body></text:note> puis la suite</text:p>"
            "<text:tracked-changes><text:changed-region><text:deletion><text:p>Texte supprimé</text:p>"
            "</text:deletion></text:changed-region></text:tracked-changes>"
            "<text:p>Avis<office:annotation><dc:creator>Relectrice</dc:creator><text:p>commentaire</text:p>"
            "</office:annotation></text:p>"
            "<table:table><table:table-row><table:table-cell><text:p>Pays</text:p></table:table-cell>"
            "<table:table-cell><text:p>Togo</text:p></table:table-cell></table:table-row></table:table>"
            "<text:list><text:list-item><text:p>Conclusion : ça marche, señora.</text:p></text:list-item></text:list>"
        ),
        "atelier.odt",
    )
    assert text == (
        "Atelier de cartographie\n\nLes adolescentes dessinent leur quartier.\nDeuxième ligne\n\n"
        "Une phrase écrite sur deux lignes du XML\n\nRenvoi\n\nUne note.\n\npuis la suite\n\nAvis\n\n"
        "Pays\n\nTogo\n\nConclusion : ça marche, señora."
    )


def test_pptx_slides_in_slide_order_one_paragraph_per_a_p():
    title = "<a:p><a:r><a:rPr lang='fr-FR'/><a:t>Diapo </a:t></a:r><a:r><a:t>{}</a:t></a:r></a:p>"
    data = pptx(
        title.format("deux") + "<a:p><a:pPr><a:tabLst><a:tab pos='10'/></a:tabLst></a:pPr><a:r><a:t>Écouter</a:t>"
        "</a:r><a:br/><a:r><a:t>les enfants</a:t></a:r></a:p><a:p/>",
        title.format("dix")
        + "<mc:AlternateContent><mc:Choice Requires='x'><a:p><a:r><a:t>Forme</a:t></a:r></a:p></mc:Choice>"
        "<mc:Fallback><a:p><a:r><a:t>Forme</a:t></a:r></a:p></mc:Fallback></mc:AlternateContent>",
        title.format("un"),
        numbers=[2, 10, 1],
    )
    assert read(data, "slides.pptx") == "Diapo un\n\nDiapo deux\n\nÉcouter\nles enfants\n\nDiapo dix\n\nForme"


def test_xlsx_rows_per_line_cells_by_tabs_from_shared_and_inline_strings():
    shared = "<si><t>Pays</t></si><si><r><t>Parte</t></r><r><t>naire</t></r></si><si><t>Bolivie – El Alto</t><rPh><t>ボリビア</t></rPh></si>"
    first = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>Année</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>2024</v></c><c r="C2"><f>B2*2</f><v>4048</v></c>'
        '<c r="D2" t="b"><v>1</v></c><c r="E2" t="s"><v>99</v></c><c r="F2"/></row><row r="3"/>'
    )
    second = '<row r="1"><c t="str"><f>A1</f><v>Feuille deux</v></c><c t="inlineStr"><is><r><t>en </t></r><r><t>ligne</t></r></is></c></row>'
    data = xlsx(first, second, shared=shared)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert office.xlsx_chunks(package, 10_000, 10_000) == [
            "Pays\tPartenaire\tAnnée\nBolivie – El Alto\t2024\t4048",
            "Feuille deux\ten ligne",
        ]
    # One line per row; the tabs become single spaces, like every run of spaces in the stored text.
    assert read(data, "budget.xlsx") == "Pays Partenaire Année\nBolivie – El Alto 2024 4048\n\nFeuille deux en ligne"


def test_a_long_workbook_is_read_only_as_far_as_the_budgets_go(monkeypatch):
    rows = "".join(f'<row><c t="inlineStr"><is><t>ligne {i}</t></is></c></row>' for i in range(5000))
    data = xlsx(rows, rows)
    monkeypatch.setattr(extraction, "MAX_TEXT_CHARS", 100)
    text = read(data, "long.xlsx")
    assert text.startswith("ligne 0\nligne 1\n") and len(text) <= 100
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert len("".join(office.xlsx_chunks(package, 100, 10**6))) < 120  # it stopped reading, not just cut
        # worksheet and sheetData, then row, c, is and t for each row: 42 elements are ten rows
        assert office.xlsx_chunks(package, 10**6, 42) == ["\n".join(f"ligne {i}" for i in range(10))]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "cp1252"])
def test_csv_in_common_encodings(encoding):
    rows = 'Pays;Partenaire;Année\r\nBolivie;"El Alto; La Paz";2024\r\nPérou;;"Lima\r\nnord"\r\n'
    data = codecs_encode(rows, encoding)
    assert read(data, "partenaires.csv") == "Pays Partenaire Année\nBolivie El Alto; La Paz 2024\nPérou Lima nord"


def test_csv_delimiter_is_the_one_of_the_first_line():
    assert read(b"a,b;c,d\n1,2;3,4\n", "virgules.csv") == "a b;c d\n1 2;3 4"
    assert read(b"seule colonne\nvaleur\n", "colonne.csv") == "seule colonne\nvaleur"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp1252"])
def test_txt_in_common_encodings(encoding):
    words = "Protéger l’enfance, c’est d’abord écouter : le cœur du projet « Grandir ensemble »…\nNiños y niñas."
    assert read(codecs_encode(words, encoding), "notes.txt") == words


def test_latin_1_is_the_last_resort_and_a_cut_character_is_not_mojibake(monkeypatch):
    assert decode(b"caf\xe9 \x8d") == "café \x8d"  # 0x8D is undefined in Windows-1252
    assert read(b"caf\xe9 \x8d", "ancien.txt") == "café"  # and the stored text has no control characters
    monkeypatch.setattr(extraction, "MAX_TEXT_CHARS", 10)  # reads 40 bytes: the 20th "é" is cut in half
    assert read(b"a" + "é".encode() * 100, "long.txt") == "a" + "é" * 9


def test_a_text_that_mentions_html_or_starts_with_a_tag_is_still_text():
    assert read(b"Comment ecrire <html> en haut d'une page", "cours.txt").startswith("Comment")
    assert read(b"<3 merci a toutes", "merci.txt") == "<3 merci a toutes"


def word_file() -> bytes:
    (document := docx.Document()).add_paragraph("Un vrai document Word.")
    document.save(out := io.BytesIO())
    return out.getvalue()


def codecs_encode(text: str, encoding: str) -> bytes:
    if encoding.endswith("-bom"):  # UTF-16 in a stated byte order, with its byte-order mark
        return "\ufeff".encode(encoding[:-4]) + text.encode(encoding[:-4])
    return text.encode(encoding)


HOSTILE = {
    "program named .txt": (PROGRAM, "setup.txt", "is really a program"),
    "program named .csv": (PROGRAM, "data.csv", "is really a program"),
    "binary noise named .txt": (bytes(range(256)) * 4, "bruit.txt", "not a valid TXT file"),
    "HTML named .txt": (b"\n<!DOCTYPE html><html><body>Bonjour</body></html>", "page.txt", "web page (HTML)"),
    "UTF-16 HTML named .csv": ("<html><body>Bonjour</body></html>".encode("utf-16"), "page.csv", "web page (HTML)"),
    "PDF named .txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "guide.txt", "is really a PDF"),
    "ZIP named .csv": (archive({"a.csv": "a"}), "export.csv", "ZIP archive"),
    "Word document named .pptx": (word_file(), "cours.pptx", "not a PowerPoint presentation"),
    "spreadsheet named .odt": (xlsx("<row/>"), "texte.odt", "not an OpenDocument text"),
    "OpenDocument spreadsheet named .odt": (
        archive({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
        "calc.odt",
        "not an OpenDocument text",
    ),
    "presentation named .xlsx": (pptx("<a:p/>"), "budget.xlsx", "not an Excel workbook"),
    "old PowerPoint": (OLE_MAGIC + bytes(600), "ancien.pptx", "old PowerPoint format (.ppt)"),
    "old Excel": (OLE_MAGIC + bytes(600), "ancien.xlsx", "old Excel format (.xls)"),
    "old Office file named .odt": (OLE_MAGIC + bytes(600), "ancien.odt", "old-format Office file"),
    "image named .odt": (b"\x89PNG\r\n\x1a\n" + bytes(64), "photo.odt", "is really an image"),
    "password-protected ODT": (
        odt("<text:p>x</text:p>", **{"META-INF/manifest.xml": "<manifest:encryption-data/>"}),
        "secret.odt",
        "protected by a password",
    ),
    "ODT without content.xml": (
        archive({"mimetype": "application/vnd.oasis.opendocument.text"}),
        "vide.odt",
        "damaged",
    ),
    "ODT with broken XML": (odt("<text:p>jamais fermé"), "casse.odt", "damaged"),
    "XLSX with an undeclared prefix": (xlsx("<x:row/>"), "casse.xlsx", "damaged"),
    "broken PPTX": (b"PK\x03\x04" + bytes(200), "casse.pptx", "damaged"),
}


@pytest.mark.parametrize(("data", "filename", "words"), HOSTILE.values(), ids=HOSTILE.keys())
def test_disguised_and_damaged_files_are_refused_with_a_sentence_naming_them(data, filename, words):
    assert words in refusal(data, filename)


def test_pdf_named_pptx_is_refused():
    assert "is really a PDF" in refusal(make_pdf("Présentation", ["Des diapositives."]), "cours.pptx")


def test_zip_bomb_member_in_an_odt_is_refused_before_parsing(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        with package.open("content.xml", "w") as member:
            for _ in range(20):
                member.write(bytes(1024 * 1024))
    monkeypatch.setattr(office, "odt_chunks", lambda *a: pytest.fail("a zip bomb must not be parsed"))
    assert "zip bomb" in refusal(out.getvalue(), "bombe.odt")


@pytest.mark.parametrize("part", ["shared strings", "sheet"])
def test_doctype_entity_expansion_in_an_xlsx_is_refused(part):
    laughs = "<row><c t='inlineStr'><is><t>&lol9;</t></is></c></row>"
    if part == "shared strings":
        data = xlsx("<row/>", shared="<si><t>&lol9;</t></si>", shared_prologue=BILLION_LAUGHS)
    else:
        data = xlsx(laughs, shared="<si><t>Pays</t></si>", sheet_prologue=BILLION_LAUGHS)
    assert "declares a DOCTYPE or entities" in refusal(data, "rires.xlsx")


def test_external_entities_are_never_fetched():
    external = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    assert "declares a DOCTYPE" in refusal(odt("<text:p>&secret;</text:p>", prologue=external), "fuite.odt")


def test_new_refusals_are_in_the_editor_s_language():
    laughs = xlsx("<row/>", shared="<si/>", shared_prologue=BILLION_LAUGHS)
    with translation.override("fr"), pytest.raises(ExtractionError, match="^« rires.xlsx » a été refusé : son XML"):
        read(laughs, "rires.xlsx")
    with translation.override("es"), pytest.raises(ExtractionError, match="^«setup.txt» tiene nombre de archivo TXT"):
        read(PROGRAM, "setup.txt")
