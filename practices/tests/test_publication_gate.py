"""A practice with an incomplete safeguarding record is published by no path: each is tried here.

The gate is on the model (base.gate); each path must leave the practice unpublished and tell
the person why, never with a 500.
"""

import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from wagtail.models import GroupApprovalTask, Locale, Revision, Workflow, WorkflowPage, WorkflowTask
from wagtail_localize.models import TranslationSource

from base.factories import RootCollectionImageFactory
from base.gate import PublicationRefused
from practices.factories import BODY, PracticePageFactory
from practices.models import PracticeIndexPage, PracticePage

pytestmark = pytest.mark.django_db

# The messages as the reader gets them (tests run in French, like the admin of these users).
ANONYMISE = gettext("Confirm that stories and quotes are anonymised.")
IMAGE = gettext("Say whether children can be recognised in the image.")
CONSENT = gettext(
    "Children can be recognised in the image: publish only with their informed consent, or choose another image."
)


@pytest.fixture
def draft(home_pages):
    """A draft practice whose stories are not confirmed anonymised."""
    return PracticePageFactory(title="Récits d’enfants non anonymisés", live=False, safeguarding_anonymised=False)


@pytest.fixture
def body_image_draft(home_pages):
    """A draft whose only image is in the body (no hero image), and nobody said whether children show."""
    image = RootCollectionImageFactory(title="Atelier")
    body = [*BODY, {"type": "figure", "value": {"image": image.pk, "alt_text": "", "caption": ""}}]
    return PracticePageFactory(
        title="Photo dans le corps", live=False, body=json.dumps(body), safeguarding_identifiable_children=""
    )


def messages_of(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def assert_unpublished(page):
    page.refresh_from_db()
    assert not page.live
    assert not PracticePage.objects.live().filter(pk=page.pk).exists()


def test_revision_publish_is_refused_with_the_reason(draft):
    with pytest.raises(PublicationRefused) as refusal:
        draft.get_latest_revision().publish()
    assert ANONYMISE in refusal.value.message
    assert draft.title in refusal.value.message
    assert_unpublished(draft)


def test_saving_the_page_live_from_the_shell_is_refused(draft):
    draft.live = True
    with pytest.raises(PublicationRefused):
        draft.save()
    with pytest.raises(PublicationRefused):
        draft.save(clean=False)
    assert_unpublished(draft)


def test_a_body_image_needs_the_record_like_the_hero_image(body_image_draft):
    with pytest.raises(PublicationRefused) as refusal:
        body_image_draft.get_latest_revision().publish()
    assert IMAGE in refusal.value.message
    assert_unpublished(body_image_draft)


def test_a_body_image_of_identifiable_children_needs_consent(home_pages):
    image = RootCollectionImageFactory(title="Portrait")
    body = [{"type": "figure", "value": {"image": image.pk, "alt_text": "", "caption": ""}}]
    page = PracticePageFactory(live=False, body=json.dumps(body), safeguarding_identifiable_children="yes")
    with pytest.raises(PublicationRefused, match=CONSENT[:20]):
        page.get_latest_revision().publish()
    page.safeguarding_consent = True
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live


def test_a_complete_record_publishes(draft):
    draft.safeguarding_anonymised = True
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.live


def test_an_incomplete_change_to_a_live_practice_is_kept_as_draft_only(home_pages):
    page = PracticePageFactory(title="En ligne")
    page.hero_image = RootCollectionImageFactory()
    page.safeguarding_identifiable_children = "yes"
    revision = page.save_revision()  # saving the draft is allowed
    with pytest.raises(PublicationRefused, match=CONSENT[:20]):
        revision.publish()
    live = PracticePage.objects.get(pk=page.pk)
    assert live.live and live.hero_image_id is None
    assert live.live_revision_id != revision.pk


def test_scheduling_an_incomplete_practice_is_refused(draft):
    draft.go_live_at = timezone.now() + timedelta(days=1)
    with pytest.raises(PublicationRefused):
        draft.save_revision().publish()
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


def test_scheduled_publishing_unschedules_and_reports_a_refused_revision(draft, home_pages):
    complete = PracticePageFactory(title="Programmée et complète", live=False)
    past = timezone.now() - timedelta(minutes=5)
    # As if scheduled before the gate existed (Wagtail's scheduling itself is refused above).
    Revision.objects.filter(pk__in=[draft.latest_revision_id, complete.latest_revision_id]).update(
        approved_go_live_at=past
    )
    errors = io.StringIO()
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=errors)
    assert_unpublished(draft)
    assert draft.title in errors.getvalue() and ANONYMISE in errors.getvalue()
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()
    complete.refresh_from_db()
    assert complete.live  # the run went on with the others


