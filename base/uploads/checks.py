"""The rule for every document stored, wherever it comes from, and when a browser may show one instead of saving it.

The admin's forms (base.uploads.forms: single, multiple and chooser uploads, Wagtail's API) check an upload first, to
show the refusal beside the file field; the pre_save receiver below checks whatever reaches the model another way (the
importer, a script, the multiple upload's second step, which stores a file uploaded earlier), so that no path stores
a file the forms would refuse. Only a file new to the row is read, and an upload the form checked is not read again.
"""

import logging
import os

from django.core.cache import cache
from django.core.exceptions import ValidationError

from . import archives, pdfs
from .plain import plain_text
from .refusals import FileRefused
from .sniffing import FORMATS, PLAIN, sniffed

logger = logging.getLogger(__name__)

# How far a CSV or TXT file is read to tell it from a binary file or a web page: what search reads of it.
PLAIN_CHECK_BYTES = 4 * 1024 * 1024
# A file's content has one verdict: remembered by its hash, with the version of the rule that gave it.
INLINE_KEY = "uploads:inline-pdf:v1:{}"
INLINE_TIMEOUT = 30 * 24 * 3600
PDF_TYPE = "application/pdf"


def check_document(fileobj, filename: str) -> None:
    """Refuse (FileRefused) a document whose content is not what its extension says, an executable, a web page or
    markup with scripts named as text, or a PDF with JavaScript or actions. Other extensions are not read: Wagtail's
    WAGTAILDOCS_EXTENSIONS refuses them."""
    extension = os.path.splitext(filename)[1].lower()
    if extension not in FORMATS:
        return
    name = os.path.basename(filename) or filename
    with sniffed(fileobj, name) as (stream, kind):
        if extension == ".pdf":
            pdfs.refuse_active_content(pdfs.open_pdf(stream, name, kind), name)
        elif extension in PLAIN:
            data = stream.read(PLAIN_CHECK_BYTES + 1)
            plain_text(data[:PLAIN_CHECK_BYTES], name, kind, extension, complete=len(data) <= PLAIN_CHECK_BYTES)
        else:
            with archives.office_archive(stream, name, kind, extension):
                pass


def mark_checked(upload) -> None:
    """Note that this uploaded file passed check_document, so that saving it does not read it a second time."""
    upload.socialab_checked = True


def refusing(check):
    """A pre_save receiver that checks a file new to the row with `check(file, name)` (FileRefused: refused with a
    ValidationError on the file field): the documents' rule (check_document) and the images' (base.uploads.images)."""

    def refuse_unsafe_files(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or (update_fields is not None and "file" not in update_fields) or not instance.file:
            return
        if not _file_is_new(instance):
            return
        if getattr(getattr(instance.file, "_file", None), "socialab_checked", False):
            return  # the form checked this very upload
        try:
            check(instance.file, os.path.basename(instance.file.name))
        except FileRefused as error:
            raise ValidationError({"file": str(error)}, code="refused") from error

    return refuse_unsafe_files


refuse_unsafe_documents = refusing(check_document)


def _file_is_new(instance) -> bool:
    """Whether the file was not yet the one of the row: an upload not written yet, a new row, or another file."""
    if not instance.file._committed or instance.pk is None:
        return True
    return not type(instance)._default_manager.filter(pk=instance.pk, file=instance.file.name).exists()


def shows_inline(document) -> bool:
    """Whether the browser may show this document rather than save it: only a PDF found free of scripts and actions.

    Documents stored before uploads were checked are checked here, once per file content."""
    if document.content_type != PDF_TYPE:
        return False
    file_hash = document.get_file_hash()
    key = INLINE_KEY.format(file_hash)
    verdict = cache.get(key) if file_hash else None
    if verdict is None:
        try:
            with document.open_file() as handle:
                check_document(handle, document.filename)
            verdict = True
        except (FileRefused, OSError) as error:
            logger.warning("Document %s is served as a download only: %s", document.pk, error)
            verdict = False
        if file_hash:
            cache.set(key, verdict, INLINE_TIMEOUT)
    return verdict
