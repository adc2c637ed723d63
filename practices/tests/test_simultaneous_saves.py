"""A page saved twice at once: the second save is refused with a message, never a 500, and nothing of it is written.

Wagtail's autosave and a click on "save" (or two tabs, or a double submission) each create the page. Both pass the
form's check of the slug; the model's own check, in `Page.save()`, refuses the second one. Here the first creation is
slipped in between the two checks, as a concurrent request commits it.
"""

from unittest import mock

import pytest
from django.contrib.messages import get_messages
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.test.utils import WagtailPageTestCase
from wagtail.users.models import UserProfile

from home.site_setup import ensure_site
from practices.models import PracticeIndexPage, PracticePage
from practices.tests import test_admin

pytestmark = pytest.mark.django_db

SLUG = "cliniques-juridiques-mobiles"


class SimultaneousCreationTests(WagtailPageTestCase):
    def setUp(self):
        ensure_site()
        self.index = PracticeIndexPage.objects.get(locale__language_code="fr")
        self.user = self.login()
        self.speaks("en")

    def speaks(self, language):
        profile = UserProfile.get_for_user(self.user)
        profile.preferred_language = language
        profile.save()

    def form(self):
        return test_admin.PracticeAdminTests.form(self)

    def post(self, data, headers=None):
        return self.client.post(self.url, data, headers=headers or {})

    @property
    def url(self):
        return f"/admin/pages/add/practices/practicepage/{self.index.pk}/"

    def another_request_creates_the_page_meanwhile(self):
        check_of_the_form = WagtailAdminPageForm.clean
        index = self.index

        def clean(form):
            cleaned = check_of_the_form(form)
            index.add_child(instance=PracticePage(title="Créée par l’autosave", slug=SLUG, live=False))
            return cleaned

        return mock.patch.object(WagtailAdminPageForm, "clean", clean)

    def test_the_second_save_of_a_new_page_is_a_message_and_nothing_is_written(self):
        with self.another_request_creates_the_page_meanwhile():
            response = self.post(self.form())
        assert response.status_code == 302 and response.url == self.url
        (message,) = [str(message) for message in get_messages(response.wsgi_request)]
        assert message.startswith("Nothing was saved:") and SLUG in message
        # The request is rolled back whole: here even the page slipped in, made inside the same request.
        assert not PracticePage.objects.filter(slug=SLUG).exists()

    def test_the_autosave_gets_its_refusal_as_json(self):
        with self.another_request_creates_the_page_meanwhile():
            response = self.post(self.form(), headers={"Accept": "application/json"})
        assert response.status_code == 400
        answer = response.json()
        assert answer["success"] is False and answer["error_code"] == "validation_error"
        assert SLUG in answer["error_message"]
        assert not PracticePage.objects.filter(slug=SLUG).exists()

    def test_the_message_is_in_the_editors_language(self):
        self.speaks("fr")
        with self.another_request_creates_the_page_meanwhile():
            response = self.post(self.form())
        (message,) = [str(message) for message in get_messages(response.wsgi_request)]
        assert message.startswith("Rien n’a été enregistré")
