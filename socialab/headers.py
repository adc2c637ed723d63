"""Security headers on every response: a strict Content-Security-Policy and a Permissions-Policy.

Public pages run only this site's own files: no inline script, style attribute, `<style>` element or
`on…=` handler anywhere in the templates or in the HTML Python renders (the SVG maps and bar charts of
places use classes), which socialab/tests/test_headers.py checks. The admin, whose scripts and
styles Wagtail writes inline, gets a policy of its own that only keeps it out of other sites' frames
and plugins; the page preview is served under /admin/ too, in a same-origin frame of the editor.
"""

from django.conf import settings

PUBLIC_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",  # the service worker (base.offline)
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
ADMIN_POLICY = "; ".join(["object-src 'none'", "base-uri 'self'", "frame-ancestors 'self'"])
ADMIN_PREFIX = "/admin/"

# No page of the site uses these browser features; `browsing-topics` is the interest-based ads API.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()" for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics")
)


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy, unless the response set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if settings.DEBUG and response.status_code >= 400:
            return response  # Django's technical 404 and 500 pages are styled inline
        admin = request.path_info.startswith(ADMIN_PREFIX)
        response.headers.setdefault("Content-Security-Policy", ADMIN_POLICY if admin else PUBLIC_POLICY)
        return response
