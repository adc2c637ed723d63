"""Editors create practices through the admin form; safeguarding blocks publishing until complete."""

import pytest
import wagtail_factories
from django.conf import settings
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.site_setup import ensure_site
from practices.models import PracticeIndexPage, PracticePage
from taxonomy.models import Country, SDGTarget, TargetGroup, Theme


def default(model, **lookup):
    return model.objects.get(locale__language_code=settings.LANGUAGE_CODE, **lookup)


class PracticeAdminTests(WagtailPageTestCase):
    def setUp(self):
        ensure_site()
        self.index = PracticeIndexPage.objects.get(locale__language_code="fr")
        self.login()

    def form(self, **overrides):
        data = {
            "title": "Cliniques juridiques mobiles",
            "slug": "cliniques-juridiques-mobiles",
            "summary": "Des juristes vont au-devant des enfants en conflit avec la loi.",
            "kind": "innovative-initiative",
            "body": streamfield(
                [
                    ("section", {"section": "context", "text": rich_text("<p>Au Sénégal…</p>")}),
                    ("section", {"section": "results", "text": rich_text("<p>120 enfants conseillés.</p>")}),
                ]
            ),
            "tags": "justice, droit",
            "gender_marker": 1,
            "participation": "consulted",
            "evidence": "peer-validated",
            "start_year": 2022,
            "end_year": "",
            "status": "ongoing",
            "safeguarding_identifiable_children": "",
            "safeguarding_anonymised": "on",
            "comments": inline_formset([]),
        }
        data.update(overrides)
        # Multiple-choice fields post one value per checked box; nested_form_data would number them.
        return {
            **nested_form_data(data),
            "countries": [default(Country, iso_code="SN").pk],
            "themes": [default(Theme, slug="justice-for-children").pk],
            "target_groups": [default(TargetGroup, slug="adolescents").pk],
            "sdg_targets": [default(SDGTarget, code="16.3").pk],
        }

    def test_editor_creates_and_publishes_a_practice(self):
        self.assertCanCreate(self.index, PracticePage, self.form())
        page = PracticePage.objects.get(slug="cliniques-juridiques-mobiles")
        assert page.live
        assert [c.iso_code for c in page.countries.all()] == ["SN"]
        assert [t.slug for t in page.themes.all()] == ["justice-for-children"]
        assert [b.value["section"] for b in page.body] == ["context", "results"]
        assert sorted(t.name for t in page.tags.all()) == ["droit", "justice"]
        assert page.key  # filled in automatically

    def post(self, data, action):
        url = f"/admin/pages/add/practices/practicepage/{self.index.pk}/"
        return self.client.post(url, {**data, action: "1"} if action else data)

    def test_publishing_needs_a_complete_safeguarding_record(self):
        image = wagtail_factories.ImageFactory()
        data = self.form(hero_image=image.pk, safeguarding_anonymised="")
        response = self.post(data, "action-publish")
        assert response.status_code == 200
        content = response.content.decode()
        assert "anonymis" in content  # the anonymisation checkbox is flagged
        assert not PracticePage.objects.filter(slug="cliniques-juridiques-mobiles").exists()

    def test_a_recognisable_child_without_consent_blocks_publishing(self):
        image = wagtail_factories.ImageFactory()
        data = self.form(hero_image=image.pk, safeguarding_identifiable_children="yes")
        response = self.post(data, "action-publish")
        assert response.status_code == 200
        assert not PracticePage.objects.filter(slug="cliniques-juridiques-mobiles").exists()
        data = self.form(hero_image=image.pk, safeguarding_identifiable_children="yes", safeguarding_consent="on")
        assert self.post(data, "action-publish").status_code == 302
        assert PracticePage.objects.get(slug="cliniques-juridiques-mobiles").live

    def test_an_incomplete_draft_can_be_saved(self):
        data = self.form(safeguarding_anonymised="")
        response = self.post(data, None)
        assert response.status_code == 302
        page = PracticePage.objects.get(slug="cliniques-juridiques-mobiles")
        assert not page.live

    def test_end_year_before_start_year_is_a_form_error(self):
        response = self.post(self.form(start_year=2024, end_year=2021, status="completed"), "action-publish")
        assert response.status_code == 200
        assert not PracticePage.objects.filter(slug="cliniques-juridiques-mobiles").exists()


@pytest.mark.django_db
def test_tree_rules():
    assert PracticePage.parent_page_types == ["practices.PracticeIndexPage"]
    assert PracticePage.subpage_types == []
    assert PracticeIndexPage.parent_page_types == ["home.HomePage"]


def test_the_partner_and_resource_choosers_list_one_entry_per_organisation_in_the_editor_s_language(
    admin_client, home_pages
):
    from tests import content

    content.partner(key="partner-voix", title="Voix des enfants")
    content.partner(key="partner-voix", locale="es", title="Voces de la niñez")
    content.partner(key="partner-solo", title="Association Kara")
    content.resource(key="guide-x", title="Guide de l’animateur")
    content.resource(key="guide-x", locale="es", title="Guía del animador")
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    url = f"/admin/pages/add/practices/practicepage/{index.pk}/"
    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    partners = html.split('name="partners"')
    assert len(partners) - 1 == 2  # two organisations, not three language copies
    assert "Voces de la niñez" in html and "Voix des enfants" not in html
    assert "Guía del animador" in html and html.count("Guide de l’animateur") == 0
