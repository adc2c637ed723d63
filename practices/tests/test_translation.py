"""wagtail-localize keeps the taxonomy of a practice's translations in step with the original."""

import pytest
from django.conf import settings
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from taxonomy.models import Country, Theme
from tests import content

pytestmark = pytest.mark.django_db


def default(model, **lookup):
    return model.objects.get(locale__language_code=settings.LANGUAGE_CODE, **lookup)


def test_translation_made_with_wagtail_localize_follows_the_originals_taxonomy(home_pages):
    original = content.practice(key="sync", countries=["TG"], themes=["trafficking"])
    spanish = Locale.objects.get(language_code="es")
    source, _created = TranslationSource.get_or_create_from_instance(original)
    translation, _created = source.create_or_update_translation(spanish, fallback=True)
    assert translation.locale == spanish
    assert [c.iso_code for c in translation.countries.all()] == ["TG"]

    # The editor moves the practice to Burkina Faso and adds a theme, then syncs translations.
    original.countries.set([default(Country, iso_code="BF")])
    original.themes.set([default(Theme, slug="trafficking"), default(Theme, slug="girls-empowerment")])
    original.gender_marker = 3
    original.save_revision().publish()
    source.update_from_db()
    translation, _created = source.create_or_update_translation(spanish, fallback=True)
    translation.refresh_from_db()
    assert [c.iso_code for c in translation.countries.all()] == ["BF"]
    assert {t.slug for t in translation.themes.all()} == {"trafficking", "girls-empowerment"}
    assert translation.gender_marker == 3
    assert translation.key == original.key
