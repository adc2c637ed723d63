"""The throttled password reset of the admin, and the administrators' list of locked-out accounts."""

from axes.conf import settings as axes_settings
from axes.helpers import get_cool_off
from axes.utils import reset
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.views.account import PasswordResetView

from base.throttle import check, client_ip

from .lockout import current_lockouts

VIEW_PERMISSION = "axes.view_accessattempt"
UNLOCK_PERMISSION = "axes.delete_accessattempt"


class ThrottledPasswordResetView(PasswordResetView):
    """Wagtail's password reset, at most so many requests an hour from one address and for one e-mail address.

    Counted when the form is valid (a mail would be sent), for existing and unknown addresses alike, and
    refused with the same words for both: the answer never tells whether an account has that address.
    """

    def form_valid(self, form):
        # The address first: a client over its limit does not also use up the quota of the address it names.
        verdict = check("password_reset_ip", client_ip(self.request) or "unknown")
        if verdict.allowed:
            verdict = check("password_reset_email", form.cleaned_data["email"].strip().lower())
        if not verdict.allowed:
            return self.refuse(form, verdict)
        return super().form_valid(form)

    def refuse(self, form, verdict):
        minutes = verdict.minutes
        form.add_error(
            None,
            ngettext(
                "Too many password reset requests. Please try again in %(minutes)d minute.",
                "Too many password reset requests. Please try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response


def lockouts_view(request):
    """Settings → Locked accounts: who cannot sign in now, from where, until when."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    lockouts = current_lockouts()
    existing = set(
        get_user_model()
        .objects.filter(username__in=[lockout.username for lockout in lockouts])
        .values_list("username", flat=True)
    )
    rows = [{"lockout": lockout, "exists": lockout.username in existing} for lockout in lockouts]
    context = {
        "rows": rows,
        "can_unlock": request.user.has_perm(UNLOCK_PERMISSION),
        "failure_limit": axes_settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(get_cool_off().total_seconds() // 60),
    }
    return TemplateResponse(request, "users/lockouts.html", context)


@require_POST
def unlock_view(request):
    """Clear the failed attempts of one username: it may sign in again at once."""
    if not request.user.has_perm(UNLOCK_PERMISSION):
        raise PermissionDenied
    username = request.POST.get("username", "")
    # Never an empty username: axes' reset with no criterion clears every record.
    if username and reset(username=username):
        messages.success(request, _("“%(username)s” can sign in again.") % {"username": username})
    else:
        messages.error(request, _("“%(username)s” was not locked out.") % {"username": username})
    return redirect("locked_accounts")
