"""The error of a refused file and the sentences editors read, in one place.

Every refusal is a FileRefused whose message is a translated sentence naming the file, fit to show an editor as is:
the upload checks and the text extraction of resources refuse the same files with the same words.
"""

from django.utils.translation import gettext, gettext_noop

# Marked for makemessages here and translated when raised, in the active language.
MESSAGES = {
    "unopenable": gettext_noop("“%(name)s” could not be opened, so its text cannot be read."),
    "unrecognised": gettext_noop("“%(name)s” is not a valid %(expected)s file: its content is not recognised. Please check that you picked the right file."),
    "mislabelled": gettext_noop("“%(name)s” is named like a %(expected)s file but is really %(actual)s. Please check that you picked the right file, or export it again as %(expected)s."),
    "pdf_damaged": gettext_noop("“%(name)s” could not be read: the PDF seems damaged or incomplete. Please export it again and upload the new copy."),
    "password": gettext_noop("“%(name)s” is protected by a password, so its text cannot be read. Please upload a copy without a password."),
    "pdf_cipher": gettext_noop("“%(name)s” is encrypted in a way this site cannot open, so its text cannot be read. Please upload a copy without a password."),
    "pdf_limits": gettext_noop("“%(name)s” could not be read: the PDF contains parts too large or complex to process safely."),
    "pdf_active": gettext_noop("“%(name)s” was refused: the PDF contains JavaScript or actions that run by themselves (such as opening another program), which documents on this site may not contain. Please export it again without scripts, for example as PDF/A."),
    "docx_ole": gettext_noop("“%(name)s” cannot be read: it is either protected by a password or saved in the old Word format (.doc). Please save it as a .docx without a password, or as a PDF."),
    "docx_damaged": gettext_noop("“%(name)s” could not be read: the Word document seems damaged or incomplete. Please save it again and upload the new copy."),
    "docx_not_word": gettext_noop("“%(name)s” is a ZIP archive but not a Word document. Please upload a .docx file saved from Word, LibreOffice or Google Docs, or a PDF."),
    "zip_members": gettext_noop("“%(name)s” was refused: it holds more than %(limit)s files inside, far more than a real document."),
    "zip_size": gettext_noop("“%(name)s” was refused: once unpacked it would take more than %(limit)s MB, far more than a real document."),
    "zip_ratio": gettext_noop("“%(name)s” was refused: a part of it unpacks to more than %(ratio)s times its stored size, the mark of a “zip bomb” rather than a document."),
    "odt_damaged": gettext_noop("“%(name)s” could not be read: the OpenDocument text seems damaged or incomplete. Please save it again and upload the new copy."),
    "odt_not_text": gettext_noop("“%(name)s” is a ZIP archive but not an OpenDocument text. Please upload an .odt file saved from LibreOffice, Word or Google Docs, or a PDF."),
    "pptx_ole": gettext_noop("“%(name)s” cannot be read: it is either protected by a password or saved in the old PowerPoint format (.ppt). Please save it as a .pptx without a password, or as a PDF."),
    "pptx_damaged": gettext_noop("“%(name)s” could not be read: the PowerPoint presentation seems damaged or incomplete. Please save it again and upload the new copy."),
    "pptx_not_slides": gettext_noop("“%(name)s” is a ZIP archive but not a PowerPoint presentation. Please upload a .pptx file saved from PowerPoint, LibreOffice or Google Slides, or a PDF."),
    "xlsx_ole": gettext_noop("“%(name)s” cannot be read: it is either protected by a password or saved in the old Excel format (.xls). Please save it as a .xlsx without a password, or as a CSV file."),
    "xlsx_damaged": gettext_noop("“%(name)s” could not be read: the Excel workbook seems damaged or incomplete. Please save it again and upload the new copy."),
    "xlsx_not_sheet": gettext_noop("“%(name)s” is a ZIP archive but not an Excel workbook. Please upload a .xlsx file saved from Excel, LibreOffice or Google Sheets, or a CSV file."),
}  # fmt: skip
# What a file really is, in the "mislabelled" sentence.
KINDS = {
    "pdf": gettext_noop("a PDF"),
    "zip": gettext_noop("a ZIP archive"),
    "ole": gettext_noop("an old-format Office file"),
    "image": gettext_noop("an image"),
    "html": gettext_noop("a web page (HTML)"),
    "xml": gettext_noop("an XML or HTML text"),
    "program": gettext_noop("a program (an executable file)"),
}


class FileRefused(Exception):
    """A file refused for what it really is; str(error) is a translated sentence naming the file, to show an editor."""


def refusal(name: str, message: str, **values) -> FileRefused:
    """The error for a refused file, `message` (one of MESSAGES, untranslated) translated now, naming the file so
    editors know which upload is at fault."""
    return FileRefused(gettext(message) % {"name": name, **values})


def mislabelled(name: str, expected: str, kind: str) -> FileRefused:
    """The refusal for a file whose content does not match its extension, saying what it looks like instead."""
    if kind not in KINDS:
        return refusal(name, MESSAGES["unrecognised"], expected=expected)
    return refusal(name, MESSAGES["mislabelled"], expected=expected, actual=gettext(KINDS[kind]))
