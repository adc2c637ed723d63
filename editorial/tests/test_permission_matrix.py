"""The permission matrix: every role × view / edit / submit / publish / delete on a published
practice, a draft of partner A, a draft of partner B, a volunteer-only resource and the users
admin — each cell asserted through Wagtail's permission API and through HTTP.

What "view" means follows what a person does: a live page is read on the site (Wagtail's view
restrictions decide), a draft is previewed in the admin (`view_draft`), the users admin is its
listing. "Submit" and "publish" are the page editor's buttons; "delete" is the admin's delete.
Each HTTP cell runs on a site of its own, so that one action never decides the next.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from practices.tests import test_admin as practice_admin
from resources.tests import test_pages as resource_admin
from tests import content

pytestmark = pytest.mark.django_db

ACTIONS = "vespd"  # view, edit, submit, publish, delete
TARGETS = ("published", "draft of A", "draft of B", "volunteer resource", "users")
# Moderators edit and publish everything but read the volunteers' resource on the site only as
# volunteers do (Wagtail's group restriction); editors publish nothing; a partner member works on
# their organisation's drafts only; translators and volunteers do nothing in the admin here.
EXPECTED = {
    "anonymous": {"published": "v----", "draft of A": "-----", "draft of B": "-----", "volunteer resource": "-----"},
    "partner A": {"published": "v----", "draft of A": "ves-d", "draft of B": "-----", "volunteer resource": "-----"},
    "partner B": {"published": "v----", "draft of A": "-----", "draft of B": "ves-d", "volunteer resource": "-----"},
    "translator": {"published": "v----", "draft of A": "-----", "draft of B": "-----", "volunteer resource": "-----"},
    "volunteer": {"published": "v----", "draft of A": "-----", "draft of B": "-----", "volunteer resource": "v----"},
    "moderator": {"published": "vespd", "draft of A": "vespd", "draft of B": "vespd", "volunteer resource": "-espd"},
    "editor": {"published": "ves--", "draft of A": "ves-d", "draft of B": "ves-d", "volunteer resource": "-es--"},
    "admin": {"published": "vespd", "draft of A": "vespd", "draft of B": "vespd", "volunteer resource": "vespd"},
}  # fmt: skip
for _role, _cells in EXPECTED.items():
    _cells["users"] = "ve--d" if _role == "admin" else "-----"  # nothing to submit or publish


@pytest.fixture
def site(role_users, practices_of, django_user_model):
    users, _partners = role_users
    resource = content.resource(key="guide-volunteers", title="Guide des bénévoles")
    resource.owner = users["editor"]
    resource.save()
    restriction = PageViewRestriction.objects.create(page=resource, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Volunteers"))
    pages = {**practices_of, "volunteer resource": resource}
    target = django_user_model.objects.create_user("someone", password="a-long-password")
    return users, pages, target


# Through Wagtail's permission API


def may_view(page, user):
    if not page.live:
        permissions = page.permissions_for_user(user)
        return permissions.can_edit() or permissions.can_publish()  # what the admin's preview asks
    request = RequestFactory().get(page.url)
    request.user = user
    request.session = {}
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def abilities(page, user):
    if user is None or not user.is_active:
        return "v----" if page.live and not page.get_view_restrictions() else "-----"
    permissions = page.permissions_for_user(user)
    allowed = (
        may_view(page, user),
        permissions.can_edit(),
        permissions.can_edit() and permissions.can_submit_for_moderation(),
        permissions.can_publish(),
        permissions.can_delete(),
    )
    return "".join(letter if ok else "-" for letter, ok in zip(ACTIONS, allowed, strict=True))


def users_abilities(user):
    if user is None:
        return "-----"
    allowed = (
        user.has_perm("auth.change_user") or user.has_perm("auth.add_user") or user.has_perm("auth.delete_user"),
        user.has_perm("auth.change_user"),
        False,
        False,
        user.has_perm("auth.delete_user"),
    )
    return "".join(letter if ok else "-" for letter, ok in zip(ACTIONS, allowed, strict=True))


def test_the_permission_matrix_through_wagtail_s_api(site):
    users, pages, _target = site
    found = {
        role: {
            **{name: abilities(page.specific, users[role]) for name, page in pages.items()},
            "users": users_abilities(users[role]),
        }
        for role in EXPECTED
    }
    assert found == EXPECTED


# Through HTTP


def edit_form(page):
    """What the page editor posts for `page`: its own title and slug, a complete record otherwise."""
    if page.specific_class.__name__ == "ResourcePage":
        tests = resource_admin.ResourceAdminTests()
        document = page.specific.document_id
        return tests.form(title=page.title, slug=page.slug, document=document)
    return practice_admin.PracticeAdminTests.form(practice_admin.PracticeAdminTests(), title=page.title, slug=page.slug)


def page_action(client, page, action):
    """Do `action` on `page` over HTTP; whether it took effect, read back from the database."""
    if action == "v":
        url = page.url if page.live else reverse("wagtailadmin_pages:view_draft", args=[page.pk])
        return client.get(url).status_code == 200
    if action == "e":
        return client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    if action == "d":
        client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        return not Page.objects.filter(pk=page.pk).exists()
    before = page.live_revision_id
    button = {"s": "action-submit", "p": "action-publish"}[action]
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {**edit_form(page), button: "1"})
    page.refresh_from_db()
    if action == "s":
        return page.workflow_in_progress
    return page.live and page.live_revision_id != before and page.live_revision_id == page.latest_revision_id


def users_action(client, target, action):
    if action == "v":
        return client.get(reverse("wagtailusers_users:index")).status_code == 200
    if action == "e":
        return client.get(reverse("wagtailusers_users:edit", args=[target.pk])).status_code == 200
    if action == "d":
        client.post(reverse("wagtailusers_users:delete", args=[target.pk]))
        return not type(target).objects.filter(pk=target.pk).exists()
    return False  # nothing to submit or publish


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_permission_matrix_through_http(client, site, role, action):
    users, pages, target = site
    if users[role] is not None:
        client.force_login(users[role])
    found = {name: page_action(client, page, action) for name, page in pages.items()}
    found["users"] = users_action(client, target, action)
    expected = {name: action in EXPECTED[role][name] for name in TARGETS}
    assert found == expected, (role, action)
