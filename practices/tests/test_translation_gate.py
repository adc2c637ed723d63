"""A translation goes live only once translated: "Translate this page" makes a draft, and the
publication gate refuses a synced translation whose texts are not all translated."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object

from base.gate import PublicationRefused
from practices.factories import PracticePageFactory
from practices.models import PracticePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_draft(home_pages):
    original = PracticePageFactory(title="Conseils d’enfants à Kara")
    translate_object(original, [Locale.objects.get(language_code="es")])
    page = PracticePage.objects.get(translation_key=original.translation_key, locale__language_code="es")
    translation = Translation.objects.get(source__object_id=original.translation_key, target_locale=page.locale)
    return page, translation


def test_translate_this_page_makes_a_draft_not_a_live_copy_of_the_french(spanish_draft):
    page, _translation = spanish_draft
    assert not page.live
    assert not PracticePage.objects.live().filter(locale__language_code="es").exists()


def test_an_incomplete_translation_is_not_published(spanish_draft, django_capture_on_commit_callbacks):
    page, translation = spanish_draft
    total, done = translation.get_progress()
    assert total > done == 0
    with pytest.raises(PublicationRefused) as refusal:
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=True)
    expected = ngettext(
        "%(missing)s of its %(total)s texts is not translated yet.",
        "%(missing)s of its %(total)s texts are not translated yet.",
        total,
    ) % {"missing": total, "total": total}
    assert expected in refusal.value.message
    page.refresh_from_db()
    assert not page.live


def test_a_complete_translation_is_published(spanish_draft, django_capture_on_commit_callbacks):
    page, translation = spanish_draft
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            context=segment.context,
            locale=translation.target_locale,
            data=f"[es] {segment.string.data}",
        )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    page.refresh_from_db()
    assert page.live and page.title.startswith("[es] ")


def test_a_professional_translator_works_from_a_po_file(
    spanish_draft, admin_client, django_capture_on_commit_callbacks
):
    """Download the PO file of the translation, translate it outside, upload it: the page can be published."""
    page, translation = spanish_draft
    download = admin_client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    assert "Conseils d’enfants à Kara" in [entry.msgid for entry in po]
    for entry in po:
        entry.msgstr = f"[es] {entry.msgid}"
    upload = SimpleUploadedFile("traduction.po", str(po).encode(), content_type="text/x-gettext-translation")
    next_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload, "next": next_url}
    )
    assert response.status_code == 302
    total, done = translation.get_progress()
    assert done == total
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    page.refresh_from_db()
    assert page.live and page.title == "[es] Conseils d’enfants à Kara"
