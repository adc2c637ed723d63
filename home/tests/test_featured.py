"""Featured practices are chosen once for the site (Settings → Site settings) and shown on every
language's home page, in the reader's language where translated; a practice is featured once."""

import pytest
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.models import FeaturedPractice, SiteSettings
from tests import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def featured(home_pages):
    togo = content.practice(key="featured-togo", title="Conseils d’enfants à Kara")
    content.practice(key="featured-togo", locale="es", title="Consejos de niñas y niños en Kara")
    peru = content.practice(key="featured-peru", locale="es", title="DEMUNA itinerantes")
    content.practice(key="not-featured", title="Pratique ordinaire")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for order, practice in enumerate([togo, peru]):
        FeaturedPractice.objects.create(settings=settings, practice=practice, sort_order=order)
    return settings


def featured_section(client, language):
    html = client.get(f"/{language}/").content.decode()
    return html.split('id="featured-title"', 1)[1].split("</section>", 1)[0]


def test_every_home_page_shows_the_site_s_featured_practices_in_its_reader_s_language(client, featured):
    spanish = featured_section(client, "es")
    assert "Consejos de niñas y niños en Kara" in spanish and "DEMUNA itinerantes" in spanish
    assert "Conseils d’enfants à Kara" not in spanish
    french = featured_section(client, "fr")
    assert "Conseils d’enfants à Kara" in french and "DEMUNA itinerantes" in french  # the original, labelled
    assert "Pratique ordinaire" not in french
    assert french.index("Conseils d’enfants à Kara") < french.index("DEMUNA itinerantes")  # the editors' order
    english = featured_section(client, "en")
    assert "Conseils d’enfants à Kara" in english and "DEMUNA itinerantes" in english


def test_a_practice_is_featured_once_whichever_language_was_chosen(admin_client, featured):
    from practices.models import PracticePage

    versions = PracticePage.objects.filter(key="featured-togo").order_by("pk")
    url = reverse("wagtailsettings:edit", args=("home", "sitesettings", featured.site_id))
    data = nested_form_data(
        {
            "contact_email": "",
            "featured_practices": inline_formset([{"practice": versions[0].pk}, {"practice": versions[1].pk}]),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "already featured" in response.content.decode() or "déjà mise en avant" in response.content.decode()
    assert featured.featured_practices.count() == 2  # unchanged