def bulk_publish(client, pages, include_descendants=False):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    query = "&".join(f"id={page.pk}" for page in pages) + "&next=/admin/pages/"
    data = {"include_descendants": "on"} if include_descendants else {}
    return client.post(f"{url}?{query}", data)


def test_bulk_publish_publishes_nothing_and_names_the_blocked_pages(admin_client, draft, body_image_draft):
    complete = PracticePageFactory(title="Complète", live=False)
    response = bulk_publish(admin_client, [complete, draft, body_image_draft])
    assert response.status_code == 302
    text = messages_of(response)
    assert ngettext("Nothing was published: one page has an incomplete record. %(names)s", "x", 2).split(":")[0] in text
    assert draft.title in text and body_image_draft.title in text and complete.title not in text
    for page in (draft, body_image_draft, complete):
        assert_unpublished(page)


def test_publish_with_descendants_leaves_incomplete_drafts_unpublished(admin_client, draft):
    index = PracticeIndexPage.objects.get(locale__language_code="fr")
    response = bulk_publish(admin_client, [index], include_descendants=True)
    assert response.status_code == 302
    assert draft.title in messages_of(response)
    assert_unpublished(draft)


def test_bulk_publish_of_complete_pages_still_works(admin_client, home_pages):
    complete = PracticePageFactory(title="Complète", live=False)
    assert bulk_publish(admin_client, [complete]).status_code == 302
    complete.refresh_from_db()
    assert complete.live


def test_workflow_approval_is_refused_and_rolled_back(admin_client, admin_user, draft):
    task = GroupApprovalTask.objects.create(name="Relecture")
    task.groups.set(Group.objects.filter(name="Moderators"))
    workflow = Workflow.objects.create(name="Modération des pratiques")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=draft.get_parent(), defaults={"workflow": workflow})
    state = workflow.start(draft, admin_user)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(draft.pk, "approve", task_state.pk))
    response = admin_client.post(url, {"comment": ""})
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert ANONYMISE in messages_of(response)
    assert_unpublished(draft)
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"  # nothing half-written: the approval was rolled back


def test_translation_publish_is_refused(draft, django_capture_on_commit_callbacks):
    source, _created = TranslationSource.get_or_create_from_instance(draft)
    with pytest.raises(PublicationRefused, match=ANONYMISE):
        # wagtail-localize publishes when the transaction commits
        with django_capture_on_commit_callbacks(execute=True):
            source.create_or_update_translation(Locale.objects.get(language_code="es"), publish=True, fallback=True)
    assert not PracticePage.objects.live().filter(locale__language_code="es", key=draft.key).exists()


# The localize editor's Publish button, through a real request and commit: tests/browser/test_admin_gate.py


def test_the_page_listing_marks_blocked_drafts(admin_client, draft, home_pages):
    complete = PracticePageFactory(title="Brouillon complet", live=False)
    response = admin_client.get(reverse("wagtailadmin_explore", args=[draft.get_parent().pk]))
    html = response.content.decode()
    assert response.status_code == 200
    blocked = gettext("Publishing blocked: %(reasons)s")
    assert html.count(blocked.split("%")[0]) == 1
    assert blocked % {"reasons": ANONYMISE} in html
    assert complete.title in html
