"""Fields that several page types share: an exchange key and the taxonomy."""

import uuid

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail_localize.fields import SynchronizedField

from taxonomy.labels import terms_by_pk
from taxonomy.models import in_default_language

from .relations import through_columns


class ExchangeKeyMixin(models.Model):
    """`key` identifies a record across sites and translations: imports update, never duplicate."""

    key = models.CharField(
        _("exchange key"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Stable identifier used by imports and exports; filled in automatically if left empty."),
    )
    # Fingerprint of the last imported record: re-importing the same record changes nothing.
    exchange_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = str(self.translation_key or uuid.uuid4())
        if getattr(self, "_validated_by_import", False):
            # exchange.validation checked the whole record already; Page.save would clean it again.
            kwargs["clean"] = False
        super().save(*args, **kwargs)

    def clean(self):
        # Pages are stored across several tables, so a database constraint cannot span key and locale.
        super().clean()
        if not self.key:
            return
        others = type(self).objects.filter(key=self.key).exclude(pk=self.pk)
        if others.exclude(translation_key=self.translation_key).exists():
            raise ValidationError({"key": _("Another page already uses this key.")})
        if others.filter(locale_id=self.locale_id).exists():
            raise ValidationError({"key": _("A page with this key already exists in this language.")})


def taxonomy_field(model, verbose_name):
    return ParentalManyToManyField(
        model,
        verbose_name=verbose_name,
        blank=True,
        related_name="%(app_label)s_%(class)s_pages",
        limit_choices_to=in_default_language,
    )


class TaxonomyMixin(models.Model):
    """Countries, themes and target groups, the same in every translation of a page."""

    countries = taxonomy_field("taxonomy.Country", _("countries"))
    themes = taxonomy_field("taxonomy.Theme", _("themes"))
    target_groups = taxonomy_field("taxonomy.TargetGroup", _("target groups"))

    synchronized_taxonomy = [
        SynchronizedField("countries"),
        SynchronizedField("themes"),
        SynchronizedField("target_groups"),
    ]

    class Meta:
        abstract = True

    taxonomy_relations = ("countries", "themes", "target_groups")

    @cached_property
    def taxonomy(self):
        """{relation name: [terms]} for every taxonomy relation of the page, read in one query."""
        return terms_of(self, self.taxonomy_relations)

    @property
    def regions(self):
        """Derived from the countries, never stored twice."""
        seen = {}
        for country in self.taxonomy["countries"]:
            seen.setdefault(country.region_id, country.region)
        return list(seen.values())


def terms_of(page, relations):
    """The taxonomy terms a page points to, by relation, sorted like the vocabulary; one query for all relations.

    Relations edited but not saved (a preview, a revision) are read from memory instead.
    """
    in_memory = getattr(page, "_cluster_related_objects", {})
    stored = [name for name in relations if name not in in_memory] if page.pk is not None else []
    result = stored_terms([page], stored)[page.pk] if stored else {}
    for name in relations:
        if name not in result:
            result[name] = sorted(getattr(page, name).all(), key=lambda term: term.sort_order)
    return {name: result[name] for name in relations}


_selects = {}  # (page model, relations): the SELECT of each relation's through table, written once a process


def _term_selects(model, relations):
    """(page pk, relation name, term pk) of each relation, for the pages `{pks}` names: the SQL the ORM wrote
    for the same union, whose building each time cost more than running it."""
    if (model, relations) not in _selects:
        selects = []
        for name in relations:
            table, source, target = through_columns(model, name)
            selects.append(f"SELECT {source}, %s, {target} FROM {table} WHERE {source} IN ({{pks}})")
        _selects[(model, relations)] = selects
    return _selects[(model, relations)]


def stored_terms(pages, relations):
    """{page pk: {relation: [terms]}} as stored for `pages` (all of one type), in one query."""
    model = type(pages[0])
    pks = [page.pk for page in pages]
    selects = _term_selects(model, tuple(relations))
    in_pks = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(select.format(pks=in_pks) for select in selects),
            [value for name in relations for value in (name, *pks)],
        )
        rows = cursor.fetchall()
    known = terms_by_pk()
    related = {name: model._meta.get_field(name).related_model for name in relations}
    missing = {}  # terms of another language, linked by hand: read from the database
    for _page, name, pk in rows:
        if pk not in known[related[name].__name__]:
            missing.setdefault(related[name], set()).add(pk)
    extra = {(m, term.pk): term for m, pks in missing.items() for term in m.objects.filter(pk__in=pks)}
    result = {page.pk: {name: [] for name in relations} for page in pages}
    for page_pk, name, pk in rows:
        term = known[related[name].__name__].get(pk) or extra.get((related[name], pk))
        if term is not None:
            result[page_pk][name].append(term)
    for terms in result.values():
        for found in terms.values():
            found.sort(key=lambda term: term.sort_order)
    return result


class WithTaxonomy(ModelIterable):
    """A queryset's pages, their `taxonomy` read for all of them in one query (`prefetch_taxonomy`)."""

    def __iter__(self):
        pages = list(super().__iter__())
        prefetch_taxonomy(pages)
        return iter(pages)


def with_taxonomy(queryset):
    """`queryset` (of one page type with TaxonomyMixin), whose pages come with their `taxonomy`: cards read it
    at no query, where prefetching each relation built an ORM query each."""
    clone = queryset.all()
    clone._iterable_class = WithTaxonomy  # Django's own hook for what a queryset yields (as `.values()` sets)
    return clone


def prefetch_taxonomy(pages):
    """Read the taxonomy of many pages of one type at once: their `taxonomy` then costs no query."""
    if pages:
        terms = stored_terms(pages, pages[0].taxonomy_relations)
        for page in pages:
            page.__dict__["taxonomy"] = terms[page.pk]  # what the cached_property would store
