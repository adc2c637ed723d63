"""The moderation path through Wagtail's workflow: a partner member submits, a moderator requests
changes with a comment, the partner resubmits, the moderator approves; a mail at each step, in
the recipient's language; the dashboard shows each side what concerns them."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Task, Workflow
from wagtail.users.models import UserProfile

from editorial.models import PartnerGroup
from practices.models import PracticeIndexPage, PracticePage
from practices.tests import test_admin
from tests import content

pytestmark = pytest.mark.django_db


def set_language(user, code):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = code
    profile.save()


@pytest.fixture
def team(home_pages, django_user_model):
    partner = content.partner(key="partner-kara", title="Association Kara")
    member = django_user_model.objects.create_user("awa", email="awa@example.org", password="a-long-password")
    member.groups.add(PartnerGroup.objects.get(translation_key=partner.translation_key).group)
    set_language(member, "fr")
    moderator = django_user_model.objects.create_user("lucia", email="lucia@example.org", password="a-long-password")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    set_language(moderator, "es")
    return member, moderator


def submit_new_practice(client, member):
    form = test_admin.PracticeAdminTests.form(
        test_admin.PracticeAdminTests(), title="Cliniques de Kara", slug="cliniques-de-kara"
    )
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    client.force_login(member)
    url = reverse("wagtailadmin_pages:add", args=("practices", "practicepage", index.pk))
    response = client.post(url, {**form, "action-submit": "Submit"})
    assert response.status_code == 302
    return PracticePage.objects.get(slug="cliniques-de-kara"), form


def act(client, moderator, page, action, comment=""):
    client.force_login(moderator)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def test_submit_request_changes_resubmit_approve_with_mails(client, team):
    member, moderator = team
    page, form = submit_new_practice(client, member)
    assert page.workflow_in_progress and not page.live
    to_moderator = [message for message in mail.outbox if "lucia@example.org" in message.to]
    assert to_moderator and "Cliniques de Kara" in to_moderator[-1].subject
    assert "se ha enviado para su aprobación" in to_moderator[-1].subject  # in the moderator's language
    assert "Aprobación de los moderadores" in to_moderator[-1].subject  # the task's name too

    mail.outbox.clear()
    act(client, moderator, page, "reject", "Anonymisez la citation de la page 2, s’il vous plaît.")
    page.refresh_from_db()
    assert not page.live
    to_member = [message for message in mail.outbox if "awa@example.org" in message.to]
    assert to_member and "Anonymisez la citation" in to_member[-1].body
    assert "a été rejeté" in to_member[-1].subject  # in the partner's language (French)
    assert "Approbation des modérateurs" in to_member[-1].subject + to_member[-1].body

    client.force_login(member)  # the partner sees the comment and the state on the dashboard
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Cliniques de Kara" in dashboard
    panel = organisation_panel_of(dashboard)
    assert "Cliniques de Kara" in panel and "Modifications demandées" in panel
    assert "Anonymisez la citation de la page 2" in panel and "lucia" in panel

    mail.outbox.clear()
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(edit, {**form, "action-submit": "Resubmit"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert [message for message in mail.outbox if "lucia@example.org" in message.to]

    client.force_login(moderator)
    waiting = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Cliniques de Kara" in waiting  # the moderator's "awaiting your review" panel

    mail.outbox.clear()
    act(client, moderator, page, "approve")
    page.refresh_from_db()
    assert page.live
    assert [message for message in mail.outbox if "awa@example.org" in message.to]


def test_workflow_names_are_shown_in_the_reader_s_language_and_stored_unchanged(client, team):
    member, moderator = team
    page, _form = submit_new_practice(client, member)
    client.force_login(moderator)  # a Spanish-speaking moderator
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Aprobación de los moderadores" in editor and "Moderators approval" not in editor
    workflow = Workflow.objects.get(name="Moderators approval")
    with translation.override("es"):
        assert str(workflow.name) == "Aprobación de los moderadores"
        workflow.save()  # as the admin's form would, in Spanish
        task = Task.objects.get(name="Moderators approval").specific
        task.name = "Aprobación de los moderadores"  # the translation typed back, unchanged
        task.save()
    assert set(Workflow.objects.values_list("name", flat=True)) == {"Moderators approval"}
    assert set(Task.objects.values_list("name", flat=True)) == {"Moderators approval"}
    renamed = Task.objects.get().specific
    renamed.name = "Relecture juridique"  # a name of the site's own is kept as typed
    renamed.save()
    assert Task.objects.get().name == "Relecture juridique"


def organisation_panel_of(dashboard):
    start = dashboard.index('id="organisation-submissions')
    return dashboard[start : dashboard.index("</section>", start)]


def test_every_member_of_the_organisation_follows_its_submissions_and_no_one_else(client, team, django_user_model):
    member, _moderator = team
    page, _form = submit_new_practice(client, member)
    colleague = django_user_model.objects.create_user("kofi", password="a-long-password")
    colleague.groups.set(member.groups.all())
    other = content.partner(key="partner-sokode", title="Association Sokodé")
    outsider = django_user_model.objects.create_user("yao", password="a-long-password")
    outsider.groups.add(PartnerGroup.objects.get(translation_key=other.translation_key).group)
    client.force_login(colleague)
    panel = organisation_panel_of(client.get(reverse("wagtailadmin_home")).content.decode())
    assert page.title in panel and "En cours de relecture" in panel  # in review, by Moderators approval
    client.force_login(outsider)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert page.title not in organisation_panel_of(dashboard)
    client.force_login(_moderator)
    assert 'id="organisation-submissions' not in client.get(reverse("wagtailadmin_home")).content.decode()
