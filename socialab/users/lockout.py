"""Sign-in lockout (django-axes, configured in settings/base.py): who is locked out now, until when, and the
page a locked-out person sees instead of the sign-in form.

Axes locks a username once the failures recorded for it within the cool-off add up to AXES_FAILURE_LIMIT,
whatever the address or browser they came from (one record per username, address and user agent). The
lock lasts while enough of those records are recent: until the oldest record needed to reach the limit,
counting from the newest, is older than the cool-off.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from axes.conf import settings as axes_settings
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail.admin.views.account import password_reset_enabled

ADMIN_TEMPLATE = "users/lockout.html"
PUBLIC_TEMPLATE = "users/lockout_public.html"


@dataclass(frozen=True)
class Lockout:
    username: str
    addresses: list
    failures: int
    last_attempt: datetime
    expires_at: datetime


def lock_expiry(attempts, limit, cool_off):
    """When the lock made of `attempts` (records of one username, newest first, all within the cool-off)
    ends, or None if their failures do not reach `limit`."""
    total = 0
    for attempt in attempts:
        total += attempt.failures_since_start
        if total >= limit:
            return attempt.attempt_time + cool_off
    return None


def current_lockouts(now=None):
    """Every username locked out at `now`, soonest to expire last."""
    now = now or timezone.now()
    cool_off = get_cool_off()
    limit = axes_settings.AXES_FAILURE_LIMIT
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off, username__isnull=False)
    by_username = {}
    for attempt in recent.order_by("username", "-attempt_time"):
        by_username.setdefault(attempt.username, []).append(attempt)
    lockouts = []
    for username, attempts in by_username.items():
        expires_at = lock_expiry(attempts, limit, cool_off)
        if expires_at and expires_at > now:
            lockouts.append(
                Lockout(
                    username=username,
                    addresses=sorted({attempt.ip_address for attempt in attempts if attempt.ip_address}),
                    failures=sum(attempt.failures_since_start for attempt in attempts),
                    last_attempt=attempts[0].attempt_time,
                    expires_at=expires_at,
                )
            )
    return sorted(lockouts, key=lambda lockout: lockout.expires_at, reverse=True)


def seconds_left(username, now=None):
    """Seconds until `username` may sign in again (at least 1: it is locked out now)."""
    now = now or timezone.now()
    for lockout in current_lockouts(now):
        if lockout.username == username:
            return max(1, math.ceil((lockout.expires_at - now).total_seconds()))
    return max(1, math.ceil(get_cool_off().total_seconds()))


def lockout_message(minutes):
    return ngettext(
        "Too many failed sign-in attempts for this account. You can try again in %(minutes)d minute, or ask an administrator to unlock it.",
        "Too many failed sign-in attempts for this account. You can try again in %(minutes)d minutes, or ask an administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page's look with the reason and the time to wait, not a bare 403.

    The same words whether or not the username exists: the lock counts attempts, not accounts.
    """
    username = get_client_username(request, credentials) or ""
    seconds = seconds_left(username)
    admin = request.path_info.startswith(reverse("wagtailadmin_home"))
    context = {
        "message": lockout_message(math.ceil(seconds / 60)),
        "failure_limit": get_failure_limit(request, credentials),
        "show_password_reset": admin and password_reset_enabled(),
    }
    response = render(request, ADMIN_TEMPLATE if admin else PUBLIC_TEMPLATE, context, status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response
