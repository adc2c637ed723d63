"""Admin side of the publication gate: blocked drafts are marked in the page listing, and a bulk
publish that would include one publishes nothing and says which pages and why. Documents are
served only to readers of a page that uses them (base.files)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets import ListingButton

from .files import may_read, needs_login
from .gate import blocked_summary, problems_of, reasons


@hooks.register("register_page_listing_buttons")
def blocked_draft_button(page, user, next_url=None):
    specific = page.specific_deferred
    problems = getattr(specific, "latest_publication_problems", dict)()
    if problems:
        yield ListingButton(
            gettext("Publishing blocked: %(reasons)s") % {"reasons": reasons(problems)},
            url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
            icon_name="warning",
            classname="socialab-blocked",
            priority=5,
        )


def pages_to_publish(pages, include_descendants):
    for page in pages:
        yield page.specific
        if include_descendants:
            yield from page.get_descendants().not_live().specific().iterator()


@hooks.register("before_bulk_action")
def refuse_incomplete_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    form = getattr(action_class_instance, "cleaned_form", None)
    include_descendants = bool(form and form.cleaned_data.get("include_descendants"))
    refusals = []
    for page in pages_to_publish(objects, include_descendants):
        candidate = page.get_latest_revision_as_object()
        problems = problems_of(candidate)
        if problems:
            refusals.append((candidate, problems))
    if not refusals:
        return None
    messages.error(request, blocked_summary(refusals))
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore_root"))


@hooks.register("before_serve_document")
def serve_documents_as_their_pages_allow(document, request):
    """A document used only by drafts or restricted pages is not served to a reader who cannot read them."""
    if may_read(request, document):
        return None
    if needs_login(request, document):
        return redirect_to_login(request.get_full_path())
    raise Http404("No such document.")


@hooks.register("insert_global_admin_js")
def admin_labels():
    """Labels for the admin's tag inputs, which Wagtail leaves unnamed (axe: `label`)."""
    return format_html('<script src="{}" defer></script>', static("base/js/admin-labels.js"))


@hooks.register("insert_editor_js")
def saves_wait_for_the_autosave():
    """A save clicked while an autosave is on its way waits for it (two creations of one page otherwise)."""
    return format_html('<script src="{}" defer></script>', static("base/js/admin-autosave.js"))
