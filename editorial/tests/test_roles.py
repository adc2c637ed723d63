"""Roles: partner members see only their organisation's drafts (explorer, admin search, choosers),
submit but never publish; partner groups follow their organisation's page; a partner member's
practice is attributed to their organisation. The whole matrix is test_permission_matrix."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import Locale, Workflow

from base.factories import RootCollectionImageFactory
from editorial.models import PartnerGroup
from editorial.roles import ROLES, ensure_roles
from practices.models import PracticeIndexPage, PracticePage
from resources.models import ResourceIndexPage
from taxonomy.models import Country
from tests import content


def image_file(name):
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 130)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


pytestmark = pytest.mark.django_db


@pytest.fixture
def people(role_users, practices_of):
    users, partners = role_users
    return users, practices_of, partners


def test_partner_members_see_only_their_own_drafts_in_the_explorer(client, people):
    users, _pages, _partners = people
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    client.force_login(users["partner A"])
    html = client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()
    assert "Brouillon de A" in html and "Pratique publiée" in html
    assert "Borrador de B" not in html
    client.force_login(users["editor"])
    html = client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()
    assert "Brouillon de A" in html and "Borrador de B" in html


def test_partner_members_do_not_find_other_organisations_drafts_in_the_admin_search(client, people):
    users, _pages, _partners = people
    client.force_login(users["partner A"])
    for name in ("wagtailadmin_pages:search", "wagtailadmin_pages:search_results"):
        html = client.get(reverse(name), {"q": "Borrador"}).content.decode()
        assert "Borrador de B" not in html, name
    assert "Brouillon de A" in client.get(reverse("wagtailadmin_pages:search"), {"q": "Brouillon"}).content.decode()
    client.force_login(users["editor"])
    assert "Borrador de B" in client.get(reverse("wagtailadmin_pages:search"), {"q": "Borrador"}).content.decode()


def test_partner_members_do_not_find_other_organisations_drafts_in_page_choosers(client, people):
    users, _pages, _partners = people
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    client.force_login(users["partner A"])
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Borrador"}).content.decode()
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[index.pk])).content.decode()
    assert "Borrador de B" not in search and "Borrador de B" not in browse
    assert (
        "Brouillon de A" in client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Brouillon"}).content.decode()
    )


def test_a_partner_member_can_submit_for_moderation_but_not_publish(people):
    users, pages, _partners = people
    draft = pages["draft of A"]
    assert Workflow.objects.filter(active=True).exists()
    assert draft.get_workflow() is not None
    permissions = draft.permissions_for_user(users["partner A"])
    assert permissions.can_edit() and not permissions.can_publish()
    assert (
        PracticeIndexPage.objects.get(locale__language_code="fr")
        .permissions_for_user(users["partner A"])
        .can_add_subpage()
    )


def test_groups_follow_the_organisation_s_page(people):
    _users, _pages, partners = people
    partner = partners["A"]
    assert PartnerGroup.objects.get(translation_key=partner.translation_key).group.name == "Voix des enfants de Lomé"
    content.partner(key="partner-a", locale="es", title="Voces de la niñez de Lomé")  # a translation: same group
    assert PartnerGroup.objects.filter(translation_key=partner.translation_key).count() == 1
    partner.title = "Voix des enfants du Togo"
    partner.save_revision().publish()
    assert PartnerGroup.objects.get(translation_key=partner.translation_key).group.name == "Voix des enfants du Togo"
    assert set(ROLES) <= set(Group.objects.values_list("name", flat=True))
    ensure_roles()  # idempotent
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)


def test_a_partner_member_s_practice_is_attributed_to_their_organisation(client, people):
    users, _pages, partners = people
    from practices.tests.test_admin import PracticeAdminTests

    form = PracticeAdminTests.form(PracticeAdminTests(), title="Cliniques mobiles", slug="cliniques-mobiles-a")
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    client.force_login(users["partner A"])
    url = reverse("wagtailadmin_pages:add", args=("practices", "practicepage", index.pk))
    response = client.post(url, {**form, "action-submit": "Submit"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PracticePage.objects.get(slug="cliniques-mobiles-a")
    revision = page.get_latest_revision_as_object()
    assert [partner.pk for partner in revision.partners.all()] == [partners["A"].pk]
    assert not page.live and page.workflow_in_progress


@pytest.mark.parametrize("role", ["partner A", "translator", "volunteer", "moderator", "editor", "admin"])
def test_who_reaches_users_settings_the_vocabulary_and_other_sections(client, people, role):
    users, _pages, _partners = people
    client.force_login(users[role])
    for name in ("wagtailusers_users:index", "wagtailusers_groups:index", "wagtailsites:index"):
        status = client.get(reverse(name)).status_code
        assert (status == 200) is (role == "admin"), (role, name, status)
    vocabulary = client.get(reverse(Country.snippet_viewset.get_url_name("list"))).status_code
    assert (vocabulary == 200) is (role in ("translator", "editor", "admin")), (role, vocabulary)
    resources = ResourceIndexPage.objects.get(locale__language_code="fr")
    add_resource = reverse("wagtailadmin_pages:add", args=("resources", "resourcepage", resources.pk))
    status = client.get(add_resource).status_code  # translators add translations anywhere (as drafts)
    assert (status == 200) is (role in ("translator", "moderator", "editor", "admin")), (role, status)


def test_a_partner_member_uploads_and_chooses_images_and_documents(client, people):
    users, _pages, _partners = people
    RootCollectionImageFactory(title="Photo du marché")
    client.force_login(users["partner A"])
    chooser = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert "Photo du marché" in chooser  # existing images can be chosen
    assert 'name="image-chooser-upload-file"' in chooser  # and new ones uploaded
    uploaded = client.post(
        reverse("wagtailimages_chooser:create"),
        {"image-chooser-upload-title": "Atelier", "image-chooser-upload-file": image_file("atelier.png")},
    )
    assert uploaded.json()["step"] == "chosen"
    assert "upload" in client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]


def test_the_admin_loads_nothing_from_outside_and_names_its_tag_inputs(client, people):
    users, _pages, _partners = people
    client.force_login(users["partner A"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in dashboard
    assert "base/js/admin-labels" in dashboard  # names Wagtail's tag inputs (tested in Chromium by axe)


def test_a_translator_translates_a_page_edits_the_translation_and_publishes_nothing(client, people):
    users, pages, _partners = people
    original = pages["published"]
    client.force_login(users["translator"])
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[original.pk]),
        {"locales": [Locale.objects.get(language_code="es").pk]},
    )
    assert response.status_code == 302
    spanish = PracticePage.objects.get(translation_key=original.translation_key, locale__language_code="es")
    assert not spanish.live  # a draft until it is translated and approved
    assert spanish.owner == users["translator"]
    permissions = spanish.permissions_for_user(users["translator"])
    assert permissions.can_edit() and not permissions.can_publish()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[spanish.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[original.pk])).status_code != 200
    assert not original.permissions_for_user(users["translator"]).can_publish()
