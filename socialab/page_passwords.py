"""The form of a password-protected page, with a limit on wrong guesses (Wagtail's own view has none).

Wagtail posts the password of a page's view restriction to `authenticate_with_password`; without a limit a
script could try passwords at the speed of the server. Each address may post at most
PAGE_PASSWORD_ATTEMPTS_PER_15_MINUTES times a quarter of an hour to one restriction; past it, the same form
comes back with a message saying when to try again (HTTP 429), and the password is not even checked.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction
from wagtail.views import authenticate_with_password

from base.throttle import check, client_ip

LIMIT = "page_password"


def throttled_authenticate_with_password(request, page_view_restriction_id, page_id):
    if request.method == "POST":
        verdict = check(LIMIT, f"{client_ip(request) or 'unknown'}:{page_view_restriction_id}")
        if not verdict.allowed:
            restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
            page = get_object_or_404(Page, id=page_id).specific
            form = PasswordViewRestrictionForm(instance=restriction, initial={"return_url": page.url})
            # Shown as the form's own error (an unbound form has no cleaned data for add_error to use).
            form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([verdict.message], error_class="nonfield")})
            action = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
            response = page.serve_password_required_response(request, form, action)
            response.status_code = 429
            response["Retry-After"] = str(verdict.retry_after)
            response["Cache-Control"] = "no-store"
            return response
    return authenticate_with_password(request, page_view_restriction_id, page_id)
