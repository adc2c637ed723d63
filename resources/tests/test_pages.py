"""Resources: editors attach a document whose text is read for search; readers get a download link with its details."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from demo.media import make_docx, make_pdf
from home.site_setup import ensure_site
from resources.models import ResourceIndexPage, ResourcePage
from taxonomy.models import Country, TargetGroup, Theme
from tests import content

PDF_WORDS = "Le kangourou résilient anime la médiation scolaire."
DOCX_WORDS = "El zorro vigilante acompaña a las familias de acogida."


def upload(name, data, title="Document de test"):
    """A Wagtail document as the admin's upload view stores it: file, size and hash."""
    document = get_document_model()(title=title, file=ContentFile(data, name=name))
    document._set_document_file_metadata()
    document.save()
    return document


def stored_before_uploads_were_checked(name, data, title="Document ancien"):
    """A document stored as uploads were before base.uploads refused bad files: bulk_create sends no pre_save."""
    document = get_document_model()(title=title, file=ContentFile(data, name=name), file_hash="")
    (document,) = get_document_model().objects.bulk_create([document])
    return document


def default(model, **lookup):
    return model.objects.get(locale__language_code=settings.LANGUAGE_CODE, **lookup)


class ResourceAdminTests(WagtailPageTestCase):
    def setUp(self):
        ensure_site()
        self.index = ResourceIndexPage.objects.get(locale__language_code="fr")
        self.login()

    def form(self, **overrides):
        data = {
            "title": "Boîte à outils de la médiation",
            "slug": "boite-a-outils-mediation",
            "summary": "Des fiches pour animer une médiation avec des adolescents.",
            "kind": "toolkit",
            "document": "",
            "link": "",
            "publisher": "Socialab (test)",
            "year": 2024,
            "licence": "CC BY 4.0",
            "comments": inline_formset([]),
        }
        data.update(overrides)
        # Multiple-choice fields post one value per checked box; nested_form_data would number them.
        return {
            **nested_form_data(data),
            "languages": ["fr", "es"],
            "themes": [default(Theme, slug="justice-for-children").pk],
            "countries": [default(Country, iso_code="TN").pk],
            "target_groups": [default(TargetGroup, slug="professionals").pk],
        }

    def post(self, data):
        url = f"/admin/pages/add/resources/resourcepage/{self.index.pk}/"
        return self.client.post(url, {**data, "action-publish": "1"})

    def created(self):
        return ResourcePage.objects.filter(slug="boite-a-outils-mediation")

    def test_editor_creates_a_resource_with_a_pdf_whose_text_is_extracted(self):
        document = upload("mediation.pdf", make_pdf("Médiation scolaire", ["## Étapes", PDF_WORDS]))
        self.assertCanCreate(self.index, ResourcePage, self.form(document=document.pk))
        page = self.created().get()
        assert page.live
        assert page.document_id == document.pk
        assert PDF_WORDS in " ".join(page.extracted_text.split())
        assert "Étapes" in page.extracted_text
        assert page.extracted_file_hash == document.file_hash
        assert page.languages == ["fr", "es"]
        assert [theme.slug for theme in page.themes.all()] == ["justice-for-children"]
        assert [country.iso_code for country in page.countries.all()] == ["TN"]

    def test_editor_creates_a_resource_with_a_word_document_whose_text_is_extracted(self):
        document = upload("acogida.docx", make_docx("Familias de acogida", ["## Pasos", DOCX_WORDS], language="es"))
        self.assertCanCreate(self.index, ResourcePage, self.form(document=document.pk))
        page = self.created().get()
        assert DOCX_WORDS in page.extracted_text
        assert "Familias de acogida" in page.extracted_text
        assert page.extracted_file_hash == document.file_hash

    def test_a_broken_pdf_is_a_form_error_naming_the_file(self):
        broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a real PDF"
        document = stored_before_uploads_were_checked("rapport-abime.pdf", broken)
        response = self.post(self.form(document=document.pk))
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert list(errors) == ["document"]
        assert document.filename in " ".join(errors["document"])
        assert document.filename in response.content.decode()
        assert not ResourcePage.objects.exists()

    def test_a_word_document_that_is_not_one_is_a_form_error(self):
        document = stored_before_uploads_were_checked("faux.docx", make_pdf("Pas un Word", ["Du texte."]))
        response = self.post(self.form(document=document.pk))
        assert response.status_code == 200
        assert document.filename in " ".join(response.context["form"].errors["document"])
        assert not ResourcePage.objects.exists()

    def test_a_document_or_a_link_is_required(self):
        response = self.post(self.form())
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert list(errors) == ["document"]
        with translation.override(response["Content-Language"]):
            assert errors["document"] == [translation.gettext("Attach a document or give a link.")]
        assert not ResourcePage.objects.exists()

    def test_a_link_alone_is_enough(self):
        self.assertCanCreate(self.index, ResourcePage, self.form(link="https://example.org/boite-a-outils"))
        page = self.created().get()
        assert page.document is None
        assert page.extracted_text == ""
        assert page.download_url == "https://example.org/boite-a-outils"


@pytest.mark.django_db
def test_resource_page_shows_a_download_link_with_format_and_size(client, sample):
    guide = sample["guide"]
    response = client.get(guide.url)
    assert response.status_code == 200
    text = response.content.decode()
    assert guide.document.file_size > 0
    with translation.override("fr"):
        size = filesizeformat(guide.document.file_size)
    assert f'<a class="button" href="{guide.document.url}" download data-offline-file>Télécharger' in text
    assert f'<span class="download__meta">PDF, {size}</span>' in text
    # The link works and serves the PDF.
    download = client.get(guide.document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_resource_languages_render_as_names_in_the_reader_language(client, home_pages, tmp_path):
    french = content.resource(key="multilingue", languages=["fr", "es", "wo"])
    spanish = content.resource(key="multilingue", locale="es", title="Guía de animación", languages=["fr", "es", "wo"])
    text = client.get(french.url).content.decode()
    assert "<dt>Langues</dt><dd>Français, Espagnol, Wolof</dd>" in text
    text = client.get(spanish.url).content.decode()
    assert "<dt>Idiomas</dt><dd>Francés, Español, Wólof</dd>" in text
    assert "Descargar" in text


@pytest.mark.django_db
def test_a_link_resource_page_opens_the_link(client, home_pages, tmp_path):
    page = content.resource(key="en-ligne", file=None, url="https://example.org/guide-en-ligne")
    text = client.get(page.url).content.decode()
    assert '<a class="button" href="https://example.org/guide-en-ligne" rel="noopener">Ouvrir la ressource' in text
    assert "Télécharger" not in text
