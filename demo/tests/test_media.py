"""The demo's generated files are real (they open in the usual libraries), small, and identical from run to run."""

import io

import docx
import pypdf
import pytest
from PIL import Image, ImageStat

from demo.media import PALETTES, make_docx, make_illustration, make_pdf

ACCENTED = "Élan: é è à ç ñ á í ó ú ü œ « guillemets » – tiret, l’apostrophe… fin."
LONG = [
    "## Pourquoi cartographier",
    *["Les adolescentes et adolescents décrivent les lieux où ils se sentent en sécurité, et ceux qu’ils évitent. " * 6]
    * 7,
    "## Cómo hacerlo",
    *["Los niños y las niñas dibujan el camino a la escuela; la canción del río acompaña la sesión. " * 6] * 7,
    ACCENTED,
]


def pdf_reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


@pytest.fixture(scope="module")
def long_pdf():
    return make_pdf("Cartographie participative : guide", LONG, subtitle="Fiche d’atelier", footer="Socialab")


def test_pdf_is_a_multi_page_a4_document_with_metadata(long_pdf):
    reader = pdf_reader(long_pdf)
    assert len(reader.pages) == 3
    assert round(float(reader.pages[0].mediabox.width)) == 595 and round(float(reader.pages[0].mediabox.height)) == 842
    assert reader.metadata.title == "Cartographie participative : guide"
    assert reader.metadata.producer == "Socialab demo"
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_pdf_text_keeps_its_accents_headings_and_page_numbers(long_pdf):
    reader = pdf_reader(long_pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert ACCENTED in " ".join(text.split())
    for words in ["Fiche d’atelier", "Pourquoi cartographier", "Cómo hacerlo", "qu’ils évitent", "niñas", "canción"]:
        assert words in text
    assert "Socialab · Page 1/3" in " ".join(reader.pages[0].extract_text().split())
    assert "Page 3/3" in reader.pages[2].extract_text()


def test_pdf_footer_label_follows_the_language():
    pdf = make_pdf("Guía", ["Un párrafo."], language="es")
    assert "Página 1/1" in pdf_reader(pdf).pages[0].extract_text()
    assert pdf_reader(pdf).trailer["/Root"]["/Lang"] == "es"


def test_pdf_transliterates_what_its_font_cannot_show():
    pdf = make_pdf("Âge ≥ 12 ans", ["Ligne\u202f: 3 → 4, Dvořák, Łódź, emoji 🙂, ctrl\x07.", "x" * 400])
    text = pdf_reader(pdf).pages[0].extract_text()
    assert "Âge >= 12 ans" in text
    assert "Ligne : 3 -> 4, Dvorák, ?ódz, emoji ?, ctrl." in text
    assert "x" * 40 in text  # a word longer than the line is wrapped, not lost


def test_pdf_is_deterministic_and_small(long_pdf):
    assert (
        make_pdf("Cartographie participative : guide", LONG, subtitle="Fiche d’atelier", footer="Socialab") == long_pdf
    )
    assert make_pdf("Autre titre", LONG) != long_pdf
    assert len(long_pdf) < 30_000


def test_docx_opens_with_headings_as_heading_styles():
    data = make_docx(
        "Guide de l’atelier", ["## Préparer", "Réunir le matériel : cartes, feutres.", "## Animer", "Écouter."]
    )
    document = docx.Document(io.BytesIO(data))
    styles = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert styles == [
        ("Title", "Guide de l’atelier"),
        ("Heading 1", "Préparer"),
        ("Normal", "Réunir le matériel : cartes, feutres."),
        ("Heading 1", "Animer"),
        ("Normal", "Écouter."),
    ]
    properties = document.core_properties
    assert properties.title == "Guide de l’atelier" and properties.author == "Socialab demo"
    assert properties.created.year == 2024 and properties.modified == properties.created


def test_docx_is_deterministic_and_small():
    first = make_docx("Titre", LONG)
    assert make_docx("Titre", LONG) == first
    assert len(first) < 60_000


def test_illustration_is_a_jpeg_of_the_asked_size_within_budget():
    data = make_illustration("atelier-el-alto")
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1200, 675))
    assert len(data) < 120_000
    assert max(ImageStat.Stat(image).stddev) > 8  # shapes on a background, not a flat colour


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_every_palette_draws_a_light_picture(palette):
    image = Image.open(io.BytesIO(make_illustration("seed", width=480, height=270, palette=palette)))
    assert image.size == (480, 270)
    assert min(ImageStat.Stat(image.convert("L")).mean) > 150  # muted and light, so text over it stays readable


def test_illustration_is_deterministic_from_its_seed():
    assert make_illustration("a", width=600, height=338) == make_illustration("a", width=600, height=338)
    assert make_illustration("a", width=600, height=338) != make_illustration("b", width=600, height=338)
    assert make_illustration("a", width=600, height=338) != make_illustration(
        "a", width=600, height=338, palette="plum"
    )


def test_unknown_palette_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="teal, plum, ochre, green"):
        make_illustration("a", palette="neon")
