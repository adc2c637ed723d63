from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "base"
    verbose_name = _("Shared pages and blocks")

    def ready(self):
        # Signal receivers connect when their modules are imported, once every model is loaded.
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from . import files, navigation, page_cache_signals, visibility, vocabulary  # noqa: F401
        from .uploads.checks import refuse_unsafe_documents
        from .uploads.images import refuse_unsafe_images

        # Every document saved, whatever the path, is checked (base.uploads.checks).
        pre_save.connect(refuse_unsafe_documents, sender=get_document_model(), dispatch_uid="base.uploads")
        pre_save.connect(refuse_unsafe_images, sender=get_image_model(), dispatch_uid="base.uploads.images")
