"""PDF files: opened as pypdf sees them, and refused when they carry JavaScript or actions that run by themselves.

A PDF viewer runs the JavaScript of a document (`/JS`, the `/JavaScript` name tree), the automatic actions of its
pages, fields and annotations (`/AA`), the action run when it opens (`/OpenAction`, harmless when it only shows a
page), and actions that start a program, load data or play rich media; XFA forms hold scripts too. None of them is
needed to read a document, and each has served to attack its readers.
"""

import time

from .refusals import MESSAGES, mislabelled, refusal

# Dictionary keys whose mere presence makes a document active: its JavaScript, automatic actions, XFA forms.
ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/XFA", "/RichMedia"})
# Action types (`/S`) that run something; links (/URI, /GoTo…) do not.
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})
# Objects a check may visit, and seconds it may take: beyond either, the document is refused as too complex to check.
MAX_PDF_OBJECTS = 500_000
PDF_CHECK_SECONDS = 10.0


def open_pdf(stream, name: str, kind: str):
    """A pypdf reader of the PDF named `name`, decrypted when its user password is empty; `kind` is what its first
    bytes are (sniffing.sniff). A file pypdf cannot open, or a password it lacks, is refused."""
    # pypdf loads with the first PDF checked or read: web workers that never see one skip it.
    from pypdf import PasswordType, PdfReader

    if kind != "pdf":
        raise mislabelled(name, "PDF", kind)
    try:
        reader = PdfReader(stream, strict=False)
        encrypted = reader.is_encrypted
    except Exception as error:
        raise refusal(name, MESSAGES["pdf_damaged"]) from error
    if encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as error:  # e.g. AES without the optional crypto library
            raise refusal(name, MESSAGES["pdf_cipher"]) from error
        if opened == PasswordType.NOT_DECRYPTED:
            raise refusal(name, MESSAGES["password"])
    return reader


def refuse_active_content(reader, name: str) -> None:
    """Refuse the PDF named `name` if anything a viewer reaches from its trailer is JavaScript or an active action."""
    from pypdf.errors import LimitReachedError  # loaded with pypdf (see open_pdf)

    try:
        found = active_content(reader)
    except LimitReachedError as error:
        raise refusal(name, MESSAGES["pdf_limits"]) from error
    except Exception as error:  # an object pypdf cannot parse might be one a viewer can: nobody can say it is safe
        raise refusal(name, MESSAGES["pdf_damaged"]) from error
    if found:
        raise refusal(name, MESSAGES["pdf_active"])


def active_content(reader) -> str | None:
    """The first active key or action type (e.g. "/JS", "/Launch") reachable from the trailer, None if there is none.

    Every dictionary and array is visited once, with names as pypdf decodes them (`/J#53` is `/JS`), inside object
    streams too; stream data is not decoded. Raises pypdf's LimitReachedError past the object or time budget."""
    from pypdf.errors import LimitReachedError  # loaded with pypdf (see open_pdf)
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    pending, seen, started = [reader.trailer], set(), time.monotonic()
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            if len(seen) > MAX_PDF_OBJECTS or time.monotonic() - started > PDF_CHECK_SECONDS:
                raise LimitReachedError("too many objects to check")
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in dict.items(item):  # dict's own items: references stay unresolved until visited
                if key in ACTIVE_KEYS:
                    return key
                if key == "/S" and value.get_object() in ACTIVE_ACTIONS:  # an action's type, maybe by reference
                    return str(value.get_object())
                pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(list.__iter__(item))
    return None
