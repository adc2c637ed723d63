"""Wagtail API v2: /api/v2/pages/, /api/v2/images/, /api/v2/documents/ (read-only, public content only).

Images and documents are listed only when a live page under no view restriction uses them
(base.files): a photo used only by a draft, or the PDF of a login-restricted resource, is not.
Pages are the public ones even for a signed-in reader's session.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from base.files import published_files
from base.visibility import public

from .api_parameters import ValidatedParametersMixin


class PublicPagesAPIViewSet(ValidatedParametersMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        """Public pages, whoever asks: Wagtail's own would add the restricted pages a session may read,
        and an API's answers are kept and shared (clients' caches, harvesters) as a page is not."""
        return public(super().get_base_queryset())


class PublishedImagesAPIViewSet(ValidatedParametersMixin, ImagesAPIViewSet):
    def get_queryset(self):
        return published_files(super().get_queryset())


class PublishedDocumentsAPIViewSet(ValidatedParametersMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        return published_files(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublishedImagesAPIViewSet)
api_router.register_endpoint("documents", PublishedDocumentsAPIViewSet)
