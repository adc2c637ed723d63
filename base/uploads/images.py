"""The rule for every image stored, wherever it comes from: Wagtail's own image check, which the admin's forms apply.

Wagtail's image forms (WagtailImageField) open an upload with Willow and refuse a file that is not an image of an
allowed format, whose format is not its extension's, larger than WAGTAILIMAGES_MAX_UPLOAD_SIZE or with more pixels
than WAGTAILIMAGES_MAX_IMAGE_PIXELS (a "pixel bomb"). Anything else that saves an image (the importer, a script) gets
the same check from the pre_save receiver below; the importer also asks `check_image` while validating a file, so that
its report names the line.
"""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext
from wagtail.images.fields import WagtailImageField

from .checks import refusing
from .refusals import FileRefused
from .sniffing import sniffed


def check_image(fileobj, name: str) -> None:
    """Refuse (FileRefused, a sentence naming the file) what Wagtail's image form would refuse."""
    with sniffed(fileobj, name) as (stream, _kind):
        try:
            WagtailImageField().to_python(File(stream, name=name))
        except ValidationError as error:
            problem = " ".join(error.messages)
            raise FileRefused(gettext("“%(name)s”: %(problem)s") % {"name": name, "problem": problem}) from error


refuse_unsafe_images = refusing(check_image)
