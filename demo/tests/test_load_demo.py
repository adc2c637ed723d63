"""`manage.py load_demo` fills a fresh site with the demo content, and a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from partners.models import PartnerPage
from practices.models import PracticePage
from resources.models import ResourcePage
from taxonomy.models import Country, Theme

# One worker loads the demo for the whole module (make test distributes by group).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo once for this module (it takes a few seconds); each test still runs in its own transaction."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        from wagtail.models import Page

        Page.objects.filter(depth__gt=3).delete()  # the demo's pages; the site's home and section pages stay


def originals(model):
    return model.objects.filter(locale__language_code="fr")


def test_programme_coverage():
    practices = originals(PracticePage)
    assert practices.count() >= 30
    default_countries = Country.objects.filter(locale__language_code="fr")
    covered = set(practices.values_list("countries__iso_code", flat=True))
    assert covered == set(default_countries.values_list("iso_code", flat=True))
    themes = set(practices.values_list("themes__slug", flat=True))
    assert themes == set(Theme.objects.filter(locale__language_code="fr").values_list("slug", flat=True))
    assert PracticePage.objects.filter(locale__language_code="es").count() >= 5
    assert PracticePage.objects.filter(locale__language_code="en").count() >= 3
    assert all(page.live and page.safeguarding_complete for page in PracticePage.objects.all())


def test_partners_are_fictional_and_resources_have_real_pdfs():
    partners = originals(PartnerPage)
    assert 6 <= partners.count() <= 10
    assert all(partner.is_fictional for partner in partners)
    resources = originals(ResourcePage)
    assert resources.count() >= 12
    with_files = [resource for resource in resources if resource.document_id]
    assert len(with_files) >= 12
    for resource in with_files:
        assert resource.document.file_extension == "pdf"
        assert len(resource.extracted_text) > 200  # the generated PDF's text was extracted


def test_practices_have_illustrations_and_sections():
    practice = originals(PracticePage).first()
    assert practice.hero_image is not None
    assert practice.hero_image.file.name.endswith(".jpg")
    assert any(block.block_type == "section" for block in practice.body)


def test_translations_share_their_original_taxonomy():
    for translation in PracticePage.objects.filter(locale__language_code="es"):
        original = PracticePage.objects.get(key=translation.key, locale__language_code="fr")
        assert translation.translation_key == original.translation_key
        assert set(translation.countries.all()) == set(original.countries.all())
        assert set(translation.themes.all()) == set(original.themes.all())


def test_running_again_changes_nothing():
    revisions = Revision.objects.count()
    pages = PracticePage.objects.count(), ResourcePage.objects.count(), PartnerPage.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Revision.objects.count() == revisions
    assert (PracticePage.objects.count(), ResourcePage.objects.count(), PartnerPage.objects.count()) == pages
    assert "created" not in out.getvalue() and "updated" not in out.getvalue()
