"""Every interface string has a French and a Spanish translation, and the catalogues are compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_catalogue_is_compiled(language):
    assert (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").exists(), "run `make test` or compilemessages"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Aller au contenu principal"), ("es", "Saltar al contenido principal"), ("en", "Skip to main content")],
)
def test_strings_are_translated_at_runtime(language, expected):
    with translation.override(language):
        assert translation.gettext("Skip to main content") == expected
