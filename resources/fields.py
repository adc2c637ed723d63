"""A list of language codes stored as text ("fr,es"), edited with checkboxes: works on SQLite and PostgreSQL."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Languages resources of the programme come in; ISO 639-1 codes.
RESOURCE_LANGUAGES = [
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("en", _("English")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("mg", _("Malagasy")),
    ("wo", _("Wolof")),
    ("other", _("Other")),
]
LANGUAGE_CODES = {code for code, _label in RESOURCE_LANGUAGES}


class LanguageListField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [code for code in (value or "").split(",") if code]

    def get_prep_value(self, value):
        return ",".join(self.to_python(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        unknown = [code for code in self.to_python(value) if code not in LANGUAGE_CODES]
        if unknown:
            raise ValidationError(_("Unknown language code: %(codes)s"), params={"codes": ", ".join(unknown)})
        super().validate(self.get_prep_value(value), model_instance)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=RESOURCE_LANGUAGES,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )
