"""Reports → Practices to review: live practices not updated for 24 months, for editors only."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from editorial.reports import practices_to_review
from practices.factories import PracticePageFactory
from practices.models import PracticePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(home_pages):
    old = PracticePageFactory(title="Pratique de 2022")
    recent = PracticePageFactory(title="Pratique de cette année")
    long_ago = timezone.now() - timedelta(days=800)
    PracticePage.objects.filter(pk=old.pk).update(latest_revision_created_at=long_ago, last_published_at=long_ago)
    draft = PracticePageFactory(title="Brouillon ancien", live=False)
    PracticePage.objects.filter(pk=draft.pk).update(latest_revision_created_at=long_ago)
    return old, recent


def test_only_live_practices_older_than_24_months_are_listed(practices):
    old, _recent = practices
    assert list(practices_to_review()) == [old]


def test_editors_see_the_report_and_can_download_it(client, django_user_model, practices):
    editor = django_user_model.objects.create_user("editrice", password="a-long-password")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    html = client.get(reverse("needs_review_report")).content.decode()
    assert "Pratique de 2022" in html and "Pratique de cette année" not in html and "Brouillon ancien" not in html
    csv = client.get(reverse("needs_review_report") + "?export=csv")
    assert csv.status_code == 200 and "Pratique de 2022" in b"".join(csv.streaming_content).decode()
    assert reverse("needs_review_report") in client.get(reverse("wagtailadmin_reports:aging_pages")).content.decode()


def test_partner_members_and_translators_cannot_open_it(client, django_user_model, practices):
    translator = django_user_model.objects.create_user("traductrice", password="a-long-password")
    translator.groups.add(Group.objects.get(name="Translators"))
    client.force_login(translator)
    response = client.get(reverse("needs_review_report"))
    assert response.status_code in (302, 403)
    assert "Pratique de 2022" not in response.content.decode()
