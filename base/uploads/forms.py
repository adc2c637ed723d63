"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): Wagtail builds the add, edit, multiple-upload and
chooser-upload forms, and those of its API, on it, so every upload is checked before it is stored."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from .checks import check_document, mark_checked
from .refusals import FileRefused


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file; an edit that keeps the file has nothing new to check
            try:
                check_document(upload, upload.name)
            except FileRefused as error:
                raise ValidationError(str(error), code="refused") from error
            mark_checked(upload)
        return upload

    def _update_errors(self, errors):
        # A refused file is not given to the model, whose extension check would then add "File extension “” is not
        # allowed" under the form's own message.
        if "file" in self.errors and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
        super()._update_errors(errors)
