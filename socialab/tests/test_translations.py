"""Every interface string has a French and a Spanish translation, and the catalogues are compiled.

Each app keeps the catalogue of its own code and templates (`<app>/locale/`); the project's
(`locale/`) holds socialab/ and the site templates. `scripts/update-catalogues` refreshes them all.
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = ROOT / "locale"
CATALOGUE_DIRS = [LOCALE_DIR, *sorted(path for path in ROOT.glob("*/locale") if path.parent.name != "node_modules")]


def test_each_app_with_interface_strings_has_its_catalogue():
    assert {path.parent.name for path in CATALOGUE_DIRS[1:]} >= {"base", "practices", "resources", "partners", "places"}


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize(
    "directory", CATALOGUE_DIRS, ids=lambda path: path.parent.name if path != LOCALE_DIR else "project"
)
def test_catalogue_is_complete(language, directory):
    catalogue = polib.pofile(str(directory / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize("language", ["fr", "es", "en"])
@pytest.mark.parametrize(
    "directory", CATALOGUE_DIRS, ids=lambda path: path.parent.name if path != LOCALE_DIR else "project"
)
def test_catalogue_is_compiled(language, directory):
    assert (directory / language / "LC_MESSAGES" / "django.mo").exists(), "run `make test` or compilemessages"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Aller au contenu principal"), ("es", "Saltar al contenido principal"), ("en", "Skip to main content")],
)
def test_strings_are_translated_at_runtime(language, expected):
    with translation.override(language):
        assert translation.gettext("Skip to main content") == expected
