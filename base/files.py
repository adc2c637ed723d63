"""Images and documents follow the privacy of the pages that use them.

A file is published when a live page under no view restriction refers to it (Wagtail's
reference index records hero images, logos, figure and document blocks, rich-text links).
A file used only by drafts or by restricted pages is not listed by the API, and only readers
who may read one of its pages (or people who work in the admin) may download it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from .visibility import public


def _references_to(model):
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(model),
    )


def _integer_ids(values):
    """The reference index keeps ids as text: those that are integers, as integers."""
    return [int(value) for value in values if value.isascii() and value.isdigit()]


def published_files(queryset):
    """The files of `queryset` that a live, public page uses."""
    pages = public(Page.objects.live()).annotate(key=Cast("pk", CharField())).values("key")
    used = _references_to(queryset.model).filter(object_id__in=pages).values_list("to_object_id", flat=True)
    # A list of ids, not a subquery: Wagtail's search backends filter only on plain values.
    return queryset.filter(pk__in=sorted(set(_integer_ids(used))))


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
