"""Wagtail API v2: /api/v2/pages/, /api/v2/images/, /api/v2/documents/ (read-only, public content only).

Images and documents are listed only when a live page under no view restriction uses them
(base.files): a photo used only by a draft, or the PDF of a login-restricted resource, is not.
Pages are the public ones even for a signed-in reader's session. A file in a private collection is never
listed, and a page's field naming one (a hero image, a logo, a resource's document) is null.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer, RelatedField
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from base.files import published_files, shown_file
from base.sites import site_root_paths
from base.visibility import public

from .api_parameters import ValidatedParametersMixin


class ShownFileField(RelatedField):
    """A page's image or document, or null when it lies in a private collection (base.files.shown_file)."""

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return shown_file(value) if hasattr(value, "collection_id") else value


class PublicPageSerializer(PageSerializer):
    def to_representation(self, instance):
        # Wagtail asks the page's URLs without the request: the sites' root paths kept in memory (base.sites),
        # where Wagtail would read them from the cache (with Redis, a round trip for every page listed).
        instance._wagtail_cached_site_root_paths = site_root_paths()
        return super().to_representation(instance)

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        return (ShownFileField if field_class is RelatedField else field_class), kwargs


class PublicPagesAPIViewSet(ValidatedParametersMixin, PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer

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
