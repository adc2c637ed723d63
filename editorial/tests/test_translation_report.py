"""Reports → Translations: each page × language is the original, translated and up to date,
outdated since the original changed, or missing; filterable, exportable as CSV, for editors."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from editorial.translations import MISSING, ORIGINAL, OUTDATED, UP_TO_DATE, filtered_rows
from practices.models import PracticePage
from tests import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(home_pages):
    original = content.practice(key="tr-kara", title="Conseils d’enfants à Kara")
    content.practice(key="tr-kara", locale="es", title="Consejos de niñas y niños en Kara")
    content.practice(key="tr-seul", title="Pratique sans traduction")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    PracticePage.objects.filter(pk=original.pk).update(latest_revision_created_at=an_hour_ago)
    return original


def states(title):
    row = next(row for row in filtered_rows({"type": "practice"}) if row.original.title == title)
    return row.states


def test_states_follow_edits_of_the_original(translated):
    assert states("Conseils d’enfants à Kara") == {"fr": ORIGINAL, "es": UP_TO_DATE, "en": MISSING}
    translated.summary = "Un résumé revu après la traduction."
    translated.save_revision().publish()  # the original changes after its translation
    assert states("Conseils d’enfants à Kara") == {"fr": ORIGINAL, "es": OUTDATED, "en": MISSING}
    assert states("Pratique sans traduction") == {"fr": ORIGINAL, "es": MISSING, "en": MISSING}


def test_filters_and_csv_for_editors(client, django_user_model, translated):
    editor = django_user_model.objects.create_user("editrice", password="a-long-password")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    url = reverse("translation_report")
    html = client.get(url, {"state": "missing", "language": "es"}).content.decode()
    assert "Pratique sans traduction" in html and "Conseils d’enfants à Kara" not in html
    csv = client.get(url, {"type": "practice", "export": "csv"}).content.decode("utf-8-sig").splitlines()
    assert csv[0] == "title,type,key,fr,es,en"
    assert "Conseils d’enfants à Kara,PracticePage,tr-kara,original,up-to-date,missing" in csv


def test_partner_members_and_translators_do_not_see_it(client, django_user_model, translated):
    translator = django_user_model.objects.create_user("traductrice", password="a-long-password")
    translator.groups.add(Group.objects.get(name="Translators"))
    client.force_login(translator)
    assert client.get(reverse("translation_report")).status_code in (302, 403)
