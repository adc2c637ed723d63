"""Admin requests that change data run in one transaction, and a refused publication is a message, not a 500.

Wagtail's bulk actions, workflow approval and wagtail-localize's translation editor publish
through `Revision.publish()`, which the publication gate (`base.gate`) may refuse half-way
(a workflow approval has already marked its task approved). Here the whole request is rolled
back and the editor is sent to the page's edit view with the reason.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from .gate import PublicationRefused

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


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
