"""The programme's shared vocabulary (DESIGN §3): translatable snippets whose slugs are the interface.

Each term exists once per locale; the rows of one term share a `translation_key`, and the
slug (or ISO code, or SDG code) is synchronised across them, so `theme__slug="trafficking"`
matches a page whatever locale its theme rows are in.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField


def in_default_language():
    """Pages point at the default language's rows; labels in other languages come from taxonomy.labels."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class Term(TranslatableMixin, models.Model):
    """A translated label with a stable position in lists."""

    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    translatable_fields = [TranslatableField("name"), SynchronizedField("sort_order")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class SlugTerm(Term):
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        help_text=_("Stable identifier used in URLs, filters and import files. Do not change it once used."),
    )

    translatable_fields = [*Term.translatable_fields, SynchronizedField("slug")]

    class Meta(Term.Meta):
        abstract = True


class Region(SlugTerm):
    class Meta(SlugTerm.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_region_slug_per_locale")]


class Country(SlugTerm):
    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1 alpha-2, e.g. TG."))],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. TG for Togo."),
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="countries")

    translatable_fields = [*SlugTerm.translatable_fields, SynchronizedField("iso_code"), TranslatableField("region")]

    class Meta(SlugTerm.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_country_slug_per_locale"),
            models.UniqueConstraint(fields=["iso_code", "locale"], name="unique_country_iso_code_per_locale"),
        ]


class Theme(SlugTerm):
    description = models.TextField(_("description"), blank=True)
    is_gender_equality = models.BooleanField(
        _("gender-equality group"),
        default=False,
        help_text=_("Themes in this group can be filtered together as 'gender equality'."),
    )

    translatable_fields = [
        *SlugTerm.translatable_fields,
        TranslatableField("description"),
        SynchronizedField("is_gender_equality"),
    ]

    class Meta(SlugTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_theme_slug_per_locale")]


class TargetGroup(SlugTerm):
    class Meta(SlugTerm.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_target_group_slug_per_locale")]


class SDGTarget(Term):
    code = models.CharField(
        _("code"),
        max_length=6,
        validators=[RegexValidator(r"^\d{1,2}\.[0-9a-z]{1,2}$", _("Use the target's code, e.g. 16.2 or 4.a."))],
        help_text=_("Sustainable Development Goal target, e.g. 16.2."),
    )

    translatable_fields = [*Term.translatable_fields, SynchronizedField("code")]

    class Meta(Term.Meta):
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="unique_sdg_code_per_locale")]

    def __str__(self):
        return f"{self.code} – {self.name}"
