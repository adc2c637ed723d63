"""Reports → "Practices to review": live practices nobody has updated for two years, oldest first,
for the editors who keep the content current (a CSV or Excel download comes with Wagtail's report)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView

from base.permissions import is_editor
from practices.models import PracticePage

REVIEW_AFTER = timedelta(days=730)  # 24 months


def practices_to_review(now=None):
    cutoff = (now or timezone.now()) - REVIEW_AFTER
    stale = Q(latest_revision_created_at__lt=cutoff) | Q(
        latest_revision_created_at__isnull=True, last_published_at__lt=cutoff
    )
    return PracticePage.objects.live().filter(stale).order_by("latest_revision_created_at", "pk")


class NeedsReviewView(PageReportView):
    page_title = _("Practices to review")
    header_icon = "time"
    index_url_name = "needs_review_report"
    index_results_url_name = "needs_review_report_results"
    any_permission_required = ["change", "publish"]
    list_export = ["title", "locale", "latest_revision_created_at", "last_published_at"]
    export_headings = {
        "title": _("Title"),
        "locale": _("Language"),
        "latest_revision_created_at": _("Last updated"),
        "last_published_at": _("Last published"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return practices_to_review()
