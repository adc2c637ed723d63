"""Admin requests that change data run in one transaction; a refused publication or a save that lost a race
is a message, not a 500.

Wagtail's bulk actions, workflow approval and wagtail-localize's translation editor publish
through `Revision.publish()`, which the publication gate (`base.gate`) may refuse half-way
(a workflow approval has already marked its task approved). Here the whole request is rolled
back and the editor is sent to the page's edit view with the reason.

A model's own validation can also fail after the form's has passed, when another request saved first:
two creations of one page at once (Wagtail's autosave and a click on "save", two tabs, a double
submission) pass the form's check of the slug, and the second one's `Page.save()` finds it taken.
That request too is rolled back, and the editor is sent back to the same address with the reason.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from .gate import PublicationRefused

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
logger = logging.getLogger(__name__)


class PublicationGateMiddleware:
    """Must be the last middleware: it calls the admin view itself (inside a transaction)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if request.method in SAFE_METHODS or not request.path_info.startswith(self.admin_prefix):
            return None
        try:
            with transaction.atomic():
                return view_func(request, *view_args, **view_kwargs)
        except PublicationRefused as refusal:
            messages.error(request, refusal.message)
            if refusal.page.pk:
                return redirect("wagtailadmin_pages:edit", refusal.page.pk)
            return redirect(self.admin_prefix)
        except ValidationError as error:
            logger.warning(
                "Admin save refused by the model's validation: %s %s: %s", request.method, request.path, error
            )
            with translation.override(admin_language(request.user)):
                message = _(
                    "Nothing was saved: %(problems)s This happens when a page is saved twice at once (by the "
                    "autosave, another tab or another person): check it and save again."
                ) % {"problems": " ".join(error.messages)}
            if "application/json" in request.headers.get("Accept", ""):
                # Wagtail's autosave shows a validation error's message beside its indicator.
                return JsonResponse(
                    {"success": False, "error_code": "validation_error", "error_message": message}, status=400
                )
            messages.error(request, message)
            return redirect(request.get_full_path())


def admin_language(user):
    """The language Wagtail's admin speaks to this person (it switches to it only inside its views)."""
    return (
        UserProfile.get_for_user(user).get_preferred_language() if user.is_authenticated else translation.get_language()
    )
