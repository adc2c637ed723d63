"""The upload form of the admin import: an exchange file and, optionally, a ZIP of the files it names."""

import shutil
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath, PureWindowsPath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
MAX_JSONL_BYTES = 20 * MB
MAX_ZIP_BYTES = 200 * MB
MAX_MEMBERS = 5_000
MAX_UNCOMPRESSED_BYTES = 500 * MB
MAX_DIRECTORY_BYTES = 8 * MB  # the ZIP's central directory, read into memory by zipfile
MAX_RATIO = 200
RATIO_FROM_BYTES = 1 * MB
JSONL_NAME = "import.jsonl"
# What a damaged, encrypted or exotic archive can raise while it is read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError, OSError)


class ImportForm(forms.Form):
    jsonl = forms.FileField(
        label=_("Exchange file (.jsonl)"),
        help_text=_("One partner, practice or resource per line, in the exchange format. At most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jsonl"}),
    )
    attachments = forms.FileField(
        label=_("Attached files (.zip)"),
        required=False,
        help_text=_(
            "The documents and images the exchange file names, with the same paths: "
            "a line naming “files/guide.pdf” needs files/guide.pdf in the archive. At most 200 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )
    publish = forms.BooleanField(
        label=_("Publish the imported pages"),
        required=False,
        help_text=_("Leave unticked to save drafts that editors review before publishing."),
    )

    def clean_jsonl(self):
        upload = self.cleaned_data["jsonl"]
        if not upload.name.lower().endswith(".jsonl"):
            raise ValidationError(_("Choose a file whose name ends in .jsonl."))
        if upload.size > MAX_JSONL_BYTES:
            raise ValidationError(_("The exchange file is larger than 20 MB."))
        return upload

    def clean_attachments(self):
        upload = self.cleaned_data.get("attachments")
        if not upload:
            return None
        if not upload.name.lower().endswith(".zip"):
            raise ValidationError(_("Choose a file whose name ends in .zip."))
        if upload.size > MAX_ZIP_BYTES:
            raise ValidationError(_("The archive is larger than 200 MB."))
        self.members = checked_members(upload)
        return upload

    def write_to(self, folder):
        """Save the exchange file as import.jsonl in `folder` and unpack the archive beside it.

        Raises ValidationError when the archive turns out to be damaged while unpacking.
        """
        folder = Path(folder)
        upload = self.cleaned_data.get("attachments")
        if upload:
            unpack(upload, self.members, folder)
        with open(folder / JSONL_NAME, "wb") as target:
            for chunk in self.cleaned_data["jsonl"].chunks():
                target.write(chunk)


def member_path(name):
    """The relative path of a ZIP member, or None when it is absolute or climbs out with '..'."""
    name = name.replace("\\", "/")
    relative = PurePosixPath(name)
    if not name or relative.is_absolute() or PureWindowsPath(name).drive or ".." in relative.parts:
        return None
    return relative


def checked_members(upload):
    """The archive's members, judged from its directory only: nothing is decompressed here."""
    directory_size, entries = _end_record(upload)
    if entries > MAX_MEMBERS or directory_size > MAX_DIRECTORY_BYTES:
        raise ValidationError(_("The archive holds more than 5,000 files."))
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except ZIP_ERRORS as error:
        raise ValidationError(_("The archive is not a valid ZIP file.")) from error
    if len(members) > MAX_MEMBERS:
        raise ValidationError(_("The archive holds more than 5,000 files."))
    if sum(info.file_size for info in members) > MAX_UNCOMPRESSED_BYTES:
        raise ValidationError(_("Unpacked, the archive would take more than 500 MB."))
    for info in members:
        if member_path(info.filename) is None:
            raise ValidationError(
                _("“%(name)s”: paths in the archive must be relative, without '..'."), params={"name": info.filename}
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ValidationError(
                _("“%(name)s”: links are not allowed in the archive."), params={"name": info.filename}
            )
        if info.file_size >= RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ValidationError(
                _("“%(name)s” is compressed suspiciously well; the archive is refused."), params={"name": info.filename}
            )
    return members


def _end_record(upload):
    """(central directory size, member count) from the end record, before zipfile reads the directory."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(max(0, size - (22 + 65_535)))
    tail = upload.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise ValidationError(_("The archive is not a valid ZIP file."))
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    directory_size = int.from_bytes(tail[at + 12 : at + 16], "little")
    return directory_size, entries  # ZIP64 archives announce 0xFFFF entries: refused as too many


def unpack(upload, members, folder):
    """Extract regular files under `folder`, never more bytes than each member declares."""
    root = folder.resolve()
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            for info in members:
                relative = member_path(info.filename)
                if info.is_dir() or not relative.parts or relative.parts[0] == JSONL_NAME:
                    continue  # the uploaded exchange file wins over a copy inside the archive
                target = root.joinpath(*relative.parts)
                if not target.resolve().is_relative_to(root):
                    raise ValidationError(_("The archive could not be unpacked."))
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, open(target, "xb") as copy:
                    shutil.copyfileobj(_capped(source, info.file_size), copy)
    except ZIP_ERRORS as error:
        raise ValidationError(_("The archive could not be unpacked.")) from error


class _capped:
    """A reader that refuses to give more bytes than `limit`."""

    def __init__(self, source, limit):
        self.source, self.left = source, limit

    def read(self, size=-1):
        data = self.source.read(64 * 1024 if size is None or size < 0 else min(size, 64 * 1024))
        self.left -= len(data)
        if self.left < 0:
            raise zipfile.BadZipFile("member larger than declared")
        return data
