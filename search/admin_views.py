"""The editors' report of what readers search for: the most frequent queries and those that found nothing."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from base.permissions import is_editor

from .models import SearchQueryStat

PERIODS = (7, 30, 90)
ROWS = 50


def can_view_report(user):
    return is_editor(user)


def search_report_view(request):
    if not can_view_report(request.user):
        raise PermissionDenied
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    since = timezone.localdate() - timedelta(days=days - 1)
    stats = SearchQueryStat.objects.filter(day__gte=since).values("query", "language")
    frequent = stats.annotate(searches_total=Sum("searches"), zero_total=Sum("zero_results")).order_by(
        "-searches_total", "query"
    )[:ROWS]
    zero = (
        stats.annotate(zero_total=Sum("zero_results"), searches_total=Sum("searches"))
        .filter(zero_total__gt=0)
        .order_by("-zero_total", "query")[:ROWS]
    )
    totals = SearchQueryStat.objects.filter(day__gte=since).aggregate(
        searches=Sum("searches"), zero=Sum("zero_results")
    )
    return render(
        request,
        "search/admin/report.html",
        {"frequent": frequent, "zero": zero, "days": days, "periods": PERIODS, "totals": totals},
    )
