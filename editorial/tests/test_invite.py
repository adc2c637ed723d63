"""Editors invite partner members: an account in the organisation's group only, and an e-mail in
the person's language with a link to choose their password."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from editorial.models import PartnerGroup
from tests import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model, home_pages):
    editor = django_user_model.objects.create_user("editrice", password="a-long-password")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def organisation(home_pages):
    partner = content.partner(key="partner-invite", title="Niñez Libre Tegucigalpa")
    return PartnerGroup.objects.get(translation_key=partner.translation_key)


def invite(client, organisation, **fields):
    data = {"email": "rosa@example.org", "first_name": "Rosa", "last_name": "", "language": "es"}
    return client.post(reverse("editorial_invite"), {**data, "organisation": organisation.pk, **fields})


def test_an_editor_invites_a_partner_member(
    editor_client, organisation, django_user_model, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(editor_client, organisation)
    assert response.status_code == 302
    user = django_user_model.objects.get(email="rosa@example.org")
    assert list(user.groups.all()) == [organisation.group]
    assert not user.has_usable_password() and not user.is_superuser
    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert message.subject == "Su cuenta de Socialab para Niñez Libre Tegucigalpa"  # in her language
    assert message.body.startswith("Hola, Rosa")
    assert "/admin/password_reset/confirm/" in message.body


def test_only_partner_groups_can_be_chosen_and_twice_the_same_address_is_refused(editor_client, organisation):
    form = editor_client.get(reverse("editorial_invite")).context["form"]
    labels = [label for _value, label in form.fields["organisation"].choices]
    assert "Niñez Libre Tegucigalpa" in labels
    assert not {"Editors", "Moderators", "Translators", "Volunteers"} & set(labels)
    invite(editor_client, organisation)
    again = invite(editor_client, organisation, email="ROSA@example.org")
    assert again.status_code == 200 and again.context["form"].errors["email"]


def test_partner_members_cannot_invite(client, organisation, django_user_model):
    member = django_user_model.objects.create_user("membre", password="a-long-password")
    member.groups.add(organisation.group)
    client.force_login(member)
    response = client.get(reverse("editorial_invite"))
    assert response.status_code in (302, 403)
    assert reverse("editorial_invite") not in client.get(reverse("wagtailadmin_home")).content.decode()
