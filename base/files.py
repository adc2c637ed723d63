"""Images and documents follow the privacy of the pages that use them.

A file is published when a live page under no view restriction refers to it (Wagtail's
reference index records hero images, logos, figure and document blocks, rich-text links).
A file used only by drafts or by restricted pages is not listed by the API, and only readers
who may read one of its pages (or people who work in the admin) may download it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex

from . import generation
from .visibility import at_or_below, public

PRIVATE_COLLECTIONS = "collections"  # base.generation: bumped when a collection or its privacy changes


def _references_to(model):
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(model),
    )


def _integer_ids(values):
    """The reference index keeps ids as text: those that are integers, as integers."""
    return [int(value) for value in values if value.isascii() and value.isdigit()]


def published_files(queryset):
    """The files of `queryset` that a live, public page uses, outside private collections."""
    pages = public(Page.objects.live()).annotate(key=Cast("pk", CharField())).values("key")
    used = _references_to(queryset.model).filter(object_id__in=pages).values_list("to_object_id", flat=True)
    # A list of ids, not a subquery: Wagtail's search backends filter only on plain values.
    ids = sorted(set(_integer_ids(used)))
    return queryset.filter(pk__in=ids).exclude(collection_id__in=sorted(private_collection_ids()))


def _read_private_collections():
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    return (
        frozenset(Collection.objects.filter(at_or_below(paths)).values_list("pk", flat=True)) if paths else frozenset()
    )


def private_collection_ids():
    """The collections under a view restriction, theirs or an ancestor's; kept per process (base.generation)."""
    return generation.per_process(PRIVATE_COLLECTIONS, _read_private_collections)


def shown_file(file, request=None):
    """`file` (an image, a document), or None when it lies in a private collection this reader does not pass
    (without a request: the reader of an API, a feed, anything kept and shared).

    A page may use a file that only some readers may download (/media/ and /documents/ refuse it to the others);
    for those, the page must not name it either: its file name, title, description and credit may identify a child.
    """
    if file is None or file.collection_id not in private_collection_ids():
        return file
    if request and (works_in_admin(request.user) or collection_accepts(request, file)):
        return file
    return None


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
@receiver(m2m_changed, sender=CollectionViewRestriction.groups.through)
@receiver(post_save, sender=Collection)
@receiver(post_delete, sender=Collection)
def _collections_changed(**kwargs):
    generation.bump(PRIVATE_COLLECTIONS)


def pages_using(file):
    """The live pages that refer to `file`."""
    ids = _references_to(type(file)).filter(to_object_id=str(file.pk)).values_list("object_id", flat=True)
    return Page.objects.live().filter(pk__in=_integer_ids(ids))


def works_in_admin(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def collection_accepts(request, file):
    return all(restriction.accept_request(request) for restriction in file.collection.get_view_restrictions())


def may_read(request, file):
    """Whether this request may download `file`: its collection lets it, and one of its pages does."""
    if works_in_admin(request.user):
        return True
    if not collection_accepts(request, file):
        return False
    for page in pages_using(file):
        if all(restriction.accept_request(request) for restriction in page.get_view_restrictions()):
            return True
    return False


def needs_login(request, file):
    """An anonymous reader refused a file that a login-restricted page uses: signing in may help."""
    if request.user.is_authenticated:
        return False
    return any(
        restriction.restriction_type != restriction.PASSWORD
        for page in pages_using(file)
        for restriction in page.get_view_restrictions()
    )
