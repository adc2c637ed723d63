"""How taxonomy and page relations appear in the API: stable identifiers plus a readable name."""

from rest_framework import serializers
from wagtail.images.api.fields import ImageRenditionField

from taxonomy.labels import label

from .files import shown_file
from .visibility import is_public


class ShownImageRenditionField(ImageRenditionField):
    """Wagtail's rendition of an image (url, size, alt), or null for an image in a private collection."""

    def get_attribute(self, instance):
        return shown_file(super().get_attribute(instance))


class TermsField(serializers.Field):
    """[{"slug": …, "name": …}] for a many-to-many relation to taxonomy terms, named in the page's language."""

    def __init__(self, identifier="slug", **kwargs):
        self.identifier = identifier
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, manager):
        page = getattr(manager, "instance", None)
        language = page.locale.language_code if page is not None else None
        return [
            {self.identifier: getattr(term, self.identifier), "name": label(term, language)} for term in manager.all()
        ]


class TermField(TermsField):
    """{"slug": …, "name": …} for a foreign key to a taxonomy term, named in the page's language."""

    def get_attribute(self, instance):
        return instance, super().get_attribute(instance)

    def to_representation(self, value):
        page, term = value
        if term is None:
            return None
        return {self.identifier: getattr(term, self.identifier), "name": label(term, page.locale.language_code)}


class RegionsField(serializers.Field):
    """The regions derived from a page's countries."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return [{"slug": region.slug, "name": label(region, page.locale.language_code)} for region in page.regions]


class PageKeysField(serializers.Field):
    """[{"key": …, "title": …, "id": …}] for a relation to other exchangeable pages: only those live and
    public (a draft or restricted partner's title is not given away by the pages that name it)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [{"key": page.key, "title": page.title, "id": page.pk} for page in manager.all() if is_public(page)]
