"""Fields that several page types share: an exchange key and the taxonomy."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, Value
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail_localize.fields import SynchronizedField

from taxonomy.labels import terms_by_pk
from taxonomy.models import in_default_language


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
    result, queries = {}, []
    for name in relations:
        field = page._meta.get_field(name)
        if name in in_memory or page.pk is None:
            result[name] = sorted(getattr(page, name).all(), key=lambda term: term.sort_order)
            continue
        through = field.remote_field.through
        queries.append(
            through.objects.filter(**{field.m2m_field_name(): page.pk})
            .annotate(relation=Value(name, output_field=CharField()))
            .values_list("relation", field.m2m_reverse_field_name())
        )
    if queries:
        rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        ids = {}
        for relation, pk in rows:
            ids.setdefault(relation, []).append(pk)
        known = terms_by_pk()
        for name, query_ids in ((q, ids.get(q, [])) for q in relations if q not in result):
            model = page._meta.get_field(name).related_model
            terms = known[model.__name__]
            found = [terms[pk] for pk in query_ids if pk in terms]
            missing = [pk for pk in query_ids if pk not in terms]
            if missing:  # a term of another language, linked by hand: read it from the database
                found += list(model.objects.filter(pk__in=missing))
            result[name] = sorted(found, key=lambda term: term.sort_order)
    return result
