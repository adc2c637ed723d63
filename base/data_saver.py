"""The data saver: pages sent without their decorative images (practice heroes, card thumbnails, partner logos).

A reader asks for it with her browser's `Save-Data: on` header, or with the setting on the offline page (a cookie,
set without JavaScript). Figures inside a page's body stay: they carry information and alternative text. The
anonymous page cache keeps the light and the full page apart (base.page_cache), and pages say `Vary: Save-Data`.
"""

COOKIE = "socialab_data_saver"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
VARY = ("Save-Data", "Cookie")


def asked_by_browser(request):
    """Whether the reader's browser sends `Save-Data: on`."""
    return request.META.get("HTTP_SAVE_DATA", "").strip().lower() == "on"


def wanted(request):
    """Whether `request` asks for pages without decorative images; False without a request."""
    if request is None:
        return False
    return asked_by_browser(request) or request.COOKIES.get(COOKIE) == "on"


def remember(response, on, secure=False):
    """Set (or clear) the reader's choice on `response`."""
    if on:
        response.set_cookie(COOKIE, "on", max_age=COOKIE_MAX_AGE, secure=secure, httponly=True, samesite="Lax")
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
