"""Partner organisations: their page with the practices they share, the partner index, and the admin form."""

import html
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.site_setup import ensure_site
from partners.models import PHONE_VALIDATOR, PartnerIndexPage, PartnerPage
from taxonomy.models import Country, Theme
from tests import content

CARD = re.compile(
    r'<h3 class="card__title"><a href="(?P<url>[^"]+)"[^>]*><span lang="(?P<lang>[a-z]+)">(?P<title>[^<]+)</span></a>'
    r'\s*(?:<span class="badge badge--language" lang="[a-z]+">(?P<badge>[^<]+)</span>)?'
)
FICTIONAL_FR = "Organisation fictive : ce profil est un contenu de démonstration"
FICTIONAL_ES = "Organización ficticia"


def cards(text):
    """[(title, url, language of the content, language badge or None)] of the cards on a page."""
    return [
        (html.unescape(m["title"]), m["url"], m["lang"], m["badge"] and html.unescape(m["badge"]))
        for m in CARD.finditer(text)
    ]


def get(client, url, language):
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert f'<html lang="{language}"' in text
    return text


@pytest.fixture
def partnered(sample):
    """The Horizon partner in French and Spanish, with a second practice that has no Spanish translation."""
    horizon_es = content.partner(key="partner-horizon", locale="es", title="Asociación Horizonte (ficticia)")
    workshops = content.practice(key="ateliers-parents", title="Ateliers parents", partners=["partner-horizon"])
    return {**sample, "horizon_es": horizon_es, "workshops": workshops}


@pytest.mark.django_db
def test_partner_page_lists_its_practices_in_french(client, partnered):
    text = get(client, partnered["partner"].url, "fr")
    assert "<h1>Association Horizon (fictive)</h1>" in text
    found = cards(text)
    assert {(title, url, lang, badge) for title, url, lang, badge in found} == {
        ("Conseils d’enfants dans les quartiers", "/fr/pratiques/conseils-denfants-dans-les-quartiers/", "fr", None),
        ("Ateliers parents", "/fr/pratiques/ateliers-parents/", "fr", None),
    }
    assert len(found) == 2  # each practice once
    assert "DEMUNA itinérantes" not in text  # not a practice of this partner
    # Contact facts: the country links to its page, named in the reader's language.
    assert '<a href="/fr/pays/togo/">Togo</a>, Lomé' in text
    assert "<dd>Participation des enfants</dd>" in text


@pytest.mark.django_db
def test_partner_page_in_spanish_shows_translations_and_marks_originals(client, partnered):
    text = get(client, partnered["horizon_es"].url, "es")
    assert "<h1>Asociación Horizonte (ficticia)</h1>" in text
    assert set(cards(text)) == {
        (
            "Consejos de niñas y niños en los barrios",
            "/es/practicas/consejos-de-ninas-y-ninos-en-los-barrios/",
            "es",
            None,
        ),
        # Not translated into Spanish: the French original, with a badge saying so.
        ("Ateliers parents", "/fr/pratiques/ateliers-parents/?from=es", "fr", "en francés"),
    }
    assert "Conseils d’enfants dans les quartiers" not in text
    assert '<a href="/es/paises/togo/">Togo</a>' in text
    assert "Participación infantil" in text


@pytest.mark.django_db
def test_withdrawn_practices_leave_the_partner_page(client, partnered):
    partnered["workshops"].unpublish()
    text = get(client, partnered["partner"].url, "fr")
    assert [title for title, *_rest in cards(text)] == ["Conseils d’enfants dans les quartiers"]
    partnered["togo"].unpublish()
    partnered["togo_es"].unpublish()
    text = get(client, partnered["partner"].url, "fr")
    assert cards(text) == []
    assert "Aucune pratique publiée pour l’instant." in text


@pytest.mark.django_db
def test_fictional_notice_only_for_fictional_organisations(client, sample):
    real = content.partner(key="real", title="Réseau Enfance Lomé", fictional=False)
    assert FICTIONAL_FR in get(client, sample["partner"].url, "fr")
    assert 'class="notice notice--demo"' in get(client, sample["partner"].url, "fr")
    text = get(client, real.url, "fr")
    assert "<h1>Réseau Enfance Lomé</h1>" in text
    assert FICTIONAL_FR not in text and "notice--demo" not in text
    spanish = content.partner(key="partner-horizon", locale="es", title="Asociación Horizonte (ficticia)")
    assert FICTIONAL_ES in get(client, spanish.url, "es")


