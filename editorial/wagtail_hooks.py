"""Partner members see, in the page explorer, only the drafts of their own organisation; editors
have the "Practices to review" report."""

from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from base.permissions import is_editor, organisation_of

from .models import PartnerGroup
from .reports import NeedsReviewView


@hooks.register("construct_explorer_page_queryset")
def hide_other_organisations_drafts(parent_page, pages, request):
    key = organisation_of(request.user)
    if key is None:
        return pages
    group = PartnerGroup.objects.filter(translation_key=key).values_list("group_id", flat=True).first()
    return pages.exclude(Q(live=False) & ~Q(owner__groups=group))


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/practices-to-review/", NeedsReviewView.as_view(), name="needs_review_report"),
        path(
            "reports/practices-to-review/results/",
            NeedsReviewView.as_view(results_only=True),
            name="needs_review_report_results",
        ),
    ]


class EditorsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return EditorsReportMenuItem(
        _("Practices to review"),
        reverse("needs_review_report"),
        name="practices-to-review",
        icon_name="time",
        order=950,
    )
