from django.middleware.locale import LocaleMiddleware

# Addresses outside the language prefixes: a 404 there is an answer, not a page to look for in /fr/.
UNPREFIXED = ("/api/", "/admin/", "/documents/", "/opendata/", "/media/", "/static/", "/sitemap.xml", "/robots.txt")


class SocialabLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that it never redirects API or file addresses to /<lang>/…"""

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
