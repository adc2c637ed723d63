"""wagtail-localize publishes a translation when the request's transaction commits: tried here
with real commits (a transactional test), the refusal is a message on the editor, not a 500."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from practices.factories import PracticePageFactory
from practices.models import PracticePage


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("gate-editor", "gate@example.org", "a-long-pass"))
    return client


def test_translation_publish_from_the_localize_editor_says_why(site, editor_client):
    draft = PracticePageFactory(title="Récits non anonymisés", live=False, safeguarding_anonymised=False)
    source, _created = TranslationSource.get_or_create_from_instance(draft)
    translation = Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code="es"))
    translation.save_target(publish=False)  # what "Translate this page" does in the admin
    spanish = PracticePage.objects.get(locale__language_code="es", translation_key=draft.translation_key)
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[spanish.pk]), {"action": "publish"})
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[spanish.pk])
    text = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert gettext("Confirm that stories and quotes are anonymised.") in text
    assert not PracticePage.objects.get(pk=spanish.pk).live
