"""One person per role, and two partner organisations (A and B) with their groups."""

import pytest
from django.contrib.auth.models import Group

from editorial.models import PartnerGroup
from practices.factories import PracticePageFactory
from tests import content


@pytest.fixture
def role_users(home_pages, django_user_model):
    """({role: user, "anonymous": None}, {"A": partner page, "B": partner page})."""
    partners = {
        "A": content.partner(key="partner-a", title="Voix des enfants de Lomé"),
        "B": content.partner(key="partner-b", title="Niñez Libre Tegucigalpa"),
    }
    users = {"anonymous": None}
    for name, groups in {
        "partner A": [PartnerGroup.objects.get(translation_key=partners["A"].translation_key).group],
        "partner B": [PartnerGroup.objects.get(translation_key=partners["B"].translation_key).group],
        "translator": [Group.objects.get(name="Translators")],
        "volunteer": [Group.objects.get(name="Volunteers")],
        "moderator": [Group.objects.get(name="Moderators")],
        "editor": [Group.objects.get(name="Editors")],
    }.items():
        user = django_user_model.objects.create_user(name.replace(" ", "-"), password="a-long-password")
        user.groups.set(groups)
        users[name] = user
    users["admin"] = django_user_model.objects.create_superuser("root", password="a-long-password")
    return users, partners


@pytest.fixture
def practices_of(role_users):
    """A published practice (an editor's) and a draft of each partner's member."""
    users, _partners = role_users
    return {
        "published": PracticePageFactory(title="Pratique publiée", owner=users["editor"]),
        "draft of A": PracticePageFactory(title="Brouillon de A", owner=users["partner A"], live=False),
        "draft of B": PracticePageFactory(title="Borrador de B", owner=users["partner B"], live=False),
    }
