"""Test factories every page app builds on (wagtail-factories): pages made as an editor makes them.

A page is added under its section's index page in its language and published through a
revision, so the signals that keep search, navigation and caches current run as in the
admin. A record-shaped call with a `key` already on the site in another language makes a
translation of it (wagtail-localize's copy), as an import would.
"""

import factory
import wagtail_factories
from django.conf import settings
from django.utils.text import slugify
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Collection, Locale

from taxonomy.labels import terms_by_pk

TERM_IDENTIFIERS = ("slug", "iso_code", "code")


def terms(model, values):
    """The default language's terms of `model` named by slug, ISO code or SDG code, in the order given."""
    known = terms_by_pk()[model.__name__].values()
    found = []
    for value in values:
        if isinstance(value, model):
            found.append(value)
            continue
        term = next((t for t in known if value in {getattr(t, name, None) for name in TERM_IDENTIFIERS}), None)
        if term is None:
            raise LookupError(f"no {model.__name__} {value!r}")
        found.append(term)
    return found


def unique_slug(parent, title, page=None):
    """An ASCII slug from the title that no other child of `parent` has (as the importer makes them)."""
    base = slugify(title)[:70] or "page"
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def set_fields(page, fields):
    """Set plain fields, and many-to-many relations (taxonomy terms by code, pages, tags) in memory."""
    for name, value in fields.items():
        field = page._meta.get_field(name) if name != "tags" else None
        if name == "tags":
            page.tags.set(list(value), clear=True)
        elif isinstance(field, ParentalManyToManyField):
            related = field.related_model
            values = terms(related, value) if related.__module__.startswith("taxonomy.") else list(value)
            getattr(page, name).set(values)
        else:
            setattr(page, name, value)


def publish(page, live=True):
    """Save a revision and publish it (signals and all), or leave it a draft."""
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


class RootCollectionImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection (wagtail-factories would make a new root collection for each)."""

    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=640, height=360, color="#a3542b")


class SectionPageFactory(wagtail_factories.PageFactory):
    """A page under its section's index page (`_index_model`) in `locale` (a language code), published.

    Many-to-many relations and tags are given as values (taxonomy terms by slug or code).
    `live=False` leaves a draft, with its first revision.
    """

    class Meta:
        abstract = True

    _index_model = None  # the index page type new pages go under
    locale = settings.LANGUAGE_CODE
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        language = kwargs.pop("locale")
        parent = kwargs.pop("parent") or cls._index_model.objects.get(locale__language_code=language)
        live = kwargs.pop("live", True)
        relations = {
            name: kwargs.pop(name)
            for name in list(kwargs)
            if name == "tags" or isinstance(model_class._meta.get_field(name), ParentalManyToManyField)
        }
        page = model_class(locale=Locale.objects.get(language_code=language), live=live, **kwargs)
        page.slug = unique_slug(parent, page.title)
        set_fields(page, relations)
        parent.add_child(instance=page)
        return publish(page, live)


def translate(source, language, **fields):
    """A published translation of `source` into `language`, with `fields` changed."""
    page = source.copy_for_translation(Locale.objects.get(language_code=language))
    set_fields(page, fields)
    if "title" in fields:
        page.slug = unique_slug(page.get_parent(), page.title, page)
    return publish(page)


def record_call(factory_class, key, locale, fields):
    """For record-shaped helpers, as an import treats a record: the page of `key` in `locale` updated,
    else a translation when the key exists in another language, else a new page."""
    versions = factory_class._meta.model.objects.filter(key=key).order_by("pk")
    mine = versions.filter(locale__language_code=locale).first()
    if mine is not None:
        set_fields(mine, fields)
        return publish(mine)
    source = versions.first()
    if source is None:
        return factory_class(key=key, locale=locale, **fields)
    return translate(source, locale, **fields)
