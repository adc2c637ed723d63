"""Roles: the permission matrix (Wagtail's permission API and HTTP) for every role on a published
practice, a draft of partner A, a draft of partner B and the users admin; partner groups follow
their organisation's page; a partner member's practice is attributed to their organisation."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Workflow

from editorial.models import PartnerGroup
from editorial.roles import ROLES, ensure_roles
from practices.factories import PracticePageFactory
from practices.models import PracticeIndexPage, PracticePage
from tests import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(home_pages, django_user_model):
    partner_a = content.partner(key="partner-a", title="Voix des enfants de Lomé")
    partner_b = content.partner(key="partner-b", title="Niñez Libre Tegucigalpa")
    users = {"anonymous": None}
    for name, groups in {
        "partner A": [PartnerGroup.objects.get(translation_key=partner_a.translation_key).group],
        "partner B": [PartnerGroup.objects.get(translation_key=partner_b.translation_key).group],
        "translator": [Group.objects.get(name="Translators")],
        "volunteer": [Group.objects.get(name="Volunteers")],
        "moderator": [Group.objects.get(name="Moderators")],
        "editor": [Group.objects.get(name="Editors")],
    }.items():
        user = django_user_model.objects.create_user(name.replace(" ", "-"), password="a-long-password")
        user.groups.set(groups)
        users[name] = user
    users["admin"] = django_user_model.objects.create_superuser("root", password="a-long-password")
    pages = {
        "published": PracticePageFactory(title="Pratique publiée", owner=users["editor"]),
        "draft of A": PracticePageFactory(title="Brouillon de A", owner=users["partner A"], live=False),
        "draft of B": PracticePageFactory(title="Borrador de B", owner=users["partner B"], live=False),
    }
    return users, pages, {"A": partner_a, "B": partner_b}


# (edit, publish, delete) each role may do on each page; the rest of the matrix is HTTP below.
EXPECTED = {
    "anonymous": {"published": "---", "draft of A": "---", "draft of B": "---"},
    "partner A": {"published": "---", "draft of A": "e-d", "draft of B": "---"},
    "partner B": {"published": "---", "draft of A": "---", "draft of B": "e-d"},
    "translator": {"published": "---", "draft of A": "---", "draft of B": "---"},
    "volunteer": {"published": "---", "draft of A": "---", "draft of B": "---"},
    "moderator": {"published": "epd", "draft of A": "epd", "draft of B": "epd"},
    "editor": {"published": "e--", "draft of A": "e-d", "draft of B": "e-d"},
    "admin": {"published": "epd", "draft of A": "epd", "draft of B": "epd"},
}


def abilities(page, user):
    if user is None:
        return "---"
    permissions = page.permissions_for_user(user)
    return "".join(
        letter if allowed else "-"
        for letter, allowed in zip(
            "epd", (permissions.can_edit(), permissions.can_publish(), permissions.can_delete()), strict=True
        )
    )


def test_the_permission_matrix_through_wagtail_s_api(people):
    users, pages, _partners = people
    found = {role: {name: abilities(page, users[role]) for name, page in pages.items()} for role in EXPECTED}
    assert found == EXPECTED


@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_permission_matrix_through_http(client, people, role):
    users, pages, _partners = people
    if users[role] is not None:
        client.force_login(users[role])
    for name, page in pages.items():
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        may_edit = "e" in EXPECTED[role][name]
        assert (response.status_code == 200) is may_edit, (role, name, response.status_code)
    users_admin = client.get(reverse("wagtailusers_users:index"))
    assert (users_admin.status_code == 200) is (role == "admin"), role
    settings_menu = client.get(reverse("wagtailsites:index"))
    assert (settings_menu.status_code == 200) is (role == "admin"), role


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
