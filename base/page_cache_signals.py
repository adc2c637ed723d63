"""What makes cached pages stale (base.page_cache): the signals of pages and of what every page shows."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import CollectionViewRestriction, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

from taxonomy.labels import TERM_MODELS

from . import page_cache

# Saved or deleted, these change what any page may show, or who may see it: every cached page is stale.
EVERY_PAGE_SHOWS = (
    PageViewRestriction,
    CollectionViewRestriction,
    Site,
    Locale,
    AbstractImage,
    AbstractDocument,
    BaseSiteSetting,
    BaseGenericSetting,
    SearchPromotion,  # the search page's best bets
    *TERM_MODELS,
)


def neighbour_groups(page):
    """Translation keys of the pages that `page` links to (a practice's partners and resources) and of those
    that link to it (the practices of a partner, of a resource): what each of them shows of the other."""
    keys, ids = set(), set()
    for field in type(page)._meta.get_fields():
        model = field.related_model
        if not field.is_relation or field.one_to_one or model is None or not issubclass(model, Page):
            continue  # the tree's own parent links, and every relation to something else than a page
        if field.auto_created:  # the other side's relation to this page
            related = getattr(page, field.get_accessor_name())
            keys.update(related.values_list("translation_key", flat=True))
        elif field.many_to_many:
            keys.update(linked.translation_key for linked in getattr(page, field.name).all())
        elif (linked_id := getattr(page, field.attname)) is not None:
            ids.add(linked_id)
    if ids:
        keys.update(Page.objects.filter(pk__in=ids).values_list("translation_key", flat=True))
    keys.discard(page.translation_key)
    return keys


@receiver(post_save)
def saved(sender, instance, **kwargs):
    if isinstance(instance, Page):
        neighbours = [page_cache.group_tag(key) for key in neighbour_groups(instance)]
        page_cache.forget(page_cache.group_tag(instance.translation_key), page_cache.CONTENT, *neighbours)
    elif issubclass(sender, EVERY_PAGE_SHOWS):
        page_cache.forget_all()


@receiver(post_delete)
def deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) or issubclass(sender, EVERY_PAGE_SHOWS):
        page_cache.forget_all()


@receiver(page_unpublished)
@receiver(post_page_move)
def left_or_moved(**kwargs):
    """A page out of public view, or at another address (its descendants too): no cached page may still
    show it or link to it. Rare, and what safeguarding needs: the whole cache is stale."""
    page_cache.forget_all()
