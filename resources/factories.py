"""Test factories for resources: a real PDF document, ResourcePageFactory, and `resource(...)` in the record's words."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from fpdf import FPDF
from wagtail.models import Collection

from base.factories import SectionPageFactory, record_call

from .models import ResourceIndexPage, ResourcePage

TEXT = ("## Étapes", "Préparer la salle avec les enfants.")


def pdf_bytes(title, lines):
    """A small real PDF whose text (accents included) pypdf reads back."""
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in (title, *lines):
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


class PDFDocumentFactory(wagtail_factories.DocumentFactory):
    """A Wagtail document holding a PDF of `text` (lines), in the root collection."""

    class Params:
        text = TEXT
        filename = "guide.pdf"

    title = "Guide d’animation"
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.LazyAttribute(
        lambda document: ContentFile(pdf_bytes("Guide d’animation", document.text), document.filename)
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        document._set_document_file_metadata()  # size and hash, as the admin's upload form records them
        document.save()
        return document


class ResourcePageFactory(SectionPageFactory):
    """A published guide with a PDF attached."""

    class Meta:
        model = ResourcePage

    _index_model = ResourceIndexPage
    title = "Guide d’animation d’un conseil d’enfants"
    summary = "Les étapes pour animer un conseil d’enfants."
    kind = "guide"
    document = factory.SubFactory(PDFDocumentFactory)
    languages = factory.LazyFunction(lambda: ["fr"])
    publisher = "Socialab (test)"
    year = 2023
    licence = "CC BY 4.0"
    themes = ("child-participation",)
    countries = ("TG",)
    target_groups = ("professionals",)


def resource(key=None, locale="fr", text=TEXT, file=True, url=None, **fields):
    """A resource named by its exchange `key`: a PDF of `text` (lines), or with `file=None` only the link `url`."""
    key = key or f"resource-{next(_numbers)}"
    if file:
        title = fields.get("title", ResourcePageFactory.title)
        fields["document"] = PDFDocumentFactory(title=title, text=tuple(text), filename=f"{key}.pdf")
    else:
        fields["document"] = None
    fields["link"] = url or ""
    if "languages" in fields:
        fields["languages"] = list(fields["languages"])
    return record_call(ResourcePageFactory, key, locale, fields)


_numbers = iter(range(1, 10**9))
