"""The "Search terms" report under Reports, for the editors who curate content and best bets."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from base.permissions import EditorsMenuItem

from .admin_views import search_report_view


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("reports/search-queries/", search_report_view, name="search_queries_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return EditorsMenuItem(
        _("What readers search for"),
        reverse("search_queries_report"),
        name="search-queries",
        icon_name="search",
        order=900,
    )
