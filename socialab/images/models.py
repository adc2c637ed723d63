from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CustomImage(AbstractImage):
    """Site images: Wagtail's image plus the photographer's credit shown under it."""

    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        # Unused: Wagtail asks for image permissions on wagtailimages.Image (its policy's auth_model),
        # whatever the image model; kept so that migration 0003 stays applied (editorial.roles grants).
        permissions = [("choose_customimage", "Can choose image")]


class Rendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
