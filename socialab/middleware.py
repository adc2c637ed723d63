from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

# Addresses outside the language prefixes: a 404 there is an answer, not a page to look for in /fr/.
UNPREFIXED = ("/api/", "/admin/", "/documents/", "/opendata/", "/media/", "/static/", "/sitemap.xml", "/robots.txt")


class SocialabLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 of an API or file address is not redirected to /<lang>/…"""

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)
