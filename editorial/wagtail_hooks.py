"""Partner members see, in the page explorer and the page choosers, only the drafts of their own organisation; editors
have the "Practices to review" report."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from base.permissions import EditorsMenuItem, organisation_of

from .invite import invite_view
from .models import PartnerGroup
from .panels import organisation_panel
from .reports import NeedsReviewView
from .translations import translation_report


def without_other_organisations_drafts(pages, user):
    """A list of ids, not a join: the page choosers' search backends filter only on plain values."""
    key = organisation_of(user)
    if key is None:
        return pages
    group = PartnerGroup.objects.filter(translation_key=key).values_list("group_id", flat=True).first()
    others = Page.objects.filter(live=False).exclude(owner__groups=group).values_list("pk", flat=True)
    return pages.exclude(pk__in=list(others))


@hooks.register("construct_explorer_page_queryset")
def hide_other_organisations_drafts(parent_page, pages, request):
    return without_other_organisations_drafts(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_other_organisations_drafts_in_choosers(pages, request):
    return without_other_organisations_drafts(pages, request.user)


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


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return EditorsMenuItem(
        _("Practices to review"),
        reverse("needs_review_report"),
        name="practices-to-review",
        icon_name="time",
        order=950,
    )


@hooks.register("register_admin_urls")
def register_invite_url():
    return [path("invite/", invite_view, name="editorial_invite")]


@hooks.register("register_settings_menu_item")
def register_invite_menu_item():
    return EditorsMenuItem(
        _("Invite a partner member"), reverse("editorial_invite"), name="invite-partner", icon_name="user", order=590
    )


@hooks.register("register_admin_urls")
def register_translation_report_url():
    return [path("reports/translations/", translation_report, name="translation_report")]


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    return EditorsMenuItem(
        _("Translations"), reverse("translation_report"), name="translations", icon_name="globe", order=960
    )


class PartnerAwarePolicy:
    """Wagtail's page permission policy, except that other organisations' drafts are not explorable."""

    def __init__(self, policy):
        self.policy = policy

    def __getattr__(self, name):
        return getattr(self.policy, name)

    def explorable_instances(self, user):
        return without_other_organisations_drafts(self.policy.explorable_instances(user), user)


class PartnerAwareSearchView(SearchView):
    """Wagtail's admin page search runs no queryset hook: it searches the pages its policy calls explorable."""

    @cached_property
    def permission_policy(self):
        return PartnerAwarePolicy(super().permission_policy)


class SocialabPageViewSet(PageViewSet):
    search_view_class = PartnerAwareSearchView


@hooks.register("register_admin_viewset")
def register_page_viewset():
    """Replaces Wagtail's viewset of the base Page (registered first), which serves the admin page search."""
    return SocialabPageViewSet()


@hooks.register("construct_homepage_panels")
def add_organisation_submissions(request, panels):
    panel = organisation_panel(request.user)
    if panel is not None:
        panels.append(panel)
