"""The dashboard panel of a partner organisation's members: every page its members wrote, its state
and the reviewers' comments, so that each member follows the whole organisation's submissions (Wagtail's
own panel lists only the reader's own pages, without the comments). Moderators have Wagtail's
"Awaiting your review" panel."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState

from .models import PartnerGroup
from .roles import member_organisation

SHOWN = 20


@dataclass
class Submission:
    page: object
    state: str
    needs_action: bool = False
    comments: list = field(default_factory=list)  # (reviewer's name, comment, when), newest first


def state_of(page, workflow_state):
    """(what happens to the page now, whether its authors have something to do)."""
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        task = workflow_state.current_task_state.task if workflow_state.current_task_state_id else None
        return (_("In review: %(task)s") % {"task": task.name} if task else _("In review")), False
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return _("Changes requested"), True
    if page.live and not page.has_unpublished_changes:
        return _("Published"), False
    if page.live:
        return _("Published; changes saved as a draft, not submitted"), True
    return _("Draft, not submitted"), True


def organisation_submissions(translation_key):
    """The latest pages written by the organisation's members, with their states and comments."""
    group = PartnerGroup.objects.select_related("group").filter(translation_key=translation_key).first()
    if group is None:
        return []
    pages = list(
        Page.objects.filter(owner__groups=group.group).distinct().order_by("-latest_revision_created_at")[:SHOWN]
    )
    page_type = ContentType.objects.get_for_model(Page)
    latest = {}
    for workflow_state in (
        WorkflowState.objects.filter(base_content_type=page_type, object_id__in=[str(page.pk) for page in pages])
        .select_related("current_task_state__task")
        .order_by("created_at")
    ):
        latest[workflow_state.object_id] = workflow_state  # the last one wins
    comments = {}
    for task_state in (
        TaskState.objects.filter(workflow_state__in=list(latest.values()))
        .exclude(comment="")
        .select_related("finished_by", "workflow_state")
        .order_by("-finished_at")
    ):
        reviewer = (
            task_state.finished_by.get_full_name() or task_state.finished_by.get_username()
            if task_state.finished_by
            else ""
        )
        comments.setdefault(task_state.workflow_state.object_id, []).append(
            (reviewer, task_state.comment, task_state.finished_at)
        )
    submissions = []
    for page in pages:
        state, needs_action = state_of(page, latest.get(str(page.pk)))
        submissions.append(Submission(page, state, needs_action, comments.get(str(page.pk), [])))
    return submissions


class OrganisationSubmissionsPanel(Component):
    name = "organisation_submissions"
    template_name = "editorial/panels/organisation_submissions.html"
    order = 90  # first: what a partner member comes for

    def __init__(self, translation_key):
        self.translation_key = translation_key

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["request"] = parent_context["request"]
        context["submissions"] = organisation_submissions(self.translation_key)
        return context


def organisation_panel(user):
    """The panel for a member of a partner organisation, else None."""
    key = member_organisation(user)
    return OrganisationSubmissionsPanel(key) if key else None