@pytest.mark.django_db
def test_partner_index_lists_partners_in_the_reader_language(client, partnered):
    content.partner(key="a-first", title="Aide à l’enfance (fictive)", country="SN", city="Dakar")
    french = get(client, "/fr/partenaires/", "fr")
    assert [title for title, *_rest in cards(french)] == ["Aide à l’enfance (fictive)", "Association Horizon (fictive)"]
    assert "Dakar, Sénégal" in french and "Lomé, Togo" in french
    spanish = get(client, "/es/organizaciones-aliadas/", "es")
    assert set(cards(spanish)) == {
        ("Asociación Horizonte (ficticia)", "/es/organizaciones-aliadas/asociacion-horizonte-ficticia/", "es", None),
        ("Aide à l’enfance (fictive)", "/fr/partenaires/aide-a-lenfance-fictive/?from=es", "fr", "en francés"),
    }
    assert "Dakar, Senegal" in spanish
    # English has no translation at all: both French originals, marked.
    english = get(client, "/en/partners/", "en")
    assert {(title, badge) for title, _url, _lang, badge in cards(english)} == {
        ("Aide à l’enfance (fictive)", "in French"),
        ("Association Horizon (fictive)", "in French"),
    }


@pytest.mark.django_db
def test_partner_index_without_partners(client, home_pages):
    text = get(client, "/fr/partenaires/", "fr")
    assert cards(text) == []
    assert "<h1>Partenaires</h1>" in text


def default(model, **lookup):
    return model.objects.get(locale__language_code=settings.LANGUAGE_CODE, **lookup)


class PartnerAdminTests(WagtailPageTestCase):
    def setUp(self):
        ensure_site()
        self.index = PartnerIndexPage.objects.get(locale__language_code="fr")
        self.login()

    def form(self, **overrides):
        data = {
            "title": "Collectif Enfance Dakar (fictif)",
            "slug": "collectif-enfance-dakar",
            "summary": "Un collectif de travailleurs sociaux à Dakar.",
            "body": streamfield([("paragraph", rich_text("<p>Il accompagne les enfants des rues.</p>"))]),
            "country": default(Country, iso_code="SN").pk,
            "city": "Dakar",
            "website": "https://example.org/collectif",
            "logo": "",
            "is_fictional": "on",
            "comments": inline_formset([]),
        }
        data.update(overrides)
        # Multiple-choice fields post one value per checked box; nested_form_data would number them.
        return {
            **nested_form_data(data),
            "themes": [default(Theme, slug="youth-in-difficulty").pk, default(Theme, slug="child-participation").pk],
        }

    def test_editor_creates_and_publishes_a_partner(self):
        self.assertCanCreate(self.index, PartnerPage, self.form())
        page = PartnerPage.objects.get(slug="collectif-enfance-dakar")
        assert page.live
        assert page.locale.language_code == "fr"
        assert page.country.iso_code == "SN"
        assert sorted(theme.slug for theme in page.themes.all()) == ["child-participation", "youth-in-difficulty"]
        assert page.is_fictional
        assert page.key  # filled in automatically
        text = self.client.get(page.url).content.decode()
        assert "Il accompagne les enfants des rues." in text
        assert '<a href="/fr/pays/senegal/">Sénégal</a>, Dakar' in text
        assert FICTIONAL_FR in text

    def test_an_invalid_website_is_a_form_error(self):
        url = f"/admin/pages/add/partners/partnerpage/{self.index.pk}/"
        response = self.client.post(url, {**self.form(website="pas une adresse"), "action-publish": "1"})
        assert response.status_code == 200
        assert "website" in response.context["form"].errors
        assert not PartnerPage.objects.filter(slug="collectif-enfance-dakar").exists()

    def test_a_partner_belongs_under_the_partner_index(self):
        self.assertAllowedParentPageTypes(PartnerPage, {PartnerIndexPage})
        self.assertAllowedSubpageTypes(PartnerPage, set())


@pytest.mark.django_db
def test_the_contact_box_shows_what_the_partner_gave_and_a_contact_link(client, home_pages):
    full = content.partner(
        key="full",
        website="https://lanterne.example.org",
        email="contact@lanterne.example.org",
        phone="+228 22 21 00 00",
    )
    text = get(client, full.url, "fr")
    contact = text[text.index('id="contact-title"') :]
    assert '<a href="https://lanterne.example.org" rel="noopener">' in contact
    assert '<a href="mailto:contact@lanterne.example.org">contact@lanterne.example.org</a>' in contact
    assert '<a href="tel:+22822210000">+228 22 21 00 00</a>' in contact
    assert '<a class="button" href="mailto:contact@lanterne.example.org">Contacter ce partenaire</a>' in contact
    website_only = content.partner(key="site", website="https://site.example.org")
    assert '<a class="button" href="https://site.example.org" rel="noopener">' in get(client, website_only.url, "fr")


@pytest.mark.django_db
def test_no_contact_box_without_any_contact(client, home_pages):
    text = get(client, content.partner(key="silent", country="TG").url, "fr")
    assert "Contacter ce partenaire" not in text and 'id="contact-title"' not in text
    assert '<h2 id="facts-title">En bref</h2>' in text and "Togo" in text


@pytest.mark.django_db
def test_a_phone_number_is_checked(home_pages):
    for good in ("+228 22 21 00 00", "(01) 44.55-66"):
        PHONE_VALIDATOR(good)
    for bad in ("call me", "+228 22 21 00 00 ext. 5", "12", "<script>"):
        with pytest.raises(ValidationError):
            PHONE_VALIDATOR(bad)
