"""The partners a practice page lists: each in the reader's language when live there, else its original;
public ones only (base.i18n.reader_versions, chosen in Python since issue 14)."""

import pytest
from wagtail.models import PageViewRestriction

from partners.models import PartnerPage
from tests import content

pytestmark = pytest.mark.django_db


def partners_listed(client, url):
    text = client.get(url).content.decode()
    assert "<html" in text
    return (
        text.split("<h2>Organizaciones aliadas</h2>", 1)[1].split("</ul>", 1)[0]
        if "<h2>Organizaciones aliadas</h2>" in text
        else ""
    )


@pytest.fixture
def spanish_practice(home_pages):
    content.partner(key="p-translated", title="Horizon (fictive)")
    content.partner(key="p-translated", locale="es", title="Horizonte (ficticia)")
    content.partner(key="p-original", title="Racines (fictive)")
    content.practice(key="p-practice", title="Conseils", partners=["p-translated", "p-original"])
    return content.practice(key="p-practice", locale="es", title="Consejos", partners=["p-translated", "p-original"])


def test_each_partner_in_the_reader_language_or_its_original(client, spanish_practice):
    listed = partners_listed(client, spanish_practice.url)
    assert "Horizonte (ficticia)" in listed and "Horizon (fictive)" not in listed
    assert "Racines (fictive)" in listed


def test_a_private_version_is_never_listed_nor_replaced_by_another(client, spanish_practice):
    spanish = PartnerPage.objects.get(key="p-translated", locale__language_code="es")
    PageViewRestriction.objects.create(page=spanish, restriction_type=PageViewRestriction.LOGIN)
    original = PartnerPage.objects.get(key="p-original")
    PageViewRestriction.objects.create(page=original, restriction_type=PageViewRestriction.LOGIN)
    listed = partners_listed(client, spanish_practice.url)
    assert "Horizon" not in listed and "Racines" not in listed
